import type { ChatOfflinePushInfo } from '../tencent/chat-types';
import { CHAT_ERROR, LocalBackendError } from './errors';
import type { IdSource } from './ids';
import {
  type ConversationType,
  type LocalMessage,
  parseEnvelope,
  type SignalingEnvelope,
  type StoredMessage,
  viewOf,
} from './messages';
import type { ObservedInvitation } from './room-access';
import type { Scheduler } from './scheduler';

/** TUICallKit edition the local backend grants (wire-protocol §14). */
export type LocalEdition = 'none' | 'trial' | 'single' | 'group';

/** What the fault hook decides for one message leaving the hub toward one device. */
export type LocalVerdict = 'deliver' | 'drop' | 'duplicate' | { delayMs: number };

/** One message (or message modification) leaving the hub toward one device. */
export interface LocalDelivery {
  /** `message`: a sent message; `modified`: a `modifyInvitation` rewrite of a stored message. */
  readonly kind: 'message' | 'modified';
  /** The user who sent (or modified) it. */
  readonly from: string;
  /** The device that sent (or modified) it. */
  readonly fromDeviceId: string;
  /** The receiving user. */
  readonly to: string;
  /** The receiving device. */
  readonly deviceId: string;
  /** The message as that device will see it. */
  readonly message: LocalMessage;
  /** Its signaling envelope, parsed. */
  readonly envelope: SignalingEnvelope | undefined;
}

/** A logged-in session of a chat client, as the hub sees it. */
export interface Endpoint {
  readonly userID: string;
  readonly deviceId: string;
  receive(kind: 'message' | 'modified', message: LocalMessage, meta: MessageMeta): void;
  /** Raises a raw signaling event (fault injection); bypasses all filtering. */
  raise(eventName: string, data: unknown): void;
}

/** The fields of a stored message that identify its conversation. */
export type MessageRef = Pick<StoredMessage, 'ID' | 'from' | 'to' | 'conversationType' | 'serverTime'>;

/** What a device learns about a delivered message beyond its view: the server time in ms and flags. */
export type MessageMeta = MessageRef & Pick<StoredMessage, 'onlineUserOnly' | 'version'>;

/** A message about to be sent. */
export interface Draft {
  readonly conversationType: ConversationType;
  readonly to: string;
  readonly payloadData: string;
  readonly onlineUserOnly: boolean;
  readonly offlinePushInfo?: ChatOfflinePushInfo | undefined;
}

/** How long and how many messages the hub keeps (`LocalNetworkOptions.messageRetention`). */
export interface StoreRetention {
  /** Messages older than this are dropped (ms). */
  readonly maxAgeMs: number;
  /** At most this many are kept; the oldest go first. */
  readonly maxCount: number;
}

/** Twice the replay window (300 s, history.ts), and a cap that bounds memory under a message flood. */
export const DEFAULT_RETENTION: StoreRetention = { maxAgeMs: 600_000, maxCount: 100_000 };

const BASE_BIT = 65536;
const PRO_BIT = 131072;

/**
 * The Chat server: logged-in sessions, groups, the message store, user status and the edition. Every
 * message travels device → hub → device, each leg taking one latency on the network clock.
 */
export class ChatHub {
  latencyMs: number;
  edition: LocalEdition;
  interceptor: ((delivery: LocalDelivery) => LocalVerdict) | undefined;
  readonly #scheduler: Scheduler;
  readonly #ids: IdSource;
  readonly #sessions = new Map<string, Set<Endpoint>>();
  readonly #groups = new Map<string, Set<string>>();
  /** Messages kept for replay and modification, oldest first; bounded by age and count. */
  readonly #store: StoredMessage[] = [];
  readonly #storedById = new Map<string, StoredMessage>();
  readonly #retention: StoreRetention;
  readonly #status = new Map<string, string>();
  readonly #attributes = new Map<string, Map<string, string>>();
  /** Called for every invitation the server takes (the group-call directory and the room rule watch them). */
  onInvite: ((invitation: ObservedInvitation) => void) | undefined;

  constructor(
    scheduler: Scheduler,
    ids: IdSource,
    latencyMs: number,
    edition: LocalEdition,
    retention: StoreRetention = DEFAULT_RETENTION,
  ) {
    this.#scheduler = scheduler;
    this.#ids = ids;
    this.latencyMs = latencyMs;
    this.edition = edition;
    this.#retention = retention;
  }

  /**
   * Keeps the store bounded: a server that runs for days would otherwise hold every message it ever
   * relayed. What goes is older than any replay (300 s) or in-call modification looks back.
   */
  #keep(stored: StoredMessage): void {
    this.#store.push(stored);
    this.#storedById.set(stored.ID, stored);
    const oldest = this.#scheduler.clock.now() - this.#retention.maxAgeMs;
    while (
      this.#store.length > this.#retention.maxCount ||
      (this.#store.length > 0 && this.#store[0]!.serverTime < oldest)
    ) {
      this.#storedById.delete(this.#store.shift()!.ID);
    }
  }

