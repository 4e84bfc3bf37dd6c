import { describe, expect, it } from 'vitest';
import { createLocalNetwork, type LocalTRTC, type LocalTRTCClass } from '../src/local/index';
import { PeerView } from '../src/server/peer-view';
import { TRTC_EVENT, type TRTCClassLike, type TRTCLike } from '../src/tencent/trtc-types';
import { VirtualClock } from '../src/testing/virtual-clock';

const L = 20;
type Json = Record<string, unknown>;

function setup(latencyMs = L) {
  const clock = new VirtualClock();
  const network = createLocalNetwork({ clock, latencyMs });
  const T: TRTCClassLike = network.TRTC;

  /** A TRTC client that records every event it emits. */
  function client(TRTC: LocalTRTCClass = network.TRTC) {
    const trtc = TRTC.create();
    const log: { event: string; payload: Json }[] = [];
    for (const event of Object.values(TRTC_EVENT))
      trtc.on(event, (payload: Json) => log.push({ event, payload }));
    const of = (event: string) => log.filter((e) => e.event === event).map((e) => e.payload);
    return { trtc, log, of };
  }

  async function enter(
    trtc: LocalTRTC,
    userId: string,
    room: { roomId?: number; strRoomId?: string } = { roomId: 1 },
  ) {
    const entered = trtc.enterRoom({ sdkAppId: 1400000000, userId, userSig: 'sig', ...room });
    await clock.advance(latencyMs);
    await entered;
  }

  return { clock, network, T, client, enter };
}

