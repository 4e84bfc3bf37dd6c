import { afterEach, describe, expect, it } from 'vitest';
import {
  combineQuality,
  createMeshTRTCClass,
  PEER_DOWN,
  qualityOf,
  readPeerStats,
} from '../src/local/mesh/index';
import { TRTC_EVENT } from '../src/tencent/trtc-types';
import { flushMicrotasks, VirtualClock } from '../src/testing/virtual-clock';
import { FakeRtcServer } from './helpers/mesh-fake-link';
import { FakePeerConnection, type FakeTrack, fakeMediaDevices } from './helpers/mesh-fake-rtc';

type Json = Record<string, unknown>;

function setup(options: { webrtc?: boolean; devices?: boolean } = {}) {
  const clock = new VirtualClock();
  const server = new FakeRtcServer();
  FakePeerConnection.reset();

  function client(userId: string) {
    const link = server.link(userId);
    const devices = options.devices ? fakeMediaDevices() : undefined;
    const TRTC = createMeshTRTCClass(link, {
      clock,
      ...(options.webrtc && { RTCPeerConnection: FakePeerConnection as unknown as typeof RTCPeerConnection }),
      ...(devices && { mediaDevices: devices }),
    });
    const trtc = TRTC.create();
    const log: { event: string; payload: Json }[] = [];
    for (const event of Object.values(TRTC_EVENT))
      trtc.on(event, (p: Json) => log.push({ event, payload: p }));
    const of = (event: string) => log.filter((e) => e.event === event).map((e) => e.payload);
    const enter = (room: { roomId?: number; strRoomId?: string } = { roomId: 1 }) =>
      trtc.enterRoom({ sdkAppId: 1400000000, userId, userSig: 'sig', ...room });
    return { link, TRTC, trtc, log, of, enter, devices };
  }

  /** Lets every delivery, welcome timer and fake browser task run until nothing is left. */
  async function settle() {
    for (let i = 0; i < 50; i++) {
      await clock.advance(0);
      const ran = await FakePeerConnection.drain();
      await flushMicrotasks();
      if (ran === 0 && FakePeerConnection.tasks.length === 0) return;
    }
    throw new Error('did not settle');
  }

  return { clock, server, client, settle };
}

const events = (log: { event: string; payload: Json }[], ...names: string[]) =>
  log.filter((e) => names.includes(e.event)).map((e) => [e.event, e.payload]);

afterEach(() => FakePeerConnection.reset());

describe('mesh TRTC: device changes', () => {
  it('reports plugged and unplugged devices as device-changed, and stops listening once destroyed', async () => {
    const { client, settle } = setup({ devices: true });
    const { trtc, of, devices } = client('alice');
    await settle();
    const usb = { kind: 'videoinput', deviceId: 'cam-2', label: 'USB camera', groupId: 'u' };
    devices!.change([...devices!.list.filter((d) => d.kind !== 'audioinput'), usb]);
    await settle();
    expect(of('device-changed')).toMatchObject([
      { type: 'camera', action: 'add', device: { deviceId: 'cam-2', label: 'USB camera' } },
      { type: 'microphone', action: 'remove', device: { deviceId: 'mic-1' } },
    ]);
    trtc.destroy();
    expect(devices!.listeners.size).toBe(0);
  });
});

