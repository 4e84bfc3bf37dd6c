import { describe, expect, it } from 'vitest';
import { deviceFailureOf } from '../src/engine/device-failure';
import { MediaSession } from '../src/engine/media-session';
import { createLocalNetwork, type LocalTRTC, type LocalTRTCClass } from '../src/local/index';
import type { MediaFact } from '../src/ports/media';
import { createTRTCMedia, TRTC_EVENT, type TRTCClassLike, type TRTCLike } from '../src/tencent/index';
import { VirtualClock } from '../src/testing/virtual-clock';

const L = 20;
const ROOM = { roomId: 7, strRoomId: '' };
const domError = (name: string) => Object.assign(new Error(`${name} (simulated)`), { name });

/** Users on one local network, each with the real TRTC adapter under a MediaSession. */
function localSetup() {
  const clock = new VirtualClock();
  const network = createLocalNetwork({ clock, latencyMs: L });
  function user(userId: string) {
    const cls = network.trtcForDevice(`device-${userId}`);
    let instance: LocalTRTC | undefined;
    // The device's class, with create() recording the instance so the test can look inside it.
    const TRTC: LocalTRTCClass = Object.create(cls, { create: { value: () => (instance = cls.create()) } });
    const media = createTRTCMedia(TRTC, { sdkAppId: 1400000000, userId, userSig: 'sig' });
    const errors: [string, unknown][] = [];
    let localChanges = 0;
    const session = new MediaSession(
      media,
      (error, op) => errors.push([op, error]),
      () => localChanges++,
    );
    const facts: MediaFact[] = [];
    media.listen((fact) => {
      session.observe(fact);
      facts.push(fact);
    });
    const trtc = (): LocalTRTC => {
      if (!instance) throw new Error('no TRTC instance yet');
      return instance;
    };
    const video = (from: string) =>
      facts.flatMap((f) => (f.type === 'remoteVideoAvailable' && f.userID === from ? [f.available] : []));
    const audio = (from: string) =>
      facts.flatMap((f) => (f.type === 'remoteAudioAvailable' && f.userID === from ? [f.available] : []));
    return { session, media, facts, errors, trtc, video, audio, changes: () => localChanges, TRTC };
  }
  async function enter(...users: ReturnType<typeof user>[]) {
    for (const u of users) {
      const entered = u.session.enter(ROOM);
      await clock.advance(L);
      await entered;
    }
    await clock.advance(L);
  }
  return { clock, network, user, enter };
}

describe('MediaSession on the local TRTC: local controls', () => {
  it('closes and opens the microphone and camera, visibly to the peer', async () => {
    const { user, enter, clock } = localSetup();
    const alice = user('alice');
    const bob = user('bob');
    await enter(alice, bob);
    await alice.session.publish(true);
    await clock.advance(L);
    expect(bob.audio('alice')).toEqual([true]);
    expect(bob.video('alice')).toEqual([true]);
    // One notification per operation, however much it changed.
    expect([alice.session.microphoneOn, alice.session.cameraOn, alice.changes()]).toEqual([true, true, 1]);

    await alice.session.closeMicrophone();
    await alice.session.closeCamera();
    await clock.advance(L);
    expect([alice.session.microphoneOn, alice.session.cameraOn]).toEqual([false, false]);
    expect(bob.audio('alice')).toEqual([true, false]);
    expect(bob.video('alice')).toEqual([true, false]);
    // Publishing again (e.g. a replayed "accepted") respects what the user closed.
    await alice.session.publish(true);
    expect(alice.trtc().videoAvailable).toBe(false);
    expect(alice.trtc().audioAvailable).toBe(false);

    await alice.session.openMicrophone();
    await alice.session.openCamera('view-1');
    await clock.advance(L);
    expect(bob.audio('alice')).toEqual([true, false, true]);
    expect(bob.video('alice')).toEqual([true, false, true]);
    expect([alice.session.microphoneOn, alice.session.cameraOn, alice.changes()]).toEqual([true, true, 5]);

    await alice.session.leave();
    expect([alice.session.microphoneOn, alice.session.cameraOn]).toEqual([false, false]);
    expect(alice.errors).toEqual([]);
  });

  it('a microphone closed before the call starts muted, and the choice ends with the call', async () => {
    const { user, enter, clock } = localSetup();
    const alice = user('alice');
    const bob = user('bob');
    await alice.session.closeMicrophone();
    await enter(alice, bob);
    await alice.session.publish(false);
    await clock.advance(L);
    expect(alice.session.microphoneOn).toBe(false);
    expect(bob.audio('alice')).toEqual([]);
    await alice.session.openMicrophone();
    await clock.advance(L);
    expect(bob.audio('alice')).toEqual([true]);

    await alice.session.closeMicrophone();
    await alice.session.leave();
    await enter(alice);
    await alice.session.publish(false);
    expect(alice.session.microphoneOn).toBe(true);
  });

  it('capture() rejects with the device failure; publish() reports it instead', async () => {
    const { user, enter, network } = localSetup();
    const bob = user('bob');
    await enter(bob);
    network.setDeviceFailure('bob', 'microphone', domError('NotAllowedError'));
    const error = await bob.session.capture(false).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 5300 });
    expect(deviceFailureOf(error)).toBe('permission');
    expect(bob.session.microphoneOn).toBe(false);

    await bob.session.publish(false);
    expect(bob.errors.map(([op]) => op)).toEqual(['startLocalAudio']);

    network.setDeviceFailure('*', 'camera', domError('NotFoundError'));
    network.setDeviceFailure('bob', 'microphone', undefined);
    const camera = await bob.session.capture(true).catch((e: unknown) => e);
    expect(deviceFailureOf(camera)).toBe('device');
    // The microphone started before the camera failed, and keeps running.
    expect(bob.session.microphoneOn).toBe(true);
    expect(deviceFailureOf(new Error('other'))).toBeUndefined();
  });
});

