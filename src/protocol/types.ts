import type { MediaType } from '../machine/types';

/** Values of the inner `data.cmd` field (wire-protocol §4.1, §12.2). */
export type WireCmd = 'audioCall' | 'videoCall' | 'hangup' | 'switchToAudio' | 'switchToVideo' | '';

/**
 * Inner call data (TUICallKit v2 signaling, version 4) after tolerant decoding (wire-protocol §7).
 * Field names are normalised; `raw` keeps the parsed object so it can be re-sent (consumed marker E).
 */
export interface CallPayload {
  readonly version: number;
  readonly platform: string;
  /** From `call_type`: 1 audio, 2 video; `undefined` when absent or 0. */
  readonly mediaType: MediaType | undefined;
  readonly cmd: WireCmd;
  /** `room_id || data.room_id`, 0 when none. */
  readonly roomId: number;
  /** `str_room_id || data.str_room_id`, '' when none. */
  readonly strRoomId: string;
  /** `data.inviter`: the original caller ('' in switch messages). */
  readonly inviter: string;
  /** `data.userIDs`: invitees of this invitation ([] when absent). */
  readonly userIDs: readonly string[];
  /** Mid-call invitation: users already in the call (top level or inside `data`). */
  readonly inCallUserIDs: readonly string[] | undefined;
  /** Mid-call invitation: the call id (first inviteID). */
  readonly initialCallId: string | undefined;
  /** `consumed` at the top level or inside `data`. */
  readonly consumed: boolean;
  /** Busy reject (§7.1 rule 6). */
  readonly lineBusy: boolean;
  /** Switch marker `switch_to_audio_call` present, or cmd switchToAudio. */
  readonly switchToAudio: boolean;
  /** Hangup duration in seconds (`call_end`, or `data.cmdInfo` from old native clients). */
  readonly callEnd: number;
  readonly userData: string;
  readonly message: string;
  /** The parsed JSON object as received. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** Result of decoding an inner data string. Failures carry a machine-readable code and a reason. */
export type DecodeResult =
  | { readonly ok: true; readonly payload: CallPayload }
  | {
      readonly ok: false;
      /** `not-json` | `not-object` | `not-av-call` | `unsupported-version` | `invalid-field` */
      readonly code: DecodeFailure;
      readonly reason: string;
    };

export type DecodeFailure =
  | 'not-json'
  | 'not-object'
  | 'not-av-call'
  | 'unsupported-version'
  | 'invalid-field';

/** What a call message is about; the codec turns it into the exact inner data of a golden payload. */
export interface CallDescriptor {
  readonly mediaType: MediaType;
  /** Numeric TRTC room, 0 when a string room is used. */
  readonly roomId: number;
  /** String TRTC room, '' when a numeric room is used. */
  readonly strRoomId: string;
  /** The original caller of the call. */
  readonly inviter: string;
  readonly group: boolean;
}

/** App-facing offline push settings (mapped onto TUICallKit's A2 object). */
export interface OfflinePushInfo {
  title?: string;
  description?: string;
  /** App extension string; wrapped as `extra_info` in the push extension JSON. */
  extension?: string;
  disablePush?: boolean;
  /** 0 = VoIP push allowed (iOS), 1 = disabled. */
  disableVoipPush?: boolean;
  ignoreIOSBadge?: boolean;
  iOSSound?: string;
  androidSound?: string;
  androidOPPOChannelID?: string;
  androidVIVOClassification?: number;
  androidXiaoMiChannelID?: string;
  androidFCMChannelID?: string;
  androidHuaWeiCategory?: string;
}

/** The Chat SDK's `offlinePushInfo` object as TUICallKit sends it (golden A2). */
export interface WireOfflinePushInfo {
  androidInfo: Record<string, string | number>;
  apnsInfo: { disableVoipPush: number; ignoreIOSBadge: boolean; image: string; sound: string };
  description: string;
  disablePush: boolean;
  title: string;
  extension: string;
}

/**
 * A call message the engine wants to send, described by meaning. The adapter encodes it into
 * TUICallKit's inner data (golden payloads A–N).
 */
export type OutboundSignal =
  /** A (1v1), B (group) or C (mid-call, with inCallUserIDs and initialCallId). */
  | {
      readonly type: 'invite';
      readonly call: CallDescriptor;
      readonly userIDs: readonly string[];
      readonly userData: string;
      readonly inCallUserIDs?: readonly string[];
      readonly initialCallId?: string;
    }
  /** D */
  | { readonly type: 'accept'; readonly call: CallDescriptor }
  /** F (or G when busy) */
  | { readonly type: 'reject'; readonly call: CallDescriptor; readonly busy?: boolean }
  /** H */
  | { readonly type: 'cancel'; readonly call: CallDescriptor }
  /** K (1v1) or L (group), sent as an invitation with timeout 0 */
  | { readonly type: 'hangup'; readonly call: CallDescriptor; readonly durationSec: number }
  /** M */
  | { readonly type: 'switchToAudio'; readonly call: CallDescriptor }
  /** N */
  | { readonly type: 'switchAccept'; readonly call: CallDescriptor };
