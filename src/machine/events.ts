import type { CallScene, MediaType } from './types';

/** Facts about a call that is about to start, shared by outgoing and incoming calls. */
export interface CallSetup {
  readonly callerId: string;
  readonly calleeIds: readonly string[];
  readonly scene: CallScene;
  readonly groupId: string;
  readonly mediaType: MediaType;
  readonly roomId: number;
  readonly strRoomId: string;
  readonly userData: string;
  /**
   * Group calls: users already in the call when this device is invited (the caller; for a mid-call
   * invitation also the inviter and the members it listed). They start as `accepted`.
   */
  readonly inCallIds?: readonly string[];
  /**
   * Mid-call invitations: other members the invitation names whose answer is unknown here (TUICallKit's
   * `inCallUserIDs` mixes pending and accepted users). They start as `invited`; the room tells.
   */
  readonly memberIds?: readonly string[];
}

/** Every event carries the time it happened (`at`, from the injected clock): the machine has no timers. */
export type CallEvent =
  // local commands
  | ({ readonly type: 'DIAL'; readonly at: number } & CallSetup)
  | { readonly type: 'INVITE_SENT'; readonly callId: string }
  | { readonly type: 'ACCEPT'; readonly at: number }
  | { readonly type: 'ACCEPT_SENT'; readonly at: number }
  | { readonly type: 'REJECT'; readonly at: number }
  | { readonly type: 'IGNORE'; readonly at: number }
  | { readonly type: 'HANGUP'; readonly at: number }
  /**
   * joinInGroupCall: enter an ongoing group call without being invited. `callId` is null when the
   * group's call info was not available.
   */
  | ({ readonly type: 'JOIN'; readonly callId: string | null; readonly at: number } & CallSetup)
  // signaling facts, always about `callId`
  | ({ readonly type: 'INCOMING'; readonly callId: string; readonly at: number } & CallSetup)
  | {
      readonly type: 'REMOTE_ACCEPTED';
      readonly callId: string;
      readonly userID: string;
      readonly at: number;
    }
  | {
      readonly type: 'REMOTE_REJECTED';
      readonly callId: string;
      readonly userID: string;
      readonly busy: boolean;
      readonly at: number;
    }
  | {
      readonly type: 'REMOTE_NO_RESPONSE';
      readonly callId: string;
      readonly userIDs: readonly string[];
      readonly at: number;
    }
  | { readonly type: 'REMOTE_CANCELED'; readonly callId: string; readonly at: number }
  /** Group calls: more users were invited into the call (by this user or another member). */
  | { readonly type: 'USERS_INVITED'; readonly callId: string; readonly userIDs: readonly string[] }
  /** Group calls: invitations of other users were withdrawn; those still pending become `canceled`. */
  | {
      readonly type: 'INVITES_CANCELED';
      readonly callId: string;
      readonly userIDs: readonly string[];
      readonly at: number;
    }
  | { readonly type: 'REMOTE_HANGUP'; readonly callId: string; readonly userID: string; readonly at: number }
  | { readonly type: 'SELF_TIMEOUT'; readonly callId: string; readonly at: number }
  | { readonly type: 'OTHER_DEVICE_ACCEPTED'; readonly callId: string; readonly at: number }
  | { readonly type: 'OTHER_DEVICE_REJECTED'; readonly callId: string; readonly at: number }
  | { readonly type: 'MEDIA_CHANGED'; readonly callId: string; readonly mediaType: MediaType }
  // media facts about the current call
  | { readonly type: 'PEER_JOINED'; readonly userID: string; readonly at: number }
  | { readonly type: 'PEER_LEFT'; readonly userID: string; readonly at: number }
  | { readonly type: 'PEER_AUDIO'; readonly userID: string; readonly available: boolean }
  | { readonly type: 'PEER_VIDEO'; readonly userID: string; readonly available: boolean }
  | { readonly type: 'PEER_VOLUME'; readonly volumes: readonly { userID: string; volume: number }[] }
  | { readonly type: 'PEER_QUALITY'; readonly userID: string; readonly quality: number }
  // time and failures, from the engine's clock and I/O
  /** Safety net: the signaling layer's own timeout should have ended the call by now. */
  | { readonly type: 'SAFETY_TIMEOUT'; readonly at: number }
  /** Accepted, but no peer showed up in the media room in time (e.g. an accept raced a cancel). */
  | { readonly type: 'PEER_MISSING'; readonly at: number }
  | { readonly type: 'FAIL'; readonly at: number }
  /** The media layer moved this user's seat to another device (TRTC kicked this one). */
  | { readonly type: 'REPLACED'; readonly at: number };

export type CallEventType = CallEvent['type'];
