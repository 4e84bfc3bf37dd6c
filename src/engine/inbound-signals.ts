import { isLiveStatus } from '../machine/types';
import type { ObservedSignal, SignalFact } from '../ports/signaling';
import type { EngineInternals } from './call-engine';
import { CallError, CallErrorCode } from './errors';

type Fact<K extends SignalFact['kind']> = Extract<SignalFact, { kind: K }>;
type AnswerFact = Extract<SignalFact, { kind: 'accepted' | 'rejected' }>;

/**
 * Turns one decoded signaling fact into machine events. Facts are matched by inviteID against the
 * current call; anything that changes nothing is reported as a `warning`, never acted on.
 */
export function routeSignal(engine: EngineInternals, fact: SignalFact): void {
  switch (fact.kind) {
    case 'dropped':
      engine.warn(fact.code, fact.reason, fact.inviteID ? { inviteID: fact.inviteID } : undefined);
      return;
    case 'invited':
      onInvited(engine, fact);
      return;
    case 'accepted':
    case 'rejected':
      onAnswered(engine, fact);
      return;
    case 'cancelled':
      onCancelled(engine, fact);
      return;
    case 'timeout':
      onTimeout(engine, fact);
      return;
    case 'observed':
      onObserved(engine, fact.of);
      return;
    case 'modified': {
      // Someone else (another device of this user, or the caller about to cancel) marked the ringing
      // invitation consumed: this device must not accept it too. The accept/reject/cancel that follows
      // the marker says how it ends.
      const snap = engine.snapshot;
      if (fact.payload.consumed && snap.status === 'ringing' && snap.callId === fact.inviteID) {
        engine.noteHandledElsewhere(fact.inviteID, 'consumed');
      }
      return;
    }
  }
}

function onInvited(engine: EngineInternals, fact: Fact<'invited'>): void {
  const p = fact.payload;
  // Our own invitation synced to this device by Chat multi-device sync.
  if (fact.inviter === engine.selfId) return;
  // A device of ours (or of a TUICallKit peer) already handled this 1v1 invitation.
  if (p.consumed) return;
  const snap = engine.snapshot;
  if (p.cmd === 'hangup') {
    onHangupRecord(engine, fact);
    return;
  }
  if (p.cmd === 'switchToAudio' || (p.switchToAudio && p.cmd === '')) {
    const inCall = snap.status === 'accepted' && snap.scene === 'single' && sameRoom(snap, p);
    const fromPeer = snap.participants.some((x) => x.userID === fact.inviter);
    if (inCall && fromPeer) {
      engine.applyRemoteSwitch(fact.inviteID);
    } else {
      engine.warn('unknown-call', `switch request from ${fact.inviter} matches no call`, {
        inviteID: fact.inviteID,
      });
    }
    return;
  }
  if (p.cmd === 'switchToVideo') {
    engine.warn('unsupported', 'switching to video is not supported', {
      inviteID: fact.inviteID,
    });
    return;
  }
  if (p.cmd !== 'audioCall' && p.cmd !== 'videoCall') {
    engine.warn('invalid-field', `unknown command "${p.cmd}"`, {
      inviteID: fact.inviteID,
    });
    return;
  }
  if (!fact.inviteeList.includes(engine.selfId)) {
    engine.warn('not-invited', 'the invitation does not list this user', {
      inviteID: fact.inviteID,
    });
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
    engine.noteInvitation(fact.inviteID, fact.inviteeList);
    engine.warn('duplicate', 'invited into a group call this device is already part of', {
      inviteID: fact.inviteID,
    });
    return;
  }
  if (snap.callId === fact.inviteID) {
    engine.warn('duplicate', 'repeated invitation', {
      inviteID: fact.inviteID,
    });
    return;
  }
  engine.incoming(fact);
}

