import type {
  InviteOptions,
  InviteTarget,
  OutboundSignal,
  SignalFact,
  SignalingPort,
} from '../ports/signaling';
import {
  buildOfflinePushInfo,
  decodeCallData,
  encodeSignal,
  markConsumed as markDataConsumed,
  NEUTRAL_PAYLOAD,
  serializeCallData,
} from '../protocol/index';
import {
  type Check,
  FieldError,
  type Fields,
  field,
  fieldsOf,
  isNonEmpty,
  isString,
  OBJECT,
  required,
  STRING,
  STRINGS,
} from '../protocol/util';
import type { ChatEvent, ChatLike, SignalingEventName } from './chat-types';
import { codeError, type VendorError, vendorCall } from './util';

/**
 * Per signaling event (literals, type-checked: see trtc-media.ts on why not SIGNALING_EVENT): the kind
 * of its fact, and the required envelope fields it carries besides inviteID, inviter and groupID.
 */
const EVENTS: Readonly<
  Record<SignalingEventName, readonly [SignalFact['kind'], Record<string, Check<unknown>>?]>
> = {
  newInvitationReceived: ['invited', { inviteeList: STRINGS }],
  ts_invitee_accepted: ['accepted', { invitee: STRING }],
  ts_invitee_rejected: ['rejected', { invitee: STRING }],
  ts_invitation_cancelled: ['cancelled', {}],
  ts_invitation_timeout: [
    'timeout',
    { inviteeList: STRINGS, isSelfTimeout: [(v): v is boolean => typeof v === 'boolean', 'a boolean'] },
  ],
  // Only the inviteID and the inner data.
  ts_invitation_modified: ['modified'],
};

/** The listener event each group message `actionType` stands for, when seen as a plain message. */
const OBSERVED: Readonly<Record<number, SignalingEventName>> = {
  1: 'newInvitationReceived',
  2: 'ts_invitation_cancelled',
  3: 'ts_invitee_accepted',
  4: 'ts_invitee_rejected',
  5: 'ts_invitation_timeout',
};

/** Options of {@link createChatSignaling}. */
export interface ChatSignalingOptions {
  /** The logged-in Chat user. Kept for diagnostics; own echoes are filtered by the engine, not here. */
  userID: string;
  /** Value of the inner `platform` field (defaults to the codec's choice). */
  platform?: string;
  /** How many invitations to remember for {@link SignalingPort.markConsumed}; default 200. */
  rememberLimit?: number;
}

// Chat codes (wire-protocol §3.11), written as literals: the bundle is size-budgeted and a named constant
// costs a variable. 8010: an invitation this instance does not know. 2903: "uncaught error", used when
// a vendor failure carries no usable code.

/** An `Error` carrying a numeric vendor `code`, the shape the engine maps into `CallError`. */
export type ChatSignalingError = VendorError;

/** Turns an untrusted listener event into a fact; never throws. */
function parseEvent(name: SignalingEventName, event: unknown): SignalFact {
  let inviteID: string | undefined;
  const dropped = (reason: string, code = 'invalid-envelope'): SignalFact => ({
    kind: 'dropped',
    code,
    reason: `${name}: ${reason}`,
    inviteID,
  });
  try {
    const env = required(fieldsOf(event), 'data', OBJECT);
    inviteID = required(env, 'inviteID', [isNonEmpty, 'a non-empty string']);
    const decoded = decodeCallData(env.data);
    const [kind, fields] = EVENTS[name];
    // An invitation or modification without readable data says nothing; a follow-up still names its
    // invitation and sender, which Chat vouches for: the engine decides whether it matches its call.
    const followUp = kind !== 'invited' && kind !== 'modified';
    if (!decoded.ok && !followUp) return dropped(decoded.reason, decoded.code);
    const fact: Record<string, unknown> = decoded.ok
      ? { kind, inviteID, payload: decoded.payload }
      : {
          kind,
          inviteID,
          payload: NEUTRAL_PAYLOAD,
          sparse: { code: decoded.code, reason: `${name}: ${decoded.reason}` },
        };
    if (fields) {
      fact.groupID = field(env, 'groupID', STRING) ?? '';
      for (const [key, check] of Object.entries({ inviter: STRING, ...fields })) {
        const value = required(env, key, check);
        fact[key] = Array.isArray(value) ? [...value] : value;
      }
      // Not in the documented payload, but passed on when a client provides it (the local one does):
      // it lets the engine's safety net wait exactly as long as the invitation rings.
      const { timeout } = env;
      if (
        kind === 'invited' &&
        Number.isInteger(timeout) &&
        (timeout as number) > 0 &&
        (timeout as number) <= 86_400
      ) {
        fact.timeout = timeout;
      }
    }
    // The shape follows from EVENTS.
    return fact as unknown as SignalFact;
  } catch (err) {
    // A field check failed, or (defensive) a getter of an exotic envelope threw.
    return dropped(err instanceof FieldError ? err.message : 'The envelope could not be read.');
  }
}

