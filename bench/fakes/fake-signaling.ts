import type {
  InviteOptions,
  InviteTarget,
  ObservedSignal,
  OutboundSignal,
  SignalFact,
  SignalingPort,
} from '../../src/index';
import { IdSource } from '../../src/local/ids';
import type { Courier } from './courier';
import { payloadOf } from './fake-payload';

/** What a receiver decodes from a consumed marker: only `consumed` matters to the engine. */
const CONSUMED = Object.freeze({
  ...payloadOf({
    type: 'accept',
    call: { mediaType: 'audio', roomId: 1, strRoomId: '', inviter: '', group: false },
  }),
  consumed: true,
});

/** An invitation the fake Chat service holds until every invitee answered or it was withdrawn. */
interface Held {
  readonly inviter: string;
  readonly groupID: string;
  readonly pending: Set<string>;
}

/** Called right before a fact reaches an engine's listener (the latency benchmark stamps it). */
export type DeliveryTap = (to: string, fact: SignalFact) => void;

/**
 * Chat signaling without Chat: one device per user, groups, and the invitations Chat would hold, with
 * Chat's addressing rules (wire-protocol §3): a group message reaches every member; those holding the
 * invitation (its inviter and invitees) get the signaling event, the others see it as an `observed`
 * fact, as `createChatSignaling` reports it. No timers: every benchmark call is answered.
 */
export class FakeChat {
  readonly #courier: Courier;
  readonly #handlers = new Map<string, (fact: SignalFact) => void>();
  readonly #groups = new Map<string, ReadonlySet<string>>();
  readonly #held = new Map<string, Held>();
  /**
   * The local backend's ids: UUID-shaped like Chat's, and flat strings like those Chat's JSON yields
   * (a `randomUUID()` is a rope of slices that would weigh several times more wherever it is kept).
   */
  readonly #ids = new IdSource();
  /** Facts delivered so far (the group benchmark divides by it). */
  delivered = 0;
  tap: DeliveryTap | undefined;
  /** Facts for which this returns true are delivered isolated (see `Courier.sendIsolated`). */
  isolate: ((to: string, fact: SignalFact) => boolean) | undefined;

  constructor(courier: Courier) {
    this.#courier = courier;
  }

  group(groupID: string, members: readonly string[]): void {
    this.#groups.set(groupID, new Set(members));
  }

  /** Invitations still held: stays 0 between calls when every one was settled. */
  get heldCount(): number {
    return this.#held.size;
  }

  port(userID: string): SignalingPort {
    return new FakeSignaling(this, userID);
  }

  listen(userID: string, handler: (fact: SignalFact) => void): () => void {
    this.#handlers.set(userID, handler);
    return () => {
      if (this.#handlers.get(userID) === handler) this.#handlers.delete(userID);
    };
  }

  forget(userID: string): void {
    this.#handlers.delete(userID);
  }

  #deliver(to: string, fact: SignalFact): void {
    // Nobody listens (a puppet peer of group-cost.ts, once it has its invitation): nothing to carry.
    if (!this.#handlers.has(to)) return;
    this.delivered++;
    const deliver = () => {
      const handler = this.#handlers.get(to);
      if (!handler) return;
      this.tap?.(to, fact);
      handler(fact);
    };
    if (this.isolate?.(to, fact)) this.#courier.sendIsolated(deliver);
    else this.#courier.send(deliver);
  }

  /** A group message: the real event to whoever holds the invitation, `observed` to the other members. */
  #toGroup(from: string, groupID: string, holds: (userID: string) => boolean, fact: ObservedSignal): void {
    const members = this.#groups.get(groupID);
    if (!members) return;
    // Only those who listen can hear it: walking them instead of the whole group keeps a big group of
    // puppets (group-cost.ts) O(1) per message.
    for (const member of this.#handlers.keys()) {
      if (member === from || !members.has(member)) continue;
      this.#deliver(member, holds(member) ? fact : { kind: 'observed', of: fact });
    }
  }

