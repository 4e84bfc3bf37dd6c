import { describe, expect, it } from 'vitest';
import type { Ringtone, RingtoneKind } from '../src/index';
import type { LocalTRTC } from '../src/local/index';
import { weakNetworkPolicy } from '../src/network-policy';
import type { Simulation } from '../src/testing/index';
import { simulation } from './helpers/sim';

const notAllowed = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });

/** A user whose TRTC instances are kept, so tests can look at the simulated capture. */
function userWithTRTC(sim: Simulation, userID: string, engine: Record<string, unknown> = {}) {
  const trtcs: LocalTRTC[] = [];
  const handlers = new Map<string, (payload: unknown) => void>();
  const base = sim.network.trtcForDevice(`${userID}-device-1`);
  const TRTC = {
    ...base,
    create: (options?: object) => {
      const trtc = base.create(options);
      const on = trtc.on.bind(trtc);
      // Keep the engine's handlers too, to raise events the simulated client never emits.
      trtc.on = ((event: string, handler: (payload: unknown) => void) => {
        handlers.set(event, handler);
        return on(event, handler);
      }) as typeof trtc.on;
      trtcs.push(trtc);
      return trtc;
    },
  };
  const user = sim.user(userID, { engine: { TRTC, ...engine } });
  return {
    user,
    trtc: () => trtcs[0]!,
    raise: (event: string, payload: unknown) => handlers.get(event)?.(payload),
  };
}

async function connected(video = true, engine: Record<string, unknown> = {}) {
  const sim = await simulation();
  const a = userWithTRTC(sim, 'alice', engine);
  const b = userWithTRTC(sim, 'bob');
  await sim.advance(100);
  await sim.run(a.user.call({ userID: 'bob', mediaType: video ? 'video' : 'audio' }));
  await sim.advance(200);
  await sim.run(b.user.accept());
  await sim.advance(500);
  return { sim, a, b, alice: a.user, bob: b.user };
}

