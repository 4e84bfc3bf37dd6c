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
  serializeCallData,
} from '../protocol/index';
import type { CallPayload } from '../protocol/types';
import type { ChatEvent, ChatLike, SignalingEventName } from './chat-types';

/** Every signaling event name (literals, type-checked: see trtc-media.ts on why not SIGNALING_EVENT). */
const SIGNALING_EVENT_NAMES = [
  'newInvitationReceived',
  'ts_invitee_accepted',
  'ts_invitee_rejected',
  'ts_invitation_cancelled',
  'ts_invitation_timeout',
  'ts_invitation_modified',
] as const satisfies readonly SignalingEventName[];

/** Options of {@link createChatSignaling}. */
export interface ChatSignalingOptions {
  /** The logged-in Chat user. Kept for diagnostics; own echoes are filtered by the engine, not here. */
  userID: string;
  /** Value of the inner `platform` field (defaults to the codec's choice). */
  platform?: string;
  /** How many invitations to remember for {@link SignalingPort.markConsumed}; default 200. */
  rememberLimit?: number;
}

/** Chat's code for an invitation this instance does not know (wire-protocol §3.11). */
const INVALID_INVITE_ID = 8010;
/** Chat's "uncaught error" (§3.11), used when a vendor failure carries no usable code. */
const UNKNOWN_CHAT_ERROR = 2903;
const DEFAULT_REMEMBER_LIMIT = 200;

/** An `Error` carrying a numeric vendor `code`, the shape the engine maps into `CallError`. */
export type ChatSignalingError = Error & { code: number };

/**
 * Re-throws a Chat failure (often a plain `{ code, message }` object) as an `Error` with a numeric
 * `code` and the original as `cause`, so the engine can map it without knowing the vendor shapes.
 */
function toChatError(err: unknown, fallback: string): ChatSignalingError {
  const rec: { code?: unknown; message?: unknown } = typeof err === 'object' && err !== null ? err : {};
  let code = UNKNOWN_CHAT_ERROR;
  if (typeof rec.code === 'number' && Number.isFinite(rec.code)) code = rec.code;
  else if (typeof rec.code === 'string' && /^-?\d+$/.test(rec.code)) code = Number(rec.code);
  const message =
    typeof rec.message === 'string' && rec.message !== ''
      ? rec.message
      : typeof err === 'string' && err !== ''
        ? err
        : fallback;
  return Object.assign(new Error(message, { cause: err }), { code });
}

async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw toChatError(err, `chat.${what} failed`);
  }
}

/** Thrown inside the parsers to turn a malformed envelope into a `dropped` fact. */
class EnvelopeError extends Error {}

type Fields = Readonly<Record<string, unknown>>;

function stringField(env: Fields, key: string, optional = false): string {
  const value = env[key];
  if (typeof value === 'string') return value;
  if (optional && value === undefined) return '';
  throw new EnvelopeError(`${key} must be a string`);
}

function stringListField(env: Fields, key: string): string[] {
  const value = env[key];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new EnvelopeError(`${key} must be an array of strings`);
  }
  return [...value];
}

/** Builds the fact for one event from an envelope whose `inviteID` is already checked. */
function toFact(name: SignalingEventName, env: Fields, inviteID: string, payload: CallPayload): SignalFact {
  if (name === 'ts_invitation_modified') return { kind: 'modified', inviteID, payload };
  const inviter = stringField(env, 'inviter');
  const groupID = stringField(env, 'groupID', true);
  switch (name) {
    case 'newInvitationReceived': {
      // Not in the documented payload, but passed on when a client provides it (the local one does):
      // it lets the engine's safety net wait exactly as long as the invitation rings.
      const timeout = env['timeout'];
      return {
        kind: 'invited',
        inviteID,
        inviter,
        groupID,
        inviteeList: stringListField(env, 'inviteeList'),
        payload,
        ...(typeof timeout === 'number' && Number.isInteger(timeout) && timeout > 0 && timeout <= 86_400
          ? { timeout }
          : {}),
      };
    }
    case 'ts_invitee_accepted':
    case 'ts_invitee_rejected': {
      const kind = name === 'ts_invitee_accepted' ? 'accepted' : 'rejected';
      return { kind, inviteID, inviter, groupID, invitee: stringField(env, 'invitee'), payload };
    }
    case 'ts_invitation_cancelled':
      return { kind: 'cancelled', inviteID, inviter, groupID, payload };
    case 'ts_invitation_timeout': {
      const isSelfTimeout = env['isSelfTimeout'];
      if (typeof isSelfTimeout !== 'boolean') throw new EnvelopeError('isSelfTimeout must be a boolean');
      const inviteeList = stringListField(env, 'inviteeList');
      return { kind: 'timeout', inviteID, inviter, groupID, inviteeList, isSelfTimeout, payload };
    }
  }
}