  invite(from: string, target: InviteTarget, signal: OutboundSignal, options: InviteOptions): string {
    const inviteID = this.#ids.inviteID();
    const groupID = 'groupID' in target ? target.groupID : '';
    const inviteeList = 'groupID' in target ? target.inviteeList : [target.userID];
    if (groupID !== '' && !this.#groups.get(groupID)?.has(from)) {
      throw Object.assign(new Error(`${from} is not a member of ${groupID}`), { code: 10007 });
    }
    const fact: ObservedSignal = {
      kind: 'invited',
      inviteID,
      inviter: from,
      groupID,
      inviteeList,
      payload: payloadOf(signal),
      ...(options.timeout > 0 ? { timeout: options.timeout } : {}),
    };
    // Records (time-out 0) are messages only: Chat holds no invitation for them.
    if (options.timeout > 0)
      this.#held.set(inviteID, { inviter: from, groupID, pending: new Set(inviteeList) });
    if (groupID === '') this.#deliver(inviteeList[0]!, fact);
    else {
      const invitees = new Set(inviteeList);
      this.#toGroup(from, groupID, (m) => m === from || invitees.has(m), fact);
    }
    return inviteID;
  }

  /** Who holds the invitation: its inviter and those yet to answer (read before `answerer` is removed). */
  #holders(held: Held, answerer = ''): (userID: string) => boolean {
    return (m) => m === held.inviter || m === answerer || held.pending.has(m);
  }

  async answer(
    from: string,
    inviteID: string,
    signal: OutboundSignal,
    kind: 'accepted' | 'rejected',
  ): Promise<void> {
    const held = this.#held.get(inviteID);
    if (!held?.pending.has(from))
      throw Object.assign(new Error(`unknown invitation ${inviteID}`), { code: 8010 });
    const holders = this.#holders(held, from);
    held.pending.delete(from);
    if (held.pending.size === 0) this.#held.delete(inviteID);
    const fact: ObservedSignal = {
      kind,
      inviteID,
      inviter: held.inviter,
      groupID: held.groupID,
      invitee: from,
      payload: payloadOf(signal),
    };
    if (held.groupID === '') this.#deliver(held.inviter, fact);
    else this.#toGroup(from, held.groupID, holders, fact);
  }

  async cancel(from: string, inviteID: string, signal: OutboundSignal): Promise<void> {
    const held = this.#held.get(inviteID);
    if (held?.inviter !== from) throw Object.assign(new Error(`cannot cancel ${inviteID}`), { code: 8020 });
    this.#held.delete(inviteID);
    const fact: ObservedSignal = {
      kind: 'cancelled',
      inviteID,
      inviter: from,
      groupID: held.groupID,
      payload: payloadOf(signal),
      inviteeList: [...held.pending],
    };
    if (held.groupID === '') for (const to of held.pending) this.#deliver(to, fact);
    else this.#toGroup(from, held.groupID, this.#holders(held), fact);
  }

  async markConsumed(from: string, inviteID: string): Promise<void> {
    const held = this.#held.get(inviteID);
    if (!held) throw Object.assign(new Error(`unknown invitation ${inviteID}`), { code: 8010 });
    for (const to of new Set([held.inviter, ...held.pending])) {
      if (to === from) continue;
      this.#deliver(to, { kind: 'modified', inviteID, payload: CONSUMED });
    }
  }
}

/** One device's signaling port (a class, so the fake's own heap per engine stays small). */
class FakeSignaling implements SignalingPort {
  readonly #chat: FakeChat;
  readonly #userID: string;

  constructor(chat: FakeChat, userID: string) {
    this.#chat = chat;
    this.#userID = userID;
  }

  invite(target: InviteTarget, signal: OutboundSignal, options: InviteOptions): Promise<string> {
    try {
      return Promise.resolve(this.#chat.invite(this.#userID, target, signal, options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  accept(inviteID: string, signal: OutboundSignal): Promise<void> {
    return this.#chat.answer(this.#userID, inviteID, signal, 'accepted');
  }

  reject(inviteID: string, signal: OutboundSignal): Promise<void> {
    return this.#chat.answer(this.#userID, inviteID, signal, 'rejected');
  }

  cancel(inviteID: string, signal: OutboundSignal): Promise<void> {
    return this.#chat.cancel(this.#userID, inviteID, signal);
  }

  markConsumed(inviteID: string): Promise<void> {
    return this.#chat.markConsumed(this.#userID, inviteID);
  }

  listen(handler: (fact: SignalFact) => void): () => void {
    return this.#chat.listen(this.#userID, handler);
  }

  destroy(): void {
    this.#chat.forget(this.#userID);
  }
}
