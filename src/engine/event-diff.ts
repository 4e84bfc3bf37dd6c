import { patchedPlaces } from '../machine/context';
import type { Participant, ParticipantStatus } from '../machine/types';
import type { CallEngineEvents } from './events';
import type { CallSnapshot } from './snapshot';

/** One event to emit: a name and its payload, kept typed together. */
export type EngineEvent = {
  [K in keyof CallEngineEvents]: { name: K; payload: CallEngineEvents[K] };
}[keyof CallEngineEvents];

const STATUS_EVENT: Partial<
  Record<
    ParticipantStatus,
    | 'userInvited'
    | 'userAccepted'
    | 'userRejected'
    | 'userBusy'
    | 'userNoResponse'
    | 'userJoined'
    | 'userLeft'
  >
> = {
  // Invited again after dropping out (a group member re-invites someone who declined or left).
  invited: 'userInvited',
  accepted: 'userAccepted',
  rejected: 'userRejected',
  busy: 'userBusy',
  noResponse: 'userNoResponse',
  joined: 'userJoined',
  left: 'userLeft',
};

/**
 * Derives the app events from two consecutive snapshots. Events are facts about state changes, so each
 * fires exactly once per change, whatever duplicated or reordered input produced the change.
 */
export function diffEvents(prev: CallSnapshot, next: CallSnapshot): EngineEvent[] {
  const out: EngineEvent[] = [];
  // Same call: same start, and the id is the same or was just learnt (INVITE_SENT).
  const sameCall = prev.startedAt === next.startedAt && (prev.callId === next.callId || prev.callId === null);
  const statusChanged = prev.status !== next.status || !sameCall;

  if (statusChanged && next.status === 'ringing' && next.callId !== null) {
    out.push({
      name: 'callReceived',
      payload: {
        callId: next.callId,
        callerId: next.callerId,
        calleeIds: next.calleeIds,
        groupId: next.groupId,
        mediaType: next.mediaType,
        userData: next.userData,
      },
    });
  }
  // A joiner that could not read the group's call info has no call id: its events carry ''.
  if (next.callId !== null || next.role !== null)
    out.push(...participantEvents(sameCall ? prev.participants : [], next, sameCall));
  if (sameCall && next.callId !== null && prev.mediaType !== next.mediaType) {
    out.push({
      name: 'mediaTypeChanged',
      payload: { callId: next.callId, oldMediaType: prev.mediaType, newMediaType: next.mediaType },
    });
  }
  if (statusChanged && next.status === 'accepted' && next.role !== null) {
    out.push({
      name: 'callAccepted',
      payload: {
        callId: next.callId ?? '',
        role: next.role,
        mediaType: next.mediaType,
        roomId: next.roomId,
        strRoomId: next.strRoomId,
      },
    });
  }
  if (prev.status !== 'ended' && next.status === 'ended' && next.endReason !== null) {
    const connected = next.connectedAt !== null;
    out.push({
      name: 'callEnded',
      payload: {
        callId: next.callId,
        role: next.role,
        mediaType: next.mediaType,
        reason: next.endReason,
        reasonCode: next.endReasonCode ?? 0,
        connected,
        durationMs:
          connected && next.endedAt !== null && next.acceptedAt !== null ? next.endedAt - next.acceptedAt : 0,
      },
    });
  }
  return out;
}

function participantEvents(
  before: readonly Participant[],
  next: CallSnapshot,
  sameCall: boolean,
): EngineEvent[] {
  const callId = next.callId ?? '';
  const out: EngineEvent[] = [];
  // The machine keeps the array when no participant changed (volume ticks of a big room, say).
  if (before === next.participants) return out;
  // Participants keep their places and newcomers are appended, so index i is the same user in both.
  const list = next.participants;
  const changed = patchedPlaces(before, list);
  for (let k = 0; k < (changed ?? list).length; k++) {
    const i = changed ? changed[k]! : k;
    const p = list[i]!;
    const o = before[i];
    if (o === p) continue;
    if (!o) {
      // Someone new in a running call: invited by a member, or joined the room (joinInGroupCall).
      const name = STATUS_EVENT[p.status];
      if (sameCall && name) out.push({ name, payload: { callId, userID: p.userID } });
      continue;
    }
    if (o.status !== p.status) {
      // A callee seen in the room before its accept reached us still accepted first.
      if (p.status === 'joined' && (o.status === 'invited' || o.status === 'ringing')) {
        out.push({ name: 'userAccepted', payload: { callId, userID: p.userID } });
      }
      const name = STATUS_EVENT[p.status];
      if (name) out.push({ name, payload: { callId, userID: p.userID } });
    }
    if (o.audioAvailable !== p.audioAvailable) {
      out.push({
        name: 'userAudioAvailable',
        payload: { callId, userID: p.userID, available: p.audioAvailable },
      });
    }
    if (o.videoAvailable !== p.videoAvailable) {
      out.push({
        name: 'userVideoAvailable',
        payload: { callId, userID: p.userID, available: p.videoAvailable },
      });
    }
    if (o.volume !== p.volume) {
      out.push({ name: 'userVolumeChanged', payload: { callId, userID: p.userID, volume: p.volume } });
    }
    if (o.networkQuality !== p.networkQuality) {
      out.push({
        name: 'networkQualityChanged',
        payload: { callId, userID: p.userID, quality: p.networkQuality },
      });
    }
  }
  return out;
}