/**
 * Adapts an injected Chat SDK instance (`TencentCloudChat.create(...)` or a Chat-compatible client)
 * to the engine's {@link SignalingPort}. Registers the six signaling listeners immediately, so create it
 * before login completes (history replay, wire-protocol §3.8).
 *
 * Inbound events are untrusted: malformed envelopes and inner data that is not TUICallKit v4 `av_call`
 * become `dropped` facts instead of exceptions. Vendor failures reject with an `Error` carrying the
 * numeric Chat `code` and the original failure as `cause`.
 */
export function createChatSignaling(chat: ChatLike, options: ChatSignalingOptions): SignalingPort {
  const limit = Math.max(1, options.rememberLimit ?? 200);
  // Raw inner data per inviteID, oldest first (Map keeps insertion order), for the consumed marker.
  const invitations = new Map<string, Fields>();
  // Cancels already reported, so the message-level fallback below never reports one twice.
  const cancelled = new Set<string>();
  // Invitations this device declined or withdrew: Chat forgets them, so their follow-ups raise no event.
  const forgotten = new Set<string>();
  let handler: ((fact: SignalFact) => void) | undefined;
  let destroyed = false;

  const remember = (inviteID: string, raw: Fields): void => {
    invitations.delete(inviteID);
    invitations.set(inviteID, raw);
    // One in, at most one out: drop the oldest.
    if (invitations.size > limit) invitations.delete(invitations.keys().next().value!);
  };

  const deliver = (fact: SignalFact): void => {
    if (fact.kind === 'cancelled') {
      if (cancelled.has(fact.inviteID)) return;
      cancelled.add(fact.inviteID);
      if (cancelled.size > limit) cancelled.delete(cancelled.values().next().value!);
    }
    // A modification (another device marked it consumed) replaces the copy later markers start from.
    if (fact.kind === 'invited' || (fact.kind === 'modified' && invitations.has(fact.inviteID))) {
      remember(fact.inviteID, fact.payload.raw);
    }
    try {
      handler?.(fact);
    } catch (err) {
      // Surface the handler bug without letting it unwind into the Chat SDK's event loop.
      queueMicrotask(() => {
        throw err;
      });
    }
  };

  const listeners = (Object.keys(EVENTS) as SignalingEventName[]).map((name) => {
    const listener = (event: ChatEvent): void => deliver(parseEvent(name, event));
    chat.addSignalingListener(name, listener);
    return [name, listener] as const;
  });

  /**
   * Signaling messages are ordinary custom messages whose payload is the JSON envelope, so they also
   * arrive here. Two cases matter:
   * - Chat forgets a 1v1 invitation once this device answered it, so a cancel that crossed our accept
   *   raises no signaling event: the message still tells the engine the caller gave up first.
   * - In a group, Chat raises events only on devices holding the invitation. Mid-call invitations other
   *   members send, and their answers, are seen here only: they become `observed` facts.
   */
  const onMessages = (event: ChatEvent): void => {
    if (!Array.isArray(event?.data)) return;
    for (const message of event.data as unknown[]) {
      const text = fieldsOf(fieldsOf(message).payload).data;
      if (!isString(text) || !text.includes('inviteID')) continue;
      let env: Fields;
      try {
        env = fieldsOf(JSON.parse(text));
      } catch {
        continue; // Not JSON, so not a signaling message.
      }
      if (env.businessID !== 1) continue;
      const inviteID = env.inviteID;
      const known = isString(inviteID) && invitations.has(inviteID);
      if (env.actionType === 2 && known) {
        const fact = parseEvent('ts_invitation_cancelled', { data: env });
        if (fact.kind === 'cancelled') deliver(fact);
        continue;
      }
      // Follow-ups of an invitation Chat still holds here raise the real signaling event.
      if ((known && !forgotten.has(inviteID as string)) || !isNonEmpty(env.groupID)) continue;
      const invitees = Array.isArray(env.inviteeList) ? env.inviteeList : [];
      // Invitations naming this user (and our own, synced) raise the real signaling event.
      if (env.actionType === 1 && (invitees.includes(options.userID) || env.inviter === options.userID))
        continue;
      const name = OBSERVED[env.actionType as number];
      if (!name) continue;
      const fact = parseEvent(name, {
        data: { ...env, invitee: invitees[0], isSelfTimeout: false },
      });
      if (fact.kind === 'cancelled') {
        // The cancel message names who was still pending: only they are withdrawn.
        const pending = invitees.filter(isString);
        deliver({ kind: 'observed', of: { ...fact, inviteeList: pending } });
      } else if (fact.kind !== 'dropped' && fact.kind !== 'modified' && fact.kind !== 'observed') {
        deliver({ kind: 'observed', of: fact });
      }
    }
  };
  chat.on('onMessageReceived', onMessages);

  /** Sends new inner data for an invitation, built inside the call so a failure rejects. */
  const send = (
    method: 'accept' | 'reject' | 'cancel' | 'modifyInvitation',
    inviteID: string,
    data: () => Record<string, unknown>,
  ): Promise<void> =>
    vendorCall(`chat.${method}`, 2903, async () => {
      await chat[method]({ inviteID, data: serializeCallData(data()) });
    });
  // The Chat SDK handles one accept / reject / cancel at a time per instance and answers 8010 to a
  // second one meanwhile (`_isHandling`, wire-protocol §3.9): e.g. a busy reply to a second call must
  // not make the user's accept of the first fail. So they queue here.
  let handling: Promise<unknown> = Promise.resolve();
  const handle =
    (method: 'accept' | 'reject' | 'cancel') =>
    (inviteID: string, signal: OutboundSignal): Promise<void> => {
      const run = async () => {
        await send(method, inviteID, () => encodeSignal(signal, options));
        if (method !== 'accept') {
          forgotten.add(inviteID);
          if (forgotten.size > limit) forgotten.delete(forgotten.values().next().value!);
        }
      };
      const result = handling.then(run, run);
      handling = result.catch(() => undefined);
      return result;
    };

  return {
    invite(target: InviteTarget, signal: OutboundSignal, inviteOptions: InviteOptions): Promise<string> {
      return vendorCall('chat.invite', 2903, async () => {
        const raw = encodeSignal(signal, options);
        const common = {
          data: serializeCallData(raw),
          timeout: inviteOptions.timeout,
          onlineUserOnly: false,
          offlinePushInfo: buildOfflinePushInfo(
            inviteOptions.offlinePushInfo,
            signal.call.mediaType,
            signal.type === 'invite' ? 'invitation' : 'record',
          ),
        };
        const { inviteID } = fieldsOf(
          'groupID' in target
            ? await chat.inviteInGroup({
                groupID: target.groupID,
                inviteeList: [...target.inviteeList],
                ...common,
              })
            : await chat.invite({ userID: target.userID, ...common }),
        );
        if (!isNonEmpty(inviteID)) {
          throw codeError(2903, 'Chat returned no inviteID');
        }
        remember(inviteID, raw);
        return inviteID;
      });
    },
    accept: handle('accept'),
    reject: handle('reject'),
    cancel: handle('cancel'),
    markConsumed(inviteID: string): Promise<void> {
      const raw = invitations.get(inviteID);
      return raw === undefined
        ? Promise.reject(codeError(8010, `unknown invitation ${inviteID}`))
        : send('modifyInvitation', inviteID, () => markDataConsumed(raw));
    },
    listen(next: (fact: SignalFact) => void): () => void {
      handler = next;
      return () => {
        if (handler === next) handler = undefined;
      };
    },
    destroy(): void {
      if (destroyed) return;
      destroyed = true;
      for (const [name, listener] of listeners) chat.removeSignalingListener(name, listener);
      chat.off('onMessageReceived', onMessages);
      cancelled.clear();
      forgotten.clear();
      handler = undefined;
      invitations.clear();
    },
  };
}
