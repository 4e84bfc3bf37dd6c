import { CHAT_ERROR } from '../local/errors';
import type { ChatRpcMethod } from '../local/frames';
import type { LocalChat } from '../local/local-chat';
import type { LocalNetwork } from '../local/network';

/** A failed Chat request as the `reply` frame carries it. */
export interface RpcError {
  code: number;
  message: string;
}

export type RpcOutcome = { ok: true; result: unknown } | { ok: false; error: RpcError };

/** Most members a `createGroup` frame may list. */
const MAX_GROUP_MEMBERS = 1000;

class ArgError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The single options object of a method like `invite(options)`. */
function options(method: string, args: unknown[]): Record<string, unknown> {
  if (args.length !== 1 || !isObject(args[0])) throw new ArgError(`${method} takes one options object`);
  return args[0];
}

/** A Chat failure (or anything thrown) as a numeric vendor code and a message. */
export function rpcErrorOf(err: unknown): RpcError {
  const fields = isObject(err) || err instanceof Error ? (err as { code?: unknown; message?: unknown }) : {};
  const code =
    typeof fields.code === 'number' && Number.isFinite(fields.code) ? fields.code : CHAT_ERROR.UNCAUGHT;
  const message =
    typeof fields.message === 'string' && fields.message !== ''
      ? fields.message
      : typeof err === 'string' && err !== ''
        ? err
        : 'request failed';
  return { code, message };
}

/**
 * Runs one `chat` frame against the device's Chat client. Arguments are checked for their shape here
 * (deeper checks are the Chat client's own, answered with its codes); a bad shape answers 6017, Chat's
 * invalid-parameter code, so the caller's promise rejects the way the Chat SDK's would.
 */
export async function runChatRpc(
  chat: LocalChat,
  network: LocalNetwork,
  method: ChatRpcMethod,
  args: unknown[],
): Promise<RpcOutcome> {
  try {
    const result = await call(chat, network, method, args);
    return { ok: true, result };
  } catch (err) {
    if (err instanceof ArgError) {
      return { ok: false, error: { code: CHAT_ERROR.INVALID_PARAMETER, message: err.message } };
    }
    return { ok: false, error: rpcErrorOf(err) };
  }
}

// The casts below hand a shape-checked options object to the Chat client, which validates its fields.
async function call(
  chat: LocalChat,
  network: LocalNetwork,
  method: ChatRpcMethod,
  args: unknown[],
): Promise<unknown> {
  switch (method) {
    case 'invite':
      return chat.invite(options(method, args) as unknown as Parameters<LocalChat['invite']>[0]);
    case 'inviteInGroup':
      return chat.inviteInGroup(
        options(method, args) as unknown as Parameters<LocalChat['inviteInGroup']>[0],
      );
    case 'accept':
    case 'reject':
    case 'cancel':
      return chat[method](options(method, args) as unknown as Parameters<LocalChat['accept']>[0]);
    case 'modifyInvitation':
      return chat.modifyInvitation(options(method, args) as unknown as { inviteID: string; data: string });
    case 'setSelfStatus':
      return chat.setSelfStatus(options(method, args) as unknown as { customStatus: string });
    case 'getUserStatus':
      return chat.getUserStatus(options(method, args) as unknown as { userIDList: string[] });
    case 'callExperimentalAPI': {
      if (args.length < 1 || args.length > 2 || typeof args[0] !== 'string') {
        throw new ArgError('callExperimentalAPI takes (key: string, options)');
      }
      return chat.callExperimentalAPI(args[0], args[1]);
    }
    case 'getGroupAttributes': {
      const opts = options(method, args);
      // Added to the local Chat client separately; a server built against an older one says so.
      const fn = (chat as unknown as { getGroupAttributes?: (o: unknown) => Promise<unknown> })
        .getGroupAttributes;
      if (typeof fn !== 'function') {
        throw Object.assign(new Error('getGroupAttributes is not supported by this server'), {
          code: CHAT_ERROR.UNCAUGHT,
        });
      }
      return fn.call(chat, opts);
    }
    case 'createGroup': {
      const [groupID, members] = args;
      if (
        args.length !== 2 ||
        typeof groupID !== 'string' ||
        groupID === '' ||
        groupID.length > 128 ||
        !Array.isArray(members) ||
        members.length > MAX_GROUP_MEMBERS ||
        !members.every((m) => typeof m === 'string' && m !== '')
      ) {
        throw new ArgError('createGroup takes (groupID: string, memberIDs: string[])');
      }
      network.createGroup(groupID, members as string[]);
      return { code: 0, data: { group: { groupID } } };
    }
  }
}