describe('mesh TRTC: rooms without WebRTC (Node)', () => {
  it('has the TRTC statics and empty device lists', async () => {
    const { client } = setup();
    const { TRTC } = client('alice');
    expect(TRTC.EVENT.REMOTE_USER_ENTER).toBe('remote-user-enter');
    expect(TRTC.TYPE.STREAM_TYPE_MAIN).toBe('main');
    expect(TRTC.ERROR_CODE.INVALID_OPERATION).toBe(5100);
    expect(await TRTC.getCameraList()).toEqual([]);
    expect(await TRTC.getMicrophoneList()).toEqual([]);
    expect(await TRTC.getSpeakerList()).toEqual([]);
    await expect(TRTC.setCurrentSpeaker('x')).resolves.toBeUndefined();
  });

  it('reports membership on enter and exit to both sides', async () => {
    const { client, settle } = setup();
    const alice = client('alice');
    const bob = client('bob');
    await alice.enter();
    await settle();
    expect(alice.link.sentOf('rtc-enter')).toEqual([{ type: 'rtc-enter', room: { roomId: 1 } }]);
    expect(alice.trtc.inRoom).toBe(true);
    await bob.enter();
    await settle();
    expect(alice.of('remote-user-enter')).toEqual([{ userId: 'bob' }]);
    expect(bob.of('remote-user-enter')).toEqual([{ userId: 'alice' }]);
    expect(bob.of('connection-state-changed')).toEqual([
      { prevState: 'DISCONNECTED', state: 'CONNECTING' },
      { prevState: 'CONNECTING', state: 'CONNECTED' },
    ]);

    await bob.trtc.exitRoom();
    await settle();
    expect(alice.of('remote-user-exit')).toEqual([{ userId: 'bob', reason: 0 }]);
    expect(bob.of('remote-user-exit')).toEqual([]);
    expect(bob.of('connection-state-changed').at(-1)).toEqual({
      prevState: 'CONNECTED',
      state: 'DISCONNECTED',
    });
    expect(bob.trtc.inRoom).toBe(false);
  });

  it('turns published state into remote availability events, mute included', async () => {
    const { client, settle } = setup();
    const alice = client('alice');
    const bob = client('bob');
    await alice.trtc.startLocalAudio();
    await alice.trtc.startLocalVideo({ view: 'me' });
    await alice.enter();
    await settle();
    expect(alice.link.sentOf('rtc-publish')).toEqual([{ type: 'rtc-publish', audio: true, video: true }]);

    await bob.enter();
    await settle();
    expect(events(bob.log, 'remote-user-enter', 'remote-audio-available', 'remote-video-available')).toEqual([
      ['remote-user-enter', { userId: 'alice' }],
      ['remote-audio-available', { userId: 'alice' }],
      ['remote-video-available', { userId: 'alice', streamType: 'main' }],
    ]);

    bob.log.length = 0;
    await alice.trtc.updateLocalAudio({ mute: true });
    await settle();
    await alice.trtc.updateLocalAudio({ mute: false });
    await settle();
    await alice.trtc.updateLocalVideo({ mute: true });
    await settle();
    await alice.trtc.updateLocalVideo({ publish: true, mute: false });
    await settle();
    await alice.trtc.stopLocalVideo();
    await settle();
    expect(
      events(
        bob.log,
        'remote-audio-available',
        'remote-audio-unavailable',
        'remote-video-available',
        'remote-video-unavailable',
      ),
    ).toEqual([
      ['remote-audio-unavailable', { userId: 'alice' }],
      ['remote-audio-available', { userId: 'alice' }],
      ['remote-video-unavailable', { userId: 'alice', streamType: 'main' }],
      ['remote-video-available', { userId: 'alice', streamType: 'main' }],
      ['remote-video-unavailable', { userId: 'alice', streamType: 'main' }],
    ]);
    // Only real changes reach the server (the second update with publish:true changed nothing by itself).
    expect(alice.link.sentOf('rtc-publish').map((f) => [f.audio, f.video])).toEqual([
      [true, true],
      [false, true],
      [true, true],
      [true, false],
      [true, true],
      [true, false],
    ]);

    bob.log.length = 0;
    await alice.trtc.exitRoom();
    await settle();
    // The streams go first, then the user, as with the simulated client.
    expect(
      events(bob.log, 'remote-audio-unavailable', 'remote-video-unavailable', 'remote-user-exit'),
    ).toEqual([
      ['remote-audio-unavailable', { userId: 'alice' }],
      ['remote-user-exit', { userId: 'alice', reason: 0 }],
    ]);
  });

  it('holds frames that arrive around the enter reply until enterRoom settled, in either order', async () => {
    for (const membersAfterReply of [false, true]) {
      const { client, settle, server } = setup();
      server.membersAfterReply = membersAfterReply;
      const alice = client('alice');
      const bob = client('bob');
      await alice.trtc.startLocalAudio();
      await alice.enter();
      await settle();
      const entered = bob.enter();
      let settledFirst = false;
      void entered.then(() => {
        settledFirst = bob.of('remote-user-enter').length === 0;
      });
      await entered;
      await settle();
      expect(settledFirst).toBe(true);
      expect(bob.of('remote-audio-available')).toEqual([{ userId: 'alice' }]);
    }
  });

  it('is kicked out when the same user enters elsewhere', async () => {
    const { client, settle } = setup();
    const first = client('alice');
    const second = client('alice');
    const bob = client('bob');
    await first.enter();
    await bob.enter();
    await settle();
    await second.enter();
    await settle();
    expect(first.of('kicked-out')).toEqual([{ reason: 'kick' }]);
    expect(first.of('connection-state-changed').at(-1)).toEqual({
      prevState: 'CONNECTED',
      state: 'DISCONNECTED',
    });
    expect(first.trtc.inRoom).toBe(false);
    expect(first.link.listenerCount).toBe(0);
    // The kicked client does not tell the server it left: the server already removed it.
    expect(first.link.sentOf('rtc-exit')).toEqual([]);
    expect(second.of('remote-user-enter')).toEqual([{ userId: 'bob' }]);
  });

  it("maps the server's kick reasons to TRTC's", async () => {
    const { client, settle } = setup();
    const alice = client('alice');
    await alice.enter();
    await settle();
    alice.link.deliver({ type: 'rtc-kicked', reason: 'room-disband' });
    await settle();
    expect(alice.of('kicked-out')).toEqual([{ reason: 'room_disband' }]);
  });

  it('follows the link state in connection-state-changed', async () => {
    const { client, settle } = setup();
    const alice = client('alice');
    await alice.enter();
    await settle();
    alice.log.length = 0;
    alice.link.setState('reconnecting');
    alice.link.setState('connected');
    alice.link.setState('closed');
    expect(events(alice.log, 'connection-state-changed', 'error')).toEqual([
      ['connection-state-changed', { prevState: 'CONNECTED', state: 'CONNECTING', isReconnecting: true }],
      ['connection-state-changed', { prevState: 'CONNECTING', state: 'CONNECTED' }],
      ['connection-state-changed', { prevState: 'CONNECTED', state: 'DISCONNECTED' }],
      ['error', expect.objectContaining({ code: 5500, extraCode: 5502 })],
    ]);
    expect(alice.trtc.inRoom).toBe(false);
    expect(alice.link.listenerCount).toBe(0);
  });

  it('validates enterRoom and aborts an enter interrupted by exitRoom', async () => {
    const { client, settle } = setup();
    const alice = client('alice');
    const base = { sdkAppId: 1400000000, userSig: 'sig' };
    await expect(alice.trtc.enterRoom({ ...base, userId: 'mallory', roomId: 1 })).rejects.toMatchObject({
      code: 5000,
    });
    await expect(alice.trtc.enterRoom({ ...base, userId: 'alice', roomId: 0 })).rejects.toMatchObject({
      code: 5000,
    });
    const entering = alice.enter();
    const again = alice.enter();
    await alice.trtc.exitRoom();
    await expect(again).rejects.toMatchObject({ code: 5100 });
    await expect(entering).rejects.toMatchObject({ code: 5998 });
    await settle();
    expect(alice.link.sentOf('rtc-exit')).toHaveLength(1);
    expect(alice.link.listenerCount).toBe(0);
    await expect(alice.trtc.startRemoteVideo({ userId: 'bob', streamType: 'main' })).rejects.toMatchObject({
      code: 5100,
    });
  });

  it('emits audio-volume for the local user and every member while evaluation is on', async () => {
    const { client, settle, clock } = setup();
    const alice = client('alice');
    const bob = client('bob');
    await alice.enter();
    await bob.enter();
    await settle();
    alice.trtc.enableAudioVolumeEvaluation(500);
    await clock.advance(1000);
    expect(alice.of('audio-volume')).toEqual([
      {
        result: [
          { userId: '', volume: 0, floatVolume: 0 },
          { userId: 'bob', volume: 0, floatVolume: 0 },
        ],
      },
      expect.anything(),
    ]);
    alice.trtc.enableAudioVolumeEvaluation(-1);
    await clock.advance(1000);
    expect(alice.of('audio-volume')).toHaveLength(2);
  });

  it('leaves no listeners or timers behind on exitRoom and destroy', async () => {
    const { client, settle, clock } = setup({ webrtc: true });
    const alice = client('alice');
    const bob = client('bob');
    alice.trtc.enableAudioVolumeEvaluation(500);
    await alice.enter();
    await bob.enter();
    await settle();
    expect(clock.pending).toBeGreaterThan(0);
    await alice.trtc.exitRoom();
    expect(alice.link.listenerCount).toBe(0);
    expect(FakePeerConnection.instances.filter((pc) => pc.signalingState === 'closed')).toHaveLength(1);

    bob.trtc.destroy();
    expect(bob.link.listenerCount).toBe(0);
    expect(clock.pending).toBe(0);
    expect(FakePeerConnection.instances.every((pc) => pc.signalingState === 'closed')).toBe(true);
    await settle();
    expect(bob.link.sentOf('rtc-exit')).toHaveLength(1);
    await expect(
      bob.trtc.enterRoom({ sdkAppId: 1, userId: 'bob', userSig: 's', roomId: 1 }),
    ).rejects.toMatchObject({
      code: 5100,
    });
  });
});

