/** Media of a call. `video` calls can be switched to `audio` (1v1 only, as in TUICallKit). */
export type MediaType = 'audio' | 'video';

/**
 * Lifecycle of the current (or last) call as seen by this device.
 * `calling` = outgoing, waiting for answers; `ringing` = incoming; `accepted` = in the call;
 * `ended` = the last call is over (counts as free for new calls).
 */
export type CallStatus = 'idle' | 'calling' | 'ringing' | 'accepted' | 'ended';

/** A call is going on (outgoing, ringing or connected), as opposed to none or a finished one. */
export function isLiveStatus(status: CallStatus): boolean {
  return status === 'calling' || status === 'ringing' || status === 'accepted';
}

export type CallRole = 'caller' | 'callee';

export type CallScene = 'single' | 'group';

/** What this device knows about another participant of the call. */
export type ParticipantStatus =
  | 'invited'
  | 'ringing'
  | 'accepted'
  | 'joined'
  | 'left'
  | 'rejected'
  | 'busy'
  | 'noResponse'
  | 'canceled';

/** Why a call ended: one list, the same on every side and device. */
export type EndReason =
  | 'hangup'
  | 'remoteHangup'
  | 'rejected'
  | 'remoteRejected'
  | 'noResponse'
  | 'lineBusy'
  | 'canceled'
  | 'remoteCanceled'
  | 'otherDeviceAccepted'
  | 'otherDeviceRejected'
  | 'offline'
  | 'endByServer'
  | 'error';

/** TUICallKit's numeric `CallEndReason` for each end reason (wire-protocol §12.1). */
export const END_REASON_CODE: Readonly<Record<EndReason, number>> = /* @__PURE__ */ Object.freeze({
  hangup: 1,
  remoteHangup: 1,
  rejected: 2,
  remoteRejected: 2,
  noResponse: 3,
  offline: 4,
  lineBusy: 5,
  canceled: 6,
  remoteCanceled: 6,
  otherDeviceAccepted: 7,
  otherDeviceRejected: 8,
  endByServer: 9,
  error: 0,
});

/** Another participant of the call, as shown in the snapshot. */
export interface Participant {
  readonly userID: string;
  readonly status: ParticipantStatus;
  readonly audioAvailable: boolean;
  readonly videoAvailable: boolean;
  /** 0..100, from the media layer's volume evaluation. */
  readonly volume: number;
  /** TRTC scale: 0 unknown, 1 excellent … 6 down. */
  readonly networkQuality: number;
}
