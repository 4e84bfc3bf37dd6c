import { decodeCallData } from '../protocol/index';
import type { SignalingEnvelope } from './messages';
import type { Scheduler, TimerHandle } from './scheduler';

/** A TRTC room as `enterRoom` names it: a numeric `roomId` wins over `strRoomId`, as in TRTC. */
export interface RoomName {
  roomId?: number | undefined;
  strRoomId?: string | undefined;
}

/** An invitation as the Chat server stored it: who really sent it, and to which group if any. */
export interface ObservedInvitation {
  /** The logged-in user that sent it (not a field of the payload, which a sender could forge). */
  readonly from: string;
  /** The group it was posted to, or '' for a one-to-one invitation. */
  readonly groupID: string;
  readonly envelope: SignalingEnvelope;
}

/** The key the TRTC room registry uses for a room (`n:123` and `s:123` are different rooms). */
export const roomKeyOf = (room: RoomName): string =>
  room.roomId !== undefined ? `n:${room.roomId}` : `s:${room.strRoomId ?? ''}`;

/** Who may be in one room: the users of its calls and the members of groups calling in it. */
interface RoomClaim {
  readonly users: Set<string>;
  readonly groups: Set<string>;
  /** Running while nobody is in the room: the claim lapses unless someone enters in time. */
  lapse: TimerHandle | undefined;
}

/**
 * How long a claimed room may stay empty before the claim lapses: the longest ring window a call
 * invitation can have (wire-protocol §3.6 caps `timeout`) plus the inviter's grace.
 */
const EMPTY_CLAIM_MS = 5 * 60_000;

/**
 * The room rule of the local call server: which users may enter which TRTC room. Rooms belong to calls,
 * and a call is known from its invitations (their inner data names the room), so:
 *
 * - a room nobody claims is fresh: anyone may enter it, and whoever is seated first (the caller, who
 *   enters before inviting) claims it — checking alone claims nothing, so probing rooms costs no memory;
 * - an invitation naming a room adds its invitees (and, for a group invitation, the group's members, so
 *   `joinInGroupCall` works without signaling) — but only when its sender may enter that room, so an
 *   invitation cannot be used to get into somebody else's call;
 * - a claim ends when its room empties (the call is over), or when it stays empty for
 *   {@link EMPTY_CLAIM_MS}.
 *
 * In-process users of the network are trusted and not checked, but their rooms and invitations count.
 */
export class RoomAccess {
  readonly #claims = new Map<string, RoomClaim>();
  readonly #scheduler: Scheduler;
  readonly #isGroupMember: (groupID: string, userID: string) => boolean;
  /** Room keys that have someone in them, from the room registry. */
  readonly #occupied = new Set<string>();

  constructor(scheduler: Scheduler, isGroupMember: (groupID: string, userID: string) => boolean) {
    this.#scheduler = scheduler;
    this.#isGroupMember = isGroupMember;
  }

  /** Whether `userID` may enter the room now. */
  admit(userID: string, room: RoomName): boolean {
    const claim = this.#claims.get(roomKeyOf(room));
    return claim === undefined || this.#mayEnter(claim, userID);
  }

  /** Claimed rooms (diagnostics and tests: the ledger stays bounded by the live calls). */
  size(): number {
    return this.#claims.size;
  }

  /** The Chat server stored an invitation. */
  onInvite(invitation: ObservedInvitation): void {
    const key = callRoomKey(invitation.envelope.data);
    if (key === undefined) return;
    const claim = this.#claims.get(key);
    if (claim !== undefined && !this.#mayEnter(claim, invitation.from)) return;
    const target = claim ?? this.#claim(key, [invitation.from]);
    for (const invitee of invitation.envelope.inviteeList) target.users.add(invitee);
    if (invitation.groupID !== '') target.groups.add(invitation.groupID);
  }

  /** The room registry's view of a room changed. */
  onMembership(key: string, userIds: readonly string[]): void {
    const claim = this.#claims.get(key);
    if (userIds.length === 0) {
      this.#occupied.delete(key);
      // Everyone left: the call in this room is over.
      if (claim) this.#drop(key, claim);
      return;
    }
    this.#occupied.add(key);
    // Someone the registry seated without asking (an in-process user) counts as a member.
    const target = claim ?? this.#claim(key, []);
    for (const userId of userIds) target.users.add(userId);
    target.lapse?.cancel();
    target.lapse = undefined;
  }

  #mayEnter(claim: RoomClaim, userID: string): boolean {
    if (claim.users.has(userID)) return true;
    for (const groupID of claim.groups) if (this.#isGroupMember(groupID, userID)) return true;
    return false;
  }

  #claim(key: string, users: string[]): RoomClaim {
    const claim: RoomClaim = { users: new Set(users), groups: new Set(), lapse: undefined };
    this.#claims.set(key, claim);
    if (!this.#occupied.has(key)) {
      claim.lapse = this.#scheduler.schedule(() => this.#drop(key, claim), EMPTY_CLAIM_MS, false);
    }
    return claim;
  }

  #drop(key: string, claim: RoomClaim): void {
    if (this.#claims.get(key) !== claim) return;
    claim.lapse?.cancel();
    this.#claims.delete(key);
  }
}

/** The room a call invitation's inner data names (as the group-call directory reads it), if any. */
function callRoomKey(data: string): string | undefined {
  const decoded = decodeCallData(data);
  if (!decoded.ok) return undefined;
  const { strRoomId, roomId } = decoded.payload;
  if (strRoomId !== '') return `s:${strRoomId}`;
  return roomId > 0 ? `n:${roomId}` : undefined;
}
