import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MediaFact } from '../src/ports/media';
import {
  createTRTCMedia,
  TRTC_EVENT,
  type TRTCClassLike,
  type TRTCEnterRoomOptions,
  type TRTCLike,
  type TRTCLocalAudioOptions,
  type TRTCLocalVideoOptions,
} from '../src/tencent/index';

type Listener = (payload: unknown) => void;

/** Records calls in order; `fail` makes a method reject; `gate` holds enterRoom until released. */
class FakeTRTC implements TRTCLike {
  readonly calls: [string, ...unknown[]][] = [];
  readonly handlers = new Map<string, Set<Listener>>();
  readonly fail = new Map<string, unknown>();
  gate: Promise<void> | undefined;

  private rec(name: string, ...args: unknown[]): Promise<void> {
    this.calls.push([name, ...args]);
    return this.fail.has(name) ? Promise.reject(this.fail.get(name)) : Promise.resolve();
  }
  async enterRoom(o: TRTCEnterRoomOptions): Promise<void> {
    await this.rec('enterRoom', o);
    await this.gate;
  }
  exitRoom = () => this.rec('exitRoom');
  startLocalAudio = (o?: TRTCLocalAudioOptions) => this.rec('startLocalAudio', ...(o ? [o] : []));
  updateLocalAudio = (o: TRTCLocalAudioOptions) => this.rec('updateLocalAudio', o);
  stopLocalAudio = () => this.rec('stopLocalAudio');
  startLocalVideo = (o?: TRTCLocalVideoOptions) => this.rec('startLocalVideo', o);
  updateLocalVideo = (o: TRTCLocalVideoOptions) => this.rec('updateLocalVideo', o);
  stopLocalVideo = () => this.rec('stopLocalVideo');
  startRemoteVideo = (o: object) => this.rec('startRemoteVideo', o);
  stopRemoteVideo = (o: object) => this.rec('stopRemoteVideo', o);
  enableAudioVolumeEvaluation(interval?: number): void {
    this.calls.push(['enableAudioVolumeEvaluation', interval]);
  }
  on(event: string, h: Listener): this {
    const set = this.handlers.get(event) ?? new Set();
    set.add(h);
    this.handlers.set(event, set);
    return this;
  }
  off(event: string, h: Listener): this {
    this.handlers.get(event)?.delete(h);
    return this;
  }
  destroy(): void {
    this.calls.push(['destroy']);
  }
  emit(event: string, payload: unknown): void {
    for (const h of this.handlers.get(event) ?? []) h(payload);
  }
  handlerCount(): number {
    return [...this.handlers.values()].reduce((n, s) => n + s.size, 0);
  }
  names(): string[] {
    return this.calls.map((c) => c[0]);
  }
}

function setup() {
  const instances: FakeTRTC[] = [];
  const TRTC: TRTCClassLike = {
    create: () => {
      const t = new FakeTRTC();
      instances.push(t);
      return t;
    },
  };
  const media = createTRTCMedia(TRTC, { sdkAppId: 1400000001, userId: 'alice', userSig: 'sig' });
  const facts: MediaFact[] = [];
  media.listen((f) => facts.push(f));
  const trtc = (): FakeTRTC => {
    const t = instances[0];
    if (t === undefined) throw new Error('TRTC.create() was not called');
    return t;
  };
  return { media, facts, instances, trtc };
}

