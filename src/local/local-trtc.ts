import {
  TRTC_EVENT,
  type TRTCEnterRoomOptions,
  type TRTCLike,
  type TRTCLocalAudioOptions,
  type TRTCLocalVideoOptions,
} from '../tencent/trtc-types';
import { createClientEmitter } from './emitter';
import { fail, LocalBackendError, TRTC_ERROR } from './errors';
import { type Scheduler, TimerGroup, type TimerHandle } from './scheduler';
import type { DeviceFaults, LocalCaptureKind } from './trtc-devices';
import { type RoomMember, type RoomRegistry, roomOf } from './trtc-rooms';
import { LocalTracks, RemoteView } from './trtc-tracks';

/** Options of `LocalTRTCClass.create`. */
export interface LocalTRTCCreateOptions {
  /** The simulated device this client runs on, so `crashDevice` can take it down with the chat. */
  deviceId?: string;
}

/** Internal dependencies handed over by the network. */
export interface LocalTRTCDeps {
  readonly rooms: RoomRegistry;
  readonly scheduler: Scheduler;
  latency(): number;
  /** Capture failures set by `LocalNetwork.setDeviceFailure`. */
  readonly faults: DeviceFaults;
  /** Called once on destroy, so the network forgets the instance. */
  release(trtc: LocalTRTC): void;
}

const DEFAULT_VOLUME_INTERVAL_MS = 2000;

const rtcError = (code: number, message: string) => new LocalBackendError(code, message, 'RtcError');

interface Room {
  readonly key: string;
  readonly userId: string;
  readonly session: number;
  state: 'entering' | 'in';
  abort: ((err: LocalBackendError) => void) | undefined;
  /**
   * From seating until the welcome events: the others as the welcome will report them. Remote events
   * delivered in between (at latency 0 they come synchronously) are merged here instead of emitted, so
   * the welcome reports the streams as of its delivery; changes still in flight follow it as events.
   */
  welcome: RemoteView | undefined;
}

/**
 * A TRTC-compatible client with simulated media: it tracks local capture and publishing, and turns the
 * room registry's notifications into the `trtc-sdk-v5` events (dependencies.md §3.3).
 */
export class LocalTRTC implements TRTCLike, RoomMember {
  readonly deviceId: string | undefined;
  readonly #deps: LocalTRTCDeps;
  readonly #events = createClientEmitter();
  readonly #timers: TimerGroup;
  #room: Room | undefined;
  #sessions = 0;
  readonly #tracks = new LocalTracks();
  readonly #remotes = new RemoteView();
  #volumeInterval = 0;
  #volumeTimer: TimerHandle | undefined;
  #dead = false;
  #destroyed = false;
  #userSig: string | undefined;

  constructor(deps: LocalTRTCDeps, options: LocalTRTCCreateOptions = {}) {
    this.#deps = deps;
    this.#timers = new TimerGroup(deps.scheduler);
    this.deviceId = options.deviceId;
  }

  /** The userId of the current room, or `''`. */
  get userId(): string {
    return this.#room?.userId ?? '';
  }

  /** Whether this client is in a room (entered, not kicked or exited). */
  get inRoom(): boolean {
    return this.#room?.state === 'in';
  }

  /** Local audio is captured, published and not muted. */
  get audioAvailable(): boolean {
    return this.#tracks.audioAvailable;
  }

  /** Local video is captured, published and not muted. */
  get videoAvailable(): boolean {
    return this.#tracks.videoAvailable;
  }

  /** The camera in use (`option.cameraId`; `undefined` = the default one). */
  get cameraId(): string | undefined {
    return this.#tracks.video.cameraId;
  }

  get microphoneId(): string | undefined {
    return this.#tracks.audio.microphoneId;
  }

  /** `option.useFrontCamera` as last given to the camera (`undefined`: never chosen). */
  get useFrontCamera(): boolean | undefined {
    return this.#tracks.video.useFrontCamera;
  }