describe('MediaSession on the local TRTC: remote views', () => {
  it('plays a remote camera when it is available, and again when it comes back', async () => {
    const { user, enter, clock } = localSetup();
    const alice = user('alice');
    const bob = user('bob');
    await enter(alice, bob);
    await bob.session.startRemoteView('alice', 'tile-alice');
    expect(bob.trtc().playingRemoteVideos).toEqual([]);
    // TRTC refuses to play a user who publishes no camera.
    await expect(bob.trtc().startRemoteVideo({ userId: 'alice', streamType: 'main' })).rejects.toMatchObject({
      code: 5100,
    });

    await alice.session.publish(true);
    await clock.advance(L);
    expect(bob.trtc().playingRemoteVideos).toEqual(['alice']);
    await alice.session.closeCamera();
    await clock.advance(L);
    expect(bob.trtc().playingRemoteVideos).toEqual([]);
    await alice.session.openCamera();
    await clock.advance(L);
    expect(bob.trtc().playingRemoteVideos).toEqual(['alice']);

    await bob.session.stopRemoteView('alice');
    expect(bob.trtc().playingRemoteVideos).toEqual([]);
    await alice.session.closeCamera();
    await alice.session.openCamera();
    await clock.advance(L);
    expect(bob.trtc().playingRemoteVideos).toEqual([]);
    expect(bob.errors).toEqual([]);
  });

  it('plays at once when the camera is already available; views end with the call', async () => {
    const { user, enter, clock } = localSetup();
    const alice = user('alice');
    const bob = user('bob');
    await enter(alice, bob);
    await alice.session.publish(true);
    await clock.advance(L);
    await bob.session.startRemoteView('alice', 'tile');
    expect(bob.trtc().playingRemoteVideos).toEqual(['alice']);
    await bob.session.leave();
    await enter(bob);
    expect(bob.trtc().playingRemoteVideos).toEqual([]);
    await expect(bob.session.startRemoteView('carol', 'tile')).resolves.toBeUndefined();
  });
});

describe('MediaSession on the local TRTC: devices, noise suppression, profile', () => {
  it('lists the simulated devices and switches them', async () => {
    const { user, enter, network } = localSetup();
    const alice = user('alice');
    expect(await alice.session.getDevices('camera')).toEqual([
      { deviceId: 'camera-front', label: 'Simulated front camera' },
      { deviceId: 'camera-back', label: 'Simulated back camera' },
    ]);
    expect((await alice.session.getDevices('microphone')).map((d) => d.deviceId)).toEqual(['microphone-1']);
    expect((await alice.session.getDevices('speaker')).map((d) => d.deviceId)).toEqual(['speaker-1']);

    // Chosen before capture: used when the camera starts.
    await alice.session.switchDevice('camera', 'camera-back');
    await enter(alice);
    await alice.session.publish(true);
    expect(alice.trtc().cameraId).toBe('camera-back');
    await alice.session.switchDevice('camera', 'camera-front');
    expect(alice.trtc().cameraId).toBe('camera-front');
    await expect(alice.session.switchDevice('camera', 'camera-x')).rejects.toMatchObject({ code: 5300 });
    expect(alice.trtc().cameraId).toBe('camera-front');
    await alice.session.switchDevice('microphone', 'microphone-1');
    expect(alice.trtc().microphoneId).toBe('microphone-1');
    await alice.session.switchDevice('speaker', 'speaker-1');
    expect(alice.TRTC.currentSpeakerId).toBe('speaker-1');
    expect(network.TRTC.currentSpeakerId).toBe('');
    await expect(alice.session.switchDevice('speaker', 'nope')).rejects.toMatchObject({ code: 5300 });
    // Switching devices shows nothing to the others: the streams stay available.
    expect(alice.trtc().videoAvailable).toBe(true);
  });

  it('remembers noise suppression until the microphone runs, and sets the video profile', async () => {
    const { user, enter } = localSetup();
    const alice = user('alice');
    await alice.session.setNoiseSuppression(false);
    await enter(alice);
    expect(alice.trtc().noiseSuppression).toBe(true);
    await alice.session.publish(true);
    expect(alice.trtc().noiseSuppression).toBe(false);
    await alice.session.setNoiseSuppression(true);
    expect([alice.trtc().noiseSuppression, alice.session.noiseSuppression]).toEqual([true, true]);

    expect(alice.trtc().videoProfile).toBe('720p');
    await alice.session.setVideoProfile('low');
    expect([alice.trtc().videoProfile, alice.session.videoProfile]).toEqual(['360p', 'low']);
    await alice.session.closeCamera();
    await alice.session.openCamera();
    expect(alice.trtc().videoProfile).toBe('360p');
    await alice.session.setVideoProfile('standard');
    expect(alice.trtc().videoProfile).toBe('720p');
    expect(alice.errors).toEqual([]);
  });
});

