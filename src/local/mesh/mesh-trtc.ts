import type { Clock } from '../../clock';
import {
  TRTC_EVENT,
  type TRTCEnterRoomOptions,
  type TRTCLike,
  type TRTCLocalAudioOptions,
  type TRTCLocalVideoOptions,
} from '../../tencent/trtc-types';
import { createClientEmitter } from '../emitter';
import { TRTC_ERROR } from '../errors';
import type { LinkState, ServerLink } from '../frames';
import { roomOf } from '../trtc-rooms';
import type { DeviceChange } from './device-watch';
import { LocalCapture } from './local-media';
import { MeshRoom } from './mesh-room';
import type { MediaKind } from './peer';
import { AutoplayGuard } from './remote-media';
import { RoomReports } from './reports';
import { rtcError } from './rtc-error';
import { VolumeMeter } from './volume';

/** Everything a {@link MeshTRTC} gets from its class. */
export interface MeshEnv {
  readonly link: ServerLink;
  readonly clock: Clock;
  readonly RTCPeerConnection: typeof RTCPeerConnection | undefined;
  readonly mediaDevices: MediaDevices | undefined;
  readonly iceServers: RTCIceServer[];
  readonly document: Document | undefined;
  readonly AudioContext: typeof AudioContext | undefined;
  readonly MediaStream: typeof MediaStream | undefined;
  /** The speaker chosen with the class's `setCurrentSpeaker`. */
  sinkId(): string | undefined;
  /** Called once on destroy, so the class forgets the instance. */
  release(trtc: MeshTRTC): void;
}

/** TRTC's connection states ('DISCONNECTED' | 'CONNECTING' | 'CONNECTED'). */
export type MeshConnectionState = 'DISCONNECTED' | 'CONNECTING' | 'CONNECTED';

const DEFAULT_VOLUME_INTERVAL_MS = 2000;

const codeOf = (err: unknown, fallback: number): number => {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'number' && Number.isFinite(code) ? code : fallback;
};

/**
 * A TRTC-compatible client over the local call server: membership and stream state live on the server
 * (`rtc-*` frames), media flows peer to peer in a WebRTC mesh, one RTCPeerConnection per member. Without
 * WebRTC (Node) it still takes part in rooms, with no media.
 */
export class MeshTRTC implements TRTCLike {
  readonly #env: MeshEnv;
  readonly #events = createClientEmitter();
  readonly #capture: LocalCapture;
  readonly #guard: AutoplayGuard | undefined;
  readonly #meter: VolumeMeter;
  readonly #reports: RoomReports;
  #room: MeshRoom | undefined;
  /** The server accepted the current enter (the room is not just being entered). */
  #entered = false;
  #unlisten: (() => void)[] = [];
  /** The timer that hands the held welcome frames to the room. */
  #welcome: unknown;
  #connection: MeshConnectionState = 'DISCONNECTED';
  #destroyed = false;

