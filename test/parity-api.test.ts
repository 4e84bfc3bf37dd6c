import { describe, expect, it } from 'vitest';
import type { CallEngineOptions } from '../src/index';
import type { LocalTRTC } from '../src/local/index';
import { weakNetworkPolicy } from '../src/network-policy';
import type { SimUser } from '../src/testing/index';
import { pair, simulation } from './helpers/sim';

/** The TUICallEngine APIs apps depend on: UserSig refresh, the TRTC instance, encoding, camera, devices, profile. */

async function inVideoCall(engine: Partial<CallEngineOptions> = {}) {
  const sim = await simulation();
  const alice = sim.user('alice', { engine });
  const bob = sim.user('bob');
  await sim.advance(100);
  await sim.run(alice.call({ userID: 'bob', mediaType: 'video' }));
  await sim.advance(200);
  await sim.run(bob.accept());
  await sim.advance(500);
  expect(alice.getSnapshot().status).toBe('accepted');
  return { sim, alice, bob };
}

const trtcOf = (user: SimUser) => user.getTRTCInstance<LocalTRTC>();

describe('updateUserSig and userSigExpiring', () => {
  it('a new UserSig is used for the next room entry, without recreating the engine', async () => {
    const { sim, alice, bob } = await pair();
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    expect(trtcOf(alice)?.userSig).toBe('sig-alice');
    await sim.run(alice.hangup());
    alice.updateUserSig('fresh-sig-alice');
    await sim.advance(200);
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    await sim.run(bob.accept());
    await sim.advance(500);
    expect(alice.getSnapshot().status).toBe('accepted');
    expect(trtcOf(alice)?.userSig).toBe('fresh-sig-alice');
  });

  it('warns userSigRefreshMs before the expiry, once; a refreshed UserSig moves the warning', async () => {
    const sim = await simulation();
    const alice = sim.user('alice', { engine: { userSigExpiresAt: 3_600_000, userSigRefreshMs: 60_000 } });
    await sim.advance(3_540_000 - 1);
    expect(alice.events('userSigExpiring')).toHaveLength(0);
    await sim.advance(1);
    expect(alice.events('userSigExpiring').map((e) => e.payload)).toEqual([{ expiresAt: 3_600_000 }]);
    alice.updateUserSig('second', { expiresAt: 7_200_000 });
    await sim.advance(7_140_000 - 3_540_000);
    expect(alice.events('userSigExpiring').map((e) => e.payload.expiresAt)).toEqual([3_600_000, 7_200_000]);
    // Without a known expiry nothing is armed.
    alice.updateUserSig('third');
    await sim.advance(10_000_000);
    expect(alice.events('userSigExpiring')).toHaveLength(2);
  });

  it('a call ending does not disarm the warning, destroy does', async () => {
    const { sim, alice } = await pair();
    alice.updateUserSig('s', { expiresAt: 400_000 });
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.run(alice.hangup());
    await sim.advance(100_000);
    expect(alice.events('userSigExpiring')).toHaveLength(1);
    alice.updateUserSig('s2', { expiresAt: 10_000_000 });
    await sim.run(alice.destroy());
    await sim.advance(10_000_000);
    expect(alice.events('userSigExpiring')).toHaveLength(1);
  });

  it('bad UserSigs and expiries are -1202', async () => {
    const { alice } = await pair();
    expect(() => alice.updateUserSig('')).toThrow(expect.objectContaining({ code: -1202 }));
    expect(() => alice.updateUserSig('x', { expiresAt: -1 })).toThrow(
      expect.objectContaining({ code: -1202 }),
    );
    const sim = await simulation();
    expect(() => sim.user('carol', { engine: { userSigExpiresAt: Number.NaN } })).toThrow(/userSigExpiresAt/);
  });
});

describe('getTRTCInstance', () => {
  it('is the TRTC client the call runs on, the same one for every call', async () => {
    const { sim, alice, bob } = await inVideoCall();
    const trtc = trtcOf(alice);
    expect(trtc?.inRoom).toBe(true);
    expect(trtc?.userId).toBe('alice');
    await sim.run(alice.hangup());
    await sim.advance(500);
    expect(trtc?.inRoom).toBe(false);
    await sim.run(bob.call({ userID: 'alice', mediaType: 'audio' }));
    await sim.advance(200);
    await sim.run(alice.accept());
    expect(trtcOf(alice)).toBe(trtc);
    expect(trtc?.inRoom).toBe(true);
  });
});

