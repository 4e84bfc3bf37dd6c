import type { CallEvent } from '../machine/events';
import type { ObservedSignal, SignalFact } from '../ports/signaling';
import type { EngineCore } from './engine-core';
import {
  descriptorOf,
  endedEarly,
  mediaError,
  refused,
  remember,
  repeated,
  sameRoom,
} from './engine-helpers';
import type { MediaSession } from './media-session';
import { answerBusy, sendReject, withdraw } from './outbound-signals';
import type { CallSnapshot } from './snapshot';

type Invited = Extract<SignalFact, { kind: 'invited' }>;

/**
 * Calls that ring on this device: whether to ring at all (busy, glare, the user's other devices),
 * and the callee's commands — accept, reject, ignore, and hanging up while ringing.
 */
export class IncomingCalls {
  readonly #core: EngineCore;
  readonly #media: MediaSession;
  /** Invitations whose ringing waits for the user-status check. */
  readonly pendingIncoming = new Set<string>();
  /** Invitations this device decided not to ring for (the user is busy on another device). */
  readonly ignoredInvites = new Set<string>();
  /** Group answers that matched no call yet: their invitation may be about to ring here. */
  #observed: ObservedSignal[] = [];

  constructor(core: EngineCore, media: MediaSession) {
    this.#core = core;
    this.#media = media;
  }

  /** A valid call invitation arrived: ring, resolve glare, or answer busy. */
  incoming(fact: Invited): void {
    const core = this.#core;
    const p = fact.payload;
    const before = core.snapshot;
    const group = fact.groupID !== '';
    const event: Extract<CallEvent, { type: 'INCOMING' }> = {
      type: 'INCOMING',
      // A mid-call invitation belongs to the call its first invitation started.
      callId: (group && p.initialCallId) || fact.inviteID,
      at: core.now(),
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
    if (!core.can(event)) {
      answerBusy(core, fact);
      return;
    }
    const free = before.status === 'idle' || before.status === 'ended';
    if (!free || !core.multiDevice) {
      this.#ring(event, fact, before);
      return;
    }
    // Multi-device: ring only if no other device of this user is dialing or in a call (that device
    // answers busy itself). With the status mirrored from Chat's notifications that is known now; a
    // read confirms it meanwhile, in case a notification was missed.
    const known = core.arbiter.knownStatus;
    if (known !== undefined) {
      if (known !== '') {
        this.#skip(fact, event);
        return;
      }
      this.#ring(event, fact, before);
      void core.arbiter.selfStatus().then((status) => {
        if (status === '' || core.destroyed) return;
        // Busy after all: stop ringing here without a word; the busy device answers the caller.
        this.#skip(fact, event);
        const ignore = { type: 'IGNORE', at: core.now() } as const;
        if (core.snapshot.callId === event.callId && core.can(ignore)) core.send(ignore);
      });
      return;
    }
    // Not known yet (the first call after login): signals for this invitation wait for the read.
    this.pendingIncoming.add(fact.inviteID);
    void core.arbiter.selfStatus().then((status) => {
      this.pendingIncoming.delete(fact.inviteID);
      if (core.destroyed) return;
      if (status !== '') this.#skip(fact, event);
      else if (core.can({ ...event, at: core.now() })) this.#ring({ ...event, at: core.now() }, fact, before);
      else answerBusy(core, fact);
      core.replayHeld();
    });
  }

  /**
   * This device does not ring for the invitation (the user is busy on another device). A group one
   * stays answerable: joining its call later from here accepts it (see `ignore`).
   */
  #skip(fact: Invited, event: Extract<CallEvent, { type: 'INCOMING' }>): void {
    remember(this.ignoredInvites, fact.inviteID);
    if (event.scene === 'group') this.#core.ignoredInvite = { callId: event.callId, inviteID: fact.inviteID };
  }

  /** Keeps a group answer that matched no call yet (a few dozen bridge the gap to its invitation). */
  rememberObserved(fact: ObservedSignal): void {
    this.#observed = [...this.#observed.slice(-63), fact];
  }

  /**
   * Answers seen in the group before their invitation (one this device rings for, or a mid-call one it
   * observes) belong to it after all, now that the invitation is known: they are handled now.
   */
  replayEarlyAnswers(noted?: { readonly inviteID: string; readonly users: readonly string[] }): void {
    const core = this.#core;
    if (this.#observed.length === 0) return;
    // An invitation just seen naming someone came after their answers kept so far to other invitations:
    // those answered an earlier invitation, not this one (they were invited again since).
    if (noted) {
      this.#observed = this.#observed.filter(
        (f) =>
          !(f.kind === 'accepted' || f.kind === 'rejected') ||
          f.inviteID === noted.inviteID ||
          !noted.users.includes(f.invitee),
      );
    }
    const snap = core.snapshot;
    // Of this call: an invitation now known, or an answer naming the call's room (to an invitation of
    // the call this device never sees, sent before it was invited).
    const ofThisCall = (f: ObservedSignal) =>
      core.callInvites.has(f.inviteID) ||
      ((f.kind === 'accepted' || f.kind === 'rejected') &&
        (f.payload.roomId > 0 || f.payload.strRoomId !== '') &&
        sameRoom(snap, f.payload));
    const early = this.#observed.filter(ofThisCall);
    if (early.length === 0) return;
    this.#observed = this.#observed.filter((f) => !ofThisCall(f));
    for (const f of early) core.dispatch({ kind: 'observed', of: f });
  }

