import { type Clock, systemClock } from '../clock';
import type { CallEvent } from '../machine/events';
import type { AccountPort } from '../ports/account';
import type { SignalFact, SignalingPort } from '../ports/signaling';
import type { CallDescriptor } from '../protocol/types';
import { Abilities } from './abilities';
import { CallStore } from './call-store';
import { DeviceArbiter } from './device-arbiter';
import { describe, descriptorOf } from './engine-helpers';
import { CallError, CallErrorCode } from './errors';
import type { CallEngineEvents } from './events';
import type { CallEngineOptions, Logger } from './options';
import type { CallSnapshot } from './snapshot';
import { Timers } from './timers';
import { optionalTimeout } from './validate';

/** Extra time the engine's safety net waits after the signaling layer's own timers should have fired. */
export const SAFETY_GRACE_MS = 3000;
/** The inviter's Chat timer runs this much longer than the invitee's (wire-protocol §3.6). */
export const INVITER_EXTRA_MS = 5000;

/** The ports and settings the core is built from. */
export interface CoreDeps {
  readonly selfId: string;
  readonly options: CallEngineOptions;
  readonly signaling: SignalingPort;
  readonly account: AccountPort;
}

/**
 * What every concern of the engine (outgoing, incoming and group calls, inbound routing, reactions)
 * shares: the state store, the ports, timers, the current call's invitations, signals held back until
 * their invitation is known, and how problems are reported. The concerns depend on the core; the core
 * knows none of them (inbound facts reach the router through `route`, set by the facade).
 */
export class EngineCore {
  readonly selfId: string;
  readonly options: CallEngineOptions;
  readonly clock: Clock;
  readonly log: Logger;
  readonly signaling: SignalingPort;
  readonly account: AccountPort;
  readonly abilities: Abilities;
  readonly arbiter: DeviceArbiter;
  readonly timers: Timers;
  readonly store: CallStore;
  /** Bumped for every new call: async work started for an older call checks it and stops. */
  generation = 0;
  destroyed = false;
  /** Ringing timeout (s) of the current call: its invitation's, else the engine's default. */
  ringTimeoutS: number;
  multiDevice = false;
  /** Set while `hangup()` runs: a glare-lost call is then left to ring rather than accepted. */
  hangingUp: Promise<void> | null = null;
  /** Every invitation of the current call (inviteID → its invitees), so answers map to the call. */
  readonly callInvites = new Map<string, readonly string[]>();
  /** Who sent each of them: a follow-up without call data must come from a party of its invitation. */
  readonly inviteSenders = new Map<string, string>();
  /**
   * Who answered which invitation of the current call, as this device saw it: an invitation that
   * reaches this device after its answers (a late copy) must not invite them anew.
   */
  readonly answers = new Map<string, Set<string>>();
  /** The invitation this device rings for (its own id for a mid-call invitation). */
  myInvite: string | null = null;
  /** The group invitation this device ignored last: joining that call later answers it. */
  ignoredInvite: { readonly callId: string; readonly inviteID: string } | null = null;
  /** Invitations this device sent (calls, mid-call invitations, switches). */
  readonly ownInvites = new Set<string>();
  /** Signals held until their invitation is known or a check is done. */
  readonly #held: SignalFact[] = [];
  #invitesInFlight = 0;
  /** When the safety net (`armSafetyNet`) fires. */
  #safetyAt = 0;
  /** The inbound router; the facade sets it once every concern exists. */
  route: (fact: SignalFact) => void = () => undefined;

  constructor(deps: CoreDeps) {
    const o = deps.options;
    this.selfId = deps.selfId;
    this.options = o;
    this.ringTimeoutS = optionalTimeout(o.timeout, 30);
    this.clock = o.clock ?? systemClock;
    this.log = o.logger ?? {};
    this.signaling = deps.signaling;
    this.account = deps.account;
    this.abilities = new Abilities(deps.account);
    this.arbiter = new DeviceArbiter(deps.signaling, deps.account, (what, e) => this.debug(what, e));
    this.timers = new Timers(this.clock);
    this.store = new CallStore(this.selfId, (error, name) => this.listenerFailed(error, name), o.inspect);
  }

  get snapshot(): CallSnapshot {
    return this.store.snapshot;
  }

  now(): number {
    return this.clock.now();
  }

  can(event: CallEvent): boolean {
    return this.store.can(event);
  }

  send(event: CallEvent): void {
    if (!this.destroyed) this.store.send(event);
  }

  /** Still the same call, not ended and the engine alive: async work for it may go on. */
  isCurrent(generation: number): boolean {
    return !this.destroyed && generation === this.generation && this.snapshot.status !== 'ended';
  }

  descriptor(): CallDescriptor {
    return descriptorOf(this.snapshot);
  }

  /** Forgets the previous call's invitations; `inviteID` is the one this device now rings for. */
  newCall(inviteID: string | null): void {
    this.callInvites.clear();
    this.inviteSenders.clear();
    this.answers.clear();
    this.myInvite = inviteID;
  }

  /** Records an invitation of the current call: its sender and invitees. */
  addInvitation(inviteID: string, sender: string, userIDs: readonly string[]): void {
    this.callInvites.set(inviteID, userIDs);
    this.inviteSenders.set(inviteID, sender);
  }

  /** Notes that `userID` answered `inviteID` (an invitation of the current call). */
  noteAnswer(inviteID: string, userID: string): void {
    const users = this.answers.get(inviteID) ?? new Set<string>();
    users.add(userID);
    this.answers.set(inviteID, users);
  }