  register(ep: Endpoint): void {
    const set = this.#sessions.get(ep.userID) ?? new Set<Endpoint>();
    set.add(ep);
    this.#sessions.set(ep.userID, set);
  }

  unregister(ep: Endpoint): void {
    const set = this.#sessions.get(ep.userID);
    if (!set?.delete(ep)) return;
    if (set.size > 0) return;
    this.#sessions.delete(ep.userID);
    // User status belongs to the user, and goes away with the user's last session.
    this.#status.delete(ep.userID);
  }

  isOnline(userID: string): boolean {
    return (this.#sessions.get(userID)?.size ?? 0) > 0;
  }

  #isRegistered(ep: Endpoint): boolean {
    return this.#sessions.get(ep.userID)?.has(ep) ?? false;
  }

  createGroup(groupID: string, memberIDs: readonly string[]): void {
    this.#groups.set(groupID, new Set(memberIDs));
  }

  groupMembers(groupID: string): string[] | undefined {
    const members = this.#groups.get(groupID);
    return members && [...members];
  }

  isMember(groupID: string, userID: string): boolean {
    return this.#groups.get(groupID)?.has(userID) ?? false;
  }

  /** Whether `userID` may post to `groupID`: 0, or the Chat error code. */
  groupError(groupID: string, userID: string): number {
    const members = this.#groups.get(groupID);
    if (members === undefined) return CHAT_ERROR.GROUP_NOT_FOUND;
    return members.has(userID) ? 0 : CHAT_ERROR.NOT_GROUP_MEMBER;
  }

