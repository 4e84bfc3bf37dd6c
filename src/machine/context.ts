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

/**
 * Lists up to this long are scanned: in a 1v1 or small group call a scan is cheaper than any index, and
 * a patch then needs no bookkeeping (the weak maps below cost a 1v1 call more than they save it).
 */
const SCAN_LIMIT = 16;

/**
 * userID → place, per participant list longer than `SCAN_LIMIT`. Lists are immutable and a patch keeps every place, so a
 * patched list shares its original's index: in a big group call each fact finds its participant at
 * once instead of scanning the list.
 */
const places = new WeakMap<readonly Participant[], ReadonlyMap<string, number>>();

/** Where `userID` is in `participants`, or -1. */
export function placeOf(participants: readonly Participant[], userID: string): number {
  if (participants.length <= SCAN_LIMIT) {
    for (let i = 0; i < participants.length; i++) if (participants[i]!.userID === userID) return i;
    return -1;
  }
  let index = places.get(participants);
  if (!index) {
    const built = new Map<string, number>();
    // The first place wins, as a scan from the front would find it.
    for (let i = participants.length - 1; i >= 0; i--) built.set(participants[i]!.userID, i);
    places.set(participants, built);
    index = built;
  }
  return index.get(userID) ?? -1;
}

/** Returns a copy of `participants` with `userID` patched, or the same array when nothing changes. */
export function patchParticipant(
  participants: readonly Participant[],
  userID: string,
  patch: Partial<Omit<Participant, 'userID'>>,
): readonly Participant[] {
  const i = placeOf(participants, userID);
  const p = participants[i];
  if (!p) return participants;
  let same = true;
  for (const key in patch)
    if (p[key as keyof typeof patch] !== patch[key as keyof typeof patch]) same = false;
  if (same) return participants;
  const next = participants.slice();
  next[i] = { ...p, ...patch };
  if (participants.length > SCAN_LIMIT) {
    places.set(next, places.get(participants)!);
    patches.set(next, { from: participants, at: i });
  }
  return next;
}

/** Which place a patched list changed, and the list it was patched from. */
const patches = new WeakMap<
  readonly Participant[],
  { readonly from: readonly Participant[]; readonly at: number }
>();

/**
 * The places that differ between `before` and `after` when `after` came from `before` through a few
 * patches, ascending; `undefined` otherwise (compare every place then). Lets a big group call find the
 * one participant a fact changed without walking the whole list.
 */
export function patchedPlaces(
  before: readonly Participant[],
  after: readonly Participant[],
): number[] | undefined {
  // Diffs go forward, one snapshot to the next: what led to `before` is never walked again, and
  // forgetting it lets the lists of a long call be collected.
  patches.delete(before);
  const at = new Set<number>();
  for (let list = after, steps = 0; list !== before; steps++) {
    const link = patches.get(list);
    if (!link || steps > 16) return undefined;
    at.add(link.at);
    list = link.from;
  }
  return [...at].sort((a, b) => a - b);
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