function onAnswered(engine: EngineInternals, fact: AnswerFact): void {
  const at = engine.now();
  const callId = callIdOf(engine, fact.inviteID);
  const pending = engine.pendingSwitch;
  if (pending && pending.inviteID === fact.inviteID) {
    engine.finishSwitch(
      fact.kind === 'accepted'
        ? undefined
        : new CallError(CallErrorCode.SWITCH_TO_AUDIO_FAILED, `${fact.invitee} declined the switch to audio`),
    );
    return;
  }
  if (fact.invitee === engine.selfId) {
    // Chat multi-device sync: another device of this user answered the invitation. Without the
    // multi-device ability TUICallKit ignores this, unless this device had lost the race to answer.
    if (!engine.multiDevice && !engine.lostArbitration.has(fact.inviteID)) {
      engine.noteHandledElsewhere(fact.inviteID, fact.kind);
      return;
    }
    const event =
      fact.kind === 'accepted'
        ? ({ type: 'OTHER_DEVICE_ACCEPTED', callId, at } as const)
        : ({ type: 'OTHER_DEVICE_REJECTED', callId, at } as const);
    if (engine.can(event)) engine.send(event);
    return;
  }
  if (engine.cancelling === fact.inviteID) {
    engine.buffer(fact);
    return;
  }
  const event =
    fact.kind === 'accepted'
      ? ({ type: 'REMOTE_ACCEPTED', callId, userID: fact.invitee, at } as const)
      : ({
          type: 'REMOTE_REJECTED',
          callId,
          userID: fact.invitee,
          busy: fact.payload.lineBusy,
          at,
        } as const);
  deliver(engine, fact, event);
}

function onCancelled(engine: EngineInternals, fact: Fact<'cancelled'>): void {
  const snap = engine.snapshot;
  const at = engine.now();
  const invitees = engine.callInvites.get(fact.inviteID);
  // In a group call a withdrawn invitation only ends the call for a device still ringing for it; for
  // everyone else it means those invitees will not come.
  if (
    snap.scene === 'group' &&
    invitees &&
    !(snap.status === 'ringing' && engine.myInvite === fact.inviteID)
  ) {
    deliver(engine, fact, { type: 'INVITES_CANCELED', callId: snap.callId as string, userIDs: invitees, at });
    return;
  }
  deliver(engine, fact, { type: 'REMOTE_CANCELED', callId: callIdOf(engine, fact.inviteID), at });
}

function onTimeout(engine: EngineInternals, fact: Fact<'timeout'>): void {
  const pending = engine.pendingSwitch;
  if (pending && pending.inviteID === fact.inviteID) {
    engine.finishSwitch(
      new CallError(CallErrorCode.SWITCH_TO_AUDIO_FAILED, 'the peer did not answer the switch'),
    );
    return;
  }
  const snap = engine.snapshot;
  const at = engine.now();
  const callId = callIdOf(engine, fact.inviteID);
  // Our own ring timed out (the invitee timer names us), as opposed to the timer of an invitation this
  // device sent, which names the invitees that never answered.
  const self =
    fact.isSelfTimeout &&
    (fact.inviteeList.includes(engine.selfId) || (snap.role === 'callee' && snap.scene === 'single'));
  const event = self
    ? ({ type: 'SELF_TIMEOUT', callId, at } as const)
    : ({ type: 'REMOTE_NO_RESPONSE', callId, userIDs: fact.inviteeList, at } as const);
  deliver(engine, fact, event);
}

/**
 * TUICallKit hangup records: K (1v1, after the call) and L (a group member left). A record for a call
 * this device is in, or still rings for in a group, means its sender left.
 */
function onHangupRecord(engine: EngineInternals, fact: Fact<'invited'>): void {
  const snap = engine.snapshot;
  const inCall = snap.status === 'accepted' || (snap.status === 'ringing' && snap.scene === 'group');
  // In a group the room is the truth: a record from an earlier session of someone who rejoined (it
  // can arrive late) does not make them leave; if they did leave, the room says so too.
  if (snap.scene === 'group' && engine.isInRoom(fact.inviter)) return;
  if (inCall && sameRoom(snap, fact.payload)) {
    engine.send({
      type: 'REMOTE_HANGUP',
      callId: snap.callId as string,
      userID: fact.inviter,
      at: engine.now(),
    });
  }
}

/**
 * A group message this device does not hold (Chat raised no event): mid-call invitations other members
 * sent, their answers, and hangup records not addressed to us. Only facts about the group call this
 * device is part of count; everything else in the group is none of its business.
 */
