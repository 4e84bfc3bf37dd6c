import { placeOf } from '../machine/context';
import type { CallEvent } from '../machine/events';
import { isLiveStatus } from '../machine/types';
import type { SignalFact } from '../ports/signaling';
import { sameRoom } from './engine-helpers';
import { CallError, CallErrorCode } from './errors';
import { onHangupRecord, onObserved } from './group-signals';
import { callIdOf, type InboundTargets } from './inbound-targets';

type Fact<K extends SignalFact['kind']> = Extract<SignalFact, { kind: K }>;
type AnswerFact = Extract<SignalFact, { kind: 'accepted' | 'rejected' }>;
type FollowUp = Extract<SignalFact, { kind: 'accepted' | 'rejected' | 'cancelled' | 'timeout' }>;

/**
 * Turns one decoded signaling fact into machine events. Facts are matched by inviteID against the
 * current call; anything that changes nothing is reported as a `warning`, never acted on.
 */
export function routeSignal(t: InboundTargets, fact: SignalFact): void {
  switch (fact.kind) {
    case 'dropped':
      t.core.warn(fact.code, fact.reason, fact.inviteID ? { inviteID: fact.inviteID } : undefined);
      return;
    case 'invited':
      onInvited(t, fact);
      return;
    case 'accepted':
    case 'rejected':
      if (admitSparse(t, fact)) onAnswered(t, fact);
      return;
    case 'cancelled':
      if (admitSparse(t, fact)) onCancelled(t, fact);
      return;
    case 'timeout':
      if (admitSparse(t, fact)) onTimeout(t, fact);
      return;
    case 'observed':
      if (fact.of.kind === 'invited' || admitSparse(t, fact.of, fact)) onObserved(t, fact.of);
      return;
    case 'modified': {
      // Someone else (another device of this user, or the caller about to cancel) marked the ringing
      // invitation consumed: this device must not accept it too. The accept/reject/cancel that follows
      // the marker says how it ends.
      const snap = t.core.snapshot;
      if (fact.payload.consumed && snap.status === 'ringing' && snap.callId === fact.inviteID) {
        t.core.arbiter.noteHandledElsewhere(fact.inviteID, 'consumed');
      }
      return;
    }
  }
}

/**
 * A follow-up whose inner data could not be read acts only when Chat's envelope ties it to the current
 * call: one of its invitations, from that invitation's sender (a cancel or time-out) or one of its
 * invitees (an answer). The warning says the data was sparse either way.
 */
function admitSparse(t: InboundTargets, fact: FollowUp, held: SignalFact = fact): boolean {
  if (fact.sparse === undefined) return true;
  const core = t.core;
  const ids = { inviteID: fact.inviteID, callId: core.snapshot.callId };
  // Not known yet: its invitation is still being checked (ringing) or sent (calling).
  if (
    t.incoming.pendingIncoming.has(fact.inviteID) ||
    (core.outgoingInviteInFlight && !core.callInvites.has(fact.inviteID))
  ) {
    core.hold(held);
    return false;
  }
  const answer = fact.kind === 'accepted' || fact.kind === 'rejected';
  const invitees = core.callInvites.get(fact.inviteID);
  const toSwitch = answer && t.mediaSwitch.pending?.inviteID === fact.inviteID;
  const peer = core.snapshot.participants[0]?.userID;
  const matches =
    isLiveStatus(core.snapshot.status) &&
    (answer
      ? invitees?.includes(fact.invitee) || (toSwitch && fact.invitee === peer)
      : invitees !== undefined && core.inviteSenders.get(fact.inviteID) === fact.inviter);
  if (!matches) {
    core.warn(fact.sparse.code, fact.sparse.reason, { inviteID: fact.inviteID });
    return false;
  }
  core.warn('sparse-data', `${fact.sparse.reason} (acted on: its inviteID and sender match this call)`, ids);
  return true;
}