describe('mesh TRTC: network quality mapping', () => {
  it('rates each metric by the documented thresholds and takes the worst', () => {
    expect(qualityOf(undefined)).toBe(0);
    expect(qualityOf({})).toBe(0);
    const rtt = [0, 99, 100, 199, 200, 299, 300, 499, 500, 5000].map((rttMs) => qualityOf({ rttMs }));
    expect(rtt).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    const loss = [0, 0.0099, 0.01, 0.03, 0.07, 0.15, 1].map((lossRate) => qualityOf({ lossRate }));
    expect(loss).toEqual([1, 1, 2, 3, 4, 5, 5]);
    const jitter = [19, 20, 40, 60, 100].map((jitterMs) => qualityOf({ jitterMs }));
    expect(jitter).toEqual([1, 2, 3, 4, 5]);
    expect(qualityOf({ rttMs: 50, lossRate: 0.08, jitterMs: 10 })).toBe(4);
    expect(qualityOf({ rttMs: Number.NaN, lossRate: -1 })).toBe(0);
  });

  it('combines peers: worst uplink, rounded-up mean downlink, unknown peers left out', () => {
    expect(combineQuality([])).toEqual({ uplink: 0, downlink: 0 });
    expect(
      combineQuality([
        { uplink: 1, downlink: 1 },
        { uplink: 3, downlink: 2 },
        { uplink: 0, downlink: 0 },
      ]),
    ).toEqual({ uplink: 3, downlink: 2 });
    expect(combineQuality([{ uplink: PEER_DOWN, downlink: PEER_DOWN }])).toEqual({ uplink: 6, downlink: 6 });
  });

  it('reads RTT, loss and jitter from a stats report', () => {
    const report = (lost: number, received: number) => [
      { type: 'transport', id: 'T', selectedCandidatePairId: 'P' },
      { type: 'candidate-pair', id: 'P', currentRoundTripTime: 0.12 },
      { type: 'candidate-pair', id: 'Q', currentRoundTripTime: 0.9 },
      { type: 'remote-inbound-rtp', id: 'R1', kind: 'audio', fractionLost: 0.02, jitter: 0.005 },
      { type: 'remote-inbound-rtp', id: 'R2', kind: 'video', fractionLost: 0.04, jitter: 0.03 },
      { type: 'inbound-rtp', id: 'I1', packetsLost: lost, packetsReceived: received, jitter: 0.01 },
      'junk',
    ];
    const first = readPeerStats(report(10, 990));
    expect(first.uplink).toEqual({ rttMs: 120, lossRate: 0.04, jitterMs: 30 });
    expect(first.downlink).toEqual({ rttMs: 120, lossRate: undefined, jitterMs: 10 });
    const second = readPeerStats(report(30, 1970), first.counters);
    expect(second.downlink.lossRate).toBeCloseTo(20 / 1000);
    // RTT 120 ms rates 2, jitter 30 ms rates 2, 4 % loss rates 3: the worst wins.
    expect(qualityOf(second.uplink)).toBe(3);
  });
});