const creds = { sdkAppId: 1400000001, userId: 'alice', userSig: 'sig' };
const roomParams = { role: 'anchor', scene: 'rtc', autoReceiveAudio: true, autoReceiveVideo: false };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createTRTCMedia: room and local media', () => {
  it('creates the TRTC instance lazily, once', async () => {
    const { media, instances } = setup();
    expect(instances).toHaveLength(0);
    await media.exitRoom();
    await media.stopLocalAudio();
    expect(instances).toHaveLength(0);
    await media.enterRoom({ roomId: 42, strRoomId: '' });
    await media.startLocalAudio();
    expect(instances).toHaveLength(1);
  });

  it('enters a numeric room as anchor/rtc, then enables volume evaluation', async () => {
    const { media, trtc } = setup();
    await media.enterRoom({ roomId: 1258947667, strRoomId: 'ignored' });
    expect(trtc().calls).toEqual([
      ['enterRoom', { ...creds, roomId: 1258947667, ...roomParams }],
      ['enableAudioVolumeEvaluation', 500],
    ]);
  });

  it('enters a string room with strRoomId only', async () => {
    const { media, trtc } = setup();
    await media.enterRoom({ roomId: 0, strRoomId: 'room_abc' });
    expect(trtc().calls[0]).toEqual(['enterRoom', { ...creds, strRoomId: 'room_abc', ...roomParams }]);
  });

  it('refuses a room with neither id (5000) without creating TRTC', async () => {
    const { media, instances } = setup();
    const err = await media.enterRoom({ roomId: 0, strRoomId: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: 5000 });
    await expect(media.enterRoom({ roomId: 1.5, strRoomId: '' })).rejects.toMatchObject({ code: 5000 });
    expect(instances).toHaveLength(0);
  });

  it('exitRoom is a no-op outside a room and calls TRTC once inside', async () => {
    const { media, trtc } = setup();
    await media.enterRoom({ roomId: 7, strRoomId: '' });
    await media.exitRoom();
    await media.exitRoom();
    expect(
      trtc()
        .names()
        .filter((n) => n === 'exitRoom'),
    ).toHaveLength(1);
  });

  it('an exitRoom while entering reaches TRTC and wins', async () => {
    const { media, trtc } = setup();
    let release = (): void => {};
    const entering = media.enterRoom({ roomId: 7, strRoomId: '' });
    trtc().gate = new Promise<void>((r) => {
      release = r;
    });
    await Promise.resolve();
    await media.exitRoom();
    release();
    await entering;
    await media.exitRoom();
    expect(trtc().names()).toEqual(['enterRoom', 'exitRoom']);
  });

  it('maps local audio and video calls to the TRTC API', async () => {
    const { media, trtc } = setup();
    const view = { id: 'el' };
    await media.startLocalAudio();
    await media.muteLocalAudio(true);
    await media.stopLocalAudio();
    await media.startLocalVideo({ view, publish: false });
    // A second start while the camera runs only moves it to the new view.
    await media.startLocalVideo({ view: 'other' });
    await media.muteLocalVideo(false);
    await media.stopLocalVideo();
    await media.startLocalVideo();
    expect(trtc().calls).toEqual([
      ['startLocalAudio'],
      ['updateLocalAudio', { mute: true }],
      ['stopLocalAudio'],
      ['startLocalVideo', { view, publish: false, option: { profile: '720p' } }],
      ['updateLocalVideo', { view: 'other' }],
      ['updateLocalVideo', { mute: false }],
      ['stopLocalVideo'],
      ['startLocalVideo', { option: { profile: '720p' } }],
    ]);
  });

  it('re-throws RtcError-like failures as Error with numeric code and cause', async () => {
    const { media, trtc } = setup();
    await media.startLocalAudio();
    const rtcError = Object.assign(new Error('device busy'), { code: 5300, extraCode: 5301 });
    trtc().fail.set('startLocalVideo', rtcError);
    const err = await media.startLocalVideo().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: 5300, message: 'device busy', cause: rtcError });
    trtc().fail.set('enterRoom', 'weird');
    await expect(media.enterRoom({ roomId: 3, strRoomId: '' })).rejects.toMatchObject({ code: 5999 });
    await media.exitRoom();
    expect(trtc().names()).not.toContain('exitRoom');
  });
});