function onInvited(t: InboundTargets, fact: Fact<'invited'>): void {
  const core = t.core;
  const p = fact.payload;
  // Our own invitation synced to this device by Chat multi-device sync.
  if (fact.inviter === core.selfId) return;
  // A device of ours (or of a TUICallKit peer) already handled this 1v1 invitation.
  if (p.consumed) return;
  const snap = core.snapshot;
  const ids = { inviteID: fact.inviteID };
  if (p.cmd === 'hangup') {
    onHangupRecord(t, fact);
    return;
  }
  if (p.cmd === 'switchToAudio' || (p.switchToAudio && p.cmd === '')) {
    const inCall = snap.status === 'accepted' && snap.scene === 'single' && sameRoom(snap, p);
    const fromPeer = snap.participants.some((x) => x.userID === fact.inviter);
    if (inCall && fromPeer) t.mediaSwitch.applyRemote(fact.inviteID);
    else core.warn('unknown-call', `switch request from ${fact.inviter} matches no call`, ids);
    return;
  }
  if (p.cmd === 'switchToVideo') {
    core.warn('unsupported', 'switching to video is not supported', ids);
    return;
  }
  if (p.cmd !== 'audioCall' && p.cmd !== 'videoCall') {
    core.warn('invalid-field', `unknown command "${p.cmd}"`, ids);
    return;
  }
  if (!fact.inviteeList.includes(core.selfId)) {
    core.warn('not-invited', 'the invitation does not list this user', ids);
    return;
  }
  if (
    fact.groupID !== '' &&
    snap.scene === 'group' &&
    isLiveStatus(snap.status) &&
    snap.groupId === fact.groupID &&
    sameRoom(snap, p)
  ) {
    // Our part of it is moot, but it still invites the others it names.
    t.group.noteInvitation(fact.inviteID, fact.inviter, fact.inviteeList);
    t.incoming.replayEarlyAnswers();
    core.warn('duplicate', 'invited into a group call this device is already part of', ids);
    return;
  }
  if (snap.callId === fact.inviteID) {
    core.warn('duplicate', 'repeated invitation', ids);
    return;
  }
  t.incoming.incoming(fact);
}

function onAnswered(t: InboundTargets, fact: AnswerFact): void {
  const core = t.core;
  const at = core.now();
  const callId = callIdOf(core, fact.inviteID);
  const pending = t.mediaSwitch.pending;
  if (pending && pending.inviteID === fact.inviteID) {
    t.mediaSwitch.finish(
      fact.kind === 'accepted'
        ? undefined
        : new CallError(CallErrorCode.SWITCH_TO_AUDIO_FAILED, `${fact.invitee} declined the switch to audio`),
    );
    return;
  }
  if (fact.invitee === core.selfId) {
    // Chat multi-device sync: another device of this user answered the invitation. Without the
    // multi-device ability TUICallKit ignores this, unless this device had lost the race to answer.
    if (!core.multiDevice && !core.arbiter.lostArbitration.has(fact.inviteID)) {
      core.arbiter.noteHandledElsewhere(fact.inviteID, fact.kind);
      return;
    }
    // Another invitation into the group call this device rings for (two members invited this user,
    // each device rang for one): the user is in that call all the same.
    const snap = core.snapshot;
    const sameCall =
      fact.kind === 'accepted' &&
      snap.status === 'ringing' &&
      snap.scene === 'group' &&
      fact.groupID === snap.groupId &&
      sameRoom(snap, fact.payload);
    const event =
      fact.kind === 'accepted'
        ? ({
            type: 'OTHER_DEVICE_ACCEPTED',
            callId: sameCall ? (snap.callId ?? callId) : callId,
            at,
          } as const)
        : ({ type: 'OTHER_DEVICE_REJECTED', callId, at } as const);
    if (core.can(event)) core.send(event);
    return;
  }
  if (t.outgoing.cancelling === fact.inviteID) {
    core.hold(fact);
    return;
  }
  const event =
    fact.kind === 'accepted'
      ? ({ type: 'REMOTE_ACCEPTED', callId, userID: fact.invitee, at } as const)
      : ({ type: 'REMOTE_REJECTED', callId, userID: fact.invitee, busy: fact.payload.lineBusy, at } as const);
  deliver(t, fact, event);
}