describe('media in the engine', () => {
  it('no microphone permission when answering: -1101, and the call ends cleanly on both sides', async () => {
    const sim = await simulation();
    const alice = sim.user('alice');
    const bob = sim.user('bob');
    await sim.advance(100);
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    sim.network.setDeviceFailure('bob', 'microphone', notAllowed);
    await expect(sim.run(bob.accept())).rejects.toMatchObject({ code: -1101 });
    await sim.advance(1000);
    expect(bob.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'error' });
    expect(alice.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'remoteRejected' });
    expect(bob.events('error')[0]?.payload.code).toBe(-1101);
  });

  it('no camera when placing a video call: rejected before anyone rings', async () => {
    const sim = await simulation();
    const alice = sim.user('alice');
    sim.user('bob');
    await sim.advance(100);
    sim.network.setDeviceFailure(
      'alice',
      'camera',
      Object.assign(new Error('none'), { name: 'NotFoundError' }),
    );
    await expect(sim.run(alice.call({ userID: 'bob', mediaType: 'video' }))).rejects.toMatchObject({
      code: 60005,
    });
    expect(sim.network.storedMessages()).toHaveLength(0);
    expect(alice.getSnapshot().status).toBe('ended');
  });

  it('camera and microphone toggles show in both snapshots', async () => {
    const { sim, alice, bob } = await connected();
    expect(alice.getSnapshot()).toMatchObject({ cameraOn: true, microphoneOn: true });
    await sim.run(alice.closeCamera());
    await sim.run(alice.closeMicrophone());
    await sim.advance(200);
    expect(alice.getSnapshot()).toMatchObject({ cameraOn: false, microphoneOn: false });
    expect(bob.getSnapshot().participants[0]).toMatchObject({ videoAvailable: false, audioAvailable: false });
    await sim.run(alice.openCamera());
    await sim.run(alice.openMicrophone());
    await sim.advance(200);
    expect(alice.getSnapshot()).toMatchObject({ cameraOn: true, microphoneOn: true });
    expect(bob.getSnapshot().participants[0]).toMatchObject({ videoAvailable: true, audioAvailable: true });
    await sim.run(alice.hangup());
    expect(alice.getSnapshot()).toMatchObject({ cameraOn: false, microphoneOn: false });
  });

  it('openCamera before a call only chooses the view: an audio call never publishes video', async () => {
    const sim = await simulation();
    const alice = sim.user('alice');
    const bob = sim.user('bob');
    await sim.advance(100);
    await sim.run(alice.openCamera('preview'));
    expect(alice.getSnapshot().cameraOn).toBe(false);
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    await sim.run(bob.accept());
    await sim.advance(500);
    expect(alice.getSnapshot().cameraOn).toBe(false);
    expect(bob.getSnapshot().participants[0]).toMatchObject({ audioAvailable: true, videoAvailable: false });
  });

  it('devices are listed and switched; noise suppression and bad input', async () => {
    const { sim, a, alice } = await connected();
    const cameras = await sim.run(alice.getDevices('camera'));
    expect(cameras.map((c) => c.deviceId)).toEqual(['camera-front', 'camera-back']);
    await sim.run(alice.switchDevice('camera', 'camera-back'));
    expect(a.trtc().cameraId).toBe('camera-back');
    await expect(sim.run(alice.switchDevice('camera', 'no-such-camera'))).rejects.toMatchObject({
      code: 60005,
    });
    expect(a.trtc().cameraId).toBe('camera-back');
    await sim.run(alice.setNoiseSuppression(false));
    expect(a.trtc().noiseSuppression).toBe(false);
    await expect(alice.getDevices('printer' as 'camera')).rejects.toThrow(/kind/);
    await expect(alice.switchDevice('camera', '')).rejects.toThrow(/deviceId/);
  });

  it('weak network (opt-in policy): poor quality held 5 s lowers the video profile and suggests audio; recovery restores', async () => {
    const { sim, a, alice } = await connected(true, { networkPolicy: weakNetworkPolicy() });
    const standard = a.trtc().videoProfile;
    sim.network.setNetworkQuality('alice', 5, 5);
    await sim.advance(3000);
    expect(alice.events('networkWeak')).toHaveLength(0);
    await sim.advance(3000);
    expect(alice.events('networkWeak').map((e) => e.payload)).toEqual([
      { callId: alice.getSnapshot().callId, userID: '', quality: 5, suggestion: 'switchToAudio' },
    ]);
    await sim.advance(100);
    expect(a.trtc().videoProfile).toBe('360p');
    sim.network.setNetworkQuality('alice', 1, 1);
    await sim.advance(6000);
    expect(alice.events('networkRecovered')).toHaveLength(1);
    expect(a.trtc().videoProfile).toEqual(standard);
  });

  it('weak network without a policy: the quality is reported, no networkWeak and the profile stays', async () => {
    const { sim, a, alice } = await connected();
    const standard = a.trtc().videoProfile;
    sim.network.setNetworkQuality('alice', 5, 5);
    await sim.advance(12_000);
    expect(alice.getSnapshot().networkQuality).toBe(5);
    expect(alice.events('networkWeak')).toHaveLength(0);
    expect(a.trtc().videoProfile).toEqual(standard);
  });

  it("network quality: this device's link and, where the client knows them, each participant's", async () => {
    const { sim, a, alice } = await connected(false);
    a.raise('network-quality', {
      uplinkNetworkQuality: 2,
      downlinkNetworkQuality: 3,
      remoteQuality: [{ userId: 'bob', quality: 5 }, { userId: 'nobody', quality: 1 }, { userId: 7 }],
    });
    await sim.advance(0);
    expect(alice.getSnapshot().networkQuality).toBe(3);
    expect(alice.getSnapshot().participants[0]).toMatchObject({ userID: 'bob', networkQuality: 5 });
    expect(alice.events('networkQualityChanged').map((e) => e.payload)).toEqual([
      { callId: alice.getSnapshot().callId, userID: 'bob', quality: 5 },
    ]);
  });

  it('reconnecting: the media connection state is in the snapshot', async () => {
    const { sim, a, alice } = await connected(false);
    a.raise('connection-state-changed', { prevState: 'CONNECTING', state: 'CONNECTED' });
    await sim.advance(0);
    expect(alice.getSnapshot().connection).toBe('connected');
    // TRTC reports a lost connection it is recovering as CONNECTING again.
    a.raise('connection-state-changed', { prevState: 'CONNECTED', state: 'CONNECTING' });
    await sim.advance(0);
    expect(alice.getSnapshot().connection).toBe('reconnecting');
    a.raise('connection-state-changed', { prevState: 'CONNECTING', state: 'CONNECTED' });
    await sim.advance(0);
    expect(alice.getSnapshot().connection).toBe('connected');
    expect(alice.events('connectionChanged').map((e) => e.payload.state)).toContain('reconnecting');
  });

  it('minimized is UI state of the call: set while in it, false once it ends', async () => {
    const { sim, alice } = await connected(false);
    const before = alice.getSnapshot();
    alice.setMinimized(true);
    expect(alice.getSnapshot()).not.toBe(before);
    expect(alice.getSnapshot().minimized).toBe(true);
    alice.setMinimized(true);
    expect(() => alice.setMinimized('yes' as unknown as boolean)).toThrow(/minimized/);
    await sim.run(alice.hangup());
    expect(alice.getSnapshot().minimized).toBe(false);
  });

  it('the ringtone plays the dialing tone while calling, the ringtone while ringing, and stops on answer', async () => {
    const sim = await simulation();
    const log: string[] = [];
    let blocked: ((info: { kind: RingtoneKind; error: unknown }) => void) | undefined;
    const ringtone = (who: string): Ringtone =>
      ({
        play: (kind: RingtoneKind) => log.push(`${who} play ${kind}`),
        stop: () => log.push(`${who} stop`),
        onBlocked: (listener: (info: { kind: RingtoneKind; error: unknown }) => void) => {
          blocked = listener;
          return () => undefined;
        },
      }) as unknown as Ringtone;
    const alice = sim.user('alice', { engine: { ringtone: ringtone('alice') } });
    const bob = sim.user('bob', { engine: { ringtone: ringtone('bob') } });
    await sim.advance(100);
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    expect(log).toEqual(['alice play dialing', 'bob play ringing']);
    blocked?.({ kind: 'ringing', error: notAllowed });
    await sim.run(bob.accept());
    await sim.advance(200);
    expect(log.slice(2).sort()).toEqual(['alice stop', 'bob stop']);
    expect(bob.events('ringtoneBlocked')).toHaveLength(1);
  });
});
