import { and, assign, createMachine } from 'xstate';
import {
  type CallContext,
  FINAL_PARTICIPANT_STATUSES,
  initialContext,
  isPendingStatus,
  liveCount,
  newParticipant,
  patchParticipant,
  placeOf,
} from './context';
import type { CallEvent, CallSetup } from './events';
import type { EndReason, ParticipantStatus } from './types';

type Ev<T extends CallEvent['type']> = Extract<CallEvent, { type: T }>;

function setupContext(
  ctx: CallContext,
  e: CallSetup & { at: number },
  callId: string | null,
  joined = false,
): CallContext {
  const outgoing = !joined && e.callerId === ctx.selfId;
  // Who is already in the call: the caller, or for a mid-call invitation (and a join) the users named.
  const inCall = new Set(outgoing ? [] : (e.inCallIds ?? [e.callerId]));
  inCall.delete(ctx.selfId);
  inCall.delete('');
  const others = [...new Set([...inCall, ...(e.memberIds ?? []), ...e.calleeIds])].filter(
    (id) => id !== ctx.selfId && id !== '',
  );
  return {
    ...initialContext(ctx.selfId),
    callId,
    role: outgoing ? 'caller' : 'callee',
    scene: e.scene,
    callerId: e.callerId,
    calleeIds: [...e.calleeIds],
    groupId: e.groupId,
    roomId: e.roomId,
    strRoomId: e.strRoomId,
    mediaType: e.mediaType,
    userData: e.userData,
    // Users already in the call start as accepted; the others are only invited so far.
    participants: others.map((id) => newParticipant(id, inCall.has(id) ? 'accepted' : 'invited')),
    startedAt: e.at,
    acceptedAt: joined ? e.at : null,
  };
}

/** `userIDs` that are still waiting to answer. */
function pendingOf(ctx: CallContext, userIDs: readonly string[]): string[] {
  // Looked up one by one: a big group's time-out names everyone, and a scan per name would be N².
  return [...new Set(userIDs)].filter((id) => {
    const p = ctx.participants[placeOf(ctx.participants, id)];
    return p !== undefined && isPendingStatus(p.status);
  });
}

function isParticipant(ctx: CallContext, userID: string): boolean {
  return placeOf(ctx.participants, userID) >= 0;
}

/** The participant list with `userIDs` set to `status`. */
function withStatus(
  ctx: CallContext,
  userIDs: readonly string[],
  status: ParticipantStatus,
): CallContext['participants'] {
  let participants = ctx.participants;
  for (const id of userIDs) participants = patchParticipant(participants, id, { status });
  return participants;
}

// Actions return only the fields they change: xstate merges them into a copy of the context anyway,
// so a full copy of our own would be a second one on every event.

/**
 * True when nobody else is, or may still become, part of the call once `userIDs` are `status` (a final
 * status). Counted, not scanned: in a big group everyone's leave asks this, which scans would make N².
 */
function aloneOnce(ctx: CallContext, userIDs: readonly string[], status: ParticipantStatus): boolean {
  const list = ctx.participants;
  if (!FINAL_PARTICIPANT_STATUSES.has(status)) return liveCount(withStatus(ctx, userIDs, status)) === 0;
  let live = liveCount(list);
  for (const id of new Set(userIDs)) {
    const p = list[placeOf(list, id)];
    if (p && !FINAL_PARTICIPANT_STATUSES.has(p.status)) live--;
  }
  return live === 0;
}

/** The parameterised `end` action with its reason (kept short: the config repeats it often). */
const end = (reason: EndReason) => ({ type: 'end', params: { reason } }) as const;

/**
 * The call lifecycle of one device: pure, no I/O and no timers (time arrives in events).
 * Events that do not apply are not accepted (`snapshot.can(event)` is false), which is how the engine
 * makes commands idempotent and recognises stale or foreign signals.
 *
 * Built on first use (see `getCallMachine`), not when the module loads, so an app that imports only
 * `CallError` or a constant does not carry xstate and the machine in its bundle.
 */