  constructor(env: MeshEnv) {
    this.#env = env;
    this.#capture = new LocalCapture(env.mediaDevices, env.document, (kind) => this.#trackChanged(kind));
    this.#guard = env.document ? new AutoplayGuard(env.document) : undefined;
    this.#meter = new VolumeMeter(env.AudioContext, env.MediaStream);
    this.#reports = new RoomReports({
      clock: env.clock,
      link: env.link,
      meter: this.#meter,
      capture: this.#capture,
      quality: env.RTCPeerConnection !== undefined,
      emit: (event, payload) => this.#events.emit(event, payload),
    });
  }

  /** Whether this client is in a room (entered, not exited or kicked). */
  get inRoom(): boolean {
    return this.#entered;
  }

  /** The current TRTC connection state. */
  get connectionState(): MeshConnectionState {
    return this.#connection;
  }

  async enterRoom(options: TRTCEnterRoomOptions): Promise<void> {
    if (this.#destroyed) throw rtcError(TRTC_ERROR.INVALID_OPERATION, 'enterRoom: instance destroyed');
    const target = roomOf(options);
    if (typeof target === 'string') throw rtcError(TRTC_ERROR.INVALID_PARAMETER, `enterRoom: ${target}`);
    const { link } = this.#env;
    if (target.userId !== link.userID) {
      throw rtcError(TRTC_ERROR.INVALID_PARAMETER, `enterRoom: userId must be the server link's user`);
    }
    if (this.#room) throw rtcError(TRTC_ERROR.INVALID_OPERATION, 'enterRoom: already in a room');
    const room = this.#newRoom(target.userId);
    this.#room = room;
    this.#unlisten = [link.onFrame((frame) => room.handle(frame)), link.onState((s) => this.#linkState(s))];
    this.#setConnection('CONNECTING');
    try {
      // As in TRTC, a numeric roomId wins over strRoomId (roomOf checked whichever is used).
      const frameRoom =
        options.roomId !== undefined ? { roomId: options.roomId } : { strRoomId: options.strRoomId };
      await link.request({ type: 'rtc-enter', room: frameRoom });
    } catch (err) {
      if (this.#room !== room) throw rtcError(TRTC_ERROR.OPERATION_ABORT, 'enterRoom aborted by exitRoom');
      this.#leave();
      throw rtcError(codeOf(err, TRTC_ERROR.SERVER_ERROR), `enterRoom: ${(err as Error)?.message}`, err);
    }
    if (this.#room !== room) throw rtcError(TRTC_ERROR.OPERATION_ABORT, 'enterRoom aborted by exitRoom');
    this.#entered = true;
    this.#setConnection(link.state === 'connected' ? 'CONNECTED' : 'CONNECTING');
    // The welcome events follow the settled enterRoom, like the simulated client's.
    this.#welcome = this.#env.clock.setTimeout(() => room.ready(), 0);
    this.#reports.start(room);
  }

  exitRoom(): Promise<void> {
    if (this.#room === undefined) return Promise.resolve();
    this.#leave();
    // Not awaited: the link keeps frames in order, so a later enterRoom still comes after this, and
    // exitRoom must not hang while the link reconnects. A failure means the server dropped us anyway.
    this.#env.link.request({ type: 'rtc-exit' }).catch(() => {});
    return Promise.resolve();
  }

  // ---- local media (TRTC semantics in LocalCapture; the room hears about every change) -----------

  startLocalAudio(options?: TRTCLocalAudioOptions): Promise<void> {
    return this.#local('startLocalAudio', () => this.#capture.startAudio(options));
  }

  updateLocalAudio(options: TRTCLocalAudioOptions): Promise<void> {
    return this.#local('updateLocalAudio', () => this.#capture.updateAudio(options));
  }

  stopLocalAudio(): Promise<void> {
    this.#capture.stop('audio');
    return Promise.resolve();
  }

  startLocalVideo(options?: TRTCLocalVideoOptions): Promise<void> {
    return this.#local('startLocalVideo', () => this.#capture.startVideo(options));
  }

  updateLocalVideo(options: TRTCLocalVideoOptions): Promise<void> {
    return this.#local('updateLocalVideo', () => this.#capture.updateVideo(options));
  }

  stopLocalVideo(): Promise<void> {
    this.#capture.stop('video');
    return Promise.resolve();
  }

  // ---- remote media ----------------------------------------------------------------------------

  // biome-ignore lint/suspicious/noExplicitAny: mirrors TRTCLike.startRemoteVideo
  startRemoteVideo(options: { userId: string; streamType: any; view?: any }): Promise<void> {
    const userId = options?.userId;
    if (this.#destroyed) return Promise.reject(rtcError(TRTC_ERROR.INVALID_OPERATION, 'destroyed'));
    if (typeof userId !== 'string' || !this.#room?.members.has(userId)) {
      const message = `startRemoteVideo: ${String(userId)} is not in the room`;
      return Promise.reject(rtcError(TRTC_ERROR.INVALID_OPERATION, message));
    }
    this.#room.startRemoteVideo(userId, options.view);
    return Promise.resolve();
  }

  // biome-ignore lint/suspicious/noExplicitAny: mirrors TRTCLike.stopRemoteVideo
  stopRemoteVideo(options: { userId: string; streamType?: any }): Promise<void> {
    if (typeof options?.userId === 'string') this.#room?.stopRemoteVideo(options.userId);
    return Promise.resolve();
  }

  enableAudioVolumeEvaluation(interval = DEFAULT_VOLUME_INTERVAL_MS): void {
    this.#reports.setVolumeInterval(interval);
  }

  /**
   * `AIDenoiser` only: without Tencent's denoiser, the browser's own `noiseSuppression` constraint is
   * switched on for the microphone. Needs local audio first, as TRTC does.
   */
  // biome-ignore lint/suspicious/noExplicitAny: TRTC's plugin options differ per plugin
  startPlugin(plugin: string, _options?: any): Promise<void> {
    return this.#plugin('startPlugin', plugin, true);
  }

  stopPlugin(plugin: string): Promise<void> {
    return this.#plugin('stopPlugin', plugin, false);
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

  /** Re-routes remote audio after the class's `setCurrentSpeaker`. */
  applySink(): void {
    this.#room?.applySink();
  }

  /** The class's device watch: TRTC's `device-changed`. */
  reportDeviceChange(change: DeviceChange): void {
    if (!this.#destroyed) this.#events.emit(TRTC_EVENT.DEVICE_CHANGED, change);
  }

  destroy(): void {
    if (this.#destroyed) return;
    void this.exitRoom();
    this.#destroyed = true;
    this.#capture.stopAll();
    this.#guard?.dispose();
    this.#meter.close();
    this.#events.clear();
    this.#env.release(this);
  }

  // ---- internals -------------------------------------------------------------------------------

  #newRoom(userId: string): MeshRoom {
    const env = this.#env;
    return new MeshRoom({
      link: env.link,
      userId,
      RTCPeerConnection: env.RTCPeerConnection,
      iceServers: env.iceServers,
      doc: env.document,
      guard: this.#guard,
      capture: this.#capture,
      emit: (event, payload) => this.#events.emit(event, payload),
      autoplayFailed: (id, mediaType, resume) =>
        this.#events.emit(TRTC_EVENT.AUTOPLAY_FAILED, { userId: id, mediaType, resume }),
      sinkId: env.sinkId,
      kicked: (reason) => {
        this.#leave();
        this.#events.emit(TRTC_EVENT.KICKED_OUT, { reason });
      },
      // DOMExceptions carry a legacy numeric `code` that means nothing to TRTC: always OPERATION_FAILED.
      onError: (err) => this.#error(TRTC_ERROR.OPERATION_FAILED, err),
    });
  }

  /** Leaves the room locally: closes the mesh, stops listening and timing. Local capture stays. */
  #leave(): void {
    for (const unlisten of this.#unlisten) unlisten();
    this.#unlisten = [];
    this.#env.clock.clearTimeout(this.#welcome);
    this.#room?.close();
    this.#room = undefined;
    this.#entered = false;
    this.#reports.stop();
    this.#setConnection('DISCONNECTED');
  }

  #linkState(state: LinkState): void {
    if (this.#room === undefined) return;
    if (state === 'reconnecting') {
      this.#setConnection('CONNECTING', true);
    } else if (state === 'connected') {
      // While entering, the enter's reply moves us to CONNECTED instead.
      if (!this.#entered) return;
      this.#setConnection('CONNECTED');
      // The session resumed; resend what we publish if an update was lost, and revive dead peers.
      this.#room.syncPublish();
      this.#room.restartIce();
    } else {
      this.#leave();
      const err = rtcError(
        TRTC_ERROR.OPERATION_FAILED,
        'the connection to the call server closed',
        undefined,
        5502,
      );
      this.#events.emit(TRTC_EVENT.ERROR, err);
    }
  }

  #setConnection(state: MeshConnectionState, isReconnecting = false): void {
    const prevState = this.#connection;
    if (prevState === state) return;
    this.#connection = state;
    this.#events.emit(TRTC_EVENT.CONNECTION_STATE_CHANGED, {
      prevState,
      state,
      ...(isReconnecting && { isReconnecting }),
    });
  }

  #local(what: string, run: () => Promise<void>): Promise<void> {
    if (this.#destroyed) return Promise.reject(rtcError(TRTC_ERROR.INVALID_OPERATION, `${what}: destroyed`));
    return run();
  }

  #trackChanged(kind: MediaKind): void {
    this.#room?.trackChanged(kind);
  }

  async #plugin(what: string, plugin: string, on: boolean): Promise<void> {
    if (this.#destroyed) throw rtcError(TRTC_ERROR.INVALID_OPERATION, `${what}: destroyed`);
    if (plugin !== 'AIDenoiser') {
      throw rtcError(
        TRTC_ERROR.INVALID_PARAMETER,
        `${what}: plugin ${String(plugin)} is not available locally`,
      );
    }
    if (on && !this.#capture.audio.started) {
      throw rtcError(TRTC_ERROR.INVALID_OPERATION, `${what}: start local audio first`, undefined, 5106);
    }
    try {
      await this.#capture.setNoiseSuppression(on);
    } catch (err) {
      throw rtcError(TRTC_ERROR.OPERATION_FAILED, `${what}: noiseSuppression not applied`, err);
    }
  }

  #error(code: number, cause: unknown): void {
    const message = (cause as Error)?.message ?? String(cause);
    this.#events.emit(TRTC_EVENT.ERROR, rtcError(code, message, cause));
  }
}
