import {
  type ChatInvitationHandleOptions,
  type ChatInviteInGroupOptions,
  type ChatInviteOptions,
  type ChatSignalingResult,
  SIGNALING_ACTION,
} from '../tencent/chat-types';
import { CHAT_ERROR, LocalBackendError } from './errors';
import type { ChatHub, Draft, Endpoint, MessageMeta } from './hub';
import type { IdSource } from './ids';
import {
  type LocalMessage,
  type SignalingEnvelope,
  type StoredMessage,
  serializeEnvelope,
  viewOf,
} from './messages';
import type { SignalingState } from './signaling-state';
import { optionalString, requireString, requireStringList, timeoutOf } from './validate';

/** What the signaling requests resolve with: `{ code: 0, inviteID, data: { message } }`. */
export type LocalSignalingResult = ChatSignalingResult & {
  code: 0;
  inviteID: string;
  data: { message: LocalMessage };
};

/** One login of a chat client. */
export interface ChatSession {
  readonly userID: string;
  readonly endpoint: Endpoint;
  readonly state: SignalingState;
}

/** What the requests need from their chat client. */
export interface RequestHost {
  readonly hub: ChatHub;
  readonly ids: IdSource;
  /** Whether `session` is still the client's login (no logout / re-login since). */
  isCurrent(session: ChatSession): boolean;
  isCrashed(): boolean;
}

export const metaOf = (m: StoredMessage): MessageMeta => ({
  ID: m.ID,
  from: m.from,
  to: m.to,
  conversationType: m.conversationType,
  serverTime: m.serverTime,
  onlineUserOnly: m.onlineUserOnly,
  version: m.version,
});

const ACTION_TYPES = {
  accept: SIGNALING_ACTION.ACCEPT_INVITE,
  reject: SIGNALING_ACTION.REJECT_INVITE,
  cancel: SIGNALING_ACTION.CANCEL_INVITE,
} as const;

/**
 * The outgoing signaling requests of one chat client (the Chat SDK's `LocalSignalingHandler` plus the
 * checks of `invite` / `accept` / … ): validation, the envelope, addressing, and the local state update
 * once the server acknowledges. Errors are thrown as {@link LocalBackendError}s.
 */
export class SignalingRequests {
  readonly #host: RequestHost;
  /** Chat serialises accept / reject / cancel per instance (`_isHandling`, wire-protocol §3.9). */
  #handling = false;

  constructor(host: RequestHost) {
    this.#host = host;
  }

  /** Forgets an in-flight accept / reject / cancel (logout resets the Chat SDK's flag too). */
  reset(): void {
    this.#handling = false;
  }

  /** Sends and waits for the server ack; a crash meanwhile turns the ack into a time-out. */
  async #send(s: ChatSession, draft: Draft): Promise<StoredMessage> {
    const stored = await this.#host.hub.send(s.endpoint, draft);
    if (this.#host.isCrashed()) throw new LocalBackendError(CHAT_ERROR.REQUEST_TIMEOUT, 'the device crashed');
    return stored;
  }

  invite(s: ChatSession, options: ChatInviteOptions): Promise<LocalSignalingResult> {
    const userID = requireString(options?.userID, 'userID');
    return this.#invite(s, options, { conversationType: 'C2C', to: userID, inviteeList: [userID] });
  }

  inviteInGroup(s: ChatSession, options: ChatInviteInGroupOptions): Promise<LocalSignalingResult> {
    const groupID = requireString(options?.groupID, 'groupID');
    const inviteeList = requireStringList(options.inviteeList, 'inviteeList');
    const code = this.#host.hub.groupError(groupID, s.userID);
    if (code !== 0) throw new LocalBackendError(code, `inviteInGroup: cannot post to group ${groupID}`);
    return this.#invite(s, options, { conversationType: 'GROUP', to: groupID, inviteeList });
  }

