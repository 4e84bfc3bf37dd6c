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
 * a patch then needs no bookkeeping.
 */
const SCAN_LIMIT = 16;

/**
 * What a long participant list knows about itself, kept on the list under a non-enumerable symbol (a
 * weak map per fact cost a 300-person call more in GC than the index saved). Lists are immutable and
 * a patch keeps every place, so a patched list shares its original's index; it also records which
 * place it changed and where it came from, so a diff finds the one participant a fact changed.
 */
interface ListFacts {
  /** userID → place. */
  readonly index: ReadonlyMap<string, number>;
  /** Participants not in a final status. */
  readonly live: number;
  /** The list this one was patched from (cut once a diff has gone past it), and the place patched. */
  from: readonly Participant[] | undefined;
  readonly at: number;
}

const FACTS = Symbol('participantListFacts');

type Annotated = readonly Participant[] & { [FACTS]?: ListFacts };

const isLive = (p: Participant): number => (FINAL_PARTICIPANT_STATUSES.has(p.status) ? 0 : 1);

function annotate(list: readonly Participant[], facts: ListFacts): ListFacts {
  // A list an app froze keeps working, just without the memo.
  if (Object.isExtensible(list)) Object.defineProperty(list, FACTS, { value: facts, writable: true });
  return facts;
}

/** The facts of a long list, worked out once (a list built by other means than a patch). */
function factsOf(list: readonly Participant[]): ListFacts {
  const known = (list as Annotated)[FACTS];
  if (known) return known;
  const index = new Map<string, number>();
  let live = 0;
  // The first place wins, as a scan from the front would find it.
  for (let i = list.length - 1; i >= 0; i--) {
    index.set(list[i]!.userID, i);
    live += isLive(list[i]!);
  }
  return annotate(list, { index, live, from: undefined, at: -1 });
}

/** Where `userID` is in `participants`, or -1. */
export function placeOf(participants: readonly Participant[], userID: string): number {
  if (participants.length <= SCAN_LIMIT) {
    for (let i = 0; i < participants.length; i++) if (participants[i]!.userID === userID) return i;
    return -1;
  }
  return factsOf(participants).index.get(userID) ?? -1;
}

/** How many participants still take part in the call, or may (not in a final status). */
export function liveCount(participants: readonly Participant[]): number {
  if (participants.length > SCAN_LIMIT) return factsOf(participants).live;
  let live = 0;
  for (const p of participants) live += isLive(p);
  return live;
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
  const patched = { ...p, ...patch };
  next[i] = patched;
  if (participants.length > SCAN_LIMIT) {
    const facts = factsOf(participants);
    annotate(next, {
      index: facts.index,
      live: facts.live + isLive(patched) - isLive(p),
      from: participants,
      at: i,
    });
  }
  return next;
}

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
  const behind = (before as Annotated)[FACTS];
  if (behind) behind.from = undefined;
  const at = new Set<number>();
  for (let list = after, steps = 0; list !== before; steps++) {
    const link = (list as Annotated)[FACTS];
    if (!link?.from || steps > 16) return undefined;
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