describe('local TRTC', () => {
  it('is a TRTCClassLike with TRTC-like statics', () => {
    const { T, network } = setup();
    const instance: TRTCLike = T.create();
    expect(instance).toBeDefined();
    expect(network.TRTC.EVENT.REMOTE_USER_ENTER).toBe('remote-user-enter');
    expect(network.TRTC.TYPE.STREAM_TYPE_MAIN).toBe('main');
    expect(network.TRTC.ERROR_CODE.INVALID_PARAMETER).toBe(5000);
  });

  it('validates enterRoom and refuses a second enter', async () => {
    const { network, clock, enter } = setup();
    const trtc = network.TRTC.create();
    const base = { sdkAppId: 1, userId: 'alice', userSig: 's' };
    for (const bad of [
      { ...base, sdkAppId: '1' as never, roomId: 1 },
      { ...base, userId: '', roomId: 1 },
      { ...base, roomId: 0 },
      { ...base, roomId: 4294967295 },
      { ...base, roomId: 1.5 },
      { ...base },
      { ...base, strRoomId: '' },
      { ...base, strRoomId: 'é'.repeat(33) },
    ]) {
      await expect(trtc.enterRoom(bad)).rejects.toMatchObject({ code: 5000 });
    }
    await enter(trtc, 'alice', { strRoomId: 'x'.repeat(64) });
    await expect(trtc.enterRoom({ ...base, roomId: 2 })).rejects.toMatchObject({ code: 5100 });
    // exitRoom while entering aborts the enter.
    const other = network.TRTC.create();
    const entering = other.enterRoom({ ...base, userId: 'bob', roomId: 3 });
    await other.exitRoom();
    await expect(entering).rejects.toMatchObject({ code: 5998 });
    await clock.advance(L);
    await expect(network.TRTC.create().exitRoom()).resolves.toBeUndefined();
  });

  it('enter / publish / mute / exit produce the remote events', async () => {
    const { client, enter, clock } = setup();
    const alice = client();
    const bob = client();
    await alice.trtc.startLocalAudio();
    await alice.trtc.startLocalVideo({ view: 'local' });
    await enter(alice.trtc, 'alice');
    expect(alice.log).toEqual([]);

    await enter(bob.trtc, 'bob');
    await clock.advance(0);
    // Bob sees what was there on entering, after his enterRoom settled.
    expect(bob.log.map((e) => e.event)).toEqual([
      'remote-user-enter',
      'remote-audio-available',
      'remote-video-available',
    ]);
    expect(bob.of('remote-video-available')).toEqual([{ userId: 'alice', streamType: 'main' }]);
    expect(alice.log).toEqual([]);
    await clock.advance(L);
    expect(alice.log).toEqual([{ event: 'remote-user-enter', payload: { userId: 'bob' } }]);

    await bob.trtc.startLocalAudio({ mute: true });
    await clock.advance(L);
    expect(alice.of('remote-audio-available')).toEqual([]);
    await bob.trtc.updateLocalAudio({ mute: false });
    await clock.advance(L);
    expect(alice.of('remote-audio-available')).toEqual([{ userId: 'bob' }]);
    await bob.trtc.updateLocalAudio({ mute: true });
    await clock.advance(L);
    expect(alice.of('remote-audio-unavailable')).toEqual([{ userId: 'bob' }]);

    await expect(
      bob.trtc.startRemoteVideo({ userId: 'alice', streamType: 'main', view: 'v' }),
    ).resolves.toBeUndefined();
    await expect(bob.trtc.startRemoteVideo({ userId: 'carol', streamType: 'main' })).rejects.toMatchObject({
      code: 5100,
    });
    expect(bob.trtc.playingRemoteVideos).toEqual(['alice']);

    await alice.trtc.updateLocalVideo({ mute: true });
    await clock.advance(L);
    expect(bob.of('remote-video-unavailable')).toEqual([{ userId: 'alice', streamType: 'main' }]);
    expect(bob.trtc.playingRemoteVideos).toEqual([]);

    await alice.trtc.exitRoom();
    await clock.advance(L);
    expect(bob.log.slice(-2)).toEqual([
      { event: 'remote-audio-unavailable', payload: { userId: 'alice' } },
      { event: 'remote-user-exit', payload: { userId: 'alice', reason: 0 } },
    ]);
  });

  it('keeps numeric and string rooms apart', async () => {
    const { client, enter, clock } = setup();
    const a = client();
    const b = client();
    await enter(a.trtc, 'alice', { roomId: 123 });
    await enter(b.trtc, 'bob', { strRoomId: '123' });
    await clock.advance(L * 2);
    expect(a.log).toEqual([]);
    expect(b.log).toEqual([]);
  });

  it('kicks the older client of the same userId', async () => {
    const { client, enter, clock } = setup();
    const old = client();
    const fresh = client();
    const peer = client();
    await old.trtc.startLocalAudio();
    await enter(old.trtc, 'alice');
    await enter(peer.trtc, 'bob');
    await enter(fresh.trtc, 'alice');
    await clock.advance(L);
    expect(old.of('kicked-out')).toEqual([{ reason: 'kick' }]);
    expect(old.trtc.inRoom).toBe(false);
    expect(fresh.of('remote-user-enter')).toEqual([{ userId: 'bob' }]);
    // Bob never saw alice leave; her new client does not publish audio.
    expect(peer.log.map((e) => e.event)).toEqual([
      'remote-user-enter',
      'remote-audio-available',
      'remote-audio-unavailable',
    ]);
  });

  it('reports volumes on the clock while in a room, and network quality on demand', async () => {
    const { client, enter, clock, network } = setup();
    const alice = client();
    const bob = client();
    alice.trtc.enableAudioVolumeEvaluation(500);
    await alice.trtc.startLocalAudio();
    await bob.trtc.startLocalAudio();
    network.setVolume('alice', 30);
    network.setVolume('bob', 80);
    await enter(alice.trtc, 'alice');
    await enter(bob.trtc, 'bob');
    await clock.advance(500);
    const last = alice.of('audio-volume').at(-1);
    expect(last).toEqual({
      result: [
        { userId: 'bob', volume: 80, floatVolume: 0.8 },
        { userId: '', volume: 30, floatVolume: 0.3 },
      ],
    });
    await bob.trtc.updateLocalAudio({ mute: true });
    await clock.advance(500);
    expect(alice.of('audio-volume').at(-1)).toMatchObject({
      result: [
        { userId: '', volume: 30 },
        { userId: 'bob', volume: 0 },
      ],
    });
    const before = alice.of('audio-volume').length;
    await alice.trtc.exitRoom();
    await clock.advance(2000);
    expect(alice.of('audio-volume')).toHaveLength(before);

    network.setNetworkQuality('bob', 1, 4);
    expect(bob.of('network-quality')).toEqual([
      {
        uplinkNetworkQuality: 1,
        downlinkNetworkQuality: 4,
        uplinkRTT: 0,
        uplinkLoss: 0,
        downlinkRTT: 0,
        downlinkLoss: 0,
      },
    ]);
    network.setNetworkQuality('alice', 2, 2);
    expect(alice.of('network-quality')).toEqual([]);
  });

  it('crashDevice: the member times out for the others after 10 s with reason 1', async () => {
    const { client, enter, clock, network } = setup();
    const alice = client(network.trtcForDevice('alice-phone'));
    const bob = client();
    await alice.trtc.startLocalVideo();
    await enter(alice.trtc, 'alice');
    await enter(bob.trtc, 'bob');
    await clock.advance(L);
    const seen = bob.log.length;
    network.crashDevice('alice', 'alice-phone');
    await clock.advance(10_000 - 1);
    expect(bob.log).toHaveLength(seen);
    await clock.advance(1);
    expect(bob.log.slice(seen)).toEqual([
      { event: 'remote-video-unavailable', payload: { userId: 'alice', streamType: 'main' } },
      { event: 'remote-user-exit', payload: { userId: 'alice', reason: 1 } },
    ]);
    expect(alice.log.filter((e) => e.event !== 'remote-user-enter')).toEqual([]);
    await expect(alice.trtc.startLocalAudio()).rejects.toMatchObject({ code: 5998 });
  });

  it('off, destroy and network.destroy leave nothing running', async () => {
    const { client, enter, clock, network } = setup();
    const alice = client();
    const bob = client();
    const handler = () => undefined;
    alice.trtc.on('remote-user-enter', handler).off('remote-user-enter', handler);
    alice.trtc.enableAudioVolumeEvaluation(100);
    await enter(alice.trtc, 'alice');
    await enter(bob.trtc, 'bob');
    alice.trtc.destroy();
    await clock.advance(L);
    expect(bob.of('remote-user-exit')).toEqual([{ userId: 'alice', reason: 0 }]);
    const chat = network.createChat();
    void chat.login({ userID: 'carol' });
    bob.trtc.enableAudioVolumeEvaluation(100);
    await clock.advance(150);
    expect(clock.pending).toBeGreaterThan(0);
    network.destroy();
    expect(network.pendingDeliveries()).toBe(0);
    expect(clock.pending).toBe(0);
  });
});

