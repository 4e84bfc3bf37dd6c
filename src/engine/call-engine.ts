import { type Actor, createActor } from 'xstate';
import { type Clock, systemClock } from '../clock';
import { type CallMachine, callMachine } from '../machine/call-machine';
import { isPendingStatus } from '../machine/context';
import type { CallEvent } from '../machine/events';
import { isLiveStatus, type MediaType } from '../machine/types';
import { ABILITY, type AccountPort } from '../ports/account';
import type { DeviceKind, MediaDevice, MediaFact, MediaPort } from '../ports/media';
import type { ObservedSignal, SignalFact, SignalingPort } from '../ports/signaling';
import type { GroupCallInfo } from '../protocol/group-call-info';
import type { CallDescriptor } from '../protocol/types';
import { createChatAccount } from '../tencent/chat-account';
import { createChatSignaling } from '../tencent/chat-signaling';
import { createTRTCMedia } from '../tencent/trtc-media';
import { Abilities } from './abilities';
import type { CallEngine } from './call-engine-api';
import { DeviceArbiter } from './device-arbiter';
import { TypedEmitter } from './emitter';
import {
  activeParticipants,
  describe,
  descriptorOf,
  endedEarly,
  invalidParam,
  mediaError,
  refused,
  repeated,
  requireDeviceKind,
} from './engine-helpers';
import { CallError, CallErrorCode } from './errors';
import { diffEvents } from './event-diff';
import type { CallEngineEvents } from './events';
import { readGroupCall, watchGroupCall } from './group-call-watch';
import { routeSignal } from './inbound-signals';
import { MediaSession } from './media-session';
import { MediaSwitch, type PendingSwitch } from './media-switch';
import { WeakNetworkPolicy } from './network-policy';
import type {
  CallEngineOptions,
  CallParams,
  CallResult,
  GroupCallParams,
  InviteUserParams,
  JoinGroupCallParams,
  Logger,
} from './options';
import { type CallSnapshot, sameSnapshot, statusOf, toSnapshot, type UiState } from './snapshot';
import { Timers } from './timers';
import {
  MAX_NUMERIC_ROOM,
  optionalPlainObject,
  optionalRoom,
  optionalTimeout,
  optionalUserData,
  requireGroupID,
  requireMediaType,
  requireObject,
  requireUserID,
  requireUserIDList,
} from './validate';

/** Extra time the engine's safety net waits after the signaling layer's own timers should have fired. */
const SAFETY_GRACE_MS = 3000;
/** The inviter's Chat timer runs this much longer than the invitee's (wire-protocol §3.6). */
const INVITER_EXTRA_MS = 5000;
/** TUICallKit's documented group size, and TRTC's limit for the rtc scene. */
const DEFAULT_GROUP_LIMIT = 9;
const MAX_GROUP_LIMIT = 300;
const NO_GROUP_CALLS = 'group calls need a group-call edition';
const NO_MULTI_DEVICE = 'multi-device calling needs a group-call edition';

export type { CallEngine } from './call-engine-api';

/** Creates a call engine attached to a logged-in chat instance and a TRTC class. */
export function createCallEngine(options: CallEngineOptions): CallEngine {
  return new Engine(options);
}

/** @internal Everything the inbound routers may use. */
export interface EngineInternals {
  readonly selfId: string;
  readonly snapshot: CallSnapshot;
  readonly pendingSwitch: PendingSwitch | null;
  readonly outgoingInviteInFlight: boolean;
  readonly ownInvites: ReadonlySet<string>;
  readonly signaling: SignalingPort;
  can(event: CallEvent): boolean;
  send(event: CallEvent): void;
  now(): number;
  warn(code: string, message: string, ids?: { callId?: string | null; inviteID?: string }): void;
  buffer(fact: SignalFact): void;
  incoming(fact: Extract<SignalFact, { kind: 'invited' }>): void;
  finishSwitch(error?: CallError): void;
  applyRemoteSwitch(inviteID: string): void;
  /** Every invitation of the current call (inviteID → its invitees), so answers map to the call. */
  readonly callInvites: ReadonlyMap<string, readonly string[]>;
  /** The invitation this device rings for (its own id for a mid-call invitation). */
  readonly myInvite: string | null;
  /** Keeps a group answer that matched no call yet: its invitation may be about to ring here. */
  rememberObserved(fact: ObservedSignal): void;
  /** Whether `userID` is in this device's media room right now. */
  isInRoom(userID: string): boolean;
  /** Adds an invitation another member sent to the current call and watches it for no answer. */
  noteInvitation(inviteID: string, userIDs: readonly string[], timeoutS?: number): void;
  /** Multi-device calling is on: the user's other devices' answers end this device's ringing. */
  readonly multiDevice: boolean;
  /** Invitations this device tried to answer but another device (or the caller) handled first. */
  readonly lostArbitration: ReadonlySet<string>;
  /** Invitations this device decided not to ring for (the user is busy on another device). */
  readonly ignoredInvites: ReadonlySet<string>;
  /** The outgoing invitation being cancelled right now: answers to it wait for the outcome. */
  readonly cancelling: string | null;
  /** Invitations whose ringing waits for the user-status check. */
  readonly pendingIncoming: ReadonlySet<string>;
  /**
   * Someone else handled this invitation: a consumed marker arrived ('consumed'), or another device of
   * this user answered it ('accepted' / 'rejected').
   */
  noteHandledElsewhere(inviteID: string, how: 'consumed' | 'accepted' | 'rejected'): void;
  log: Logger;
}

