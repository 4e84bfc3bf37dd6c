import {
  type ChatEvent,
  type ChatInvitationHandleOptions,
  type ChatInviteInGroupOptions,
  type ChatInviteOptions,
  type ChatLike,
  type ChatSignalingResult,
  SIGNALING_EVENT,
} from '../tencent/chat-types';
import { createClientEmitter } from './emitter';
import type { ChatRpcMethod, LinkState, ServerFrame, ServerLink } from './frames';

/** A Chat-compatible client whose Chat session runs on the local call server. */
export interface RemoteChat extends ChatLike {
  /** The connection to the server this client talks through. */
  readonly link: ServerLink;
  /** The logged-in user, or `''` once the link closed. */
  getLoginUser(): string;
  /** Whether the link is connected (requests made while it reconnects wait for it). */
  isReady(): boolean;
  /** Logs out on the server and closes the link for good. */
  logout(): Promise<void>;
  /** Group attributes (`groupAttributesUpdated` chat events report changes). */
  getGroupAttributes(options: {
    groupID: string;
    keyList?: string[];
  }): Promise<{ code: 0; data: { groupAttributes: Record<string, string> } }>;
  /** Creates (or replaces) a group with these members on the server's network. */
  createGroup(groupID: string, memberIDs: string[]): Promise<unknown>;
}

/** Signaling events kept while nobody listens for them (the Chat SDK replays them at login, §3.8). */
const MAX_HELD_EVENTS = 100;

const SIGNALING_NAMES: ReadonlySet<string> = new Set(Object.values(SIGNALING_EVENT));

/** Chat's `NET_STATE_*` values for the link states. */
const NET_STATE: Record<LinkState, string> = {
  connected: 'connected',
  reconnecting: 'connecting',
  closed: 'disconnected',
};

/**
 * A Chat-compatible client over a {@link ServerLink}: requests become `chat` frames, whose failures
 * reject with an `Error` carrying Chat's numeric `code` (2801 when the link could not answer), and the
 * server's `signaling` / `chat-event` frames become listener events `{ name, data }`. Works with the
 * engine's Chat adapters unchanged.
 *
 * Signaling events that arrive before anyone listens for them (invitations the server replays right
 * after login, before the engine is created) are kept and delivered, in order, once a listener for
 * their name is added.
 */
export function createRemoteChat(link: ServerLink): RemoteChat {
  const events = createClientEmitter();
  let held: { name: string; data: unknown }[] = [];
  let flushQueued = false;

  const flush = () => {
    flushQueued = false;
    const still: typeof held = [];
    for (const event of held) {
      if (events.count(event.name) > 0) events.emit(event.name, event);
      else still.push(event);
    }
    held = still;
  };

  link.onFrame((frame: ServerFrame) => {
    if (frame.type === 'signaling') {
      const event = { name: frame.name, data: frame.data };
      if (events.count(frame.name) === 0 && SIGNALING_NAMES.has(frame.name)) {
        held.push(event);
        if (held.length > MAX_HELD_EVENTS) held.shift();
        return;
      }
      events.emit(frame.name, event);
    } else if (frame.type === 'chat-event') {
      events.emit(frame.name, { name: frame.name, data: frame.data });
    }
  });
  link.onState((state) => {
    events.emit('netStateChange', { name: 'netStateChange', data: { state: NET_STATE[state] } });
    if (state === 'closed') events.emit('sdkStateNotReady', { name: 'sdkStateNotReady', data: undefined });
  });

  const rpc = <T>(method: ChatRpcMethod, ...args: unknown[]): Promise<T> =>
    link.request({ type: 'chat', method, args }) as Promise<T>;

  return {
    link,
    invite: (options: ChatInviteOptions) => rpc<ChatSignalingResult>('invite', options),
    inviteInGroup: (options: ChatInviteInGroupOptions) => rpc<ChatSignalingResult>('inviteInGroup', options),
    accept: (options: ChatInvitationHandleOptions) => rpc<ChatSignalingResult>('accept', options),
    reject: (options: ChatInvitationHandleOptions) => rpc<ChatSignalingResult>('reject', options),
    cancel: (options: ChatInvitationHandleOptions) => rpc<ChatSignalingResult>('cancel', options),
    modifyInvitation: (options: { inviteID: string; data: string }) => rpc('modifyInvitation', options),
    // biome-ignore lint/suspicious/noExplicitAny: mirrors ChatLike.callExperimentalAPI
    callExperimentalAPI: (key: string, options: any) => rpc('callExperimentalAPI', key, options),
    setSelfStatus: (options: { customStatus: string }) => rpc('setSelfStatus', options),
    getUserStatus: (options: { userIDList: string[] }) => rpc('getUserStatus', options),
    getGroupAttributes: (options) => rpc('getGroupAttributes', options),
    createGroup: (groupID: string, memberIDs: string[]) => rpc('createGroup', groupID, memberIDs),
    addSignalingListener(eventName: string, handler: (event: ChatEvent) => void) {
      events.on(eventName, handler);
      // On a microtask, so every listener registered in the same turn (the engine adds six) is in place.
      if (held.length > 0 && !flushQueued) {
        flushQueued = true;
        queueMicrotask(flush);
      }
    },
    removeSignalingListener: (eventName: string, handler: (event: ChatEvent) => void) =>
      events.off(eventName, handler),
    on: (eventName: string, handler: (event: ChatEvent) => void) => events.on(eventName, handler),
    off: (eventName: string, handler: (event: ChatEvent) => void) => events.off(eventName, handler),
    getLoginUser: () => (link.state === 'closed' ? '' : link.userID),
    isReady: () => link.state === 'connected',
    logout: () => link.close(),
  };
}