function onCancelled(t: InboundTargets, fact: Fact<'cancelled'>): void {
  const core = t.core;
  const snap = core.snapshot;
  const at = core.now();
  const invitees = core.callInvites.get(fact.inviteID);
  // In a group call a withdrawn invitation only ends the call for a device still ringing for it; for
  // everyone else it means those invitees will not come.
  if (snap.scene === 'group' && invitees && !(snap.status === 'ringing' && core.myInvite === fact.inviteID)) {
    // Only those it still named and did not invite again since.
    const userIDs = core.stillInvitedBy(fact.inviteID, fact.inviteeList ?? invitees);
    deliver(t, fact, { type: 'INVITES_CANCELED', callId: snap.callId as string, userIDs, at });
    return;
  }
  deliver(t, fact, { type: 'REMOTE_CANCELED', callId: callIdOf(core, fact.inviteID), at });
}

function onTimeout(t: InboundTargets, fact: Fact<'timeout'>): void {
  const core = t.core;
  const pending = t.mediaSwitch.pending;
  if (pending && pending.inviteID === fact.inviteID) {
    t.mediaSwitch.finish(
      new CallError(CallErrorCode.SWITCH_TO_AUDIO_FAILED, 'the peer did not answer the switch'),
    );
    return;
  }
  const snap = core.snapshot;
  const at = core.now();
  const callId = callIdOf(core, fact.inviteID);
  // Our own ring timed out (the invitee timer names us), as opposed to the timer of an invitation this
  // device sent, which names the invitees that never answered.
  const self =
    fact.isSelfTimeout &&
    (fact.inviteeList.includes(core.selfId) || (snap.role === 'callee' && snap.scene === 'single'));
  const event = self
    ? ({ type: 'SELF_TIMEOUT', callId, at } as const)
    : ({
        type: 'REMOTE_NO_RESPONSE',
        callId,
        userIDs: core.stillInvitedBy(fact.inviteID, fact.inviteeList),
        at,
      } as const);
  deliver(t, fact, event);
}

/** Sends the event if it applies to the current call; otherwise holds or warns. */
function deliver(
  t: InboundTargets,
  fact: AnswerFact | Fact<'cancelled'> | Fact<'timeout'>,
  event: CallEvent,
): void {
  const core = t.core;
  if (t.incoming.pendingIncoming.has(fact.inviteID)) {
    core.hold(fact);
    return;
  }
  if (core.can(event)) {
    core.send(event);
    return;
  }
  // Invitations this device chose not to ring for, and calls placed by the user's other devices.
  if (t.incoming.ignoredInvites.has(fact.inviteID)) return;
  if (fact.inviter === core.selfId && !core.ownInvites.has(fact.inviteID)) return;
  const snap = core.snapshot;
  // An answer can overtake the resolution of our own invite(): hold it until the invitation is known.
  if (core.outgoingInviteInFlight && !core.callInvites.has(fact.inviteID)) {
    core.hold(fact);
    return;
  }
  // Late answers to our own switch invitations after the switch completed are expected.
  if (core.ownInvites.has(fact.inviteID) && fact.inviteID !== snap.callId) return;
  // Chat's own timer still runs for a call this device ignored or already left: nothing arrived.
  if (fact.kind === 'timeout' && fact.isSelfTimeout) return;
  const known = snap.callId === fact.inviteID;
  // In a group call the room often shows a member before their accept arrives (media overtakes
  // signaling): that accept is no news, not a stale signal worth a warning.
  if (known && fact.kind === 'accepted' && snap.scene === 'group') {
    const member = snap.participants[placeOf(snap.participants, fact.invitee)];
    if (member?.status === 'joined') return;
  }
  core.warn(
    known ? 'stale' : 'unknown-call',
    known
      ? `${fact.kind} does not apply while ${snap.status}`
      : `${fact.kind} for an invitation that is not the current call`,
    { inviteID: fact.inviteID, callId: snap.callId },
  );
}