describe('mesh TRTC: WebRTC negotiation', () => {
  /** Signals `from` sent, as [to, kind]. */
  const signals = (link: { sentOf(t: 'rtc-signal'): { to: string; data: unknown }[] }) =>
    link.sentOf('rtc-signal').map(({ to, data }) => {
      const d = data as { description?: { type: string }; candidate?: unknown };
      return [to, d.description?.type ?? 'candidate'];
    });

  it('the newcomer offers to every member; offers, answers and candidates reach the right peer', async () => {
    const { client, settle } = setup({ webrtc: true });
    const alice = client('alice');
    const bob = client('bob');
    const carol = client('carol');
    await alice.enter();
    await settle();
    await bob.enter();
    await settle();
    await carol.enter();
    await settle();

    expect(signals(alice.link)).toEqual([
      ['bob', 'answer'],
      ['bob', 'candidate'],
      ['carol', 'answer'],
      ['carol', 'candidate'],
    ]);
    expect(signals(bob.link)).toEqual([
      ['alice', 'offer'],
      ['alice', 'candidate'],
      ['carol', 'answer'],
      ['carol', 'candidate'],
    ]);
    expect(signals(carol.link).sort()).toEqual([
      ['alice', 'candidate'],
      ['alice', 'offer'],
      ['bob', 'candidate'],
      ['bob', 'offer'],
    ]);
    const pcs = FakePeerConnection.instances;
    expect(pcs).toHaveLength(6);
    for (const pc of pcs) {
      expect(pc.signalingState).toBe('stable');
      expect(pc.iceConnectionState).toBe('connected');
      // audio + video, both ways, from the start.
      expect(pc.transceivers.map((t) => [t.receiver.track.kind, t.direction])).toEqual([
        ['audio', 'sendrecv'],
        ['video', 'sendrecv'],
      ]);
      expect(pc.candidates).toHaveLength(1);
    }
    // Each candidate went to the connection of the user it was addressed to.
    const byCandidate = new Map(pcs.map((pc) => [pc.candidates[0]?.candidate, pc]));
    for (const pc of pcs) {
      const remote = JSON.parse(pc.remoteDescription?.sdp ?? '{}').pc;
      expect(byCandidate.get(`candidate:${remote} 0`)).toBe(pc);
    }
    expect(pcs.filter((pc) => pc.offers > 0)).toHaveLength(3);
  });

  it('resolves crossing offers: the smaller userId is polite and answers', async () => {
    const { client, settle } = setup({ webrtc: true });
    const alice = client('alice');
    const bob = client('bob');
    await alice.enter();
    await bob.enter();
    await settle();
    const [alicePc, bobPc] = FakePeerConnection.instances as [FakePeerConnection, FakePeerConnection];
    // Both sides restart ICE at once: both offers are in flight together.
    alicePc.restartIce();
    bobPc.restartIce();
    await settle();
    expect(alicePc.offers).toBe(1);
    expect(bobPc.offers).toBe(2);
    // bob (impolite) kept his offer; alice rolled hers back and answered it.
    expect(alicePc.localDescription?.type).toBe('answer');
    expect(bobPc.localDescription?.type).toBe('offer');
    expect(JSON.parse(alicePc.remoteDescription?.sdp ?? '{}').ice).toBe(1);
    expect([alicePc.signalingState, bobPc.signalingState]).toEqual(['stable', 'stable']);
  });

  it('restarts ICE when a connection fails', async () => {
    const { client, settle } = setup({ webrtc: true });
    const alice = client('alice');
    const bob = client('bob');
    await alice.enter();
    await bob.enter();
    await settle();
    const alicePc = FakePeerConnection.instances[0] as FakePeerConnection;
    alicePc.setIceState('failed');
    await settle();
    expect(signals(alice.link).filter(([, kind]) => kind === 'offer')).toEqual([['bob', 'offer']]);
    expect(alicePc.signalingState).toBe('stable');
    expect(alicePc.iceConnectionState).toBe('connected');
  });

  it('ignores signals from non-members and malformed ones, and starts over on a rejoined peer', async () => {
    const { client, settle } = setup({ webrtc: true });
    const alice = client('alice');
    const bob = client('bob');
    await alice.enter();
    await bob.enter();
    await settle();
    const offer = { type: 'offer', sdp: JSON.stringify({ kinds: ['audio', 'video'], ice: 0, pc: 99 }) };
    alice.link.deliver({ type: 'rtc-signal', from: 'mallory', data: { sid: 'x', description: offer } });
    alice.link.deliver({
      type: 'rtc-signal',
      from: 'bob',
      data: { sid: 'x', description: { type: 'bogus' } },
    });
    alice.link.deliver({ type: 'rtc-signal', from: 'bob', data: 'junk' });
    await settle();
    expect(FakePeerConnection.instances).toHaveLength(2);
    // An offer from another connection of bob (he rejoined without us seeing it) replaces the old one.
    alice.link.deliver({ type: 'rtc-signal', from: 'bob', data: { sid: 'new-bob', description: offer } });
    await settle();
    expect(FakePeerConnection.instances).toHaveLength(3);
    expect(FakePeerConnection.instances[0]?.signalingState).toBe('closed');
    expect(FakePeerConnection.instances[2]?.localDescription?.type).toBe('answer');
  });

  it('reconnects the others to the device that took over a user (kick)', async () => {
    const { client, settle } = setup({ webrtc: true });
    const first = client('alice');
    const bob = client('bob');
    await first.enter();
    await bob.enter();
    await settle();
    const [firstPc, bobOldPc] = FakePeerConnection.instances as [FakePeerConnection, FakePeerConnection];
    const second = client('alice');
    await second.enter();
    await settle();
    expect(first.of('kicked-out')).toEqual([{ reason: 'kick' }]);
    expect([firstPc.signalingState, bobOldPc.signalingState]).toEqual(['closed', 'closed']);
    // For bob, alice never left; his new connection answers the new device's offer.
    expect(bob.of('remote-user-exit')).toEqual([]);
    const live = FakePeerConnection.instances.filter((pc) => pc.signalingState !== 'closed');
    expect(live.map((pc) => [pc.localDescription?.type, pc.iceConnectionState])).toEqual([
      ['offer', 'connected'],
      ['answer', 'connected'],
    ]);
  });

  it('reports network quality every 2 s and sends it to the server', async () => {
    const { client, settle, clock, server } = setup({ webrtc: true });
    const alice = client('alice');
    const bob = client('bob');
    await alice.enter();
    await bob.enter();
    await settle();
    const alicePc = FakePeerConnection.instances[0] as FakePeerConnection;
    alicePc.stats = new Map([
      ['P', { type: 'candidate-pair', id: 'P', selected: true, currentRoundTripTime: 0.25 }],
      ['R', { type: 'remote-inbound-rtp', id: 'R', fractionLost: 0, jitter: 0.001 }],
    ]);
    await clock.advance(2000);
    await settle();
    expect(alice.of('network-quality')).toEqual([
      expect.objectContaining({ uplinkNetworkQuality: 3, downlinkNetworkQuality: 3, uplinkRTT: 250 }),
    ]);
    expect(server.quality).toContainEqual({ userId: 'alice', uplink: 3, downlink: 3 });
    alicePc.setIceState('disconnected');
    await clock.advance(2000);
    expect(alice.of('network-quality').at(-1)).toMatchObject({
      uplinkNetworkQuality: 6,
      downlinkNetworkQuality: 6,
    });
  });
});