describe('createTRTCMedia: events', () => {
  async function entered() {
    const s = setup();
    await s.media.enterRoom({ roomId: 1, strRoomId: '' });
    return s;
  }

  it('registers a handler per mapped event', async () => {
    const { trtc } = await entered();
    const mapped = [
      TRTC_EVENT.REMOTE_USER_ENTER,
      TRTC_EVENT.REMOTE_USER_EXIT,
      TRTC_EVENT.REMOTE_AUDIO_AVAILABLE,
      TRTC_EVENT.REMOTE_AUDIO_UNAVAILABLE,
      TRTC_EVENT.REMOTE_VIDEO_AVAILABLE,
      TRTC_EVENT.REMOTE_VIDEO_UNAVAILABLE,
      TRTC_EVENT.AUDIO_VOLUME,
      TRTC_EVENT.NETWORK_QUALITY,
      TRTC_EVENT.CONNECTION_STATE_CHANGED,
      TRTC_EVENT.KICKED_OUT,
      TRTC_EVENT.ERROR,
      TRTC_EVENT.AUTOPLAY_FAILED,
      TRTC_EVENT.DEVICE_CHANGED,
    ];
    expect([...trtc().handlers.keys()].sort()).toEqual([...mapped].sort());
  });

  it('maps device-changed to a deviceChanged fact and skips malformed ones', async () => {
    const { trtc, facts } = await entered();
    const t = trtc();
    const device = { deviceId: 'cam-2', label: 'USB', kind: 'videoinput', groupId: 'g' };
    t.emit(TRTC_EVENT.DEVICE_CHANGED, { type: 'camera', action: 'add', device });
    t.emit(TRTC_EVENT.DEVICE_CHANGED, { type: 'speaker', action: 'active', device: { deviceId: 's' } });
    t.emit(TRTC_EVENT.DEVICE_CHANGED, { type: 'printer', action: 'add', device });
    t.emit(TRTC_EVENT.DEVICE_CHANGED, { type: 'camera', action: 'explode', device });
    t.emit(TRTC_EVENT.DEVICE_CHANGED, { type: 'camera', action: 'add', device: { deviceId: 7 } });
    t.emit(TRTC_EVENT.DEVICE_CHANGED, null);
    expect(facts).toEqual([
      { type: 'deviceChanged', kind: 'camera', action: 'add', device: { deviceId: 'cam-2', label: 'USB' } },
      { type: 'deviceChanged', kind: 'speaker', action: 'active', device: { deviceId: 's', label: '' } },
    ]);
  });

  it('maps every vendor event to its fact', async () => {
    const { trtc, facts } = await entered();
    const t = trtc();
    t.emit(TRTC_EVENT.REMOTE_USER_ENTER, { userId: 'bob' });
    t.emit(TRTC_EVENT.REMOTE_USER_EXIT, { userId: 'bob', reason: 1 });
    t.emit(TRTC_EVENT.REMOTE_USER_EXIT, { userId: 'bob' });
    t.emit(TRTC_EVENT.REMOTE_AUDIO_AVAILABLE, { userId: 'bob' });
    t.emit(TRTC_EVENT.REMOTE_AUDIO_UNAVAILABLE, { userId: 'bob' });
    t.emit(TRTC_EVENT.REMOTE_VIDEO_AVAILABLE, { userId: 'bob', streamType: 'main' });
    t.emit(TRTC_EVENT.REMOTE_VIDEO_UNAVAILABLE, { userId: 'bob' });
    t.emit(TRTC_EVENT.AUDIO_VOLUME, {
      result: [
        { userId: 'bob', volume: 80, floatVolume: 0.8 },
        { userId: '', volume: 3 },
      ],
    });
    t.emit(TRTC_EVENT.NETWORK_QUALITY, { uplinkNetworkQuality: 1, downlinkNetworkQuality: 4, uplinkRTT: 30 });
    t.emit(TRTC_EVENT.KICKED_OUT, { reason: 'banned' });
    t.emit(TRTC_EVENT.ERROR, { code: 5500, extraCode: 5501, message: 'failed' });
    expect(facts).toEqual([
      { type: 'remoteUserEnter', userID: 'bob' },
      { type: 'remoteUserExit', userID: 'bob', reason: 1 },
      { type: 'remoteUserExit', userID: 'bob' },
      { type: 'remoteAudioAvailable', userID: 'bob', available: true },
      { type: 'remoteAudioAvailable', userID: 'bob', available: false },
      { type: 'remoteVideoAvailable', userID: 'bob', available: true },
      { type: 'remoteVideoAvailable', userID: 'bob', available: false },
      {
        type: 'audioVolume',
        volumes: [
          { userID: 'bob', volume: 80 },
          { userID: '', volume: 3 },
        ],
      },
      { type: 'networkQuality', userID: '', quality: 4 },
      { type: 'kicked', reason: 'banned' },
      { type: 'error', code: 5500, message: 'failed' },
    ]);
  });

  it.each([
    ['CONNECTED', 'connected'],
    ['RECONNECTED', 'connected'],
    ['CONNECTING', 'connecting'],
    ['RECONNECTING', 'reconnecting'],
    ['DISCONNECTED', 'disconnected'],
  ])('maps connection state %s to %s', async (state, expected) => {
    const { trtc, facts } = await entered();
    trtc().emit(TRTC_EVENT.CONNECTION_STATE_CHANGED, { prevState: 'X', state });
    expect(facts).toEqual([{ type: 'connectionState', state: expected }]);
  });

  it('skips bad payloads and sub-stream video', async () => {
    const { trtc, facts } = await entered();
    const t = trtc();
    for (const bad of [undefined, null, 'bob', [], {}, { userId: 7 }, { userId: '' }]) {
      t.emit(TRTC_EVENT.REMOTE_USER_ENTER, bad);
      t.emit(TRTC_EVENT.REMOTE_USER_EXIT, bad);
      t.emit(TRTC_EVENT.REMOTE_AUDIO_AVAILABLE, bad);
      t.emit(TRTC_EVENT.REMOTE_VIDEO_UNAVAILABLE, bad);
      t.emit(TRTC_EVENT.AUDIO_VOLUME, bad);
      t.emit(TRTC_EVENT.NETWORK_QUALITY, bad);
      t.emit(TRTC_EVENT.CONNECTION_STATE_CHANGED, bad);
    }
    t.emit(TRTC_EVENT.REMOTE_VIDEO_AVAILABLE, { userId: 'bob', streamType: 'sub' });
    t.emit(TRTC_EVENT.AUDIO_VOLUME, { result: 'loud' });
    t.emit(TRTC_EVENT.NETWORK_QUALITY, { uplinkNetworkQuality: 9, downlinkNetworkQuality: -1 });
    t.emit(TRTC_EVENT.CONNECTION_STATE_CHANGED, { state: 'FLYING' });
    expect(facts).toEqual([]);
    // Bad entries are dropped from a volume list, good ones kept.
    t.emit(TRTC_EVENT.AUDIO_VOLUME, {
      result: [null, { userId: 'bob' }, { userId: 'c', volume: Number.NaN }, { userId: 'd', volume: 5 }],
    });
    // One unusable side of the link does not hide the other.
    t.emit(TRTC_EVENT.NETWORK_QUALITY, { uplinkNetworkQuality: 2, downlinkNetworkQuality: 'x' });
    expect(facts).toEqual([
      { type: 'audioVolume', volumes: [{ userID: 'd', volume: 5 }] },
      { type: 'networkQuality', userID: '', quality: 2 },
    ]);
  });

  it('still reports kicks and errors with odd payloads', async () => {
    const { trtc, facts } = await entered();
    trtc().emit(TRTC_EVENT.KICKED_OUT, null);
    trtc().emit(TRTC_EVENT.ERROR, 'boom');
    expect(facts).toEqual([
      { type: 'kicked', reason: 'unknown' },
      { type: 'error', code: 5999, message: '' },
    ]);
  });

  it('isolates handler exceptions from the TRTC emitter', async () => {
    const tasks: (() => void)[] = [];
    vi.stubGlobal('queueMicrotask', (cb: () => void) => tasks.push(cb));
    const { media, trtc } = await entered();
    media.listen(() => {
      throw new Error('boom');
    });
    expect(() => trtc().emit(TRTC_EVENT.REMOTE_USER_ENTER, { userId: 'bob' })).not.toThrow();
    expect(() => tasks[0]?.()).toThrow('boom');
  });
});

