/**
 * The subset of `trtc-sdk-v5` the engine uses, typed structurally so the real TRTC class (checked in
 * test/vendor-types.test-d.ts) and the local TRTC-compatible client both fit.
 * Never import the vendor package at runtime: it throws on import outside a browser.
 */

/** `TRTC.EVENT` names the engine listens to. */
export const TRTC_EVENT = Object.freeze({
  ERROR: 'error',
  AUTOPLAY_FAILED: 'autoplay-failed',
  KICKED_OUT: 'kicked-out',
  REMOTE_USER_ENTER: 'remote-user-enter',
  REMOTE_USER_EXIT: 'remote-user-exit',
  REMOTE_AUDIO_AVAILABLE: 'remote-audio-available',
  REMOTE_AUDIO_UNAVAILABLE: 'remote-audio-unavailable',
  REMOTE_VIDEO_AVAILABLE: 'remote-video-available',
  REMOTE_VIDEO_UNAVAILABLE: 'remote-video-unavailable',
  AUDIO_VOLUME: 'audio-volume',
  NETWORK_QUALITY: 'network-quality',
  CONNECTION_STATE_CHANGED: 'connection-state-changed',
  DEVICE_CHANGED: 'device-changed',
} as const);

export type TRTCEventName = (typeof TRTC_EVENT)[keyof typeof TRTC_EVENT];

export interface TRTCEnterRoomOptions {
  sdkAppId: number;
  userId: string;
  userSig: string;
  roomId?: number;
  strRoomId?: string;
  // biome-ignore lint/suspicious/noExplicitAny: TRTC declares these as const enums; the adapter passes the string values
  role?: any;
  // biome-ignore lint/suspicious/noExplicitAny: see role
  scene?: any;
  autoReceiveAudio?: boolean;
  autoReceiveVideo?: boolean;
}

export interface TRTCLocalAudioOptions {
  publish?: boolean;
  mute?: boolean;
  option?: { microphoneId?: string; noiseSuppression?: boolean; echoCancellation?: boolean };
}

export interface TRTCLocalVideoOptions {
  // biome-ignore lint/suspicious/noExplicitAny: an element, an element id or null in browsers
  view?: any;
  publish?: boolean;
  mute?: boolean | string;
  option?: { cameraId?: string; useFrontCamera?: boolean; profile?: string | object };
}

/** Structural subset of a `TRTC` instance. */
export interface TRTCLike {
  enterRoom(options: TRTCEnterRoomOptions): Promise<void>;
  exitRoom(): Promise<void>;
  startLocalAudio(options?: TRTCLocalAudioOptions): Promise<void>;
  updateLocalAudio(options: TRTCLocalAudioOptions): Promise<void>;
  stopLocalAudio(): Promise<void>;
  startLocalVideo(options?: TRTCLocalVideoOptions): Promise<void>;
  updateLocalVideo(options: TRTCLocalVideoOptions): Promise<void>;
  stopLocalVideo(): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: see TRTCLocalVideoOptions.view
  startRemoteVideo(options: { userId: string; streamType: any; view?: any }): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: streamType is a const enum in the vendor d.ts
  stopRemoteVideo(options: { userId: string; streamType?: any }): Promise<void>;
  enableAudioVolumeEvaluation(interval?: number, enableInBackground?: boolean): void;
  // biome-ignore lint/suspicious/noExplicitAny: event payloads differ per event
  on(event: string, handler: (...args: any[]) => void): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: see on
  off(event: string, handler: (...args: any[]) => void): unknown;
  destroy(): void;
  /** Optional: TRTC-compatible clients without plugins leave it out (noise suppression falls back). */
  // biome-ignore lint/suspicious/noExplicitAny: the vendor overloads are generic over the plugin name
  startPlugin?(plugin: 'AIDenoiser', options: any): Promise<unknown>;
  stopPlugin?(plugin: 'AIDenoiser'): Promise<unknown>;
}

/** A device as the `TRTC.get…List()` statics return it (a `MediaDeviceInfo` in browsers). */
export interface TRTCDeviceInfo {
  deviceId: string;
  label: string;
}

/**
 * Structural subset of the `TRTC` class: the engine is given the class and calls `create()`. The device
 * statics are optional so that clients without devices still fit; the adapter rejects (5200) without them.
 */
export interface TRTCClassLike {
  create(options?: object): TRTCLike;
  getCameraList?(requestPermission?: boolean): Promise<TRTCDeviceInfo[]>;
  getMicrophoneList?(requestPermission?: boolean): Promise<TRTCDeviceInfo[]>;
  getSpeakerList?(requestPermission?: boolean): Promise<TRTCDeviceInfo[]>;
  setCurrentSpeaker?(speakerId: string): Promise<void>;
}
