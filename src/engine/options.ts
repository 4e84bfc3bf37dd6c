import type { Clock } from '../clock';
import type { MediaType } from '../machine/types';
import type { AccountPort } from '../ports/account';
import type { MediaPort, VideoEncoding } from '../ports/media';
import type { SignalingPort } from '../ports/signaling';
import type { OfflinePushInfo } from '../protocol/types';
import type { ChatLike } from '../tencent/chat-types';
import type { TRTCClassLike } from '../tencent/trtc-types';
import type { NetworkPolicyFactory } from './network-policy';
import type { Ringtone } from './ringtone';

/** Where the engine writes diagnostics. Every method is optional. */
export interface Logger {
  debug?(message: string, detail?: unknown): void;
  info?(message: string, detail?: unknown): void;
  warn?(message: string, detail?: unknown): void;
  error?(message: string, detail?: unknown): void;
}

/** Options of {@link createCallEngine}. */
export interface CallEngineOptions {
  /** The logged-in user. Must match the user the chat instance is logged in as. */
  userID: string;
  /** A logged-in `@tencentcloud/chat` instance, or a local Chat-compatible client. */
  chat: ChatLike;
  /** The `TRTC` class of trtc-sdk-v5 (with static `create()`), or the local TRTC-compatible class. */
  TRTC: TRTCClassLike;
  /** TRTC SDKAppID, used to enter rooms. */
  sdkAppId: number;
  /** UserSig of `userID`, used to enter rooms. */
  userSig: string;
  /** Default ringing timeout in seconds (TUICallKit: 30). */
  timeout?: number;
  /**
   * How long (ms) to wait, once in the call, for the peer to appear in the media room before ending it.
   * Covers an accept that crossed a cancel, and a peer that vanished between accept and media. Default 15 000.
   */
  connectTimeout?: number;
  /** Time source for every timer of the engine. Defaults to the system clock. */
  clock?: Clock;
  /** Random source in [0, 1) for room numbers. Defaults to `Math.random`. */
  random?: () => number;
  /** `platform` written into outgoing signaling (TUICallKit sends the OS name). Default 'Web'. */
  platform?: string;
  logger?: Logger;
  /** Receives xstate inspection events of the call machine (for devtools and tests). */
  inspect?: (event: unknown) => void;
  /**
   * Multi-device calling (TUICallKit "multi-device login calls"): every device of the user rings, the
   * first to answer wins, the others end `otherDeviceAccepted` / `otherDeviceRejected`, and a call to
   * a user busy on another device is answered busy. Default: on when the edition allows it (group-call
   * editions and trial); `false` behaves like TUICallKit without the ability. `true` on an edition
   * without it reports error -1002 and stays off.
   */
  multiDevice?: boolean;
  /**
   * Most people a group call may hold, this user included (so the caller may invite one fewer): the
   * snapshot's participants still in the call or invited, plus this user. Default 9 (TUICallKit's
   * documented group size: 8 invitees); from 2 to 300 (TRTC's rtc scene). Beyond it, `groupCall` and
   * `inviteUser` reject with -1202 and send nothing.
   */
  maxGroupParticipants?: number;
  /**
   * Plays the dialing tone while calling and the ringtone while ringing, stopping on accept or end
   * (browsers; see `createRingtone`). Blocked autoplay is reported as `ringtoneBlocked`.
   */
  ringtone?: Ringtone;
  /**
   * Opt-in reaction to poor network quality, e.g. `weakNetworkPolicy()` from
   * `headless-call-engine/network-policy`: the engine then emits `networkWeak` / `networkRecovered` and
   * uses the low camera profile while a link is weak. Without it neither event is emitted.
   */
  networkPolicy?: NetworkPolicyFactory;
  /** Passed to `TRTC.create()`, e.g. `{ plugins: [AIDenoiser] }` or `{ enableAutoPlayDialog: false }`. */
  trtcCreateOptions?: object;
  /**
   * The camera profile (TRTC name such as '720p', or `{width, height, frameRate, bitrate}`); change it
   * later with `setVideoProfile`.
   */
  videoProfile?: VideoEncoding;
  /**
   * When `userSig` expires, in ms on the engine's clock (`Date.now()` by default): `userSigExpiring` fires
   * `userSigRefreshMs` before, so the app can mint a new one and call `updateUserSig`.
   */
  userSigExpiresAt?: number;
  /** How long before `userSigExpiresAt` to warn, in ms (default 300 000: five minutes). */
  userSigRefreshMs?: number;
  /** Use TRTC's AIDenoiser for `setNoiseSuppression` (needs its hosted assets, HTTPS and a TRTC plan). */
  denoiser?: { assetsPath?: string; mode?: 0 | 1 };
  /** Replace the Chat account adapter: abilities and user status (advanced). */
  account?: AccountPort;
  /** Replace the Chat signaling adapter (advanced: custom transports). */
  signaling?: SignalingPort;
  /** Replace the TRTC media adapter (advanced: custom media). */
  media?: MediaPort;
}

/** Parameters of `engine.call()`. */
export interface CallParams {
  userID: string;
  mediaType: MediaType;
  /** Ringing timeout in seconds (1..3600); defaults to the engine's `timeout`. */
  timeout?: number;
  /** App data delivered to the callee in `callReceived.userData` (≤ 8 KiB). */
  userData?: string;
  /** Offline push (native devices): title, description, extension … (TUICallKit format). */
  offlinePushInfo?: OfflinePushInfo;
  /** Use this numeric TRTC room (1..2147483647) instead of a random one. */
  roomID?: number;
  /** Use this string TRTC room (≤ 64 bytes) instead of a numeric one. */
  strRoomID?: string;
}

/** Result of `engine.call()`. */
export interface CallResult {
  callId: string;
}

/** Parameters of `engine.groupCall()`: those of `call()`, with a group and its invitees instead of a user. */
export interface GroupCallParams extends Omit<CallParams, 'userID'> {
  /** An existing Chat group; every invitee must be a member. */
  groupID: string;
  /** Whom to invite (not yourself); duplicates are ignored. */
  userIDList: string[];
}

/** Parameters of `engine.inviteUser()`. */
export interface InviteUserParams {
  /** Users to invite into the running group call; those already in it are skipped. */
  userIDList: string[];
  /** Ringing timeout in seconds; defaults to the call's. */
  timeout?: number;
  /** App data the new invitees get in `callReceived.userData` (≤ 8 KiB); defaults to the call's. */
  userData?: string;
  /** Offline push for the new invitees (native devices), as for `call()`. */
  offlinePushInfo?: OfflinePushInfo;
}

/** Parameters of `engine.setSelfInfo()` (TUICallEngine's, stored in the Chat profile). */
export interface SelfInfo {
  /** The nickname others see (Chat profile `nick`). */
  nickName: string;
  /** URL of the avatar (Chat profile `avatar`). */
  avatar: string;
}

/** Parameters of `engine.joinInGroupCall()`: the call's group and room (see `getGroupCallInfo`). */
export interface JoinGroupCallParams {
  groupID: string;
  roomID?: number;
  strRoomID?: string;
  mediaType: MediaType;
}