  /** The UserSig of the last `enterRoom`. */
  get userSig(): string | undefined {
    return this.#userSig;
  }

  /** The main-stream profile last given (`option.profile`; TRTC's default is '480p'). */
  get videoProfile(): unknown {
    return this.#tracks.video.profile;
  }

  /** The browser noise suppression (`option.noiseSuppression`), on unless turned off. */
  get noiseSuppression(): boolean {
    return this.#tracks.audio.noiseSuppression;
  }

  /** Remote users whose main video is being played (`startRemoteVideo`). */
  get playingRemoteVideos(): readonly string[] {
    return [...this.#remotes.playing];
  }

  #refuse(what: string): Promise<never> | undefined {
    if (this.#dead) return fail(TRTC_ERROR.OPERATION_ABORT, `${what}: the device crashed`, 'RtcError');
    if (this.#destroyed) return fail(TRTC_ERROR.INVALID_OPERATION, `${what}: instance destroyed`, 'RtcError');
    return undefined;
  }

  enterRoom(options: TRTCEnterRoomOptions): Promise<void> {
    const refused = this.#refuse('enterRoom');
    if (refused) return refused;
    const target = roomOf(options);
    if (typeof target === 'string')
      return fail(TRTC_ERROR.INVALID_PARAMETER, `enterRoom: ${target}`, 'RtcError');
    if (this.#room) return fail(TRTC_ERROR.INVALID_OPERATION, 'enterRoom: already in a room', 'RtcError');
    this.#userSig = options.userSig;
    const session = ++this.#sessions;
    return new Promise<void>((resolve, reject) => {
      const timer = this.#timers.schedule(
        () => {
          const room = this.#room;
          if (room?.session !== session) return;
          room.state = 'in';
          room.abort = undefined;
          const welcome = new RemoteView();
          for (const { userId, audio, video } of this.#deps.rooms.join(room.key, this, session))
            welcome.users.set(userId, { audio, video });
          room.welcome = welcome;
          resolve();
          // The welcome events follow the settled enterRoom, like server notifications would.
          this.#timers.schedule(() => this.#welcome(session), 0, true);
          this.#restartVolume();
        },
        this.#deps.latency(),
        true,
      );
      this.#room = {
        ...target,
        session,
        state: 'entering',
        welcome: undefined,
        abort: (err) => {
          timer.cancel();
          reject(err);
        },
      };
    });
  }

  /** Tells who is in the room, with the streams they publish now (see `Room.welcome`). */
  #welcome(session: number): void {
    const room = this.#room;
    const welcome = room?.welcome;
    if (room?.session !== session || welcome === undefined) return;
    room.welcome = undefined;
    for (const [userId, streams] of welcome.users) {
      this.notify(session, TRTC_EVENT.REMOTE_USER_ENTER, { userId });
      if (streams.audio) this.notify(session, TRTC_EVENT.REMOTE_AUDIO_AVAILABLE, { userId });
      if (streams.video)
        this.notify(session, TRTC_EVENT.REMOTE_VIDEO_AVAILABLE, { userId, streamType: 'main' });
    }
  }

  /** Leaves the room: aborts a pending enter, or tells the registry (a crashed member is timed out instead). */
  #leave(): void {
    const room = this.#room;
    if (room === undefined) return;
    // Tell the registry first: it reads this client's userId and streams, which reset below.
    if (room.state === 'entering')
      room.abort?.(rtcError(TRTC_ERROR.OPERATION_ABORT, 'enterRoom aborted by exitRoom'));
    else if (this.#dead) this.#deps.rooms.crash(room.key, this);
    else this.#deps.rooms.leave(room.key, this, 0);
    this.#room = undefined;
    this.#volumeTimer?.cancel();
    this.#volumeTimer = undefined;
    this.#remotes.clear();
  }

  exitRoom(): Promise<void> {
    if (!this.#dead) this.#leave();
    return Promise.resolve();
  }

  // ---- local media -----------------------------------------------------------------------------

  /** Announces a change of published-and-unmuted state to the room. */
  #changed(kind: 'audio' | 'video', before: boolean): void {
    const now = kind === 'audio' ? this.audioAvailable : this.videoAvailable;
    const room = this.#room;
    if (now !== before && room?.state === 'in') this.#deps.rooms.publish(room.key, this, kind, now);
  }

  #track(kind: 'audio' | 'video', what: string, apply: (tracks: LocalTracks) => void): Promise<void> {
    const refused = what.startsWith('stop') ? undefined : this.#refuse(what);
    if (refused) return refused;
    const before = kind === 'audio' ? this.audioAvailable : this.videoAvailable;
    apply(this.#tracks);
    this.#changed(kind, before);
    return Promise.resolve();
  }

  /** A capture that fails like the browser would (see `DeviceFaults.check`), or `undefined`. */
  #capture(
    what: string,
    kind: LocalCaptureKind,
    deviceId: unknown,
    start: boolean,
  ): Promise<never> | undefined {
    const error = this.#deps.faults.check(this.userId, what, kind, deviceId, start);
    return this.#refuse(what) ?? (error && Promise.reject(error));
  }