describe('setVideoProfile', () => {
  it('changes the running camera and later calls; invalid profiles are -1202', async () => {
    const { sim, alice } = await inVideoCall();
    expect(trtcOf(alice)?.videoProfile).toBe('720p');
    await sim.run(alice.setVideoProfile('1080p'));
    expect(trtcOf(alice)?.videoProfile).toBe('1080p');
    const custom = { width: 640, height: 360, frameRate: 30, bitrate: 900 };
    await sim.run(alice.setVideoProfile(custom));
    expect(trtcOf(alice)?.videoProfile).toEqual(custom);
    await expect(alice.setVideoProfile('' as never)).rejects.toMatchObject({ code: -1202 });
    await expect(alice.setVideoProfile({ width: 640 } as never)).rejects.toMatchObject({ code: -1202 });
    expect(trtcOf(alice)?.videoProfile).toEqual(custom);
  });

  it('while the network is weak the low profile stays; the new one applies on recovery', async () => {
    const { sim, alice } = await inVideoCall({ networkPolicy: weakNetworkPolicy() });
    sim.network.setNetworkQuality('alice', 5, 5);
    await sim.advance(6000);
    expect(alice.events('networkWeak')).toHaveLength(1);
    expect(trtcOf(alice)?.videoProfile).toBe('360p');
    await sim.run(alice.setVideoProfile('1080p'));
    expect(trtcOf(alice)?.videoProfile).toBe('360p');
    sim.network.setNetworkQuality('alice', 1, 1);
    await sim.advance(6000);
    expect(alice.events('networkRecovered')).toHaveLength(1);
    expect(trtcOf(alice)?.videoProfile).toBe('1080p');
  });
});

describe('switchCamera', () => {
  it('toggles front/back on the running camera, or goes to the one asked for', async () => {
    const { sim, alice } = await inVideoCall();
    await expect(sim.run(alice.switchCamera())).resolves.toBe('back');
    expect(trtcOf(alice)?.useFrontCamera).toBe(false);
    await expect(sim.run(alice.switchCamera())).resolves.toBe('front');
    expect(trtcOf(alice)?.useFrontCamera).toBe(true);
    await expect(sim.run(alice.switchCamera('front'))).resolves.toBe('front');
    await expect(alice.switchCamera('side' as never)).rejects.toMatchObject({ code: -1202 });
  });

  it('a choice made before the call applies when the camera starts', async () => {
    const { sim, alice, bob } = await pair();
    await sim.run(alice.switchCamera('back'));
    await sim.run(alice.call({ userID: 'bob', mediaType: 'video' }));
    await sim.advance(200);
    await sim.run(bob.accept());
    await sim.advance(500);
    expect(alice.getSnapshot().cameraOn).toBe(true);
    expect(trtcOf(alice)?.useFrontCamera).toBe(false);
  });
});

describe('deviceChanged', () => {
  it("reports TRTC's device-changed as a typed event with the device", async () => {
    const { sim, alice, bob } = await inVideoCall();
    const usb = { deviceId: 'usb-cam', label: 'USB camera', kind: 'videoinput', groupId: 'g' };
    sim.network.changeDevice({ type: 'camera', action: 'add', device: usb }, alice.deviceId);
    sim.network.changeDevice({ type: 'microphone', action: 'remove', device: usb }, alice.deviceId);
    await sim.advance(10);
    expect(alice.events('deviceChanged').map((e) => e.payload)).toEqual([
      { kind: 'camera', action: 'add', device: { deviceId: 'usb-cam', label: 'USB camera' } },
      { kind: 'microphone', action: 'remove', device: { deviceId: 'usb-cam', label: 'USB camera' } },
    ]);
    expect(bob.events('deviceChanged')).toHaveLength(0);
  });
});

describe('inviteUser with userData and offlinePushInfo', () => {
  it('the new invitees get the given userData, and the invitation carries the push info', async () => {
    const sim = await simulation();
    const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((id) => sim.user(id)) as SimUser[];
    sim.group('team', ['alice', 'bob', 'carol']);
    await sim.advance(100);
    await sim.run(
      alice!.groupCall({ groupID: 'team', userIDList: ['bob'], mediaType: 'audio', userData: 'first' }),
    );
    await sim.advance(200);
    await sim.run(bob!.accept());
    await sim.advance(500);
    await sim.run(
      bob!.inviteUser({
        userIDList: ['carol'],
        userData: 'for carol',
        offlinePushInfo: { title: 'Join us', description: 'team call' },
      }),
    );
    await sim.advance(200);
    expect(carol!.events('callReceived').map((e) => e.payload.userData)).toEqual(['for carol']);
    const invitation = sim.network.storedMessages().at(-1);
    expect(invitation?.offlinePushInfo).toMatchObject({ title: 'Join us', description: 'team call' });
    await expect(bob!.inviteUser({ userIDList: ['carol'], userData: 42 as never })).rejects.toMatchObject({
      code: -1202,
    });
  });
});

describe('setSelfInfo', () => {
  it('writes the nickname and avatar into the Chat profile others read', async () => {
    const { sim, alice, bob } = await pair();
    await sim.run(alice.setSelfInfo({ nickName: 'Alice A.', avatar: 'https://example.test/a.png' }));
    const profile = await sim.run(bob.chat.getUserProfile({ userIDList: ['alice'] }));
    expect(profile.data).toEqual([
      { userID: 'alice', nick: 'Alice A.', avatar: 'https://example.test/a.png' },
    ]);
    await expect(alice.setSelfInfo({ nickName: 1 } as never)).rejects.toMatchObject({ code: -1202 });
  });
});
