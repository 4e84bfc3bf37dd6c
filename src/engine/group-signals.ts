import type { CallEvent } from '../machine/events';
import { isLiveStatus } from '../machine/types';
import type { ObservedSignal, SignalFact } from '../ports/signaling';
import { sameRoom } from './engine-helpers';
import { type InboundTargets, sendIfApplies } from './inbound-targets';

/**
 * TUICallKit hangup records: K (1v1, after the call) and L (a group member left). A record for a call
 * this device is in, or still rings for in a group, means its sender left.
 */
export function onHangupRecord(t: InboundTargets, fact: Extract<SignalFact, { kind: 'invited' }>): void {
  const core = t.core;
  const snap = core.snapshot;
  const inCall = snap.status === 'accepted' || (snap.status === 'ringing' && snap.scene === 'group');
  // In a group the room is the truth: a record from an earlier session of someone who rejoined (it
  // can arrive late) does not make them leave; if they did leave, the room says so too.
  if (snap.scene === 'group' && t.isInRoom(fact.inviter)) return;
  if (inCall && sameRoom(snap, fact.payload)) {
    core.send({
      type: 'REMOTE_HANGUP',
      callId: snap.callId as string,
      userID: fact.inviter,
      at: core.now(),
    });
  }
}

/**
 * A group message this device does not hold (Chat raised no event): mid-call invitations other members
 * sent, their answers, and hangup records not addressed to us. Only facts about the group call this
 * device is part of count; everything else in the group is none of its business.
 */
export function onObserved(t: InboundTargets, fact: ObservedSignal): void {
  const core = t.core;
  const snap = core.snapshot;
  if (snap.scene !== 'group' || snap.groupId !== fact.groupID || !isLiveStatus(snap.status)) {
    if (fact.kind !== 'invited') t.incoming.rememberObserved(fact);
    return;
  }
  const callId = snap.callId as string;
  const at = core.now();
  switch (fact.kind) {
    case 'invited': {
      const p = fact.payload;
      if (p.cmd === 'hangup') {
        onHangupRecord(t, fact);
      } else if (
        (p.cmd === 'audioCall' || p.cmd === 'videoCall') &&
        (sameRoom(snap, p) || (p.initialCallId !== undefined && p.initialCallId === snap.callId))
      ) {
        t.group.noteInvitation(fact.inviteID, fact.inviter, fact.inviteeList);
        t.incoming.replayEarlyAnswers({ inviteID: fact.inviteID, users: fact.inviteeList });
      }
      return;
    }
    case 'accepted':
    case 'rejected':
    case 'cancelled':
    case 'timeout': {
      const invitees = core.callInvites.get(fact.inviteID);
      // An answer to an invitation of this call that this device never saw (sent before it joined, or
      // one that named it while it was already ringing): the room in the answer tells which call.
      const answer = fact.kind === 'accepted' || fact.kind === 'rejected';
      const namesRoom = fact.payload.roomId > 0 || fact.payload.strRoomId !== '';
      if (!invitees && !(answer && namesRoom && sameRoom(snap, fact.payload))) {
        t.incoming.rememberObserved(fact);
        return;
      }
      // Answers count for the users that invitation named: someone re-invited since then answers anew.
      const named = (userID: string) => !invitees || invitees.includes(userID);
      if (fact.kind === 'accepted' || fact.kind === 'rejected') {
        const event: CallEvent =
          fact.kind === 'accepted'
            ? { type: 'REMOTE_ACCEPTED', callId, userID: fact.invitee, at }
            : { type: 'REMOTE_REJECTED', callId, userID: fact.invitee, busy: fact.payload.lineBusy, at };
        if (core.can(event) && named(fact.invitee)) {
          core.noteAnswer(fact.inviteID, fact.invitee);
          core.send(event);
        } else if (!invitees) {
          // Known by its room only: an answer from someone this device does not know to be invited
          // yet (the invitation is still on its way here) is kept until that invitation shows up.
          t.incoming.rememberObserved(fact);
        }
      } else if (fact.kind === 'cancelled' && invitees) {
        const userIDs = core.stillInvitedBy(fact.inviteID, fact.inviteeList ?? invitees);
        sendIfApplies(core, { type: 'INVITES_CANCELED', callId, userIDs, at });
      } else if (fact.kind === 'timeout') {
        sendIfApplies(core, {
          type: 'REMOTE_NO_RESPONSE',
          callId,
          userIDs: core.stillInvitedBy(fact.inviteID, fact.inviteeList.filter(named)),
          at,
        });
      }
    }
  }
}