  rememberRingTimeout(seconds: number | undefined): void {
    this.ringTimeoutS = seconds ?? optionalTimeout(this.options.timeout, 30);
  }

  /**
   * The engine's own net under the signaling timers: ends the ringing or calling state when no time-out
   * signal came. `extend`: only pushes it later (an invitation added while calling rings on its own
   * clock, and the call must not end under it).
   */
  armSafetyNet(timeoutS = this.ringTimeoutS, extend = false): void {
    const ms = timeoutS * 1000 + INVITER_EXTRA_MS + SAFETY_GRACE_MS;
    if (extend && this.now() + ms <= this.#safetyAt) return;
    this.#safetyAt = this.now() + ms;
    const generation = this.generation;
    this.timers.set('safety', ms, () => {
      if (generation === this.generation) this.send({ type: 'SAFETY_TIMEOUT', at: this.now() });
    });
  }

  /** Safety net for invitees whose answer or time-out never reaches this device. */
  expireInvitees(inviteID: string, userIDs: readonly string[], timeoutS: number): void {
    const generation = this.generation;
    this.timers.set(`invite:${inviteID}`, timeoutS * 1000 + INVITER_EXTRA_MS + SAFETY_GRACE_MS, () => {
      if (generation === this.generation)
        this.send({
          type: 'REMOTE_NO_RESPONSE',
          callId: this.snapshot.callId as string,
          userIDs: this.stillInvitedBy(inviteID, userIDs),
          at: this.now(),
        });
    });
  }

  /**
   * Those of `userIDs` whose latest invitation into this call is `inviteID`. Someone who declined and
   * was invited again is waited for under the new invitation: the old one's cancel or time-out must
   * not count them out.
   */
  stillInvitedBy(inviteID: string, userIDs: readonly string[]): string[] {
    const latest = new Map<string, string>();
    for (const [id, users] of this.callInvites) for (const u of users) latest.set(u, id);
    return userIDs.filter((u) => (latest.get(u) ?? inviteID) === inviteID);
  }

  // ---- inbound signals held back -------------------------------------------------------------------

  /** Routes one inbound fact; a bug in handling it becomes a warning, never a crash. */
  dispatch(fact: SignalFact): void {
    if (this.destroyed) return;
    try {
      this.route(fact);
    } catch (error) {
      this.warn('internal', `${fact.kind} failed: ${describe(error)}`);
    }
  }

  hold(fact: SignalFact): void {
    this.#held.push(fact);
  }

  /** Takes every held fact out (the caller decides which to route). */
  takeHeld(): SignalFact[] {
    return this.#held.splice(0);
  }

  hasHeld(predicate: (fact: SignalFact) => boolean): boolean {
    return this.#held.some(predicate);
  }

  replayHeld(): void {
    for (const fact of this.takeHeld()) this.dispatch(fact);
  }

  /** An invitation of ours could not be sent: what waited for it belongs to no call. */
  dropHeld(): void {
    if (this.#invitesInFlight > 0) return;
    for (const fact of this.takeHeld()) {
      const inviteID = 'inviteID' in fact ? fact.inviteID : undefined;
      this.warn('unknown-call', `${fact.kind} for an unknown invitation`, {
        ...(inviteID ? { inviteID } : {}),
      });
    }
  }

  /** An invitation of ours is on its way: answers can overtake its resolution, so they are held. */
  inviteStarted(): void {
    this.#invitesInFlight++;
  }

  /** Call in the same tick the invitation's promise settles in, before acting on the result. */
  inviteSettled(): void {
    this.#invitesInFlight--;
  }

  get outgoingInviteInFlight(): boolean {
    return this.#invitesInFlight > 0;
  }

  // ---- reporting --------------------------------------------------------------------------------

  emit<K extends keyof CallEngineEvents>(name: K, payload: CallEngineEvents[K]): void {
    this.store.emit(name, payload);
  }

  warn(code: string, message: string, ids?: { callId?: string | null; inviteID?: string }): void {
    const payload: CallEngineEvents['warning'] = { code, message };
    if (ids?.callId) payload.callId = ids.callId;
    if (ids?.inviteID) payload.inviteID = ids.inviteID;
    this.log.warn?.(message, payload);
    this.emit('warning', payload);
  }

  /** Ends the call with `error` and reports it. */
  fail(code: number, message: string, cause: unknown): void {
    this.send({ type: 'FAIL', at: this.now() });
    this.report(code, message, cause);
  }

  report(code: number, message: string, cause?: unknown): void {
    this.log.error?.(message, cause);
    this.emit('error', { code, message, ...(cause === undefined ? {} : { cause }) });
  }

  /** A Chat send failed: the error a command rejects with, reported as well. */
  sendFailure(what: string, error: unknown): CallError {
    return new CallError(
      CallErrorCode.SIGNALING_SEND_FAIL,
      `could not send ${what}: ${describe(error)}`,
      error,
    );
  }

  listenerFailed(error: unknown, name: string): void {
    this.log.error?.(`a listener of "${name}" threw`, error);
    if (name === 'error') return;
    this.store.emitNow('error', {
      code: CallErrorCode.UNKNOWN,
      message: `a listener of "${name}" threw: ${describe(error)}`,
      cause: error,
    });
  }

  debug(what: string, error: unknown): void {
    this.log.debug?.(`${what} failed: ${describe(error)}`, error);
  }
}
