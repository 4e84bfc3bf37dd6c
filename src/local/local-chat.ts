import {
  CHAT_EVENT,
  type ChatEvent,
  type ChatInvitationHandleOptions,
  type ChatInviteInGroupOptions,
  type ChatInviteOptions,
  type ChatLike,
  SIGNALING_EVENT,
} from '../tencent/chat-types';
import { createClientEmitter } from './emitter';
import { CHAT_ERROR, fail, LocalBackendError } from './errors';
import { selectReplay } from './history';
import type { ChatHub, Endpoint, MessageMeta } from './hub';
import type { IdSource } from './ids';
import { type LocalMessage, parseEnvelope, type SignalingEnvelope, viewOf } from './messages';
import { type Scheduler, TimerGroup } from './scheduler';
import { type ChatSession, type LocalSignalingResult, metaOf, SignalingRequests } from './signaling-requests';
import { SignalingState } from './signaling-state';
import { checkMask, requireStringList } from './validate';

/** A Chat-compatible client on the local network: one device of one user. */
export interface LocalChat extends ChatLike {
  /** The simulated device this client runs on. */
  readonly deviceId: string;
  /** Logs in after one latency, emits `sdkStateReady`, then replays pending invitations (§3.8). */
  login(options: { userID: string; userSig?: string }): Promise<LoginResult>;
  /** Logs out (emits `sdkStateNotReady`); in-memory invitation state and timers are dropped. */
  logout(): Promise<void>;
  isReady(): boolean;
  /** The logged-in user, or `''`. */
  getLoginUser(): string;
  /** Logs out and releases every timer; the client cannot log in again. */
  destroy(): Promise<void>;
  /** The signaling envelope of a message, or `null` when it is not signaling (Chat's `getSignalingInfo`). */
  getSignalingInfo(message: unknown): SignalingEnvelope | null;
  invite(options: ChatInviteOptions): Promise<LocalSignalingResult>;
  inviteInGroup(options: ChatInviteInGroupOptions): Promise<LocalSignalingResult>;
  accept(options: ChatInvitationHandleOptions): Promise<LocalSignalingResult>;
  reject(options: ChatInvitationHandleOptions): Promise<LocalSignalingResult>;
  cancel(options: ChatInvitationHandleOptions): Promise<LocalSignalingResult>;
  modifyInvitation(options: { inviteID: string; data: string }): Promise<LocalSignalingResult>;
  updateMyProfile(options: { nick?: string; avatar?: string }): Promise<{ code: 0; data: object }>;
  /** Nickname and avatar of each listed user ('' when never set). */
  getUserProfile(options: {
    userIDList: string[];
  }): Promise<{ code: 0; data: { userID: string; nick: string; avatar: string }[] }>;
}

/** What `login` resolves with. */
export type LoginResult = { code: 0; data: { repeatLogin: boolean } };

/** Internal dependencies handed over by the network. */
export interface LocalChatDeps {
  readonly hub: ChatHub;
  readonly scheduler: Scheduler;
  readonly ids: IdSource;
  readonly deviceId: string;
}

/** The Chat client; created through `LocalNetwork.createChat`. */
export class LocalChatClient implements LocalChat {
  readonly deviceId: string;
  readonly #hub: ChatHub;
  readonly #scheduler: Scheduler;
  readonly #events = createClientEmitter();
  readonly #timers: TimerGroup;
  #session: ChatSession | undefined;
  #login: { userID: string; promise: Promise<LoginResult>; abort(err: LocalBackendError): void } | undefined;
  readonly #requests: SignalingRequests;
  #crashed = false;
  #destroyed = false;