  /** Sends a message; resolves with the stored message when the server acknowledges it. */
  send(sender: Endpoint, draft: Draft): Promise<StoredMessage> {
    return new Promise((resolve) => {
      this.#scheduler.schedule(
        () => {
          const stored: StoredMessage = {
            ID: this.#ids.messageID(),
            from: sender.userID,
            to: draft.to,
            conversationType: draft.conversationType,
            serverTime: this.#scheduler.clock.now(),
            payloadData: draft.payloadData,
            version: 0,
            onlineUserOnly: draft.onlineUserOnly,
            offlinePushInfo: draft.offlinePushInfo,
          };
          // onlineUserOnly messages reach online devices but are not kept for history (§3.3).
          if (!draft.onlineUserOnly) this.#keep(stored);
          this.#fanOut('message', sender, stored);
          const env = parseEnvelope(draft.payloadData);
          if (env?.actionType === 1) {
            const groupID = draft.conversationType === 'GROUP' ? draft.to : '';
            this.onInvite?.({ from: sender.userID, groupID, envelope: env });
          }
          resolve(stored);
        },
        this.latencyMs,
        true,
      );
    });
  }

  /**
   * Rewrites a stored message (message modification); resolves with the new message and version on the
   * ack. Like the Chat server, it refuses a modification based on an outdated version (2480).
   */
  modify(
    sender: Endpoint,
    ref: MessageRef,
    payloadData: string,
    basedOn: number,
  ): Promise<{ message: LocalMessage; version: number }> {
    return new Promise((resolve, reject) => {
      this.#scheduler.schedule(
        () => {
          const existing = this.#storedById.get(ref.ID);
          if (existing && existing.version !== basedOn) {
            reject(
              new LocalBackendError(
                CHAT_ERROR.MESSAGE_MODIFY_CONFLICT,
                'message modification conflict: the message was modified by another device',
              ),
            );
            return;
          }
          if (existing) {
            existing.payloadData = payloadData;
            existing.version++;
          }
          const stored: StoredMessage = existing ?? {
            ...ref,
            payloadData,
            version: basedOn + 1,
            onlineUserOnly: true,
            offlinePushInfo: undefined,
          };
          this.#fanOut('modified', sender, stored);
          resolve({ message: viewOf(stored, sender.userID), version: stored.version });
        },
        this.latencyMs,
        true,
      );
    });
  }

  /** Every session that sees a message of this conversation, except the sending one. */
  #recipients(sender: Endpoint, stored: StoredMessage): Endpoint[] {
    const users =
      stored.conversationType === 'GROUP'
        ? [...(this.#groups.get(stored.to) ?? [])]
        : // C2C: the peer, plus the sender's other devices (multi-device sync, §3.7).
          [stored.to, stored.from];
    const out = new Set<Endpoint>();
    for (const user of users) {
      for (const ep of this.#sessions.get(user) ?? []) if (ep !== sender) out.add(ep);
    }
    return [...out];
  }

  #fanOut(kind: 'message' | 'modified', sender: Endpoint, stored: StoredMessage): void {
    // Snapshot the payload: a message in flight does not change when the stored copy is modified.
    const payloadData = stored.payloadData;
    const meta: MessageMeta = {
      ID: stored.ID,
      from: stored.from,
      to: stored.to,
      conversationType: stored.conversationType,
      serverTime: stored.serverTime,
      onlineUserOnly: stored.onlineUserOnly,
      version: stored.version,
    };
    // Parsed once per message, not once per recipient: a group message goes to every member.
    const envelope = parseEnvelope(payloadData);
    for (const ep of this.#recipients(sender, stored)) {
      const message = viewOf(stored, ep.userID, payloadData);
      const delivery: LocalDelivery = {
        kind,
        from: sender.userID,
        fromDeviceId: sender.deviceId,
        to: ep.userID,
        deviceId: ep.deviceId,
        message,
        envelope,
      };
      const verdict = this.#verdict(delivery);
      const copies = verdict === 'drop' ? 0 : verdict === 'duplicate' ? 2 : 1;
      const extra = typeof verdict === 'object' ? Math.max(0, verdict.delayMs) : 0;
      for (let i = 0; i < copies; i++) {
        this.#scheduler.schedule(
          () => {
            // A session that logged out (or crashed) meanwhile never gets it.
            if (this.#isRegistered(ep)) ep.receive(kind, message, meta);
          },
          this.latencyMs + extra,
          true,
        );
      }
    }
  }

  #verdict(delivery: LocalDelivery): LocalVerdict {
    const hook = this.interceptor;
    if (hook === undefined) return 'deliver';
    try {
      const verdict = hook(delivery);
      if (verdict === 'drop' || verdict === 'duplicate') return verdict;
      if (typeof verdict === 'object' && verdict !== null && Number.isFinite(verdict.delayMs)) return verdict;
      return 'deliver';
    } catch (err) {
      // A broken hook must not stall the network; surface it to the test instead.
      queueMicrotask(() => {
        throw err;
      });
      return 'deliver';
    }
  }

  /** Stored messages of every conversation `userID` takes part in, oldest first. */
  visibleTo(userID: string): StoredMessage[] {
    return this.#store.filter((m) =>
      m.conversationType === 'GROUP' ? this.isMember(m.to, userID) : m.from === userID || m.to === userID,
    );
  }

  /** Everything still stored (see `StoreRetention`), oldest first (copies). */
  storedMessages(): StoredMessage[] {
    return this.#store.map((m) => ({ ...m }));
  }

  /** A group's attributes (copies). */
  groupAttributes(groupID: string): Record<string, string> {
    return Object.fromEntries(this.#attributes.get(groupID) ?? []);
  }

  /**
   * Sets (or, with `undefined`, deletes) a group attribute; every logged-in member session gets
   * `groupAttributesUpdated` one latency later, like the Chat SDK's group attribute notification.
   */
  setGroupAttribute(groupID: string, key: string, value: string | undefined): void {
    const attributes = this.#attributes.get(groupID) ?? new Map<string, string>();
    if (value === undefined) attributes.delete(key);
    else attributes.set(key, value);
    if (attributes.size === 0) this.#attributes.delete(groupID);
    else this.#attributes.set(groupID, attributes);
    const data = { groupID, groupAttributes: this.groupAttributes(groupID) };
    for (const userID of this.#groups.get(groupID) ?? []) {
      for (const ep of this.#sessions.get(userID) ?? []) {
        this.#scheduler.schedule(
          () => {
            if (this.#isRegistered(ep)) ep.raise('groupAttributesUpdated', data);
          },
          this.latencyMs,
          true,
        );
      }
    }
  }

  /** Chat profiles (`updateMyProfile` / `getUserProfile`): nickname and avatar per user. */
  readonly profiles = new Map<string, { nick: string; avatar: string }>();

  /**
   * Sets a user's custom status; each of the user's sessions gets `onUserStatusUpdated` one latency
   * later, as the Chat SDK notifies a user of their own status change (USER_STATUS_UPDATED).
   */
  setStatus(userID: string, customStatus: string): void {
    this.#status.set(userID, customStatus);
    for (const ep of this.#sessions.get(userID) ?? []) {
      this.#scheduler.schedule(
        () => {
          if (this.#isRegistered(ep)) ep.raise('onUserStatusUpdated', [this.status(userID)]);
        },
        this.latencyMs,
        true,
      );
    }
  }

  status(userID: string): { userID: string; statusType: 1 | 2; customStatus: string } {
    const online = this.isOnline(userID);
    return {
      userID,
      statusType: online ? 1 : 2,
      customStatus: online ? (this.#status.get(userID) ?? '') : '',
    };
  }

  /** `isCommercialAbilityEnabled`: every bit of `mask` must be granted by the edition (§14). */
  abilityEnabled(mask: number): boolean {
    if (this.edition === 'trial') return true;
    // 'none': no call package bought (TUICallKit answers -1001 before sending anything).
    const granted =
      this.edition === 'none' ? [] : this.edition === 'single' ? [BASE_BIT] : [BASE_BIT, PRO_BIT];
    let rest = mask;
    for (let bit = 1; rest > 0; bit *= 2, rest = Math.floor(rest / 2)) {
      if (rest % 2 === 1 && !granted.includes(bit)) return false;
    }
    return true;
  }

  /** Raises a raw signaling event on the user's sessions (all, or the one on `deviceId`). */
  inject(userID: string, eventName: string, data: unknown, deviceId?: string): void {
    for (const ep of [...(this.#sessions.get(userID) ?? [])]) {
      if (deviceId === undefined || ep.deviceId === deviceId) ep.raise(eventName, data);
    }
  }
}
