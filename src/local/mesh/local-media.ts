import type { TRTCLocalAudioOptions, TRTCLocalVideoOptions } from '../../tencent/trtc-types';
import { TRTC_ERROR } from '../errors';
import { createVideoElement, mediaStreamClass, removeElement, resolveView } from './dom';
import type { MediaKind } from './peer';
import { rtcError } from './rtc-error';

/** A TRTC video profile: resolution, frame rate and bitrate in kbps. */
export interface VideoProfile {
  width: number;
  height: number;
  frameRate: number;
  bitrate: number;
}

/** TRTC's camera profiles (trtc-sdk-v5 d.ts, `startLocalVideo`). */
export const VIDEO_PROFILES: Readonly<Record<string, VideoProfile>> = Object.freeze({
  '360p': { width: 640, height: 360, frameRate: 15, bitrate: 800 },
  '480p': { width: 640, height: 480, frameRate: 15, bitrate: 900 },
  '720p': { width: 1280, height: 720, frameRate: 15, bitrate: 1500 },
  '1080p': { width: 1920, height: 1080, frameRate: 15, bitrate: 2000 },
});

const DEFAULT_PROFILE = VIDEO_PROFILES['480p'] as VideoProfile;

/** A named profile or a `{width, height, frameRate, bitrate}` object; `undefined` for anything else. */
export function profileOf(p: unknown): VideoProfile | undefined {
  if (typeof p === 'string') return Object.hasOwn(VIDEO_PROFILES, p) ? VIDEO_PROFILES[p] : undefined;
  if (typeof p !== 'object' || p === null) return undefined;
  const { width, height, frameRate, bitrate } = p as Record<string, unknown>;
  const ok = [width, height, frameRate, bitrate].every((v) => typeof v === 'number' && v > 0 && v < 1e5);
  return ok ? ({ width, height, frameRate, bitrate } as VideoProfile) : undefined;
}

interface Capture {
  started: boolean;
  publish: boolean;
  mute: boolean | string;
  track: MediaStreamTrack | null;
  deviceId: string | undefined;
  /** Bumped by every start/stop, so a capture that finishes after a stop is dropped. */
  generation: number;
}

const blank = (): Capture => ({
  started: false,
  publish: true,
  mute: false,
  track: null,
  deviceId: undefined,
  generation: 0,
});

/**
 * The local microphone and camera with TRTC's start / update / stop semantics. Without `mediaDevices`
 * (Node) nothing is captured, but the started / publish / mute state is kept, so the room still learns
 * what this client publishes.
 */
export class LocalCapture {
  readonly audio = blank();
  readonly video = blank();
  #profile = DEFAULT_PROFILE;
  #noiseSuppression: boolean | undefined;
  #view: HTMLElement | null = null;
  #preview: HTMLVideoElement | undefined;
  #mirror = true;
  readonly #devices: MediaDevices | undefined;
  readonly #doc: Document | undefined;
  /** Called after the track to send, or the mute / publish state, of `kind` changed. */
  readonly #changed: (kind: MediaKind) => void;

  constructor(
    devices: MediaDevices | undefined,
    doc: Document | undefined,
    changed: (kind: MediaKind) => void,
  ) {
    this.#devices = devices;
    this.#doc = doc;
    this.#changed = changed;
  }

  /** Captured, published and not muted: what the room is told (like the simulated client). */
  available(kind: MediaKind): boolean {
    const c = this[kind];
    // A video `mute` may be an image URL: TRTC then publishes the image, so video stays available.
    return c.started && c.publish && c.mute !== true;
  }

  /** The track the peers should send for `kind` (a muted track is sent disabled, i.e. silence/black). */
  sending(kind: MediaKind): MediaStreamTrack | null {
    const c = this[kind];
    return c.started && c.publish ? c.track : null;
  }

  get maxVideoBitrate(): number {
    return this.#profile.bitrate * 1000;
  }

  async startAudio(o: TRTCLocalAudioOptions = {}): Promise<void> {
    this.#noiseSuppression = o.option?.noiseSuppression ?? this.#noiseSuppression;
    await this.#capture('audio', o.option?.microphoneId, o.option?.echoCancellation);
    this.audio.publish = o.publish ?? true;
    this.audio.mute = o.mute ?? false;
    this.#apply('audio');
  }

  async updateAudio(o: TRTCLocalAudioOptions = {}): Promise<void> {
    const id = o.option?.microphoneId;
    if (this.audio.started && id !== undefined && id !== this.audio.deviceId)
      await this.#capture('audio', id);
    // The engine's fallback for noise suppression when the client has no AIDenoiser.
    const ns = o.option?.noiseSuppression;
    if (typeof ns === 'boolean') await this.setNoiseSuppression(ns);
    if (o.mute !== undefined) this.audio.mute = o.mute;
    if (o.publish !== undefined) this.audio.publish = o.publish;
    this.#apply('audio');
  }

  async startVideo(o: TRTCLocalVideoOptions = {}): Promise<void> {
    this.#setProfile(o.option?.profile);
    this.#mirror = o.option?.useFrontCamera !== false;
    await this.#capture('video', o.option?.cameraId, undefined, o.option?.useFrontCamera);
    this.video.publish = o.publish ?? true;
    this.video.mute = o.mute ?? false;
    this.#view = resolveView(this.#doc, o.view);
    this.#apply('video');
  }

