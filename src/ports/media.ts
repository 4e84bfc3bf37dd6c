/** A TRTC room: numeric (`roomId` > 0) or string (`strRoomId` non-empty). */
export interface RoomRef {
  readonly roomId: number;
  readonly strRoomId: string;
}

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

/** A kind of local media device. */
export type DeviceKind = 'camera' | 'microphone' | 'speaker';

/** A media device as listed by {@link MediaPort.getDevices}. `label` may be '' before permission. */
export interface MediaDevice {
  readonly deviceId: string;
  readonly label: string;
}

/**
 * Encoding of the local camera: `'standard'` is the configured profile (TRTC adapter default `'720p'`),
 * `'low'` is 360p at 15 fps / 800 kbps, used while the network is weak.
 */
export type VideoProfile = 'low' | 'standard';

/** The camera's encoding: a TRTC profile name ('360p', '480p', '720p', '1080p', …) or explicit values. */
export type VideoEncoding =
  | string
  | { readonly width: number; readonly height: number; readonly frameRate: number; readonly bitrate: number };

/** Which camera of a device with two (phones, tablets). */
export type CameraFacing = 'front' | 'back';

/** How a device list changed: plugged in, unplugged, or became the one in use. */
export type DeviceAction = 'add' | 'remove' | 'active';

/** A fact reported by the media layer. */
export type MediaFact =
  | { readonly type: 'remoteUserEnter'; readonly userID: string }
  | { readonly type: 'remoteUserExit'; readonly userID: string; readonly reason?: number }
  | { readonly type: 'remoteAudioAvailable'; readonly userID: string; readonly available: boolean }
  | { readonly type: 'remoteVideoAvailable'; readonly userID: string; readonly available: boolean }
  /** `userID` '' is the local user. */
  | { readonly type: 'audioVolume'; readonly volumes: readonly { userID: string; volume: number }[] }
  /** TRTC 0..6 scale; `userID` '' is the local uplink. */
  | { readonly type: 'networkQuality'; readonly userID: string; readonly quality: number }
  /** `reconnecting` while TRTC recovers a room it was connected to. */
  | { readonly type: 'connectionState'; readonly state: ConnectionState }
  /** The browser blocked playback of a remote user's media until a user gesture. */
  | { readonly type: 'autoplayFailed'; readonly userID: string }
  | { readonly type: 'kicked'; readonly reason: string }
  | {
      readonly type: 'deviceChanged';
      readonly kind: DeviceKind;
      readonly action: DeviceAction;
      readonly device: MediaDevice;
    }
  | { readonly type: 'error'; readonly code: number; readonly message: string };

/**
 * Media port: what the engine needs from TRTC. Every method rejects on failure, with an `Error` whose
 * numeric `code` is TRTC's and whose `cause` is the original (a capture failure keeps the browser's
 * `NotAllowedError` / `NotFoundError` there, see `deviceFailureOf`).
 */
export interface MediaPort {
  enterRoom(room: RoomRef): Promise<void>;
  exitRoom(): Promise<void>;
  /** `mute` starts capture muted, so nothing is heard before the user unmutes. */
  startLocalAudio(options?: { mute?: boolean }): Promise<void>;
  muteLocalAudio(mute: boolean): Promise<void>;
  stopLocalAudio(): Promise<void>;
  /**
   * `view` is a DOM element or element id in browsers; ignored by simulated media. While the camera
   * runs, a second call only moves it to the new view.
   */
  startLocalVideo(options?: { view?: unknown; publish?: boolean }): Promise<void>;
  muteLocalVideo(mute: boolean): Promise<void>;
  stopLocalVideo(): Promise<void>;
  /** Plays a remote user's camera in `view`; rejects when the user publishes no video. */
  startRemoteVideo(userID: string, view: unknown): Promise<void>;
  stopRemoteVideo(userID: string): Promise<void>;
  getDevices(kind: DeviceKind): Promise<MediaDevice[]>;
  /** Uses this device from now on (also for captures started later). */
  switchDevice(kind: DeviceKind, deviceId: string): Promise<void>;
  /** Needs a running microphone when it is done by a plugin (TRTC's AIDenoiser). */
  setNoiseSuppression(enabled: boolean): Promise<void>;
  /** Applies to the running camera and to the next one. */
  setVideoProfile(profile: VideoProfile): Promise<void>;
  listen(handler: (fact: MediaFact) => void): () => void;
  destroy(): Promise<void>;
  /** The vendor client (the TRTC instance), created if needed; `null` once destroyed. */
  getClient?(): unknown;
  /** A fresh UserSig, used from the next room entry and plugin start on. */
  setUserSig?(userSig: string): void;
  /** Replaces the `standard` encoding; applied to a running camera unless the `low` profile is on. */
  setVideoEncoding?(encoding: VideoEncoding): Promise<void>;
  /** Uses the front or back camera, now and for later captures (an explicit camera choice yields to it). */
  setCameraFacing?(facing: CameraFacing): Promise<void>;
}