describe('mesh TRTC: local media over the mesh', () => {
  async function pair() {
    const s = setup({ webrtc: true, devices: true });
    const alice = s.client('alice');
    const bob = s.client('bob');
    await alice.enter();
    await bob.enter();
    await s.settle();
    const alicePc = FakePeerConnection.instances[0] as FakePeerConnection;
    const sender = (kind: 'audio' | 'video') =>
      alicePc.transceivers.find((t) => t.receiver.track.kind === kind)?.sender;
    return { ...s, alice, bob, alicePc, sender };
  }

  it('sends the microphone by replaceTrack and mutes it without renegotiating', async () => {
    const { alice, bob, alicePc, sender, settle } = await pair();
    await alice.trtc.startLocalAudio({ option: { microphoneId: 'mic-1' } });
    await settle();
    const mic = alice.devices?.captured[0] as FakeTrack;
    expect(mic.getConstraints()).toMatchObject({ deviceId: { exact: 'mic-1' } });
    expect(sender('audio')?.track).toBe(mic);
    expect(bob.of('remote-audio-available')).toEqual([{ userId: 'alice' }]);

    await alice.trtc.updateLocalAudio({ mute: true });
    await settle();
    expect(mic.enabled).toBe(false);
    expect(bob.of('remote-audio-unavailable')).toEqual([{ userId: 'alice' }]);
    expect(alicePc.offers).toBe(0);

    await alice.trtc.startPlugin('AIDenoiser', { sdkAppId: 1, userId: 'alice', userSig: 's' });
    expect(mic.applied.at(-1)).toMatchObject({ noiseSuppression: true });
    await alice.trtc.stopPlugin('AIDenoiser');
    expect(mic.applied.at(-1)).toMatchObject({ noiseSuppression: false });
    // The engine's fallback without a denoiser plugin.
    await alice.trtc.updateLocalAudio({ option: { noiseSuppression: true } });
    expect(mic.applied.at(-1)).toMatchObject({ noiseSuppression: true });
    await expect(alice.trtc.startPlugin('VirtualBackground')).rejects.toMatchObject({ code: 5000 });

    await alice.trtc.stopLocalAudio();
    await settle();
    expect(mic.readyState).toBe('ended');
    expect(sender('audio')?.track).toBeNull();
    await expect(alice.trtc.startPlugin('AIDenoiser', {})).rejects.toMatchObject({ code: 5100 });
  });

  it('applies video profiles as constraints and a bitrate cap', async () => {
    const { alice, sender, settle, alicePc } = await pair();
    await alice.trtc.startLocalVideo({ view: null, option: { cameraId: 'cam-1', profile: '720p' } });
    await settle();
    const cam = alice.devices?.captured[0] as FakeTrack;
    expect(cam.getConstraints()).toMatchObject({
      width: { ideal: 1280 },
      height: { ideal: 720 },
      frameRate: { ideal: 15 },
      deviceId: { exact: 'cam-1' },
    });
    expect(sender('video')?.track).toBe(cam);
    expect(sender('video')?.params.encodings[0]?.maxBitrate).toBe(1_500_000);

    await alice.trtc.updateLocalVideo({ option: { profile: '360p' } });
    await settle();
    expect(cam.applied.at(-1)).toMatchObject({ width: { ideal: 640 }, height: { ideal: 360 } });
    expect(sender('video')?.params.encodings[0]?.maxBitrate).toBe(800_000);
    await expect(alice.trtc.updateLocalVideo({ option: { profile: '4k' } })).rejects.toMatchObject({
      code: 5000,
    });

    await alice.trtc.updateLocalVideo({ option: { cameraId: 'cam-2' } });
    await settle();
    const cam2 = alice.devices?.captured[1] as FakeTrack;
    expect(cam.readyState).toBe('ended');
    expect(sender('video')?.track).toBe(cam2);
    expect(alicePc.offers).toBe(0);
  });

  it('gives a late joiner the tracks already captured', async () => {
    const s = setup({ webrtc: true, devices: true });
    const alice = s.client('alice');
    const bob = s.client('bob');
    await alice.trtc.startLocalAudio();
    await alice.enter();
    await s.settle();
    await bob.enter();
    await s.settle();
    const alicePc = FakePeerConnection.instances.find((pc) => pc.localDescription?.type === 'answer');
    expect(alicePc?.transceivers[0]?.sender.track).toBe(alice.devices?.captured[0]);
  });

  it('lists devices by kind', async () => {
    const { alice } = await pair();
    expect((await alice.TRTC.getCameraList()).map((d) => d.deviceId)).toEqual(['cam-1']);
    expect((await alice.TRTC.getMicrophoneList()).map((d) => d.deviceId)).toEqual(['mic-1']);
    expect((await alice.TRTC.getSpeakerList()).map((d) => d.deviceId)).toEqual(['spk-1']);
  });
});