  constructor(deps: LocalChatDeps) {
    this.deviceId = deps.deviceId;
    this.#hub = deps.hub;
    this.#scheduler = deps.scheduler;
    this.#timers = new TimerGroup(deps.scheduler);
    this.#requests = new SignalingRequests({
      hub: deps.hub,
      ids: deps.ids,
      isCurrent: (session) => this.#session === session,
      isCrashed: () => this.#crashed,
    });
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  login(options: { userID: string; userSig?: string }): Promise<LoginResult> {
    if (this.#crashed) return fail(CHAT_ERROR.REQUEST_TIMEOUT, 'login: the device crashed');
    if (this.#destroyed) return fail(CHAT_ERROR.UNCAUGHT, 'login: the instance was destroyed');
    const userID = options?.userID;
    if (typeof userID !== 'string' || userID === '') {
      return fail(CHAT_ERROR.INVALID_PARAMETER, 'login: userID must be a non-empty string');
    }
    const current = this.#session ?? this.#login;
    if (current !== undefined && current.userID !== userID) {
      return fail(
        CHAT_ERROR.UNCAUGHT,
        `login: ${current.userID} is logged in on this instance; logout first`,
      );
    }
    if (this.#session) return Promise.resolve({ code: 0, data: { repeatLogin: true } });
    if (this.#login) return this.#login.promise;
    let settle!: { resolve(value: LoginResult): void; reject(err: unknown): void };
    const promise = new Promise<LoginResult>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // An aborted login (logout / destroy / crash meanwhile) rejects for whoever awaits it, but must not
    // surface as an unhandled rejection for fire-and-forget callers such as the simulator.
    promise.catch(() => undefined);
    const timer = this.#timers.schedule(
      () => {
        this.#login = undefined;
        this.#start(userID);
        settle.resolve({ code: 0, data: { repeatLogin: false } });
        this.#emit(CHAT_EVENT.SDK_READY, undefined);
        this.#replay();
      },
      this.#hub.latencyMs,
      true,
    );
    // A second login() of the same user while this one runs shares its outcome.
    this.#login = {
      userID,
      promise,
      abort: (err) => {
        timer.cancel();
        this.#login = undefined;
        settle.reject(err);
      },
    };
    return promise;
  }

  #start(userID: string): void {
    const endpoint: Endpoint = {
      userID,
      deviceId: this.deviceId,
      receive: (kind, message, meta) => this.#receive(session, kind, message, meta),
      raise: (name, data) => this.#events.emit(name, { name, data }),
    };
    const state = new SignalingState({
      userID,
      now: () => this.#scheduler.clock.now(),
      timers: this.#timers,
      emit: (name, data) => {
        if (this.#session === session) this.#emit(name, data);
      },
      send: async (draft) => {
        if (this.#session !== session) return undefined;
        const stored = await this.#hub.send(endpoint, draft);
        return this.#session === session ? viewOf(stored, userID) : undefined;
      },
    });
    const session: ChatSession = { userID, endpoint, state };
    this.#session = session;
    this.#hub.register(endpoint);
  }

  /** History replay (§3.8), only when someone listens for invitations, like the Chat SDK. */
  #replay(): void {
    const session = this.#session;
    if (session === undefined || this.#events.count(SIGNALING_EVENT.NEW_INVITATION_RECEIVED) === 0) return;
    const now = this.#scheduler.clock.now();
    for (const m of selectReplay(this.#hub.visibleTo(session.userID), session.userID, now)) {
      const env = parseEnvelope(m.payloadData);
      if (env && this.#session === session) session.state.receive(env, metaOf(m));
    }
  }

  #end(notify: boolean, loginError: LocalBackendError): void {
    this.#login?.abort(loginError);
    const session = this.#session;
    this.#session = undefined;
    this.#requests.reset();
    this.#timers.cancelAll();
    if (session === undefined) return;
    this.#hub.unregister(session.endpoint);
    session.state.clear();
    if (notify) this.#emit(CHAT_EVENT.SDK_NOT_READY, undefined);
  }

  logout(): Promise<void> {
    this.#end(true, new LocalBackendError(CHAT_ERROR.UNCAUGHT, 'login aborted by logout'));
    return Promise.resolve();
  }

  async destroy(): Promise<void> {
    this.#end(true, new LocalBackendError(CHAT_ERROR.UNCAUGHT, 'login aborted by destroy'));
    this.#destroyed = true;
    this.#events.clear();
  }

  /** The device died: no more sending, receiving or events (used by `LocalNetwork.crashDevice`). */
  crash(): void {
    this.#end(false, new LocalBackendError(CHAT_ERROR.REQUEST_TIMEOUT, 'the device crashed'));
    this.#crashed = true;
  }

  isReady(): boolean {
    return this.#session !== undefined;
  }

  getLoginUser(): string {
    return this.#session?.userID ?? '';
  }

  // ---- events ----------------------------------------------------------------------------------

  on(eventName: string, handler: (event: ChatEvent) => void): void {
    this.#events.on(eventName, handler);
  }

  off(eventName: string, handler: (event: ChatEvent) => void): void {
    this.#events.off(eventName, handler);
  }

  addSignalingListener(eventName: string, handler: (event: ChatEvent) => void): void {
    this.#events.on(eventName, handler);
  }

  removeSignalingListener(eventName: string, handler: (event: ChatEvent) => void): void {
    this.#events.off(eventName, handler);
  }

  #emit(name: string, data: unknown): void {
    this.#events.emit(name, { name, data });
  }

  #receive(
    session: ChatSession,
    kind: 'message' | 'modified',
    message: LocalMessage,
    meta: MessageMeta,
  ): void {
    if (this.#session !== session) return;
    const env = parseEnvelope(message.payload.data);
    if (kind === 'modified') {
      if (env) session.state.receiveModified(env, meta);
      if (this.#session === session) this.#emit('onMessageModified', [message]);
      return;
    }
    if (env) session.state.receive(env, meta);
    if (this.#session === session) this.#emit(CHAT_EVENT.MESSAGE_RECEIVED, [message]);
  }

  getSignalingInfo(message: unknown): SignalingEnvelope | null {
    const m = message as { type?: unknown; payload?: { data?: unknown } } | null;
    if (m?.type !== 'TIMCustomElem' || typeof m.payload?.data !== 'string') return null;
    return parseEnvelope(m.payload.data) ?? null;
  }

  // ---- requests --------------------------------------------------------------------------------

  /** Runs a request of a logged-in, live session; validation errors thrown inside become rejections. */
  async #run<T>(what: string, op: (session: ChatSession) => Promise<T>): Promise<T> {
    if (this.#crashed) throw new LocalBackendError(CHAT_ERROR.REQUEST_TIMEOUT, `${what}: the device crashed`);
    const session = this.#session;
    if (session === undefined)
      throw new LocalBackendError(CHAT_ERROR.NOT_LOGGED_IN, `${what}: not logged in`);
    return op(session);
  }

  invite(options: ChatInviteOptions): Promise<LocalSignalingResult> {
    return this.#run('invite', (s) => this.#requests.invite(s, options));
  }

  inviteInGroup(options: ChatInviteInGroupOptions): Promise<LocalSignalingResult> {
    return this.#run('inviteInGroup', (s) => this.#requests.inviteInGroup(s, options));
  }

  accept(options: ChatInvitationHandleOptions): Promise<LocalSignalingResult> {
    return this.#run('accept', (s) => this.#requests.handle(s, 'accept', options));
  }

  reject(options: ChatInvitationHandleOptions): Promise<LocalSignalingResult> {
    return this.#run('reject', (s) => this.#requests.handle(s, 'reject', options));
  }

  cancel(options: ChatInvitationHandleOptions): Promise<LocalSignalingResult> {
    return this.#run('cancel', (s) => this.#requests.handle(s, 'cancel', options));
  }

  modifyInvitation(options: { inviteID: string; data: string }): Promise<LocalSignalingResult> {
    return this.#run('modifyInvitation', (s) => this.#requests.modify(s, options));
  }

  // ---- experimental API and user status --------------------------------------------------------

  // biome-ignore lint/suspicious/noExplicitAny: mirrors ChatLike.callExperimentalAPI
  callExperimentalAPI(key: string, options: any): Promise<{ code: 0; data: { enabled: boolean } }> {
    if (this.#crashed) return fail(CHAT_ERROR.REQUEST_TIMEOUT, 'callExperimentalAPI: the device crashed');
    if (key !== 'isCommercialAbilityEnabled') {
      return fail(
        CHAT_ERROR.UNCAUGHT,
        `callExperimentalAPI: ${String(key)} is not supported by the local backend`,
      );
    }
    const mask = checkMask(options);
    if (mask === undefined)
      return fail(CHAT_ERROR.INVALID_PARAMETER, 'isCommercialAbilityEnabled: bad bit mask');
    return Promise.resolve({ code: 0, data: { enabled: this.#hub.abilityEnabled(mask) } });
  }

  /** One server round trip on the network clock. */
  #roundTrip(): Promise<void> {
    return new Promise((resolve) => this.#scheduler.schedule(resolve, this.#hub.latencyMs, true));
  }

  setSelfStatus(options: { customStatus: string }): Promise<{ code: 0; data: { customStatus: string } }> {
    return this.#run('setSelfStatus', async (s) => {
      const customStatus = options?.customStatus;
      if (typeof customStatus !== 'string') {
        throw new LocalBackendError(CHAT_ERROR.INVALID_PARAMETER, 'customStatus must be a string');
      }
      await this.#roundTrip();
      if (this.#session === s) this.#hub.setStatus(s.userID, customStatus);
      return { code: 0, data: { customStatus } };
    });
  }

  /** Chat's `updateMyProfile`, for the nickname and avatar (other profile fields are not kept). */
  updateMyProfile(options: { nick?: string; avatar?: string }): Promise<{ code: 0; data: object }> {
    return this.#run('updateMyProfile', async (s) => {
      const { nick, avatar } = options ?? {};
      if (
        (nick !== undefined && typeof nick !== 'string') ||
        (avatar !== undefined && typeof avatar !== 'string')
      )
        throw new LocalBackendError(CHAT_ERROR.INVALID_PARAMETER, 'nick and avatar must be strings');
      await this.#roundTrip();
      const before = this.#hub.profiles.get(s.userID) ?? { nick: '', avatar: '' };
      const profile = { nick: nick ?? before.nick, avatar: avatar ?? before.avatar };
      if (this.#session === s) this.#hub.profiles.set(s.userID, profile);
      return { code: 0, data: { userID: s.userID, ...profile } };
    });
  }

  /** Chat's `getUserProfile`: nickname and avatar of each listed user ('' when never set). */
  getUserProfile(options: {
    userIDList: string[];
  }): Promise<{ code: 0; data: { userID: string; nick: string; avatar: string }[] }> {
    return this.#run('getUserProfile', async () => {
      const list = options?.userIDList;
      if (!Array.isArray(list) || !list.every((id) => typeof id === 'string'))
        throw new LocalBackendError(CHAT_ERROR.INVALID_PARAMETER, 'userIDList must be a list of user IDs');
      await this.#roundTrip();
      const data = list.map((userID) => ({
        userID,
        nick: '',
        avatar: '',
        ...this.#hub.profiles.get(userID),
      }));
      return { code: 0, data };
    });
  }

  /** Chat's `getGroupAttributes`: members only; `keyList` [] means every key. */
  getGroupAttributes(options: {
    groupID: string;
    keyList?: string[];
  }): Promise<{ code: 0; data: { groupAttributes: Record<string, string> } }> {
    return this.#run('getGroupAttributes', async (s) => {
      const groupID = options?.groupID;
      if (typeof groupID !== 'string' || groupID === '')
        throw new LocalBackendError(CHAT_ERROR.INVALID_PARAMETER, 'groupID must be a non-empty string');
      const list = options.keyList ?? [];
      const keys = list.length === 0 ? [] : requireStringList(list, 'keyList');
      await this.#roundTrip();
      const code = this.#hub.groupError(groupID, s.userID);
      if (code !== 0) throw new LocalBackendError(code, `getGroupAttributes: cannot read group ${groupID}`);
      const all = this.#hub.groupAttributes(groupID);
      const groupAttributes =
        keys.length === 0 ? all : Object.fromEntries(Object.entries(all).filter(([k]) => keys.includes(k)));
      return { code: 0, data: { groupAttributes } };
    });
  }

  getUserStatus(options: { userIDList: string[] }): Promise<{
    code: 0;
    data: {
      successUserList: { userID: string; statusType: 1 | 2; customStatus: string }[];
      failureUserList: [];
    };
  }> {
    return this.#run('getUserStatus', async () => {
      const list = requireStringList(options?.userIDList, 'userIDList');
      await this.#roundTrip();
      return {
        code: 0,
        data: { successUserList: list.map((u) => this.#hub.status(u)), failureUserList: [] },
      };
    });
  }
}