describe('createTRTCMedia: destroy', () => {
  it('exits, stops local media, removes every handler and destroys TRTC, once', async () => {
    const { media, trtc, facts } = setup();
    await media.enterRoom({ roomId: 1, strRoomId: '' });
    await media.startLocalAudio();
    await media.startLocalVideo({ publish: false });
    const t = trtc();
    t.calls.length = 0;
    const first = media.destroy();
    const second = media.destroy();
    await Promise.all([first, second]);
    await media.destroy();
    expect(t.names()).toEqual(['exitRoom', 'stopLocalAudio', 'stopLocalVideo', 'destroy']);
    expect(t.handlerCount()).toBe(0);
    t.emit(TRTC_EVENT.REMOTE_USER_ENTER, { userId: 'bob' });
    expect(facts).toEqual([]);
  });

  it('skips what was never started and releases TRTC even when a step fails', async () => {
    const { media, trtc } = setup();
    await media.enterRoom({ roomId: 1, strRoomId: '' });
    await media.startLocalAudio();
    await media.stopLocalAudio();
    const t = trtc();
    t.fail.set('exitRoom', new Error('gone'));
    t.calls.length = 0;
    await expect(media.destroy()).resolves.toBeUndefined();
    expect(t.names()).toEqual(['exitRoom', 'destroy']);
  });

  it('never creates TRTC just to destroy it, and refuses new work afterwards', async () => {
    const { media, instances } = setup();
    await media.destroy();
    expect(instances).toHaveLength(0);
    await expect(media.enterRoom({ roomId: 1, strRoomId: '' })).rejects.toMatchObject({ code: 5100 });
    await expect(media.startLocalAudio()).rejects.toBeInstanceOf(Error);
    await expect(media.exitRoom()).resolves.toBeUndefined();
    await expect(media.stopLocalVideo()).resolves.toBeUndefined();
    expect(instances).toHaveLength(0);
  });
});