type Listener = (payload: unknown) => void;

/** A minimal TRTC fake recording calls, with optional plugin support and device statics. */
function fakeSetup(
  opts: { plugins?: boolean; statics?: boolean; denoiser?: boolean; profile?: string } = {},
) {
  const calls: unknown[][] = [];
  const handlers = new Map<string, Listener>();
  const rec =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
      return Promise.resolve();
    };
  const instance = {
    enterRoom: rec('enterRoom'),
    exitRoom: rec('exitRoom'),
    startLocalAudio: rec('startLocalAudio'),
    updateLocalAudio: rec('updateLocalAudio'),
    stopLocalAudio: rec('stopLocalAudio'),
    startLocalVideo: rec('startLocalVideo'),
    updateLocalVideo: rec('updateLocalVideo'),
    stopLocalVideo: rec('stopLocalVideo'),
    startRemoteVideo: rec('startRemoteVideo'),
    stopRemoteVideo: rec('stopRemoteVideo'),
    enableAudioVolumeEvaluation: () => undefined,
    on: (event: string, h: Listener) => handlers.set(event, h),
    off: () => undefined,
    destroy: () => undefined,
    ...(opts.plugins && { startPlugin: rec('startPlugin'), stopPlugin: rec('stopPlugin') }),
  } satisfies TRTCLike;
  const cameras = [
    { deviceId: 'c1', label: 'Cam', kind: 'videoinput', groupId: 'g' },
    { label: 'no id' },
    { deviceId: 'c2', label: 7 },
  ];
  const TRTC = {
    create: (options?: object) => {
      calls.push(['create', options]);
      return instance;
    },
    ...(opts.statics && {
      getCameraList: () => Promise.resolve(cameras as never),
      getMicrophoneList: () => Promise.resolve([]),
      getSpeakerList: () => Promise.reject(Object.assign(new Error('denied'), { name: 'NotAllowedError' })),
      setCurrentSpeaker: rec('setCurrentSpeaker'),
    }),
  } satisfies TRTCClassLike;
  const media = createTRTCMedia(TRTC, {
    sdkAppId: 1400000001,
    userId: 'alice',
    userSig: 'sig',
    createOptions: { assetsPath: '/trtc-assets' },
    ...(opts.denoiser && { denoiser: { assetsPath: '/trtc-assets' } }),
    ...(opts.profile && { videoProfile: opts.profile }),
  });
  const facts: MediaFact[] = [];
  media.listen((f) => facts.push(f));
  const emit = (event: string, payload: unknown) => handlers.get(event)?.(payload);
  const names = () => calls.map((c) => c[0]);
  return { media, calls, facts, emit, names };
}