  startLocalAudio(options?: TRTCLocalAudioOptions): Promise<void> {
    return (
      this.#capture('startLocalAudio', 'microphone', options?.option?.microphoneId, true) ??
      this.#track('audio', 'startLocalAudio', (t) => t.startAudio(options))
    );
  }

  updateLocalAudio(options: TRTCLocalAudioOptions): Promise<void> {
    return (
      this.#capture('updateLocalAudio', 'microphone', options?.option?.microphoneId, false) ??
      this.#track('audio', 'updateLocalAudio', (t) => t.updateAudio(options))
    );
  }

  stopLocalAudio(): Promise<void> {
    return this.#track('audio', 'stopLocalAudio', (t) => {
      t.audio.started = false;
    });
  }

  startLocalVideo(options?: TRTCLocalVideoOptions): Promise<void> {
    return (
      this.#capture('startLocalVideo', 'camera', options?.option?.cameraId, true) ??
      this.#track('video', 'startLocalVideo', (t) => t.startVideo(options))
    );
  }

  updateLocalVideo(options: TRTCLocalVideoOptions): Promise<void> {
    return (
      this.#capture('updateLocalVideo', 'camera', options?.option?.cameraId, false) ??
      this.#track('video', 'updateLocalVideo', (t) => t.updateVideo(options))
    );
  }

  stopLocalVideo(): Promise<void> {
    return this.#track('video', 'stopLocalVideo', (t) => {
      t.video.started = false;
    });
  }

  // ---- remote media ----------------------------------------------------------------------------

  // biome-ignore lint/suspicious/noExplicitAny: mirrors TRTCLike.startRemoteVideo
  startRemoteVideo(options: { userId: string; streamType: any; view?: any }): Promise<void> {
    const refused = this.#refuse('startRemoteVideo');
    if (refused) return refused;
    const userId = options?.userId;
    if (!this.inRoom || typeof userId !== 'string' || !this.#remotes.users.has(userId)) {
      return fail(
        TRTC_ERROR.INVALID_OPERATION,
        `startRemoteVideo: ${String(userId)} is not in the room`,
        'RtcError',
      );
    }
    // As TRTC (extraCode 5103): there is no main stream to play while the user publishes no camera.
    if (!this.#remotes.users.get(userId)?.video) {
      return fail(TRTC_ERROR.INVALID_OPERATION, `startRemoteVideo: ${userId} publishes no video`, 'RtcError');
    }
    this.#remotes.playing.add(userId);
    return Promise.resolve();
  }

  // biome-ignore lint/suspicious/noExplicitAny: mirrors TRTCLike.stopRemoteVideo
  stopRemoteVideo(options: { userId: string; streamType?: any }): Promise<void> {
    if (options?.userId === '*') this.#remotes.playing.clear();
    else this.#remotes.playing.delete(options?.userId);
    return Promise.resolve();
  }

  enableAudioVolumeEvaluation(interval = DEFAULT_VOLUME_INTERVAL_MS): void {
    // TRTC turns the evaluation off for an interval <= 0.
    this.#volumeInterval = Number.isFinite(interval) && interval > 0 ? interval : 0;
    this.#restartVolume();
  }

  #restartVolume(): void {
    this.#volumeTimer?.cancel();
    this.#volumeTimer = undefined;
    if (this.#volumeInterval <= 0 || !this.inRoom || this.#dead) return;
    this.#volumeTimer = this.#timers.schedule(() => {
      this.#emitVolumes();
      this.#restartVolume();
    }, this.#volumeInterval);
  }

  #emitVolumes(): void {
    const level = (userId: string, audible: boolean) => {
      const volume = audible ? (this.#deps.rooms.volumes.get(userId) ?? 0) : 0;
      return { userId, volume, floatVolume: volume / 100 };
    };
    // The local user is reported as '' (dependencies.md §3.3).
    const result = [{ ...level(this.userId, this.audioAvailable), userId: '' }];
    for (const [userId, streams] of this.#remotes.users) result.push(level(userId, streams.audio));
    // Loudest first, as TRTC orders it; sort is stable, so ties keep local-then-arrival order.
    result.sort((a, b) => b.volume - a.volume);
    this.#events.emit(TRTC_EVENT.AUDIO_VOLUME, { result });
  }

  // ---- events ----------------------------------------------------------------------------------

  // biome-ignore lint/suspicious/noExplicitAny: mirrors TRTCLike.on
  on(event: string, handler: (...args: any[]) => void): this {
    this.#events.on(event, handler);
    return this;
  }

  // biome-ignore lint/suspicious/noExplicitAny: mirrors TRTCLike.off
  off(event: string, handler?: (...args: any[]) => void): this {
    this.#events.off(event, handler);
    return this;
  }

  /**
   * A remote event from the room registry (ignored once this client left that room session; merged into
   * the welcome while that is pending).
   */
  notify(session: number, event: string, payload: object): void {
    const room = this.#room;
    if (room?.session !== session || room.state !== 'in' || this.#dead) return;
    const { userId } = payload as { userId: string };
    if (room.welcome) room.welcome.apply(event, userId);
    else {
      this.#remotes.apply(event, userId);
      this.#events.emit(event, payload);
    }
  }

  kickOut(session: number): void {
    if (this.#room?.session !== session || this.#dead) return;
    this.#room = undefined;
    this.#volumeTimer?.cancel();
    this.#volumeTimer = undefined;
    this.#remotes.clear();
    this.#events.emit(TRTC_EVENT.KICKED_OUT, { reason: 'kick' });
  }

  /** `LocalNetwork.setNetworkQuality` for this client's user. */
  reportNetworkQuality(uplink: number, downlink: number): void {
    if (!this.inRoom || this.#dead) return;
    this.#events.emit(TRTC_EVENT.NETWORK_QUALITY, {
      uplinkNetworkQuality: uplink,
      downlinkNetworkQuality: downlink,
      uplinkRTT: 0,
      uplinkLoss: 0,
      downlinkRTT: 0,
      downlinkLoss: 0,
    });
  }

  /** `LocalNetwork.changeDevice`: TRTC's `device-changed`, in or out of a room. */
  reportDeviceChange(change: { type: string; action: string; device: object }): void {
    if (!this.#dead && !this.#destroyed) this.#events.emit(TRTC_EVENT.DEVICE_CHANGED, change);
  }

  /** The device died: silence, and the room times the member out (`LocalNetwork.crashDevice`). */
  crash(): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#leave();
    this.#timers.cancelAll();
    this.#events.clear();
  }

  destroy(): void {
    if (this.#destroyed) return;
    if (!this.#dead) this.#leave();
    this.#destroyed = true;
    this.#timers.cancelAll();
    this.#events.clear();
    this.#deps.release(this);
  }
}