describe('local TRTC: stream changes while another user enters', () => {
  type Action = (trtc: LocalTRTC) => Promise<unknown>;
  const audioOn: Action = (t) => t.startLocalAudio();
  const audioOff: Action = (t) => t.stopLocalAudio();
  const videoOn: Action = (t) => t.startLocalVideo();
  const mute: Action = (t) => t.updateLocalAudio({ mute: true });
  const unmute: Action = (t) => t.updateLocalAudio({ mute: false });

  /** What one user's log says about `userId`: enters, and the stream events per kind, in order. */
  function viewOf(log: { event: string; payload: Json }[], userId: string) {
    const about = log.filter((e) => e.payload.userId === userId).map((e) => e.event);
    const stream = (kind: 'audio' | 'video') =>
      about.filter((e) => e.startsWith(`remote-${kind}-`)).map((e) => e.endsWith('-available'));
    return {
      enters: about.filter((e) => e === 'remote-user-enter').length,
      first: about[0],
      audio: stream('audio'),
      video: stream('video'),
    };
  }

  /**
   * Alice is in the room with `initial` done; bob enters. `before` runs while bob is entering (not yet
   * seated), `gap` once he is seated but not yet welcomed; `bobGap` is bob's own action in that gap.
   */
  async function race(
    latencyMs: number,
    steps: {
      initial?: readonly Action[];
      before?: readonly Action[];
      gap?: readonly Action[];
      bobGap?: readonly Action[];
    },
  ) {
    const { clock, client, enter } = setup(latencyMs);
    const alice = client();
    const bob = client();
    for (const action of steps.initial ?? []) await action(alice.trtc);
    await enter(alice.trtc, 'alice');
    expect(clock.pending).toBe(0);
    const entered = bob.trtc.enterRoom({ sdkAppId: 1, userId: 'bob', userSig: 's', roomId: 1 });
    for (const action of steps.before ?? []) await action(alice.trtc);
    await clock.step(); // bob is seated: his enterRoom settles, the welcome is due next
    await entered;
    expect(bob.trtc.inRoom).toBe(true);
    expect(bob.log).toEqual([]);
    for (const action of steps.gap ?? []) await action(alice.trtc);
    for (const action of steps.bobGap ?? []) await action(bob.trtc);
    await clock.advance(latencyMs * 2);
    expect(clock.pending).toBe(0);
    return { bob: viewOf(bob.log, 'alice'), alice: viewOf(alice.log, 'bob') };
  }

  for (const latency of [0, L]) {
    describe(`latency ${latency} ms`, () => {
      it('a publish before or during the enter: one available event each', async () => {
        for (const steps of [
          { before: [audioOn, videoOn] },
          { gap: [audioOn, videoOn] },
          { before: [audioOn], gap: [videoOn] },
          { before: [videoOn], gap: [audioOn] },
        ]) {
          const { bob } = await race(latency, steps);
          expect(bob).toEqual({ enters: 1, first: 'remote-user-enter', audio: [true], video: [true] });
        }
      });

      // At latency 0 a change made once bob is seated reaches him before his welcome: it is merged into
      // it. Later it reaches him after the welcome (which shows the room as he was seated), as a change.
      const audioSeen = (merged: boolean[], changes: boolean[]) => (latency === 0 ? merged : changes);

      it('an unpublish during the enter: no stale available event', async () => {
        for (const [steps, audio] of [
          [{ before: [audioOff] }, []],
          [{ gap: [audioOff] }, audioSeen([], [true, false])],
        ] as const) {
          const { bob } = await race(latency, { initial: [audioOn, videoOn], ...steps });
          expect(bob).toEqual({ enters: 1, first: 'remote-user-enter', audio, video: [true] });
        }
      });

      it('mute toggles during the enter end in the last state, each change reported once', async () => {
        for (const [steps, audio] of [
          [{ before: [mute, unmute] }, [true]],
          [{ before: [mute], gap: [unmute] }, [true]],
          [{ gap: [mute, unmute] }, audioSeen([true], [true, false, true])],
          [{ before: [mute] }, []],
          [{ gap: [mute] }, audioSeen([], [true, false])],
          [{ before: [mute], gap: [unmute, mute] }, audioSeen([], [true, false])],
        ] as const) {
          const { bob } = await race(latency, { initial: [audioOn], ...steps });
          expect(bob).toEqual({ enters: 1, first: 'remote-user-enter', audio, video: [] });
        }
      });

      it('the one entering publishes in the gap: the others see it once, after the enter', async () => {
        const { alice, bob } = await race(latency, { initial: [audioOn], gap: [videoOn], bobGap: [audioOn] });
        expect(alice).toEqual({ enters: 1, first: 'remote-user-enter', audio: [true], video: [] });
        expect(bob).toEqual({ enters: 1, first: 'remote-user-enter', audio: [true], video: [true] });
      });
    });
  }

  it('the server peer view sends a roster with the streams published during the enter', async () => {
    const { clock, client, enter } = setup(0);
    const alice = client();
    const bob = client();
    await enter(alice.trtc, 'alice');
    const frames: unknown[] = [];
    const view = new PeerView(
      bob.trtc,
      () => 'bob',
      (f) => frames.push(f),
      () => undefined,
    );
    view.collecting = true;
    const entered = bob.trtc.enterRoom({ sdkAppId: 1, userId: 'bob', userSig: 's', roomId: 1 });
    await clock.step();
    await entered;
    await alice.trtc.startLocalAudio();
    await clock.advance(0);
    view.collecting = false;
    expect(view.members()).toEqual([{ userId: 'alice', audio: true, video: false }]);
    expect(frames).toEqual([]);
    await alice.trtc.stopLocalAudio();
    expect(frames).toEqual([{ type: 'rtc-peer-publish', userId: 'alice', audio: false, video: false }]);
  });
});