describe('createTRTCMedia: media controls against trtc-sdk-v5', () => {
  it('uses the AIDenoiser plugin when configured and available, after the microphone starts', async () => {
    const { media, calls, names } = fakeSetup({ plugins: true, denoiser: true });
    const session = new MediaSession(media, () => undefined);
    await session.setNoiseSuppression(true);
    expect(names()).toEqual([]);
    await session.enter(ROOM);
    await session.publish(false);
    await session.setNoiseSuppression(true);
    await session.setNoiseSuppression(false);
    expect(calls).toEqual([
      ['create', { assetsPath: '/trtc-assets' }],
      ['enterRoom', expect.not.objectContaining({ denoiser: expect.anything() })],
      ['startLocalAudio', undefined],
      [
        'startPlugin',
        'AIDenoiser',
        { assetsPath: '/trtc-assets', sdkAppId: 1400000001, userId: 'alice', userSig: 'sig' },
      ],
      ['stopPlugin', 'AIDenoiser'],
    ]);
  });

  it.each([
    ['no denoiser option', { plugins: true }],
    ['a client without plugins', { denoiser: true }],
  ])('falls back to the browser noise suppression with %s', async (_, opts) => {
    const { media, calls } = fakeSetup(opts);
    await media.setNoiseSuppression(true);
    expect(calls.at(-1)).toEqual(['updateLocalAudio', { option: { noiseSuppression: true } }]);
  });

  it('lists devices through the TRTC statics, keeping only well-formed entries', async () => {
    const { media, calls } = fakeSetup({ statics: true });
    expect(await media.getDevices('camera')).toEqual([
      { deviceId: 'c1', label: 'Cam' },
      { deviceId: 'c2', label: '' },
    ]);
    expect(await media.getDevices('microphone')).toEqual([]);
    const denied = await media.getDevices('speaker').catch((e: unknown) => e);
    expect(denied).toMatchObject({ code: 5300 });
    expect(deviceFailureOf(denied)).toBe('permission');
    await expect(media.getDevices('screen' as never)).rejects.toMatchObject({ code: 5000 });
    await media.switchDevice('speaker', 's1');
    expect(calls.at(-1)).toEqual(['setCurrentSpeaker', 's1']);
    await expect(fakeSetup().media.getDevices('camera')).rejects.toMatchObject({ code: 5200 });
    await expect(media.switchDevice('camera', '')).rejects.toMatchObject({ code: 5000 });
  });

  it('applies chosen devices and profiles to running and later captures', async () => {
    const { media, calls } = fakeSetup({ profile: '1080p' });
    await media.switchDevice('microphone', 'm2');
    await media.switchDevice('camera', 'c2');
    await media.setVideoProfile('low');
    expect(calls).toEqual([]);
    await media.startLocalAudio({ mute: true });
    await media.startLocalVideo({ view: 'v' });
    await media.switchDevice('camera', 'c1');
    await media.switchDevice('microphone', 'm1');
    await media.setVideoProfile('standard');
    await expect(media.setVideoProfile('high' as never)).rejects.toMatchObject({ code: 5000 });
    expect(calls.slice(1)).toEqual([
      ['startLocalAudio', { mute: true, option: { microphoneId: 'm2' } }],
      ['startLocalVideo', { view: 'v', option: { cameraId: 'c2', profile: '360p' } }],
      ['updateLocalVideo', { option: { cameraId: 'c1' } }],
      ['updateLocalAudio', { option: { microphoneId: 'm1' } }],
      ['updateLocalVideo', { option: { profile: '1080p' } }],
    ]);
  });

  it('plays remote main streams', async () => {
    const { media, calls } = fakeSetup();
    await media.startRemoteVideo('bob', 'tile');
    await media.stopRemoteVideo('bob');
    await expect(media.startRemoteVideo('', 'tile')).rejects.toMatchObject({ code: 5000 });
    expect(calls.slice(1)).toEqual([
      ['startRemoteVideo', { userId: 'bob', streamType: 'main', view: 'tile' }],
      ['stopRemoteVideo', { userId: 'bob', streamType: 'main' }],
    ]);
  });

  it('reports autoplay failures and a reconnection as "reconnecting"', async () => {
    const { media, facts, emit } = fakeSetup();
    await media.enterRoom(ROOM);
    const states = ['CONNECTING', 'CONNECTED', 'CONNECTING', 'CONNECTING', 'RECONNECTED', 'DISCONNECTED'];
    for (const state of states) emit(TRTC_EVENT.CONNECTION_STATE_CHANGED, { state });
    emit(TRTC_EVENT.CONNECTION_STATE_CHANGED, { state: 'CONNECTING', isReconnecting: true });
    await media.exitRoom();
    await media.enterRoom(ROOM);
    emit(TRTC_EVENT.CONNECTION_STATE_CHANGED, { state: 'CONNECTING' });
    emit(TRTC_EVENT.AUTOPLAY_FAILED, { userId: 'bob', mediaType: 'audio', resume: () => undefined });
    emit(TRTC_EVENT.AUTOPLAY_FAILED, null);
    expect(facts).toEqual([
      { type: 'connectionState', state: 'connecting' },
      { type: 'connectionState', state: 'connected' },
      { type: 'connectionState', state: 'reconnecting' },
      { type: 'connectionState', state: 'reconnecting' },
      { type: 'connectionState', state: 'connected' },
      { type: 'connectionState', state: 'disconnected' },
      { type: 'connectionState', state: 'reconnecting' },
      { type: 'connectionState', state: 'connecting' },
      { type: 'autoplayFailed', userID: 'bob' },
      { type: 'autoplayFailed', userID: '' },
    ]);
  });
});
