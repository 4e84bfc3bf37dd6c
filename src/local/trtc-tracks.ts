import { TRTC_EVENT, type TRTCLocalAudioOptions, type TRTCLocalVideoOptions } from '../tencent/trtc-types';

/**
 * Local capture of one simulated TRTC client. Nothing is captured for real: what matters to the room is
 * whether each track is "available" to the others, i.e. captured, published and not muted.
 */
export class LocalTracks {
  /** `microphoneId` / `cameraId` `undefined`: the default (first) device. */
  readonly audio: {
    started: boolean;
    publish: boolean;
    mute: boolean;
    microphoneId: string | undefined;
    /** The browser's noise suppression, on by default. */
    noiseSuppression: boolean;
  } = { started: false, publish: true, mute: false, microphoneId: undefined, noiseSuppression: true };
  readonly video: {
    started: boolean;
    publish: boolean;
    mute: boolean | string;
    view: unknown;
    cameraId: string | undefined;
    /** TRTC's default main-stream profile is '480p'. */
    profile: unknown;
    /** `option.useFrontCamera` as last given; `undefined`: the browser's choice. */
    useFrontCamera: boolean | undefined;
  } = {
    started: false,
    publish: true,
    mute: false,
    view: undefined,
    cameraId: undefined,
    profile: '480p',
    useFrontCamera: undefined,
  };

  get audioAvailable(): boolean {
    return this.audio.started && this.audio.publish && !this.audio.mute;
  }

  get videoAvailable(): boolean {
    // `mute` may be an image URL: TRTC then publishes the image, so remote video stays available.
    return this.video.started && this.video.publish && this.video.mute !== true;
  }

  startAudio(o: TRTCLocalAudioOptions | undefined): void {
    this.audio.started = true;
    this.audio.publish = o?.publish ?? true;
    this.audio.mute = o?.mute ?? false;
    this.audio.microphoneId = o?.option?.microphoneId;
    this.audio.noiseSuppression = o?.option?.noiseSuppression ?? true;
  }

  #audioOptions(o: TRTCLocalAudioOptions | undefined): void {
    if (o?.option?.microphoneId !== undefined) this.audio.microphoneId = o.option.microphoneId;
    if (o?.option?.noiseSuppression !== undefined) this.audio.noiseSuppression = o.option.noiseSuppression;
  }

  /** Incremental, like TRTC; recorded even before capture starts. */
  updateAudio(o: TRTCLocalAudioOptions | undefined): void {
    if (o?.mute !== undefined) this.audio.mute = o.mute;
    if (o?.publish !== undefined) this.audio.publish = o.publish;
    this.#audioOptions(o);
  }

  startVideo(o: TRTCLocalVideoOptions | undefined): void {
    this.video.started = true;
    this.video.publish = o?.publish ?? true;
    this.video.mute = o?.mute ?? false;
    this.video.view = o?.view;
    this.video.cameraId = o?.option?.cameraId;
    this.video.profile = o?.option?.profile ?? '480p';
    this.video.useFrontCamera = o?.option?.useFrontCamera;
  }

  updateVideo(o: TRTCLocalVideoOptions | undefined): void {
    if (o?.mute !== undefined) this.video.mute = o.mute;
    if (o?.publish !== undefined) this.video.publish = o.publish;
    if (o?.view !== undefined) this.video.view = o.view;
    if (o?.option?.cameraId !== undefined) this.video.cameraId = o.option.cameraId;
    if (o?.option?.profile !== undefined) this.video.profile = o.option.profile;
    if (o?.option?.useFrontCamera !== undefined) this.video.useFrontCamera = o.option.useFrontCamera;
  }
}

/**
 * The remote users of the room as one client knows them from its events: who is there, which streams
 * are available, and whose video it plays.
 */
export class RemoteView {
  readonly users = new Map<string, { audio: boolean; video: boolean }>();
  readonly playing = new Set<string>();

  /** Updates the view for an event about to be emitted. */
  apply(event: string, userId: string): void {
    const streams = this.users.get(userId);
    switch (event) {
      case TRTC_EVENT.REMOTE_USER_ENTER:
        this.users.set(userId, { audio: false, video: false });
        break;
      case TRTC_EVENT.REMOTE_USER_EXIT:
        this.users.delete(userId);
        this.playing.delete(userId);
        break;
      case TRTC_EVENT.REMOTE_AUDIO_AVAILABLE:
      case TRTC_EVENT.REMOTE_AUDIO_UNAVAILABLE:
        if (streams) streams.audio = event === TRTC_EVENT.REMOTE_AUDIO_AVAILABLE;
        break;
      case TRTC_EVENT.REMOTE_VIDEO_AVAILABLE:
      case TRTC_EVENT.REMOTE_VIDEO_UNAVAILABLE:
        if (streams) streams.video = event === TRTC_EVENT.REMOTE_VIDEO_AVAILABLE;
        // TRTC stops the playback of a stream that went away by itself.
        if (event === TRTC_EVENT.REMOTE_VIDEO_UNAVAILABLE) this.playing.delete(userId);
        break;
    }
  }

  clear(): void {
    this.users.clear();
    this.playing.clear();
  }
}
