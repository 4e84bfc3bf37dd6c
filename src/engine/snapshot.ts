import type { CallContext } from '../machine/context';
import {
  type CallRole,
  type CallScene,
  type CallStatus,
  END_REASON_CODE,
  type EndReason,
  isLiveStatus,
  type MediaType,
  type Participant,
} from '../machine/types';
import type { ConnectionState } from '../ports/media';

/** The engine's state at one moment. Immutable; the same object until something changes. */
export interface CallSnapshot {
  /** The logged-in user of this engine. */
  readonly userID: string;
  readonly status: CallStatus;
  /** The first invitation's inviteID: the same on every side. `null` before the invitation is sent. */
  readonly callId: string | null;
  readonly role: CallRole | null;
  readonly scene: CallScene;
  readonly callerId: string;
  readonly calleeIds: readonly string[];
  readonly groupId: string;
  /** Numeric TRTC room (0 when a string room is used). */
  readonly roomId: number;
  /** String TRTC room ('' when a numeric room is used). */
  readonly strRoomId: string;
  readonly mediaType: MediaType;
  readonly userData: string;
  /** Everyone in the call but this user. */
  readonly participants: readonly Participant[];
  /** Why the last call ended; `null` until it ends. */
  readonly endReason: EndReason | null;
  /** TUICallKit's numeric `CallEndReason` for `endReason`. */
  readonly endReasonCode: number | null;
  readonly startedAt: number | null;
  readonly acceptedAt: number | null;
  /** When a peer was first seen in the media room; `null` if media never connected. */
  readonly connectedAt: number | null;
  readonly endedAt: number | null;
  /** The UI shows the call as a floating window (`setMinimized`); always false outside a call. */
  readonly minimized: boolean;
  /** This device's camera is capturing. */
  readonly cameraOn: boolean;
  /** This device's microphone is capturing and not muted. */
  readonly microphoneOn: boolean;
  /** The media connection: `reconnecting` while TRTC (or the local server link) recovers it. */
  readonly connection: ConnectionState;
  /** This device's own link, TRTC scale: 0 unknown, 1 excellent … 6 down (others: `participants`). */
  readonly networkQuality: number;
}

/** Engine state kept outside the call machine, shown in the snapshot. */
export type UiState = Pick<
  CallSnapshot,
  'minimized' | 'cameraOn' | 'microphoneOn' | 'connection' | 'networkQuality'
>;

/** Maps an xstate state value to the public status. */
export function statusOf(value: unknown): CallStatus {
  if (typeof value === 'string') return value as CallStatus;
  // Compound states (ringing.waiting / ringing.answering) expose their parent.
  return Object.keys(value as object)[0] as CallStatus;
}

export function toSnapshot(status: CallStatus, ctx: CallContext, ui: UiState): CallSnapshot {
  return Object.freeze({
    userID: ctx.selfId,
    status,
    callId: ctx.callId,
    role: ctx.role,
    scene: ctx.scene,
    callerId: ctx.callerId,
    calleeIds: ctx.calleeIds,
    groupId: ctx.groupId,
    roomId: ctx.roomId,
    strRoomId: ctx.strRoomId,
    mediaType: ctx.mediaType,
    userData: ctx.userData,
    participants: ctx.participants,
    endReason: ctx.endReason,
    endReasonCode: ctx.endReason === null ? null : END_REASON_CODE[ctx.endReason],
    startedAt: ctx.startedAt,
    acceptedAt: ctx.acceptedAt,
    connectedAt: ctx.connectedAt,
    endedAt: ctx.endedAt,
    minimized: ui.minimized && isLiveStatus(status),
    cameraOn: ui.cameraOn,
    microphoneOn: ui.microphoneOn,
    connection: ui.connection,
    networkQuality: ui.networkQuality,
  });
}

/** Field-wise equality; arrays compare by identity because the machine only replaces what changed. */
export function sameSnapshot(a: CallSnapshot, b: CallSnapshot): boolean {
  for (const key in a) if (a[key as keyof CallSnapshot] !== b[key as keyof CallSnapshot]) return false;
  return true;
}