/** Turns an untrusted listener event into a fact; never throws. */
function parseEvent(name: SignalingEventName, event: unknown): SignalFact {
  const data = typeof event === 'object' && event !== null ? (event as { data?: unknown }).data : undefined;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { kind: 'dropped', code: 'invalid-envelope', reason: `${name}: event data is not an object` };
  }
  const env = data as Fields;
  const inviteID = env['inviteID'];
  if (typeof inviteID !== 'string' || inviteID === '') {
    return {
      kind: 'dropped',
      code: 'invalid-envelope',
      reason: `${name}: inviteID must be a non-empty string`,
    };
  }
  const decoded = decodeCallData(env['data']);
  if (!decoded.ok)
    return { kind: 'dropped', code: decoded.code, reason: `${name}: ${decoded.reason}`, inviteID };
  try {
    return toFact(name, env, inviteID, decoded.payload);
  } catch (err) {
    const reason = err instanceof EnvelopeError ? err.message : String(err);
    return { kind: 'dropped', code: 'invalid-envelope', reason: `${name}: ${reason}`, inviteID };
  }
}

/** Surfaces a handler bug without letting it unwind into the Chat SDK's event loop. */
function rethrowLater(err: unknown): void {
  queueMicrotask(() => {
    throw err;
  });
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
  const encodeOptions = options.platform === undefined ? {} : { platform: options.platform };
  const limit = Math.max(1, options.rememberLimit ?? DEFAULT_REMEMBER_LIMIT);
  // Raw inner data per inviteID, oldest first (Map keeps insertion order), for the consumed marker.
  const invitations = new Map<string, Readonly<Record<string, unknown>>>();
  let handler: ((fact: SignalFact) => void) | undefined;
  let destroyed = false;

  const remember = (inviteID: string, raw: Readonly<Record<string, unknown>>): void => {
    invitations.delete(inviteID);
    invitations.set(inviteID, raw);
    for (const oldest of invitations.keys()) {
      if (invitations.size <= limit) break;
      invitations.delete(oldest);
    }
  };

  // Cancels already reported, so the message-level fallback below never reports one twice.
  const cancelled = new Set<string>();

  const onEvent = (name: SignalingEventName, event: unknown): void => {
    const fact = parseEvent(name, event);
    if (fact.kind === 'cancelled') {
      if (cancelled.has(fact.inviteID)) return;
      cancelled.add(fact.inviteID);
    }
    // A modification (another device marked it consumed) replaces the copy later markers start from.
    if (fact.kind === 'invited' || (fact.kind === 'modified' && invitations.has(fact.inviteID))) {
      remember(fact.inviteID, fact.payload.raw);
    }
    const current = handler;
    if (current === undefined) return;
    try {
      current(fact);
    } catch (err) {
      rethrowLater(err);
    }
  };

  const listeners = SIGNALING_EVENT_NAMES.map((name) => {
    const listener = (event: ChatEvent): void => onEvent(name, event);
    chat.addSignalingListener(name, listener);
    return { name, listener };
  });

  /**
   * Chat forgets an invitation once this device answered it, so a cancel that crossed our accept raises
   * no signaling event. The message itself still arrives (signaling messages are ordinary custom
   * messages), which lets the engine learn that the caller gave up before seeing the accept.
   */
  const onMessages = (event: ChatEvent): void => {
    if (!Array.isArray(event?.data)) return;
    for (const message of event.data as unknown[]) {
      const envelope = cancelEnvelope(message);
      if (!envelope || cancelled.has(envelope.inviteID) || !invitations.has(envelope.inviteID)) continue;
      const decoded = decodeCallData(envelope.data);
      if (!decoded.ok) continue;
      cancelled.add(envelope.inviteID);
      const current = handler;
      if (current === undefined) continue;
      const fact: SignalFact = {
        kind: 'cancelled',
        inviteID: envelope.inviteID,
        inviter: envelope.inviter,
        groupID: envelope.groupID,
        payload: decoded.payload,
      };
      try {
        current(fact);
      } catch (err) {
        rethrowLater(err);
      }
    }
  };
  chat.on('onMessageReceived', onMessages);

  const handle = (method: 'accept' | 'reject' | 'cancel', inviteID: string, signal: OutboundSignal) =>
    call(method, async () => {
      const data = serializeCallData(encodeSignal(signal, encodeOptions));
      await chat[method]({ inviteID, data });
    });

  return {
    invite(target: InviteTarget, signal: OutboundSignal, inviteOptions: InviteOptions): Promise<string> {
      return call('invite', async () => {
        const raw = encodeSignal(signal, encodeOptions);
        const kind = signal.type === 'invite' ? 'invitation' : 'record';
        const common = {
          data: serializeCallData(raw),
          timeout: inviteOptions.timeout,
          onlineUserOnly: false,
          offlinePushInfo: buildOfflinePushInfo(inviteOptions.offlinePushInfo, signal.call.mediaType, kind),
        };
        const result =
          'groupID' in target
            ? await chat.inviteInGroup({
                groupID: target.groupID,
                inviteeList: [...target.inviteeList],
                ...common,
              })
            : await chat.invite({ userID: target.userID, ...common });
        const inviteID = (result as { inviteID?: unknown } | null | undefined)?.inviteID;
        if (typeof inviteID !== 'string' || inviteID === '') {
          throw { code: UNKNOWN_CHAT_ERROR, message: 'Chat resolved the invitation without an inviteID' };
        }
        remember(inviteID, raw);
        return inviteID;
      });
    },
    accept: (inviteID, signal) => handle('accept', inviteID, signal),
    reject: (inviteID, signal) => handle('reject', inviteID, signal),
    cancel: (inviteID, signal) => handle('cancel', inviteID, signal),
    markConsumed(inviteID: string): Promise<void> {
      const raw = invitations.get(inviteID);
      if (raw === undefined) {
        const err = { code: INVALID_INVITE_ID, message: `unknown invitation ${inviteID}` };
        return Promise.reject(toChatError(err, err.message));
      }
      return call('modifyInvitation', async () => {
        await chat.modifyInvitation({ inviteID, data: serializeCallData(markDataConsumed(raw)) });
      });
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
      for (const { name, listener } of listeners) chat.removeSignalingListener(name, listener);
      chat.off('onMessageReceived', onMessages);
      cancelled.clear();
      handler = undefined;
      invitations.clear();
    },
  };
}

/** The envelope of a received signaling message if it is a cancel (actionType 2), else undefined. */
function cancelEnvelope(
  message: unknown,
): { inviteID: string; inviter: string; groupID: string; data: string } | undefined {
  const payload = (message as { payload?: { data?: unknown } } | null)?.payload?.data;
  if (typeof payload !== 'string' || !payload.includes('inviteID')) return undefined;
  let env: unknown;
  try {
    env = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof env !== 'object' || env === null) return undefined;
  const e = env as Record<string, unknown>;
  if (e['actionType'] !== 2 || e['businessID'] !== 1) return undefined;
  const { inviteID, inviter, groupID, data } = e;
  if (typeof inviteID !== 'string' || inviteID === '' || typeof inviter !== 'string') return undefined;
  if (typeof data !== 'string') return undefined;
  return { inviteID, inviter, groupID: typeof groupID === 'string' ? groupID : '', data };
}