  async updateVideo(o: TRTCLocalVideoOptions = {}): Promise<void> {
    const v = this.video;
    const id = o.option?.cameraId;
    const facing = o.option?.useFrontCamera;
    if (v.started && ((id !== undefined && id !== v.deviceId) || facing !== undefined)) {
      if (facing !== undefined) this.#mirror = facing;
      await this.#capture('video', id ?? v.deviceId, undefined, facing);
    }
    if (o.option?.profile !== undefined) {
      this.#setProfile(o.option.profile);
      await v.track?.applyConstraints(this.#videoConstraints(v.deviceId)).catch(() => {
        // The camera keeps its current mode when it cannot do the asked one; the bitrate cap still applies.
      });
    }
    if (o.mute !== undefined) v.mute = o.mute;
    if (o.publish !== undefined) v.publish = o.publish;
    if (o.view !== undefined) this.#view = resolveView(this.#doc, o.view);
    this.#apply('video');
  }

  stop(kind: MediaKind): void {
    const c = this[kind];
    c.generation++;
    c.track?.stop();
    c.track = null;
    c.started = false;
    this.#apply(kind);
  }

  /** Re-applies the browser's `noiseSuppression` to the microphone (the local stand-in for AIDenoiser). */
  async setNoiseSuppression(on: boolean): Promise<void> {
    this.#noiseSuppression = on;
    await this.audio.track?.applyConstraints({
      ...this.audio.track.getConstraints(),
      noiseSuppression: on,
    });
  }

  #setProfile(p: unknown): void {
    if (p === undefined) return;
    const profile = profileOf(p);
    if (profile === undefined)
      throw rtcError(TRTC_ERROR.INVALID_PARAMETER, `unknown video profile ${String(p)}`);
    this.#profile = profile;
  }

  #videoConstraints(deviceId: string | undefined, facing?: boolean): MediaTrackConstraints {
    const { width, height, frameRate } = this.#profile;
    return {
      width: { ideal: width },
      height: { ideal: height },
      frameRate: { ideal: frameRate },
      ...(deviceId !== undefined
        ? { deviceId: { exact: deviceId } }
        : facing !== undefined && { facingMode: facing ? 'user' : 'environment' }),
    };
  }

  /** (Re)captures `kind`, replacing the current track; a no-op without mediaDevices. */
  async #capture(kind: MediaKind, deviceId?: string, echo?: boolean, facing?: boolean): Promise<void> {
    const c = this[kind];
    const generation = ++c.generation;
    c.started = true;
    c.deviceId = deviceId;
    if (this.#devices === undefined) return;
    const constraints: MediaStreamConstraints =
      kind === 'audio'
        ? {
            audio: {
              ...(deviceId !== undefined && { deviceId: { exact: deviceId } }),
              ...(this.#noiseSuppression !== undefined && { noiseSuppression: this.#noiseSuppression }),
              ...(echo !== undefined && { echoCancellation: echo }),
            },
          }
        : { video: this.#videoConstraints(deviceId, facing) };
    let track: MediaStreamTrack | undefined;
    try {
      const stream = await this.#devices.getUserMedia(constraints);
      track = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
    } catch (err) {
      if (c.generation === generation) c.started = c.track !== null;
      const name = (err as { name?: unknown })?.name;
      throw rtcError(TRTC_ERROR.DEVICE_ERROR, `cannot capture the ${kind} device: ${String(name)}`, err);
    }
    if (c.generation !== generation || track === undefined) {
      track?.stop();
      throw rtcError(TRTC_ERROR.OPERATION_ABORT, `capturing the ${kind} device was aborted`);
    }
    c.track?.stop();
    c.track = track;
    c.deviceId = deviceId ?? track.getSettings?.().deviceId;
  }

  /** Applies mute to the track and the preview, then tells the owner. */
  #apply(kind: MediaKind): void {
    const c = this[kind];
    if (c.track) c.track.enabled = c.mute === false;
    if (kind === 'video') this.#renderPreview();
    this.#changed(kind);
  }

  #renderPreview(): void {
    const track = this.video.track;
    const Stream = mediaStreamClass(this.#doc);
    const view = this.#view;
    const current = this.#preview;
    const srcTrack = (current?.srcObject as MediaStream | null)?.getVideoTracks()[0];
    if (current && current.parentElement === view && srcTrack === track && track) return;
    removeElement(current);
    this.#preview = undefined;
    if (!track || !view || !Stream || this.#doc === undefined) return;
    const el = createVideoElement(this.#doc, new Stream([track]), { muted: true, mirror: this.#mirror });
    view.appendChild(el);
    this.#preview = el;
    // A muted video may always autoplay; a failure here has nothing to recover.
    el.play?.()?.catch?.(() => {});
  }

  /** Stops both devices and removes the preview (destroy). */
  stopAll(): void {
    this.stop('audio');
    this.stop('video');
    removeElement(this.#preview);
    this.#preview = undefined;
  }
}
