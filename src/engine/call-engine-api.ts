import type { MediaType } from '../machine/types';
import type { CameraFacing, DeviceKind, MediaDevice, VideoEncoding } from '../ports/media';
import type { GroupCallInfo } from '../protocol/group-call-info';
import type { CallEngineEvents } from './events';
import type {
  CallParams,
  CallResult,
  GroupCallParams,
  InviteUserParams,
  JoinGroupCallParams,
  SelfInfo,
} from './options';
import type { CallSnapshot } from './snapshot';

/** The headless call engine. Create one per logged-in user and device with {@link createCallEngine}. */
export interface CallEngine {
  /** Places a 1v1 call. Resolves once the invitation is sent, with the call id. */
  call(params: CallParams): Promise<CallResult>;
  /** Answers the ringing call; resolves once this device is in the call. */
  accept(): Promise<void>;
  /** Declines the ringing call. */
  reject(): Promise<void>;
  /** Stops ringing on this device without telling anyone; the caller keeps ringing until its timeout. */
  ignore(): void;
  /** Cancels an outgoing call, declines an incoming one, or leaves the call. A no-op when there is no call. */
  hangup(): Promise<void>;
  /**
   * Calls several members of a Chat group at once (one group invitation, TUICallKit payload B). Each
   * invitee answers on their own; the call is `accepted` for the caller as soon as one accepts.
   * Rejects with -1002 when the edition has no group calls, -1202 beyond `maxGroupParticipants` people (this user included).
   */
  groupCall(params: GroupCallParams): Promise<CallResult>;
  /**
   * Invites more users into the running group call (payload C); anyone in the call may. Users already
   * in the call are skipped. Resolves with the users actually invited.
   */
  inviteUser(params: InviteUserParams): Promise<{ invited: string[] }>;
  /** Enters an ongoing group call without an invitation (no signaling, as in TUICallKit). */
  joinInGroupCall(params: JoinGroupCallParams): Promise<void>;
  /**
   * The group's ongoing call, from its `inner_attr_kit_info` group attribute (maintained by
   * TUICallKit's backend, or by the local backend); `null` when there is none.
   */
  getGroupCallInfo(groupID: string): Promise<GroupCallInfo | null>;
  /**
   * Calls `listener` with the group's ongoing call (or `null`) now and whenever it changes; returns
   * the unsubscribe function.
   */
  watchGroupCall(groupID: string, listener: (info: GroupCallInfo | null) => void): () => void;
  /** Switches a 1v1 video call to audio on both sides. */
  switchCallMediaType(mediaType: MediaType): Promise<void>;
  /**
   * Turns the camera on, rendering the local preview into `view` (a DOM element or its id; ignored by
   * simulated media). Outside the media room (before a call, while ringing) it only chooses the view: the camera starts
   * with a video call.
   */
  openCamera(view?: unknown): Promise<void>;
  /** Turns the camera off; it stays off for this call until `openCamera`. */
  closeCamera(): Promise<void>;
  /** Unmutes the microphone; a choice made before the call applies when it starts. */
  openMicrophone(): Promise<void>;
  /** Mutes the microphone. */
  closeMicrophone(): Promise<void>;
  /** Shows `userID`'s camera in `view` now, or as soon as it is available, until `stopRemoteView`. */
  startRemoteView(userID: string, view: unknown): Promise<void>;
  stopRemoteView(userID: string): Promise<void>;
  /** The cameras, microphones or speakers of this device (`label` may be '' before permission). */
  getDevices(kind: DeviceKind): Promise<MediaDevice[]>;
  /** Uses another camera, microphone or speaker, now and for later calls. */
  switchDevice(kind: DeviceKind, deviceId: string): Promise<void>;
  /** AI noise suppression (TRTC AIDenoiser) or the browser's `noiseSuppression`, on or off. */
  setNoiseSuppression(enabled: boolean): Promise<void>;
  /**
   * Uses another camera encoding from now on: a TRTC profile name ('360p', '480p', '720p', '1080p', …)
   * or `{width, height, frameRate, bitrate}` (TUICallEngine's `setVideoQuality`). Applies to the running
   * camera, unless the network is weak (the low profile stays until it recovers), and to later calls.
   */
  setVideoProfile(profile: VideoEncoding): Promise<void>;
  /**
   * Switches between the front and back camera (phones, tablets): to `facing`, or to the other one when
   * omitted. Resolves with the facing in use. Applies now and to later calls.
   */
  switchCamera(facing?: CameraFacing): Promise<CameraFacing>;
  /**
   * The TRTC instance this engine uses (created on first use, the same for every call until `destroy`),
   * or `null` with a custom media port that has none. The escape hatch for what the engine does not
   * wrap — beauty and virtual background plugins, screen sharing, statistics, render parameters — at
   * the app's own risk: do not enter or leave rooms or start and stop the call's own camera and
   * microphone through it.
   */
  getTRTCInstance<T = unknown>(): T | null;
  /**
   * Uses a new UserSig from the next room entry on, without recreating the engine. `expiresAt` (ms on
   * the engine's clock) arms `userSigExpiring` `userSigRefreshMs` before it. The Chat SDK's own login
   * is the app's: refresh it there (Chat raises `KICKED_OUT` with `userSigExpired` otherwise).
   */
  updateUserSig(userSig: string, options?: { expiresAt?: number }): void;
  /** Sets this user's nickname and avatar in the Chat profile (TUICallEngine's `setSelfInfo`). */
  setSelfInfo(info: SelfInfo): Promise<void>;
  /** The UI shows the call as a small floating window (`snapshot.minimized`); reset when the call ends. */
  setMinimized(minimized: boolean): void;
  /**
   * Turns multi-device calling on or off (TUICallKit `enableMultiDeviceAbility`). Turning it on rejects
   * with -1002 when the edition lacks it.
   */
  enableMultiDeviceAbility(enable: boolean): Promise<void>;
  /** The current immutable snapshot; the same object until something changes. */
  getSnapshot(): CallSnapshot;
  /** Calls `listener` after every snapshot change; returns the unsubscribe function. */
  subscribe(listener: (snapshot: CallSnapshot) => void): () => void;
  /** Listens to one typed event; returns the unsubscribe function. */
  on<K extends keyof CallEngineEvents>(name: K, handler: (payload: CallEngineEvents[K]) => void): () => void;
  /** Like `on`, for the next occurrence only. */
  once<K extends keyof CallEngineEvents>(
    name: K,
    handler: (payload: CallEngineEvents[K]) => void,
  ): () => void;
  /** Ends any call, removes every listener and timer, and releases the media client. */
  destroy(): Promise<void>;
}
