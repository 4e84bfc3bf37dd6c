import type { CallRole, CallScene, EndReason, MediaType, Participant, ParticipantStatus } from './types';

/** Everything the call machine knows about the current (or last) call. */
export interface CallContext {
  readonly selfId: string;
  readonly callId: string | null;
  readonly role: CallRole | null;
  readonly scene: CallScene;
  readonly callerId: string;
  readonly calleeIds: readonly string[];
  readonly groupId: string;
  readonly roomId: number;
  readonly strRoomId: string;
  readonly mediaType: MediaType;
  readonly userData: string;
  /** Everyone in the call but this user. */
  readonly participants: readonly Participant[];
  readonly endReason: EndReason | null;
  readonly startedAt: number | null;
  readonly acceptedAt: number | null;
  /** When a peer was first seen in the media room: a call only counts as connected from then. */
  readonly connectedAt: number | null;
  readonly endedAt: number | null;
}

export function initialContext(selfId: string): CallContext {
  return {
    selfId,
    callId: null,
    role: null,
    scene: 'single',
    callerId: '',
    calleeIds: [],
    groupId: '',
    roomId: 0,
    strRoomId: '',
    mediaType: 'audio',
    userData: '',
    participants: [],
    endReason: null,
    startedAt: null,
    acceptedAt: null,
    connectedAt: null,
    endedAt: null,
  };
}

export function newParticipant(userID: string, status: ParticipantStatus): Participant {
  return { userID, status, audioAvailable: false, videoAvailable: false, volume: 0, networkQuality: 0 };
}

/** Returns a copy of `participants` with `userID` patched, or the same array when nothing changes. */
export function patchParticipant(
  participants: readonly Participant[],
  userID: string,
  patch: Partial<Omit<Participant, 'userID'>>,
): readonly Participant[] {
  let changed = false;
  const next = participants.map((p) => {
    if (p.userID !== userID) return p;
    const keys = Object.keys(patch) as (keyof typeof patch)[];
    if (keys.every((k) => p[k] === patch[k])) return p;
    changed = true;
    return { ...p, ...patch };
  });
  return changed ? next : participants;
}

/** Invited and not answered yet. */
export function isPendingStatus(status: ParticipantStatus): boolean {
  return status === 'invited' || status === 'ringing';
}

/** Statuses after which a participant no longer takes part in the call. */
export const FINAL_PARTICIPANT_STATUSES: ReadonlySet<ParticipantStatus> = new Set([
  'left',
  'rejected',
  'busy',
  'noResponse',
  'canceled',
]);