  #ring(event: Extract<CallEvent, { type: 'INCOMING' }>, fact: Invited, before: CallSnapshot): void {
    const core = this.#core;
    core.rememberRingTimeout(fact.timeout);
    core.generation++;
    core.newCall(fact.inviteID);
    core.addInvitation(fact.inviteID, fact.inviter, fact.inviteeList);
    const { initialCallId, inCallUserIDs } = fact.payload;
    // The other invitees of a group invitation: if their answers never reach this device (lost), they
    // must not keep it in the call forever.
    if (event.scene === 'group') core.expireInvitees(fact.inviteID, fact.inviteeList, core.ringTimeoutS);
    if (event.scene === 'group' && initialCallId && initialCallId !== fact.inviteID) {
      // Invited mid-call: follow-ups of the first invitation (seen in the group) concern the members
      // it names, and a safety net covers those whose answer never shows up here.
      core.addInvitation(initialCallId, event.callerId, inCallUserIDs ?? []);
      core.expireInvitees(initialCallId, inCallUserIDs ?? [], core.ringTimeoutS);
    }
    core.arbiter.reset();
    core.send(event);
    this.replayEarlyAnswers();
    if (before.status === 'calling') {
      // Glare lost: withdraw our own invitation (if it is out yet) and take the winner's call, unless
      // the user is hanging up (then the hang-up withdraws it, and the winner's call just rings).
      if (core.hangingUp) return;
      if (before.callId) void withdraw(core, before.callId, descriptorOf(before));
      void Promise.resolve()
        .then(() => this.accept())
        .catch((e) => core.debug('glare accept', e));
    }
  }

  async accept(): Promise<void> {
    const core = this.#core;
    const snap = this.#ringing('accept');
    const at = core.now();
    if (!core.can({ type: 'ACCEPT', at })) throw repeated('accept is already in progress');
    core.send({ type: 'ACCEPT', at });
    const generation = core.generation;
    const callId = snap.callId;
    // A mid-call invitation is answered under its own id; the call keeps the first one.
    const inviteID = core.myInvite ?? callId;
    const call = core.descriptor();
    // The consumed marker doubles as arbitration between the user's devices: Chat refuses a modification
    // based on an outdated copy (2480), so only the first device to write it goes on to accept.
    const won = snap.scene === 'single' ? await core.arbiter.consume(callId) : true;
    const elsewhere = core.arbiter.handledElsewhere(inviteID);
    if (!won || elsewhere) {
      // Stay in "answering" until that device's accept or reject (or the caller's cancel) arrives,
      // unless it already did.
      core.arbiter.lostArbitration.add(inviteID);
      if (elsewhere === 'accepted' || elsewhere === 'rejected') {
        const type = elsewhere === 'accepted' ? 'OTHER_DEVICE_ACCEPTED' : 'OTHER_DEVICE_REJECTED';
        core.send({ type, callId, at: core.now() });
      }
      throw refused('another device or the caller handled the call first');
    }
    if (!core.isCurrent(generation)) throw endedEarly('accepted');
    try {
      await this.#media.enter({ roomId: snap.roomId, strRoomId: snap.strRoomId });
      // Microphone (and camera) before answering: no permission or no device must not make a
      // half-open call in which the caller talks to nobody.
      await this.#media.capture(snap.mediaType === 'video');
    } catch (error) {
      const failure = mediaError(error);
      // Tell the caller instead of leaving it ringing, then end here with a clear error.
      if (core.isCurrent(generation)) {
        core.fail(failure.code, failure.message, error);
        void core.signaling.reject(inviteID, { type: 'reject', call }).catch((e) => core.debug('reject', e));
      }
      throw failure;
    }
    if (!core.isCurrent(generation)) throw endedEarly('accepted');
    try {
      await core.signaling.accept(inviteID, { type: 'accept', call });
    } catch (error) {
      const failure = core.sendFailure('the accept', error);
      if (core.isCurrent(generation)) core.fail(failure.code, failure.message, error);
      throw failure;
    }
    if (!core.isCurrent(generation)) throw endedEarly('accepted');
    core.send({ type: 'ACCEPT_SENT', at: core.now() });
  }

  async reject(): Promise<void> {
    const core = this.#core;
    const snap = this.#ringing('reject');
    const at = core.now();
    if (!core.can({ type: 'REJECT', at })) throw repeated('the call is being accepted');
    const call = core.descriptor();
    core.send({ type: 'REJECT', at });
    await sendReject(core, core.myInvite ?? snap.callId, call, snap.scene === 'single');
  }

  ignore(): void {
    const core = this.#core;
    const at = core.now();
    if (core.snapshot.status !== 'ringing' || !core.can({ type: 'IGNORE', at })) {
      throw refused(`nothing to ignore while ${core.snapshot.status}`);
    }
    const snap = core.snapshot;
    core.send({ type: 'IGNORE', at });
    // The invitation still rings in Chat, for the caller and on this user's other devices: a later
    // joinInGroupCall into that call answers it, so they learn this user is in.
    if (snap.scene === 'group' && snap.callId)
      core.ignoredInvite = { callId: snap.callId, inviteID: core.myInvite ?? snap.callId };
  }

  /**
   * Hang-up while ringing, also while an accept is in flight: that flow sees the ended call and stops;
   * the reject tells the caller.
   */
  async decline(): Promise<void> {
    const core = this.#core;
    const snap = core.snapshot;
    const call = core.descriptor();
    core.send({ type: 'HANGUP', at: core.now() });
    const inviteID = core.myInvite ?? snap.callId;
    if (inviteID) await sendReject(core, inviteID, call, snap.scene === 'single');
  }

  /** The snapshot of the ringing call a callee command acts on; refuses (-1203) when nothing rings. */
  #ringing(what: string): CallSnapshot & { callId: string } {
    const snap = this.#core.snapshot;
    if (snap.status !== 'ringing' || snap.callId === null)
      throw refused(`nothing to ${what} while ${snap.status}`);
    return snap as CallSnapshot & { callId: string };
  }
}