function onObserved(engine: EngineInternals, fact: ObservedSignal): void {
  const snap = engine.snapshot;
  if (snap.scene !== 'group' || snap.groupId !== fact.groupID || !isLiveStatus(snap.status)) {
    if (fact.kind !== 'invited') engine.rememberObserved(fact);
    return;
  }
  const callId = snap.callId as string;
  const at = engine.now();
  switch (fact.kind) {
    case 'invited': {
      const p = fact.payload;
      if (p.cmd === 'hangup') {
        onHangupRecord(engine, fact);
      } else if (
        (p.cmd === 'audioCall' || p.cmd === 'videoCall') &&
        (sameRoom(snap, p) || (p.initialCallId !== undefined && p.initialCallId === snap.callId))
      ) {
        engine.noteInvitation(fact.inviteID, fact.inviteeList);
      }
      return;
    }
    case 'accepted':
    case 'rejected':
    case 'cancelled':
    case 'timeout': {
      const invitees = engine.callInvites.get(fact.inviteID);
      // An answer to an invitation of this call that this device never saw (sent before it joined, or
      // one that named it while it was already ringing): the room in the answer tells which call.
      const answer = fact.kind === 'accepted' || fact.kind === 'rejected';
      const namesRoom = fact.payload.roomId > 0 || fact.payload.strRoomId !== '';
      if (!invitees && !(answer && namesRoom && sameRoom(snap, fact.payload))) {
        engine.rememberObserved(fact);
        return;
      }
      // Answers count for the users that invitation named: someone re-invited since then answers anew.
      const named = (userID: string) => !invitees || invitees.includes(userID);
      if (fact.kind === 'accepted' && named(fact.invitee)) {
        send(engine, { type: 'REMOTE_ACCEPTED', callId, userID: fact.invitee, at });
      } else if (fact.kind === 'rejected' && named(fact.invitee)) {
        const busy = fact.payload.lineBusy;
        send(engine, { type: 'REMOTE_REJECTED', callId, userID: fact.invitee, busy, at });
      } else if (fact.kind === 'cancelled' && invitees) {
        const userIDs = fact.inviteeList ?? invitees;
        send(engine, { type: 'INVITES_CANCELED', callId, userIDs, at });
      } else if (fact.kind === 'timeout') {
        send(engine, { type: 'REMOTE_NO_RESPONSE', callId, userIDs: fact.inviteeList.filter(named), at });
      }
    }
  }
}

function send(engine: EngineInternals, event: Parameters<EngineInternals['send']>[0]): void {
  if (engine.can(event)) engine.send(event);
}

/** The call an invitation belongs to: mid-call invitations map to the first invitation's id. */
function callIdOf(engine: EngineInternals, inviteID: string): string {
  return engine.callInvites.has(inviteID) ? (engine.snapshot.callId ?? inviteID) : inviteID;
}

/** Sends the event if it applies to the current call; otherwise buffers or warns. */
function deliver(
  engine: EngineInternals,
  fact: AnswerFact | Fact<'cancelled'> | Fact<'timeout'>,
  event: Parameters<EngineInternals['send']>[0],
): void {
  if (engine.pendingIncoming.has(fact.inviteID)) {
    engine.buffer(fact);
    return;
  }
  if (engine.can(event)) {
    engine.send(event);
    return;
  }
  // Invitations this device chose not to ring for, and calls placed by the user's other devices.
  if (engine.ignoredInvites.has(fact.inviteID)) return;
  if (fact.inviter === engine.selfId && !engine.ownInvites.has(fact.inviteID)) return;
  const snap = engine.snapshot;
  // An answer can overtake the resolution of our own invite(): hold it until the invitation is known.
  if (engine.outgoingInviteInFlight && !engine.callInvites.has(fact.inviteID)) {
    engine.buffer(fact);
    return;
  }
  // Late answers to our own switch invitations after the switch completed are expected.
  if (engine.ownInvites.has(fact.inviteID) && fact.inviteID !== snap.callId) return;
  // Chat's own timer still runs for a call this device ignored or already left: nothing arrived.
  if (fact.kind === 'timeout' && fact.isSelfTimeout) return;
  const known = snap.callId === fact.inviteID;
  engine.warn(
    known ? 'stale' : 'unknown-call',
    known
      ? `${fact.kind} does not apply while ${snap.status}`
      : `${fact.kind} for an invitation that is not the current call`,
    { inviteID: fact.inviteID, callId: snap.callId },
  );
}

function sameRoom(
  snap: { roomId: number; strRoomId: string },
  payload: { roomId: number; strRoomId: string },
): boolean {
  return snap.strRoomId !== '' ? snap.strRoomId === payload.strRoomId : snap.roomId === payload.roomId;
}