  async #invite(
    s: ChatSession,
    options: ChatInviteOptions | ChatInviteInGroupOptions,
    target: { conversationType: 'C2C' | 'GROUP'; to: string; inviteeList: string[] },
  ): Promise<LocalSignalingResult> {
    const data = optionalString(options.data, 'data');
    const timeout = timeoutOf(options.timeout);
    const env: SignalingEnvelope = {
      businessID: 1,
      inviteID: this.#host.ids.inviteID(),
      inviter: s.userID,
      actionType: SIGNALING_ACTION.INVITE,
      inviteeList: target.inviteeList,
      data,
      timeout,
      groupID: target.conversationType === 'GROUP' ? target.to : '',
    };
    const stored = await this.#send(s, {
      conversationType: target.conversationType,
      to: target.to,
      payloadData: serializeEnvelope(env),
      onlineUserOnly: options.onlineUserOnly === true,
      offlinePushInfo: options.offlinePushInfo,
    });
    // Like the Chat SDK, the invitation is held (and the inviter timer armed) only once it was sent.
    if (this.#host.isCurrent(s)) s.state.holdOwn(env, metaOf(stored));
    return { code: 0, inviteID: env.inviteID, data: { message: viewOf(stored, s.userID) } };
  }

  async handle(
    s: ChatSession,
    action: 'accept' | 'reject' | 'cancel',
    options: ChatInvitationHandleOptions,
  ): Promise<LocalSignalingResult> {
    const inviteID = requireString(options?.inviteID, 'inviteID');
    const data = optionalString(options.data, 'data');
    const held = s.state.get(inviteID);
    if (held === undefined || this.#handling) {
      const code = action === 'cancel' ? CHAT_ERROR.INVALID_CANCEL : CHAT_ERROR.INVALID_INVITE_ID;
      throw new LocalBackendError(code, `${action}: unknown or busy invitation ${inviteID}`);
    }
    const allowed = action === 'cancel' ? held.inviter === s.userID : held.pending.includes(s.userID);
    if (!allowed)
      throw new LocalBackendError(CHAT_ERROR.NO_PERMISSION, `${action}: not allowed for ${s.userID}`);
    const group = held.groupID !== '';
    const env: SignalingEnvelope = {
      businessID: 1,
      inviteID,
      inviter: held.inviter,
      actionType: ACTION_TYPES[action],
      // A cancel names the invitees still pending on this instance, like the Chat SDK.
      inviteeList: action === 'cancel' ? [...held.pending] : [s.userID],
      data,
      timeout: 0,
      groupID: held.groupID,
    };
    const peer = action === 'cancel' ? (held.pending[0] ?? held.inviteeList[0] ?? '') : held.inviter;
    this.#handling = true;
    try {
      const stored = await this.#send(s, {
        conversationType: group ? 'GROUP' : 'C2C',
        to: group ? held.groupID : peer,
        payloadData: serializeEnvelope(env),
        // Follow-ups inherit the invitation's onlineUserOnly (wire-protocol §3.3).
        onlineUserOnly: held.source.onlineUserOnly,
      });
      if (this.#host.isCurrent(s)) s.state.settle(inviteID, action);
      return { code: 0, inviteID, data: { message: viewOf(stored, s.userID) } };
    } finally {
      this.#handling = false;
    }
  }

  async modify(s: ChatSession, options: { inviteID: string; data: string }): Promise<LocalSignalingResult> {
    const inviteID = requireString(options?.inviteID, 'inviteID');
    const data = options.data;
    if (typeof data !== 'string')
      throw new LocalBackendError(CHAT_ERROR.INVALID_PARAMETER, 'data must be a string');
    const held = s.state.get(inviteID);
    if (held === undefined) {
      throw new LocalBackendError(
        CHAT_ERROR.INVALID_INVITE_ID,
        `modifyInvitation: unknown invitation ${inviteID}`,
      );
    }
    // The stored invitation keeps its original invitees; only `data` changes (wire-protocol §3.9).
    const env: SignalingEnvelope = {
      businessID: 1,
      inviteID,
      inviter: held.inviter,
      actionType: SIGNALING_ACTION.INVITE,
      inviteeList: [...held.inviteeList],
      data,
      timeout: held.timeout,
      groupID: held.groupID,
    };
    const { message, version } = await this.#host.hub.modify(
      s.endpoint,
      held.source,
      serializeEnvelope(env),
      held.version,
    );
    if (this.#host.isCrashed()) throw new LocalBackendError(CHAT_ERROR.REQUEST_TIMEOUT, 'the device crashed');
    if (this.#host.isCurrent(s)) s.state.setData(inviteID, data, version);
    return { code: 0, inviteID, data: { message } };
  }
}