function buildCallMachine() {
  return createMachine(
    {
      types: {} as {
        context: CallContext;
        events: CallEvent;
        input: { selfId: string };
        guards:
          | { type: 'isCurrentCall'; params: undefined }
          | { type: 'awaitsCallId'; params: undefined }
          | { type: 'fromParticipant'; params: undefined }
          | { type: 'fromPendingParticipant'; params: undefined }
          | { type: 'isParticipantEvent'; params: undefined }
          | { type: 'isGlareLoser'; params: undefined }
          | { type: 'leavesMeAlone'; params: undefined }
          | { type: 'rejectionLeavesMeAlone'; params: undefined }
          | { type: 'noResponseLeavesMeAlone'; params: undefined }
          | { type: 'isBusy'; params: undefined }
          | { type: 'neverConnected'; params: undefined }
          | { type: 'isCallee'; params: undefined }
          | { type: 'isSwitchable'; params: undefined }
          | { type: 'isGroup'; params: undefined }
          | { type: 'isSingle'; params: undefined }
          | { type: 'isNewcomer'; params: undefined }
          | { type: 'cancelLeavesMeAlone'; params: undefined }
          | { type: 'isOthersNoResponse'; params: undefined };
        actions:
          | { type: 'startOutgoing'; params: undefined }
          | { type: 'startIncoming'; params: undefined }
          | { type: 'setCallId'; params: undefined }
          | { type: 'markAccepted'; params: undefined }
          | { type: 'markRemoteAccepted'; params: undefined }
          | { type: 'markRejected'; params: undefined }
          | { type: 'markNoResponse'; params: undefined }
          | { type: 'markLeft'; params: undefined }
          | { type: 'markPendingNoResponse'; params: undefined }
          | { type: 'markJoined'; params: undefined }
          | { type: 'setAudio'; params: undefined }
          | { type: 'setVideo'; params: undefined }
          | { type: 'setVolumes'; params: undefined }
          | { type: 'setQuality'; params: undefined }
          | { type: 'forgetConnection'; params: undefined }
          | { type: 'setMediaType'; params: undefined }
          | { type: 'startJoined'; params: undefined }
          | { type: 'markAnswered'; params: undefined }
          | { type: 'addInvited'; params: undefined }
          | { type: 'markCanceled'; params: undefined }
          | { type: 'end'; params: { reason: EndReason } }
          | { type: 'endMissingPeer'; params: undefined };
      },

      id: 'call',
      context: ({ input }) => initialContext(input.selfId),
      initial: 'idle',
      on: {
        PEER_AUDIO: { guard: 'isParticipantEvent', actions: 'setAudio' },
        PEER_VIDEO: { guard: 'isParticipantEvent', actions: 'setVideo' },
        PEER_QUALITY: { guard: 'isParticipantEvent', actions: 'setQuality' },
      },
      states: {
        idle: {
          on: {
            DIAL: { target: 'calling', actions: 'startOutgoing' },
            JOIN: { target: 'accepted', actions: 'startJoined' },
            INCOMING: { target: 'ringing', actions: 'startIncoming' },
          },
        },
        calling: {
          on: {
            INVITE_SENT: { guard: 'awaitsCallId', actions: 'setCallId' },
            REMOTE_ACCEPTED: {
              guard: 'fromPendingParticipant',
              target: 'accepted',
              actions: 'markRemoteAccepted',
            },
            REMOTE_REJECTED: [
              {
                guard: and(['fromPendingParticipant', 'rejectionLeavesMeAlone', 'isBusy']),
                target: 'ended',
                actions: ['markRejected', end('lineBusy')],
              },
              {
                guard: and(['fromPendingParticipant', 'rejectionLeavesMeAlone']),
                target: 'ended',
                actions: ['markRejected', end('remoteRejected')],
              },
              { guard: 'fromPendingParticipant', actions: 'markRejected' },
            ],
            REMOTE_NO_RESPONSE: [
              {
                guard: and(['isCurrentCall', 'noResponseLeavesMeAlone']),
                target: 'ended',
                actions: ['markNoResponse', end('noResponse')],
              },
              { guard: 'isCurrentCall', actions: 'markNoResponse' },
            ],
            HANGUP: { target: 'ended', actions: end('canceled') },
            SAFETY_TIMEOUT: {
              target: 'ended',
              actions: ['markPendingNoResponse', end('noResponse')],
            },
            FAIL: { target: 'ended', actions: end('error') },
            INCOMING: { guard: 'isGlareLoser', target: 'ringing', actions: 'startIncoming' },
            USERS_INVITED: { guard: and(['isCurrentCall', 'isGroup']), actions: 'addInvited' },
            INVITES_CANCELED: { guard: 'isCurrentCall', actions: 'markCanceled' },
          },
        },
        ringing: {
          initial: 'waiting',
          states: {
            waiting: {
              on: {
                ACCEPT: 'answering',
                REJECT: { target: '#call.ended', actions: end('rejected') },
                HANGUP: { target: '#call.ended', actions: end('rejected') },
                IGNORE: { target: '#call.ended', actions: end('noResponse') },
              },
            },
            answering: {
              on: {
                ACCEPT_SENT: { target: '#call.accepted', actions: 'markAccepted' },
                HANGUP: { target: '#call.ended', actions: end('rejected') },
              },
            },
          },
          on: {
            REMOTE_CANCELED: {
              guard: 'isCurrentCall',
              target: 'ended',
              actions: end('remoteCanceled'),
            },
            SELF_TIMEOUT: {
              guard: 'isCurrentCall',
              target: 'ended',
              actions: end('noResponse'),
            },
            REMOTE_NO_RESPONSE: [
              {
                guard: ({ context, event }) =>
                  event.callId === context.callId && event.userIDs.includes(context.selfId),
                target: 'ended',
                actions: end('noResponse'),
              },
              { guard: 'isOthersNoResponse', actions: 'markNoResponse' },
            ],
            OTHER_DEVICE_ACCEPTED: {
              guard: 'isCurrentCall',
              target: 'ended',
              actions: end('otherDeviceAccepted'),
            },
            OTHER_DEVICE_REJECTED: {
              guard: 'isCurrentCall',
              target: 'ended',
              actions: end('otherDeviceRejected'),
            },
            SAFETY_TIMEOUT: { target: 'ended', actions: end('noResponse') },
            FAIL: { target: 'ended', actions: end('error') },
            // Group calls: how the others answer, while this device still rings.
            REMOTE_ACCEPTED: { guard: 'fromPendingParticipant', actions: 'markAnswered' },
            REMOTE_REJECTED: { guard: 'fromPendingParticipant', actions: 'markRejected' },
            REMOTE_HANGUP: [
              // Everyone else left before this device answered: there is no call to join any more.
              {
                guard: and(['fromParticipant', 'leavesMeAlone']),
                target: 'ended',
                actions: ['markLeft', end('remoteCanceled')],
              },
              { guard: 'fromParticipant', actions: 'markLeft' },
            ],
            USERS_INVITED: { guard: and(['isCurrentCall', 'isGroup']), actions: 'addInvited' },
            INVITES_CANCELED: { guard: 'isCurrentCall', actions: 'markCanceled' },
          },
        },
        accepted: {
          on: {
            HANGUP: { target: 'ended', actions: end('hangup') },
            PEER_JOINED: [
              { guard: 'isParticipantEvent', actions: 'markJoined' },
              // Group calls: someone joined the room without an invitation we saw (joinInGroupCall).
              { guard: and(['isGroup', 'isNewcomer']), actions: 'markJoined' },
            ],
            PEER_LEFT: [
              {
                guard: and(['isParticipantEvent', 'leavesMeAlone']),
                target: 'ended',
                actions: ['markLeft', end('remoteHangup')],
              },
              { guard: 'isParticipantEvent', actions: 'markLeft' },
            ],
            REMOTE_HANGUP: [
              {
                guard: and(['fromParticipant', 'leavesMeAlone']),
                target: 'ended',
                actions: ['markLeft', end('remoteHangup')],
              },
              { guard: 'fromParticipant', actions: 'markLeft' },
            ],
            REMOTE_ACCEPTED: { guard: 'fromPendingParticipant', actions: 'markRemoteAccepted' },
            // Group calls: the last one still invited declines or never answers after everyone else left.
            REMOTE_REJECTED: [
              {
                guard: and(['fromPendingParticipant', 'rejectionLeavesMeAlone']),
                target: 'ended',
                actions: ['markRejected', end('remoteHangup')],
              },
              { guard: 'fromPendingParticipant', actions: 'markRejected' },
            ],
            REMOTE_NO_RESPONSE: [
              {
                guard: and(['isCurrentCall', 'noResponseLeavesMeAlone']),
                target: 'ended',
                actions: ['markNoResponse', end('remoteHangup')],
              },
              { guard: 'isCurrentCall', actions: 'markNoResponse' },
            ],
            MEDIA_CHANGED: { guard: 'isSwitchable', actions: 'setMediaType' },
            PEER_VOLUME: { actions: 'setVolumes' },
            PEER_MISSING: { guard: 'neverConnected', target: 'ended', actions: 'endMissingPeer' },
            // The caller gave up before our accept reached it (the accept crossed its cancel): the call never
            // connected for the caller, so it did not for us either.
            REMOTE_CANCELED: {
              guard: and(['isCurrentCall', 'isCallee', 'isSingle']),
              target: 'ended',
              actions: ['forgetConnection', end('remoteCanceled')],
            },
            USERS_INVITED: { guard: and(['isCurrentCall', 'isGroup']), actions: 'addInvited' },
            INVITES_CANCELED: [
              {
                guard: and(['isCurrentCall', 'cancelLeavesMeAlone']),
                target: 'ended',
                actions: ['markCanceled', end('remoteHangup')],
              },
              { guard: 'isCurrentCall', actions: 'markCanceled' },
            ],
            FAIL: { target: 'ended', actions: end('error') },
            REPLACED: { target: 'ended', actions: end('otherDeviceAccepted') },
          },
        },
        ended: {
          on: {
            DIAL: { target: 'calling', actions: 'startOutgoing' },
            JOIN: { target: 'accepted', actions: 'startJoined' },
            INCOMING: { target: 'ringing', actions: 'startIncoming' },
          },
        },
      },
    },
    {
      guards: {
        isCurrentCall: ({ context, event }) => 'callId' in event && event.callId === context.callId,
        awaitsCallId: ({ context }) => context.callId === null,
        /** An answer (accept, reject) only counts from someone who has not answered yet. */
        fromPendingParticipant: ({ context, event }) =>
          'callId' in event &&
          event.callId === context.callId &&
          'userID' in event &&
          isPendingStatus(
            context.participants[placeOf(context.participants, event.userID)]?.status ?? 'left',
          ),
        fromParticipant: ({ context, event }) =>
          'callId' in event &&
          event.callId === context.callId &&
          'userID' in event &&
          isParticipant(context, event.userID),
        isParticipantEvent: ({ context, event }) => 'userID' in event && isParticipant(context, event.userID),
        /**
         * Glare: both users called each other. The call placed by the lexicographically smaller user ID
         * wins on both sides, so the loser drops its own invitation and takes the winner's call.
         */
        isGlareLoser: ({ context, event }) => {
          if (event.type !== 'INCOMING') return false;
          return (
            context.scene === 'single' &&
            event.scene === 'single' &&
            context.calleeIds.length === 1 &&
            context.calleeIds[0] === event.callerId &&
            event.calleeIds.includes(context.selfId) &&
            event.callerId < context.selfId
          );
        },
        leavesMeAlone: ({ context, event }) => {
          const e = event as Ev<'PEER_LEFT'> | Ev<'REMOTE_HANGUP'>;
          return aloneOnce(context, [e.userID], 'left');
        },
        rejectionLeavesMeAlone: ({ context, event }) => {
          const e = event as Ev<'REMOTE_REJECTED'>;
          return aloneOnce(context, [e.userID], e.busy ? 'busy' : 'rejected');
        },
        noResponseLeavesMeAlone: ({ context, event }) => {
          const e = event as Ev<'REMOTE_NO_RESPONSE'>;
          return aloneOnce(context, pendingOf(context, e.userIDs), 'noResponse');
        },
        isBusy: ({ event }) => (event as Ev<'REMOTE_REJECTED'>).busy,
        neverConnected: ({ context }) => context.connectedAt === null,
        isGroup: ({ context }) => context.scene === 'group',
        isSingle: ({ context }) => context.scene === 'single',
        isNewcomer: ({ context, event }) =>
          'userID' in event && event.userID !== context.selfId && !isParticipant(context, event.userID),
        cancelLeavesMeAlone: ({ context, event }) => {
          const e = event as Ev<'INVITES_CANCELED'>;
          return aloneOnce(context, pendingOf(context, e.userIDs), 'canceled');
        },
        isOthersNoResponse: ({ context, event }) => {
          const e = event as Ev<'REMOTE_NO_RESPONSE'>;
          return e.callId === context.callId && !e.userIDs.includes(context.selfId);
        },
        isCallee: ({ context }) => context.role === 'callee',
        isSwitchable: ({ context, event }) =>
          (event as Ev<'MEDIA_CHANGED'>).callId === context.callId &&
          context.scene === 'single' &&
          context.mediaType !== (event as Ev<'MEDIA_CHANGED'>).mediaType,
      },
      actions: {
        startOutgoing: assign(({ context, event }) => setupContext(context, event as Ev<'DIAL'>, null)),
        startIncoming: assign(({ context, event }) => {
          const e = event as Ev<'INCOMING'>;
          return setupContext(context, e, e.callId);
        }),
        setCallId: assign({ callId: ({ event }) => (event as Ev<'INVITE_SENT'>).callId }),
        markAccepted: assign(({ context, event }) => {
          const at = (event as Ev<'ACCEPT_SENT'>).at;
          return { acceptedAt: context.acceptedAt ?? at };
        }),
        markRemoteAccepted: assign(({ context, event }) => {
          const e = event as Ev<'REMOTE_ACCEPTED'>;
          return {
            participants: withStatus(context, [e.userID], 'accepted'),
            acceptedAt: context.acceptedAt ?? e.at,
          };
        }),
        markRejected: assign(({ context, event }) => {
          const e = event as Ev<'REMOTE_REJECTED'>;
          return { participants: withStatus(context, [e.userID], e.busy ? 'busy' : 'rejected') };
        }),
        // Only those still waiting: a late or safety-net timeout never overrides an answer.
        markNoResponse: assign(({ context, event }) => ({
          participants: withStatus(
            context,
            pendingOf(context, (event as Ev<'REMOTE_NO_RESPONSE'>).userIDs),
            'noResponse',
          ),
        })),
        markCanceled: assign(({ context, event }) => ({
          participants: withStatus(
            context,
            pendingOf(context, (event as Ev<'INVITES_CANCELED'>).userIDs),
            'canceled',
          ),
        })),
        markAnswered: assign(({ context, event }) => ({
          participants: withStatus(context, [(event as Ev<'REMOTE_ACCEPTED'>).userID], 'accepted'),
        })),
        /** New invitees join the list; someone who had dropped out (rejected, left …) is invited again. */
        addInvited: assign(({ context, event }) => {
          const participants = [...context.participants];
          for (const id of (event as Ev<'USERS_INVITED'>).userIDs) {
            if (id === context.selfId) continue;
            const i = participants.findIndex((p) => p.userID === id);
            if (i < 0) participants.push(newParticipant(id, 'invited'));
            else if (FINAL_PARTICIPANT_STATUSES.has(participants[i]!.status))
              participants[i] = newParticipant(id, 'invited');
          }
          return { participants };
        }),
        startJoined: assign(({ context, event }) => {
          const e = event as Ev<'JOIN'>;
          return setupContext(context, e, e.callId, true);
        }),
        markLeft: assign(({ context, event }) => ({
          participants: withStatus(
            context,
            [(event as Ev<'PEER_LEFT'> | Ev<'REMOTE_HANGUP'>).userID],
            'left',
          ),
        })),
        markPendingNoResponse: assign(({ context }) => ({
          participants: withStatus(
            context,
            context.participants.filter((p) => isPendingStatus(p.status)).map((p) => p.userID),
            'noResponse',
          ),
        })),
        markJoined: assign(({ context, event }) => {
          const e = event as Ev<'PEER_JOINED'>;
          const participants = isParticipant(context, e.userID)
            ? context.participants
            : [...context.participants, newParticipant(e.userID, 'joined')];
          return {
            participants: patchParticipant(participants, e.userID, { status: 'joined' }),
            connectedAt: context.connectedAt ?? e.at,
          };
        }),
        setAudio: assign(({ context, event }) => {
          const e = event as Ev<'PEER_AUDIO'>;
          return {
            participants: patchParticipant(context.participants, e.userID, { audioAvailable: e.available }),
          };
        }),
        setVideo: assign(({ context, event }) => {
          const e = event as Ev<'PEER_VIDEO'>;
          return {
            participants: patchParticipant(context.participants, e.userID, { videoAvailable: e.available }),
          };
        }),
        // One pass over the list however many volumes arrive: a big room reports everyone at once.
        setVolumes: assign(({ context, event }) => {
          const volumes = new Map((event as Ev<'PEER_VOLUME'>).volumes.map((v) => [v.userID, v.volume]));
          let changed = false;
          const participants = context.participants.map((p) => {
            const volume = volumes.get(p.userID);
            if (volume === undefined || volume === p.volume) return p;
            changed = true;
            return { ...p, volume };
          });
          return changed ? { participants } : {};
        }),
        setQuality: assign(({ context, event }) => {
          const e = event as Ev<'PEER_QUALITY'>;
          return {
            participants: patchParticipant(context.participants, e.userID, { networkQuality: e.quality }),
          };
        }),
        forgetConnection: assign({ connectedAt: null }),
        setMediaType: assign({ mediaType: ({ event }) => (event as Ev<'MEDIA_CHANGED'>).mediaType }),
        end: assign(({ context, event }, params: { reason: EndReason }) => ({
          endReason: params.reason,
          endedAt: 'at' in event ? event.at : (context.endedAt ?? 0),
        })),
        endMissingPeer: assign(({ context, event }) => ({
          endReason: context.role === 'callee' ? 'remoteCanceled' : 'remoteHangup',
          endedAt: (event as Ev<'PEER_MISSING'>).at,
        })),
      },
    },
  );
}

export type CallMachine = ReturnType<typeof buildCallMachine>;

let callMachine: CallMachine | undefined;

/** The call machine, built once on first use and shared by every engine. */
export function getCallMachine(): CallMachine {
  callMachine ??= buildCallMachine();
  return callMachine;
}