class Engine implements CallEngine, EngineInternals {
  readonly selfId: string;
  readonly signaling: SignalingPort;
  readonly log: Logger;
  readonly #options: CallEngineOptions;
  readonly #clock: Clock;
  readonly #actor: Actor<CallMachine>;
  readonly #emitter: TypedEmitter<CallEngineEvents>;
  readonly #listeners = new Set<(snapshot: CallSnapshot) => void>();
  readonly #media: MediaSession;
  readonly #timers: Timers;
  readonly #unlisten: (() => void)[] = [];
  readonly #buffered: SignalFact[] = [];
  readonly #queue: (() => void)[] = [];
  readonly ownInvites = new Set<string>();
  readonly ignoredInvites = new Set<string>();
  readonly pendingIncoming = new Set<string>();
  readonly #arbiter: DeviceArbiter;
  #observed: ObservedSignal[] = [];
  readonly #account: AccountPort;
  readonly #abilities: Abilities;
  readonly callInvites = new Map<string, readonly string[]>();
  myInvite: string | null = null;
  readonly #maxParticipants: number;
  readonly #policy: WeakNetworkPolicy;
  #ui: UiState = {
    minimized: false,
    cameraOn: false,
    microphoneOn: false,
    connection: 'disconnected',
    networkQuality: 0,
  };
  multiDevice = false;
  #multiDeviceSet = false;
  /** Set while call() runs its checks, before the call exists; hangup() clears it to abort the call. */
  #dialing: object | null = null;
  #snapshot: CallSnapshot;
  #generation = 0;
  #ringTimeoutS: number;
  #invitesInFlight = 0;
  #draining = false;
  #destroyed = false;
  #hangingUp: Promise<void> | null = null;
  readonly #switch: MediaSwitch;
  cancelling: string | null = null;

  constructor(options: CallEngineOptions) {
    const o = requireObject(options, 'options') as unknown as CallEngineOptions;
    this.selfId = requireUserID(o.userID, 'userID');
    if (typeof o.chat !== 'object' || o.chat === null) throw invalidParam('chat must be a Chat instance');
    if (!o.media && typeof o.TRTC !== 'object' && typeof o.TRTC !== 'function') {
      throw invalidParam('TRTC must be the TRTC class');
    }
    if (!o.media && (typeof o.sdkAppId !== 'number' || !Number.isInteger(o.sdkAppId) || o.sdkAppId <= 0)) {
      throw invalidParam('sdkAppId must be a positive integer');
    }
    if (!o.media && typeof o.userSig !== 'string') throw invalidParam('userSig must be a string');
    this.#options = o;
    this.#ringTimeoutS = optionalTimeout(o.timeout, 30);
    const max = o.maxGroupParticipants ?? DEFAULT_GROUP_LIMIT;
    if (!Number.isInteger(max) || max < 1 || max > MAX_GROUP_LIMIT) {
      throw invalidParam(`maxGroupParticipants must be an integer between 1 and ${MAX_GROUP_LIMIT}`);
    }
    this.#maxParticipants = max;
    this.#clock = o.clock ?? systemClock;
    this.log = o.logger ?? {};
    this.#timers = new Timers(this.#clock);
    this.#emitter = new TypedEmitter<CallEngineEvents>((error, name) => this.#listenerFailed(error, name));
    this.signaling =
      o.signaling ??
      createChatSignaling(o.chat, { userID: this.selfId, ...(o.platform ? { platform: o.platform } : {}) });
    const mediaPort: MediaPort =
      o.media ??
      createTRTCMedia(o.TRTC, {
        sdkAppId: o.sdkAppId,
        userId: this.selfId,
        userSig: o.userSig,
        ...(o.trtcCreateOptions ? { createOptions: o.trtcCreateOptions } : {}),
        ...(o.videoProfile ? { videoProfile: o.videoProfile } : {}),
        ...(o.denoiser ? { denoiser: o.denoiser } : {}),
      });
    this.#media = new MediaSession(
      mediaPort,
      (error, op) => this.#mediaFailed(error, op),
      () => this.#setUi({ cameraOn: this.#media.cameraOn, microphoneOn: this.#media.microphoneOn }),
    );
    this.#policy = new WeakNetworkPolicy({
      clock: this.#clock,
      onWeak: ({ userID, quality }) =>
        this.#emit('networkWeak', {
          callId: this.#snapshot.callId,
          userID,
          quality,
          suggestion: 'switchToAudio',
        }),
      onRecovered: ({ userID }) => this.#emit('networkRecovered', { callId: this.#snapshot.callId, userID }),
      onProfile: (profile) =>
        void this.#media.setVideoProfile(profile).catch((e) => this.#debug('profile', e)),
    });
    const ringtone = o.ringtone;
    if (ringtone) {
      this.#unlisten.push(
        ringtone.onBlocked(({ kind, error }) => this.#emit('ringtoneBlocked', { kind, error })),
      );
    }
    this.#account = o.account ?? createChatAccount(o.chat, { userID: this.selfId });
    this.#abilities = new Abilities(this.#account);
    const engine = this;
    this.#switch = new MediaSwitch(
      {
        signaling: this.signaling,
        ownInvites: this.ownInvites,
        get snapshot() {
          return engine.#snapshot;
        },
        get generation() {
          return engine.#generation;
        },
        send: (event) => this.send(event),
        isCurrent: (generation) => this.#isCurrent(generation),
        descriptor: () => this.#descriptor(),
        debug: (what, e) => this.#debug(what, e),
      },
      this.#timers,
      INVITER_EXTRA_MS + SAFETY_GRACE_MS,
    );
    this.#arbiter = new DeviceArbiter(this.signaling, this.#account, (what, e) => this.#debug(what, e));
    if (o.multiDevice !== false) {
      // Asked once per login, up front, so the first incoming call already knows.
      this.#abilities.enabled(ABILITY.GROUP).then(
        (ok) => {
          // An explicit enableMultiDeviceAbility() in the meantime wins over the default.
          if (this.#destroyed || this.#multiDeviceSet) return;
          this.multiDevice = ok;
          if (!ok && o.multiDevice === true) {
            this.#report(CallErrorCode.PACKAGE_NOT_SUPPORTED, NO_MULTI_DEVICE);
          }
        },
        (e) => this.#debug('ability query', e),
      );
    }
    this.#actor = createActor(callMachine, {
      input: { selfId: this.selfId },
      ...(o.inspect ? { inspect: o.inspect } : {}),
    });
    this.#snapshot = this.#build();
    this.#actor.subscribe(() => this.#onMachine(this.#build()));
    this.#actor.start();
    this.#unlisten.push(this.signaling.listen((fact) => this.#onSignal(fact)));
    this.#unlisten.push(mediaPort.listen((fact) => this.#onMedia(fact)));
  }

  // ---- public API -------------------------------------------------------------------------------

  getSnapshot(): CallSnapshot {
    return this.#snapshot;
  }

  subscribe(listener: (snapshot: CallSnapshot) => void): () => void {
    if (typeof listener !== 'function') throw invalidParam('listener must be a function');
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  on<K extends keyof CallEngineEvents>(name: K, handler: (payload: CallEngineEvents[K]) => void): () => void {
    if (typeof handler !== 'function') throw invalidParam('handler must be a function');
    return this.#emitter.on(name, handler);
  }

  once<K extends keyof CallEngineEvents>(
    name: K,
    handler: (payload: CallEngineEvents[K]) => void,
  ): () => void {
    if (typeof handler !== 'function') throw invalidParam('handler must be a function');
    return this.#emitter.once(name, handler);
  }

  async call(params: CallParams): Promise<CallResult> {
    this.#assertAlive();
    const p = requireObject(params, 'call params');
    const userID = requireUserID(p.userID, 'userID');
    if (userID === this.selfId) throw invalidParam('cannot call yourself');
    return this.#place(p, [userID], '');
  }

  async groupCall(params: GroupCallParams): Promise<CallResult> {
    this.#assertAlive();
    const p = requireObject(params, 'groupCall params');
    const groupID = requireGroupID(p.groupID);
    const userIDs = requireUserIDList(p.userIDList, this.selfId);
    this.#checkLimit(userIDs.length);
    return this.#place(p, userIDs, groupID);
  }

  /** Places a 1v1 (`groupID` '') or group call: checks, room, invitation. */
  async #place(p: Record<string, unknown>, userIDs: string[], groupID: string): Promise<CallResult> {
    const mediaType = requireMediaType(p.mediaType);
    const timeout = optionalTimeout(p.timeout, optionalTimeout(this.#options.timeout, 30));
    const userData = optionalUserData(p.userData);
    const offlinePushInfo = optionalPlainObject(p.offlinePushInfo, 'offlinePushInfo');
    const room = optionalRoom(p.roomID, p.strRoomID) ?? { roomId: this.#randomRoom(), strRoomId: '' };
    const dial: CallEvent = {
      type: 'DIAL',
      at: this.now(),
      callerId: this.selfId,
      calleeIds: userIDs,
      scene: groupID ? 'group' : 'single',
      groupId: groupID,
      mediaType,
      userData,
      ...room,
    };
    if (!this.can(dial)) throw refused(`cannot place a call while ${this.#snapshot.status}`);
    const dialing = {};
    this.#dialing = dialing;
    await this.#abilities.require(
      ABILITY.BASE,
      CallErrorCode.PACKAGE_NOT_PURCHASED,
      'no call package: 1v1 calls are not purchased',
    );
    if (groupID)
      await this.#abilities.require(ABILITY.GROUP, CallErrorCode.PACKAGE_NOT_SUPPORTED, NO_GROUP_CALLS);
    if (this.multiDevice && (await this.#arbiter.selfStatus()) !== '') {
      throw refused('the user is in a call on another device');
    }
    // The checks above took time: the user may have hung up, or a call may have arrived, meanwhile.
    if (this.#dialing !== dialing) throw endedEarly('placed');
    this.#dialing = null;
    if (!this.can(dial)) throw refused(`cannot place a call while ${this.#snapshot.status}`);
    this.#ringTimeoutS = timeout;
    const generation = ++this.#generation;
    this.#newCall(null);
    this.send(dial);
    const call = this.#descriptor();
    try {
      await this.#media.enter(room);
      // No microphone or no permission: fail before anyone rings.
      await this.#media.capture(mediaType === 'video');
    } catch (error) {
      const failure = mediaError(error);
      if (this.#isCurrent(generation)) this.#fail(failure.code, failure.message, error);
      throw failure;
    }
    if (!this.#isCurrent(generation)) throw endedEarly('placed');
    let inviteID: string;
    this.#invitesInFlight++;
    try {
      inviteID = await this.signaling.invite(
        groupID ? { groupID, inviteeList: userIDs } : { userID: userIDs[0]! },
        { type: 'invite', call, userIDs, userData },
        { timeout, ...(offlinePushInfo ? { offlinePushInfo } : {}) },
      );
    } catch (error) {
      this.#invitesInFlight--;
      const code = (error as { code?: unknown } | null)?.code;
      // Chat's "no such group" (10010) and "not a member" (10007): TUICallKit answers -1202.
      const failure = new CallError(
        code === 10010 || code === 10007 ? CallErrorCode.PARAM_INVALID : CallErrorCode.SIGNALING_SEND_FAIL,
        `could not send the invitation: ${describe(error)}`,
        error,
      );
      if (this.#isCurrent(generation)) this.#fail(failure.code, failure.message, error);
      this.#dropBuffered();
      throw failure;
    }
    this.#invitesInFlight--;
    this.ownInvites.add(inviteID);
    if (!this.#isCurrent(generation)) {
      // Hung up (or lost a glare) while the invitation was on its way: take it back.
      void this.#withdraw(inviteID, call);
      this.#dropBuffered();
      throw endedEarly('placed');
    }
    this.send({ type: 'INVITE_SENT', callId: inviteID });
    // The invitees are in the call's list already (DIAL); a group call also watches them for no answer.
    this.callInvites.set(inviteID, userIDs);
    if (groupID) this.#expireInvitees(inviteID, userIDs, timeout);
    this.#replayBuffered();
    return { callId: inviteID };
  }

  async inviteUser(params: InviteUserParams): Promise<{ invited: string[] }> {
    this.#assertAlive();
    const p = requireObject(params, 'inviteUser params');
    const requested = requireUserIDList(p.userIDList, this.selfId);
    const timeout = optionalTimeout(p.timeout, this.#ringTimeoutS);
    const snap = this.#snapshot;
    if (snap.status !== 'accepted' && snap.status !== 'calling') {
      throw refused(`cannot invite while ${snap.status}`);
    }
    if (snap.scene !== 'group') {
      throw new CallError(
        CallErrorCode.SCENE_NOT_SUPPORTED,
        'inviting users is only supported in group calls',
      );
    }
    const inCall = activeParticipants(snap);
    const invited = requested.filter((id) => !inCall.includes(id));
    if (invited.length === 0) return { invited };
    this.#checkLimit(inCall.length + invited.length);
    await this.#abilities.require(ABILITY.GROUP, CallErrorCode.PACKAGE_NOT_SUPPORTED, NO_GROUP_CALLS);
    const generation = this.#generation;
    if (!this.#isCurrent(generation) || this.#snapshot.callId !== snap.callId)
      throw endedEarly('invited into');
    const call = this.#descriptor();
    let inviteID: string;
    this.#invitesInFlight++;
    try {
      inviteID = await this.signaling.invite(
        { groupID: snap.groupId, inviteeList: invited },
        {
          type: 'invite',
          call,
          userIDs: invited,
          userData: snap.userData,
          inCallUserIDs: inCall,
          ...(snap.callId ? { initialCallId: snap.callId } : {}),
        },
        { timeout },
      );
    } catch (error) {
      this.#invitesInFlight--;
      this.#dropBuffered();
      throw new CallError(
        CallErrorCode.SIGNALING_SEND_FAIL,
        `could not send the invitation: ${describe(error)}`,
        error,
      );
    }
    this.#invitesInFlight--;
    this.ownInvites.add(inviteID);
    if (!this.#isCurrent(generation)) {
      void this.#withdraw(inviteID, call);
      this.#dropBuffered();
      throw endedEarly('invited into');
    }
    this.noteInvitation(inviteID, invited, timeout);
    this.#replayBuffered();
    return { invited };
  }

  async joinInGroupCall(params: JoinGroupCallParams): Promise<void> {
    this.#assertAlive();
    const p = requireObject(params, 'joinInGroupCall params');
    const groupID = requireGroupID(p.groupID);
    const room = optionalRoom(p.roomID, p.strRoomID);
    if (!room) throw invalidParam('give the roomID or strRoomID of the call');
    const mediaType = requireMediaType(p.mediaType);
    const join = (callId: string | null, inCallIds: readonly string[]): CallEvent => ({
      type: 'JOIN',
      callId,
      at: this.now(),
      callerId: '',
      calleeIds: [],
      scene: 'group',
      groupId: groupID,
      mediaType,
      userData: '',
      inCallIds,
      ...room,
    });
    if (!this.can(join(null, []))) throw refused(`cannot join a call while ${this.#snapshot.status}`);
    await this.#abilities.require(ABILITY.GROUP, CallErrorCode.PACKAGE_NOT_SUPPORTED, NO_GROUP_CALLS);
    // The group's call info names the call and who is in it; joining works without it too.
    const info = await this.getGroupCallInfo(groupID).catch(() => null);
    const known = info && info.roomId === room.roomId && info.strRoomId === room.strRoomId ? info : null;
    if (!this.can(join(null, []))) throw refused(`cannot join a call while ${this.#snapshot.status}`);
    const generation = ++this.#generation;
    this.#newCall(null);
    try {
      await this.#media.enter(room);
      await this.#media.capture(mediaType === 'video');
    } catch (error) {
      void this.#media.leave();
      throw mediaError(error);
    }
    if (generation !== this.#generation || this.#destroyed) throw endedEarly('joined');
    // In the room first, then in the call: media facts seen meanwhile are replayed on entering.
    this.send(join(known?.callId ?? null, known?.userIDs ?? []));
  }

  getGroupCallInfo(groupID: string): Promise<GroupCallInfo | null> {
    this.#assertAlive();
    return readGroupCall(this.#account, requireGroupID(groupID));
  }

  watchGroupCall(groupID: string, listener: (info: GroupCallInfo | null) => void): () => void {
    this.#assertAlive();
    const id = requireGroupID(groupID);
    if (typeof listener !== 'function') throw invalidParam('listener must be a function');
    const off = watchGroupCall(
      this.#account,
      id,
      listener,
      (error) => this.#listenerFailed(error, 'watchGroupCall'),
      (error) => this.#debug('getGroupCallInfo', error),
    );
    this.#unlisten.push(off);
    return off;
  }

  async accept(): Promise<void> {
    this.#assertAlive();
    const snap = this.#ringing('accept');
    const at = this.now();
    if (!this.can({ type: 'ACCEPT', at })) throw repeated('accept is already in progress');
    this.send({ type: 'ACCEPT', at });
    const generation = this.#generation;
    const callId = snap.callId;
    // A mid-call invitation is answered under its own id; the call keeps the first one.
    const inviteID = this.myInvite ?? callId;
    const call = this.#descriptor();
    // The consumed marker doubles as arbitration between the user's devices: Chat refuses a modification
    // based on an outdated copy (2480), so only the first device to write it goes on to accept.
    const won = snap.scene === 'single' ? await this.#arbiter.consume(callId) : true;
    const elsewhere = this.#arbiter.handledElsewhere(inviteID);
    if (!won || elsewhere) {
      // Stay in "answering" until that device's accept or reject (or the caller's cancel) arrives,
      // unless it already did.
      this.#arbiter.lostArbitration.add(inviteID);
      if (elsewhere === 'accepted' || elsewhere === 'rejected') {
        const type = elsewhere === 'accepted' ? 'OTHER_DEVICE_ACCEPTED' : 'OTHER_DEVICE_REJECTED';
        this.send({ type, callId, at: this.now() });
      }
      throw refused('another device or the caller handled the call first');
    }
    if (!this.#isCurrent(generation)) throw endedEarly('accepted');
    try {
      await this.#media.enter({ roomId: snap.roomId, strRoomId: snap.strRoomId });
      // Microphone (and camera) before answering: no permission or no device must not make a
      // half-open call in which the caller talks to nobody.
      await this.#media.capture(snap.mediaType === 'video');
    } catch (error) {
      const failure = mediaError(error);
      // Tell the caller instead of leaving it ringing, then end here with a clear error.
      if (this.#isCurrent(generation)) {
        this.#fail(failure.code, failure.message, error);
        void this.signaling.reject(inviteID, { type: 'reject', call }).catch((e) => this.#debug('reject', e));
      }
      throw failure;
    }
    if (!this.#isCurrent(generation)) throw endedEarly('accepted');
    try {
      await this.signaling.accept(inviteID, { type: 'accept', call });
    } catch (error) {
      const failure = new CallError(
        CallErrorCode.SIGNALING_SEND_FAIL,
        `could not send the accept: ${describe(error)}`,
        error,
      );
      if (this.#isCurrent(generation)) this.#fail(failure.code, failure.message, error);
      throw failure;
    }
    if (!this.#isCurrent(generation)) throw endedEarly('accepted');
    this.send({ type: 'ACCEPT_SENT', at: this.now() });
  }

  async reject(): Promise<void> {
    this.#assertAlive();
    const snap = this.#ringing('reject');
    const at = this.now();
    if (!this.can({ type: 'REJECT', at })) throw repeated('the call is being accepted');
    const call = this.#descriptor();
    this.send({ type: 'REJECT', at });
    await this.#sendReject(this.myInvite ?? snap.callId, call, snap.scene === 'single');
  }

  ignore(): void {
    this.#assertAlive();
    const at = this.now();
    if (this.#snapshot.status !== 'ringing' || !this.can({ type: 'IGNORE', at })) {
      throw refused(`nothing to ignore while ${this.#snapshot.status}`);
    }
    this.send({ type: 'IGNORE', at });
  }

  hangup(): Promise<void> {
    if (this.#hangingUp) return this.#hangingUp;
    const done = this.#hangup().finally(() => {
      this.#hangingUp = null;
    });
    this.#hangingUp = done;
    return done;
  }

  async #hangup(): Promise<void> {
    this.#assertAlive();
    const snap = this.#snapshot;
    const call = this.#descriptor();
    const at = this.now();
    if (snap.status === 'ringing') {
      // Also while an accept is in flight: that flow sees the ended call and stops; the reject tells the caller.
      this.send({ type: 'HANGUP', at });
      const inviteID = this.myInvite ?? snap.callId;
      if (inviteID) await this.#sendReject(inviteID, call, snap.scene === 'single');
    } else if (snap.status === 'calling') {
      // TUICallKit order: consumed marker, cancel, then leave the room and end, so the callee hears of
      // the cancel before it sees the caller leave. An accept that reached Chat before our cancel makes
      // this an ordinary hang-up of an answered call, the same outcome the callee sees.
      if (snap.callId) {
        // Answers arriving while the cancel is on its way are held: if Chat takes the cancel, the
        // callee gets it and ends as canceled too, so that answer is dropped; if Chat refuses it,
        // the answer got there first and stands.
        this.cancelling = snap.callId;
        const cancelled = await this.#withdraw(snap.callId, call);
        this.cancelling = null;
        const held = this.#buffered.splice(0);
        for (const fact of held) {
          if (!cancelled || !('inviteID' in fact) || fact.inviteID !== snap.callId) this.#onSignal(fact);
        }
      }
      // Only this call: one that rang in meanwhile (the peer called us at the same moment) is left to ring.
      if (this.#snapshot.callId === snap.callId) await this.#leave();
      await this.#media.settled();
    } else if (snap.status === 'accepted') {
      await this.#leave();
    } else {
      // call() may still be checking the edition or the user status: stop it before it dials.
      this.#dialing = null;
    }
    await this.#media.settled();
  }

  /** Ends this device's part in the call; in a group call the others are told and continue (L). */
  async #leave(): Promise<void> {
    const before = this.#snapshot;
    this.send({ type: 'HANGUP', at: this.now() });
    const inCall = before.status === 'accepted';
    if (before.scene !== 'group' || (!inCall && before.status !== 'calling')) return;
    const call = descriptorOf(before);
    const pending = new Set(
      before.participants.filter((p) => isPendingStatus(p.status)).map((p) => p.userID),
    );
    const sends: Promise<unknown>[] = [];
    // Invitations this user sent that someone still rings for are withdrawn (TUICallKit: cancel only).
    // Still calling: the first invitation was withdrawn already, mid-call ones may remain.
    for (const [inviteID, users] of this.callInvites) {
      const withdrawn = !inCall && inviteID === before.callId;
      if (!withdrawn && this.ownInvites.has(inviteID) && users.some((u) => pending.has(u)))
        sends.push(this.signaling.cancel(inviteID, { type: 'cancel', call }));
    }
    // Nobody answered yet while calling: the cancels say it all, no hangup record (TUICallKit).
    const members = inCall ? activeParticipants(before) : [];
    if (members.length > 0) {
      const durationSec =
        before.acceptedAt === null ? 0 : Math.max(0, Math.round((this.now() - before.acceptedAt) / 1000));
      sends.push(
        this.signaling.invite(
          { groupID: before.groupId, inviteeList: members },
          { type: 'hangup', call, durationSec },
          { timeout: 0 },
        ),
      );
    }
    for (const result of await Promise.allSettled(sends)) {
      if (result.status === 'rejected') this.#debug('group hangup', result.reason);
    }
  }

  async switchCallMediaType(mediaType: MediaType): Promise<void> {
    this.#assertAlive();
    const target = requireMediaType(mediaType);
    const snap = this.#snapshot;
    if (snap.status !== 'accepted') throw refused(`cannot switch media while ${snap.status}`);
    if (snap.scene !== 'single') {
      throw new CallError(
        CallErrorCode.SCENE_NOT_SUPPORTED,
        'switching media is only supported in 1v1 calls',
      );
    }
    if (this.#switch.pending) return this.#switch.pending.promise;
    if (snap.mediaType === target) throw repeated(`the call is already ${target}`);
    if (target === 'video') throw invalidParam('only switching from video to audio is supported');
    const peer = snap.participants[0]?.userID;
    if (!peer) throw refused('no peer to switch with');
    return this.#switch.request(peer);
  }

  openCamera(view?: unknown): Promise<void> {
    this.#assertAlive();
    return this.#mediaCommand(this.#media.openCamera(view));
  }

  closeCamera(): Promise<void> {
    this.#assertAlive();
    return this.#mediaCommand(this.#media.closeCamera());
  }

  openMicrophone(): Promise<void> {
    this.#assertAlive();
    return this.#mediaCommand(this.#media.openMicrophone());
  }

  closeMicrophone(): Promise<void> {
    this.#assertAlive();
    return this.#mediaCommand(this.#media.closeMicrophone());
  }

  startRemoteView(userID: string, view: unknown): Promise<void> {
    this.#assertAlive();
    return this.#mediaCommand(this.#media.startRemoteView(requireUserID(userID, 'userID'), view));
  }

  stopRemoteView(userID: string): Promise<void> {
    this.#assertAlive();
    return this.#mediaCommand(this.#media.stopRemoteView(requireUserID(userID, 'userID')));
  }

  getDevices(kind: DeviceKind): Promise<MediaDevice[]> {
    this.#assertAlive();
    return this.#mediaCommand(
      this.#media.getDevices(requireDeviceKind(kind)),
      CallErrorCode.GET_DEVICE_LIST_FAIL,
    );
  }

  switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    this.#assertAlive();
    const k = requireDeviceKind(kind);
    if (typeof deviceId !== 'string' || deviceId === '')
      throw invalidParam('deviceId must be a non-empty string');
    return this.#mediaCommand(this.#media.switchDevice(k, deviceId));
  }

  setNoiseSuppression(enabled: boolean): Promise<void> {
    this.#assertAlive();
    if (typeof enabled !== 'boolean') throw invalidParam('enabled must be a boolean');
    return this.#mediaCommand(this.#media.setNoiseSuppression(enabled));
  }

  setMinimized(minimized: boolean): void {
    this.#assertAlive();
    if (typeof minimized !== 'boolean') throw invalidParam('minimized must be a boolean');
    this.#setUi({ minimized });
  }

  /** A media command's failure as a CallError (-1101 without permission). */
  async #mediaCommand<T>(op: Promise<T>, code: number = CallErrorCode.MEDIA_FAILED): Promise<T> {
    try {
      return await op;
    } catch (error) {
      throw mediaError(error, code);
    }
  }

  async enableMultiDeviceAbility(enable: boolean): Promise<void> {
    this.#assertAlive();
    if (typeof enable !== 'boolean') throw invalidParam('enable must be a boolean');
    if (enable) {
      await this.#abilities.require(ABILITY.GROUP, CallErrorCode.PACKAGE_NOT_SUPPORTED, NO_MULTI_DEVICE);
    }
    this.multiDevice = enable;
    this.#multiDeviceSet = true;
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    const snap = this.#snapshot;
    if (isLiveStatus(snap.status)) {
      await this.hangup().catch((e) => this.#debug('hangup on destroy', e));
    }
    this.#destroyed = true;
    this.finishSwitch(refused('the engine was destroyed'));
    this.#timers.clearAll();
    this.#policy.dispose();
    this.#options.ringtone?.stop();
    for (const off of this.#unlisten.splice(0)) off();
    this.signaling.destroy();
    await this.#media.destroy();
    this.#actor.stop();
    this.#emitter.clear();
    this.#listeners.clear();
    this.#buffered.length = 0;
  }

  // ---- internals shared with the inbound routers ---------------------------------------------------

  get snapshot(): CallSnapshot {
    return this.#snapshot;
  }

  get outgoingInviteInFlight(): boolean {
    return this.#invitesInFlight > 0;
  }

  now(): number {
    return this.#clock.now();
  }

  can(event: CallEvent): boolean {
    return this.#actor.getSnapshot().can(event);
  }

  send(event: CallEvent): void {
    if (this.#destroyed) return;
    this.#actor.send(event);
  }

  warn(code: string, message: string, ids?: { callId?: string | null; inviteID?: string }): void {
    const payload: CallEngineEvents['warning'] = { code, message };
    if (ids?.callId) payload.callId = ids.callId;
    if (ids?.inviteID) payload.inviteID = ids.inviteID;
    this.log.warn?.(message, payload);
    this.#enqueue(() => this.#emitter.emit('warning', payload));
  }

  buffer(fact: SignalFact): void {
    this.#buffered.push(fact);
  }

  noteHandledElsewhere(inviteID: string, how: 'consumed' | 'accepted' | 'rejected'): void {
    this.#arbiter.noteHandledElsewhere(inviteID, how);
  }

  rememberObserved(fact: ObservedSignal): void {
    // A few dozen are plenty: they only bridge the moment between an answer and its invitation.
    this.#observed = [...this.#observed.slice(-63), fact];
  }

  isInRoom(userID: string): boolean {
    return this.#media.present.has(userID);
  }

  get lostArbitration(): ReadonlySet<string> {
    return this.#arbiter.lostArbitration;
  }

  #rememberRingTimeout(seconds: number | undefined): void {
    this.#ringTimeoutS = seconds ?? optionalTimeout(this.#options.timeout, 30);
  }

  /** A valid call invitation arrived: ring, resolve glare, or answer busy. */
  incoming(fact: Extract<SignalFact, { kind: 'invited' }>): void {
    const p = fact.payload;
    const before = this.#snapshot;
    const group = fact.groupID !== '';
    const event: Extract<CallEvent, { type: 'INCOMING' }> = {
      type: 'INCOMING',
      // A mid-call invitation belongs to the call its first invitation started.
      callId: (group && p.initialCallId) || fact.inviteID,
      at: this.now(),
      callerId: group && p.inviter ? p.inviter : fact.inviter,
      calleeIds: p.userIDs.length > 0 ? [...p.userIDs] : [...fact.inviteeList],
      scene: group ? 'group' : 'single',
      groupId: fact.groupID,
      // Who is in the call already: the sender, and the original caller (never pending). The other
      // members a mid-call invitation names may still be ringing themselves.
      ...(group
        ? {
            inCallIds: [fact.inviter, ...(p.inCallUserIDs?.includes(p.inviter) ? [p.inviter] : [])],
            memberIds: p.inCallUserIDs ?? [],
          }
        : {}),
      mediaType: p.mediaType ?? 'audio',
      roomId: p.roomId,
      strRoomId: p.strRoomId,
      userData: p.userData,
    };
    if (!this.can(event)) {
      this.#answerBusy(fact);
      return;
    }
    const free = before.status === 'idle' || before.status === 'ended';
    if (!free || !this.multiDevice) {
      this.#ring(event, fact, before);
      return;
    }
    // Multi-device: ring only if no other device of this user is dialing or in a call (that device
    // answers busy itself). Signals for this invitation wait until the check is done.
    this.pendingIncoming.add(fact.inviteID);
    void this.#arbiter.selfStatus().then((status) => {
      this.pendingIncoming.delete(fact.inviteID);
      if (this.#destroyed) return;
      if (status !== '') this.ignoredInvites.add(fact.inviteID);
      else if (this.can({ ...event, at: this.now() })) this.#ring({ ...event, at: this.now() }, fact, before);
      else this.#answerBusy(fact);
      this.#replayBuffered();
    });
  }

  #answerBusy(fact: Extract<SignalFact, { kind: 'invited' }>): void {
    const p = fact.payload;
    const call: CallDescriptor = {
      mediaType: p.mediaType ?? 'audio',
      roomId: p.roomId,
      strRoomId: p.strRoomId,
      inviter: fact.inviter,
      group: fact.groupID !== '',
    };
    void this.signaling
      .reject(fact.inviteID, { type: 'reject', call, busy: true })
      .catch((e) => this.#debug('busy reject', e));
  }

  #ring(
    event: Extract<CallEvent, { type: 'INCOMING' }>,
    fact: Extract<SignalFact, { kind: 'invited' }>,
    before: CallSnapshot,
  ): void {
    this.#rememberRingTimeout(fact.timeout);
    this.#generation++;
    this.#newCall(fact.inviteID);
    this.callInvites.set(fact.inviteID, fact.inviteeList);
    const { initialCallId, inCallUserIDs } = fact.payload;
    // The other invitees of a group invitation: if their answers never reach this device (lost), they
    // must not keep it in the call forever.
    if (event.scene === 'group') this.#expireInvitees(fact.inviteID, fact.inviteeList, this.#ringTimeoutS);
    if (event.scene === 'group' && initialCallId && initialCallId !== fact.inviteID) {
      // Invited mid-call: follow-ups of the first invitation (seen in the group) concern the members
      // it names, and a safety net covers those whose answer never shows up here.
      this.callInvites.set(initialCallId, inCallUserIDs ?? []);
      this.#expireInvitees(initialCallId, inCallUserIDs ?? [], this.#ringTimeoutS);
    }
    this.#arbiter.reset();
    this.send(event);
    // Answers seen in the group just before this invitation reached us belong to it after all.
    const early = this.#observed.filter((f) => this.callInvites.has(f.inviteID));
    this.#observed = this.#observed.filter((f) => !this.callInvites.has(f.inviteID));
    for (const f of early) this.#onSignal({ kind: 'observed', of: f });
    if (before.status === 'calling') {
      // Glare lost: withdraw our own invitation (if it is out yet) and take the winner's call, unless
      // the user is hanging up (then the hang-up withdraws it, and the winner's call just rings).
      if (this.#hangingUp) return;
      if (before.callId) void this.#withdraw(before.callId, descriptorOf(before));
      void Promise.resolve()
        .then(() => this.accept())
        .catch((e) => this.#debug('glare accept', e));
    }
  }

  noteInvitation(inviteID: string, userIDs: readonly string[], timeoutS = this.#ringTimeoutS): void {
    this.callInvites.set(inviteID, userIDs);
    // A joiner may not know the call id; events carry whatever this device has (null matches null).
    const callId = this.#snapshot.callId as string;
    this.send({ type: 'USERS_INVITED', callId, userIDs });
    this.#expireInvitees(inviteID, userIDs, timeoutS);
  }

  /** Safety net for invitees whose answer or time-out never reaches this device. */
  #expireInvitees(inviteID: string, userIDs: readonly string[], timeoutS: number): void {
    const generation = this.#generation;
    this.#timers.set(`invite:${inviteID}`, timeoutS * 1000 + INVITER_EXTRA_MS + SAFETY_GRACE_MS, () => {
      if (generation === this.#generation)
        this.send({
          type: 'REMOTE_NO_RESPONSE',
          callId: this.#snapshot.callId as string,
          userIDs,
          at: this.now(),
        });
    });
  }

  /** Forgets the previous call's invitations; `inviteID` is the one this device now rings for. */
  #newCall(inviteID: string | null): void {
    this.callInvites.clear();
    this.myInvite = inviteID;
  }

  /** Refuses (-1202) a call that would hold more than `maxGroupParticipants` users besides this one. */
  #checkLimit(count: number): void {
    if (count > this.#maxParticipants) {
      throw invalidParam(
        `a group call holds at most ${this.#maxParticipants} participants besides you (maxGroupParticipants)`,
      );
    }
  }

  get pendingSwitch(): PendingSwitch | null {
    return this.#switch.pending;
  }

  finishSwitch(error?: CallError): void {
    this.#switch.finish(error);
  }

  applyRemoteSwitch(inviteID: string): void {
    this.#switch.applyRemote(inviteID);
  }

  // ---- private ------------------------------------------------------------------------------------

  #onSignal(fact: SignalFact): void {
    if (this.#destroyed) return;
    try {
      routeSignal(this, fact);
    } catch (error) {
      this.warn('internal', `${fact.kind} failed: ${describe(error)}`);
    }
  }

  #onMedia(fact: MediaFact): void {
    if (this.#destroyed) return;
    const at = this.now();
    this.#media.observe(fact);
    switch (fact.type) {
      case 'remoteUserEnter':
        this.#media.present.add(fact.userID);
        this.#media.seen.add(fact.userID);
        this.send({ type: 'PEER_JOINED', userID: fact.userID, at });
        return;
      case 'remoteUserExit': {
        this.#media.present.delete(fact.userID);
        this.#policy.forget(fact.userID);
        const before = this.#snapshot;
        this.send({ type: 'PEER_LEFT', userID: fact.userID, at });
        const after = this.#snapshot;
        if (before.status === 'accepted' && after.status === 'ended' && after.scene === 'single') {
          this.#sendHangupRecord(after);
        }
        return;
      }
      case 'remoteAudioAvailable':
        this.send({ type: 'PEER_AUDIO', userID: fact.userID, available: fact.available });
        return;
      case 'remoteVideoAvailable':
        this.send({ type: 'PEER_VIDEO', userID: fact.userID, available: fact.available });
        return;
      case 'audioVolume':
        this.send({ type: 'PEER_VOLUME', volumes: fact.volumes.filter((v) => v.userID !== '') });
        return;
      case 'networkQuality':
        if (this.#snapshot.status === 'accepted') this.#policy.sample(fact.userID, fact.quality);
        if (fact.userID !== '')
          this.send({ type: 'PEER_QUALITY', userID: fact.userID, quality: fact.quality });
        else this.#setUi({ networkQuality: fact.quality });
        return;
      case 'connectionState':
        this.#setUi({ connection: fact.state });
        this.#emit('connectionChanged', { state: fact.state });
        return;
      case 'autoplayFailed':
        this.#emit('autoplayFailed', { userID: fact.userID });
        return;
      case 'kicked':
        // TRTC kicks the older of two clients of one user in a room: another device took the call.
        if (fact.reason === 'kick' && this.#snapshot.status === 'accepted') {
          this.send({ type: 'REPLACED', at });
          return;
        }
        this.#enqueue(() => this.#emitter.emit('kickedOffline', { reason: fact.reason }));
        this.send({ type: 'FAIL', at });
        return;
      case 'error':
        this.#enqueue(() => this.#emitter.emit('error', { code: fact.code, message: fact.message }));
        return;
    }
  }

  #build(): CallSnapshot {
    const s = this.#actor.getSnapshot();
    return toSnapshot(statusOf(s.value), s.context, this.#ui);
  }

  /** UI-facing state outside the call machine (camera, microphone, connection, minimized). */
  #setUi(patch: Partial<UiState>): void {
    const next = { ...this.#ui, ...patch };
    if ((Object.keys(next) as (keyof UiState)[]).every((k) => next[k] === this.#ui[k])) return;
    this.#ui = next;
    this.#onMachine(this.#build());
  }

  #emit<K extends keyof CallEngineEvents>(name: K, payload: CallEngineEvents[K]): void {
    this.#enqueue(() => this.#emitter.emit(name, payload));
  }

  #onMachine(next: CallSnapshot): void {
    const prev = this.#snapshot;
    if (sameSnapshot(prev, next)) return;
    this.#snapshot = next;
    this.#react(prev, next);
    const events = diffEvents(prev, next);
    this.#enqueue(() => {
      for (const listener of [...this.#listeners]) {
        try {
          listener(next);
        } catch (error) {
          this.#listenerFailed(error, 'subscribe');
        }
      }
      for (const e of events) this.#emitter.emit(e.name, e.payload as never);
    });
  }

  /** Side effects of state changes: timers and media follow the call status. */
  #react(prev: CallSnapshot, next: CallSnapshot): void {
    const newCall = prev.callId !== next.callId && prev.callId !== null;
    if (prev.status !== next.status || newCall) {
      const ringtone = this.#options.ringtone;
      if (next.status === 'calling') ringtone?.play('dialing');
      else if (next.status === 'ringing') ringtone?.play('ringing');
      else ringtone?.stop();
      this.#timers.clear('safety');
      const generation = this.#generation;
      if (next.status === 'calling') {
        this.#safety(this.#ringTimeoutS * 1000 + INVITER_EXTRA_MS + SAFETY_GRACE_MS, generation);
      } else if (next.status === 'ringing') {
        // A new incoming call never shares a room with an earlier outgoing one (glare).
        if (this.#media.room) void this.#media.leave();
        this.#safety(this.#ringTimeoutS * 1000 + INVITER_EXTRA_MS + SAFETY_GRACE_MS, generation);
      } else if (next.status === 'accepted') {
        const connectTimeout = this.#options.connectTimeout ?? 15_000;
        if (next.connectedAt === null) {
          this.#timers.set('connect', connectTimeout, () =>
            this.send({ type: 'PEER_MISSING', at: this.now() }),
          );
        }
        // Media can overtake signaling: the peer may have joined (and even left) the room before the
        // answer reached us. Replay what the room already showed.
        for (const userID of this.#media.seen) this.send({ type: 'PEER_JOINED', userID, at: this.now() });
        for (const userID of this.#media.seen) {
          if (!this.#media.present.has(userID)) this.#onMedia({ type: 'remoteUserExit', userID });
        }
        void this.#media.publish(next.mediaType === 'video');
      } else if (next.status === 'ended') {
        this.#timers.clearAll();
        this.#policy.reset();
        // The floating window belongs to the call (the snapshot already reports it off).
        this.#ui = { ...this.#ui, minimized: false };
        this.finishSwitch(refused('the call ended'));
        void this.#media.leave();
      }
    }
    if (prev.status !== next.status || newCall) this.#arbiter.publishStatus(next.status, this.multiDevice);
    if (prev.connectedAt === null && next.connectedAt !== null) this.#timers.clear('connect');
    if (next.status === 'accepted' && next.scene === 'group') this.#watchArrivals(prev, next);
    if (!newCall && prev.mediaType === 'video' && next.mediaType === 'audio') void this.#media.stopVideo();
  }

  /**
   * Group calls: someone who accepted but never shows up in the media room (their device died between
   * accept and media) is counted as gone after `connectTimeout`, so the others are never stuck.
   */
  #watchArrivals(prev: CallSnapshot, next: CallSnapshot): void {
    const wasIn = prev.status === 'accepted' && prev.callId === next.callId;
    if (wasIn && prev.participants === next.participants) return;
    // Same places in both lists (newcomers are appended), so compare by index.
    const list = next.participants;
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      const old = wasIn ? prev.participants[i] : undefined;
      if (old === p || old?.status === p.status) continue;
      if (p.status !== 'accepted') {
        if (old?.status === 'accepted') this.#timers.clear(`arrive:${p.userID}`);
        continue;
      }
      const generation = this.#generation;
      this.#timers.set(`arrive:${p.userID}`, this.#options.connectTimeout ?? 15_000, () => {
        const now = this.#snapshot.participants.find((q) => q.userID === p.userID);
        if (generation === this.#generation && now?.status === 'accepted')
          this.send({ type: 'PEER_LEFT', userID: p.userID, at: this.now() });
      });
    }
  }

  #safety(ms: number, generation: number): void {
    this.#timers.set('safety', ms, () => {
      if (generation === this.#generation) this.send({ type: 'SAFETY_TIMEOUT', at: this.now() });
    });
  }

  /** Runs emissions one after another, even when a listener triggers more changes. */
  #enqueue(task: () => void): void {
    this.#queue.push(task);
    if (this.#draining) return;
    this.#draining = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) next();
    } finally {
      this.#draining = false;
    }
  }

  /** The snapshot of the ringing call a callee command acts on; refuses (-1203) when nothing rings. */
  #ringing(what: string): CallSnapshot & { callId: string } {
    const snap = this.#snapshot;
    if (snap.status !== 'ringing' || snap.callId === null)
      throw refused(`nothing to ${what} while ${snap.status}`);
    return snap as CallSnapshot & { callId: string };
  }

  #isCurrent(generation: number): boolean {
    return !this.#destroyed && generation === this.#generation && this.#snapshot.status !== 'ended';
  }

  #descriptor(): CallDescriptor {
    return descriptorOf(this.#snapshot);
  }

  #randomRoom(): number {
    const random = this.#options.random ?? Math.random;
    return 1 + Math.floor(random() * (MAX_NUMERIC_ROOM - 1));
  }

  /** Takes back an invitation (consumed marker, then cancel); resolves whether Chat took the cancel. */
  async #withdraw(inviteID: string, call: CallDescriptor): Promise<boolean> {
    try {
      if (!call.group)
        await this.signaling.markConsumed(inviteID).catch((e) => this.#debug('markConsumed', e));
      await this.signaling.cancel(inviteID, { type: 'cancel', call });
      return true;
    } catch (error) {
      // Refused because the callee's answer got there first: not a failure, the call was answered.
      if (this.#buffered.some((f) => f.kind === 'accepted' && f.inviteID === inviteID)) return false;
      this.#report(
        CallErrorCode.SIGNALING_SEND_FAIL,
        `could not cancel the invitation: ${describe(error)}`,
        error,
      );
      return false;
    }
  }

  async #sendReject(callId: string, call: CallDescriptor, single: boolean): Promise<void> {
    // Another device (or the caller) handled the invitation first: its answer stands, ours is not sent.
    const won = await this.#arbiter.mayAnswer(callId, single);
    if (!won) return;
    try {
      await this.signaling.reject(callId, { type: 'reject', call });
    } catch (error) {
      const failure = new CallError(
        CallErrorCode.SIGNALING_SEND_FAIL,
        `could not send the reject: ${describe(error)}`,
        error,
      );
      this.#report(failure.code, failure.message, error);
      throw failure;
    }
  }

  /** TUICallKit's hangup record K: the side that remains tells the peer (and chat history) the duration. */
  #sendHangupRecord(snap: CallSnapshot): void {
    const peer = snap.participants[0]?.userID;
    if (!peer) return;
    const durationSec =
      snap.connectedAt !== null && snap.endedAt !== null && snap.acceptedAt !== null
        ? Math.round((snap.endedAt - snap.acceptedAt) / 1000)
        : 0;
    void this.signaling
      .invite({ userID: peer }, { type: 'hangup', call: descriptorOf(snap), durationSec }, { timeout: 0 })
      .catch((e) => this.#debug('hangup record', e));
  }

  #replayBuffered(): void {
    for (const fact of this.#buffered.splice(0)) this.#onSignal(fact);
  }

  #dropBuffered(): void {
    if (this.#invitesInFlight > 0) return;
    for (const fact of this.#buffered.splice(0)) {
      const inviteID = 'inviteID' in fact ? fact.inviteID : undefined;
      this.warn('unknown-call', `${fact.kind} for an unknown invitation`, {
        ...(inviteID ? { inviteID } : {}),
      });
    }
  }

  #fail(code: number, message: string, cause: unknown): void {
    this.send({ type: 'FAIL', at: this.now() });
    this.#report(code, message, cause);
  }

  #report(code: number, message: string, cause?: unknown): void {
    this.log.error?.(message, cause);
    this.#enqueue(() =>
      this.#emitter.emit('error', { code, message, ...(cause === undefined ? {} : { cause }) }),
    );
  }

  #mediaFailed(error: unknown, operation: string): void {
    this.#report(
      CallErrorCode.MEDIA_FAILED,
      `media operation ${operation} failed: ${describe(error)}`,
      error,
    );
  }

  #listenerFailed(error: unknown, name: string): void {
    this.log.error?.(`a listener of "${name}" threw`, error);
    if (name === 'error') return;
    this.#emitter.emit('error', {
      code: CallErrorCode.UNKNOWN,
      message: `a listener of "${name}" threw: ${describe(error)}`,
      cause: error,
    });
  }

  #debug(what: string, error: unknown): void {
    this.log.debug?.(`${what} failed: ${describe(error)}`, error);
  }

  #assertAlive(): void {
    if (this.#destroyed) throw new CallError(CallErrorCode.INIT_FAIL, 'the engine was destroyed');
  }
}
