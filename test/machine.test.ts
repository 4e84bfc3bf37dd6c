import { describe, expect, it } from 'vitest';
import { createActor, type SnapshotFrom } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { getCallMachine } from '../src/machine/call-machine';
import type { CallEvent, CallSetup } from '../src/machine/events';

const callMachine = getCallMachine();

const setup = (callerId: string, calleeId: string): CallSetup => ({
  callerId,
  calleeIds: [calleeId],
  scene: 'single',
  groupId: '',
  mediaType: 'video',
  roomId: 42,
  strRoomId: '',
  userData: '',
});

function start(selfId = 'alice') {
  return createActor(callMachine, { input: { selfId } }).start();
}

function statusOf(s: SnapshotFrom<typeof callMachine>): string {
  return typeof s.value === 'string' ? s.value : Object.keys(s.value)[0]!;
}

/** A small alphabet of events: enough to visit every state, including stale and foreign facts. */
const ALPHABET: CallEvent[] = [
  { type: 'DIAL', at: 0, ...setup('alice', 'bob') },
  { type: 'INCOMING', callId: 'c-bob', at: 0, ...setup('bob', 'alice') },
  { type: 'INVITE_SENT', callId: 'c-alice' },
  { type: 'ACCEPT', at: 1 },
  { type: 'ACCEPT_SENT', at: 2 },
  { type: 'REJECT', at: 1 },
  { type: 'IGNORE', at: 1 },
  { type: 'HANGUP', at: 3 },
  { type: 'REMOTE_ACCEPTED', callId: 'c-alice', userID: 'bob', at: 2 },
  { type: 'REMOTE_REJECTED', callId: 'c-alice', userID: 'bob', busy: false, at: 2 },
  { type: 'REMOTE_REJECTED', callId: 'c-alice', userID: 'bob', busy: true, at: 2 },
  { type: 'REMOTE_NO_RESPONSE', callId: 'c-alice', userIDs: ['bob'], at: 2 },
  { type: 'REMOTE_CANCELED', callId: 'c-bob', at: 2 },
  { type: 'SELF_TIMEOUT', callId: 'c-bob', at: 2 },
  { type: 'OTHER_DEVICE_ACCEPTED', callId: 'c-bob', at: 2 },
  { type: 'PEER_JOINED', userID: 'bob', at: 3 },
  { type: 'PEER_LEFT', userID: 'bob', at: 4 },
  { type: 'SAFETY_TIMEOUT', at: 5 },
  { type: 'PEER_MISSING', at: 5 },
  { type: 'FAIL', at: 5 },
];

const serializeState = (s: SnapshotFrom<typeof callMachine>) =>
  JSON.stringify([
    s.value,
    s.context.callId,
    s.context.endReason,
    s.context.participants.map((p) => p.status),
  ]);

describe('call machine (pure)', () => {
  it('plays an outgoing call: calling → accepted → ended by the peer leaving, with timestamps', () => {
    const actor = start();
    actor.send({ type: 'DIAL', at: 100, ...setup('alice', 'bob') });
    actor.send({ type: 'INVITE_SENT', callId: 'c1' });
    expect(statusOf(actor.getSnapshot())).toBe('calling');
    expect(actor.getSnapshot().context.participants).toMatchObject([{ userID: 'bob', status: 'invited' }]);
    actor.send({ type: 'REMOTE_ACCEPTED', callId: 'c1', userID: 'bob', at: 200 });
    actor.send({ type: 'PEER_JOINED', userID: 'bob', at: 250 });
    actor.send({ type: 'PEER_LEFT', userID: 'bob', at: 10_200 });
    const s = actor.getSnapshot();
    expect(statusOf(s)).toBe('ended');
    expect(s.context).toMatchObject({
      endReason: 'remoteHangup',
      startedAt: 100,
      acceptedAt: 200,
      connectedAt: 250,
      endedAt: 10_200,
    });
  });

  it('refuses facts about another call: a foreign callId changes nothing', () => {
    const actor = start();
    actor.send({ type: 'DIAL', at: 0, ...setup('alice', 'bob') });
    actor.send({ type: 'INVITE_SENT', callId: 'c1' });
    const foreign: CallEvent[] = [
      { type: 'REMOTE_ACCEPTED', callId: 'other', userID: 'bob', at: 1 },
      { type: 'REMOTE_REJECTED', callId: 'other', userID: 'bob', busy: false, at: 1 },
      { type: 'REMOTE_NO_RESPONSE', callId: 'other', userIDs: ['bob'], at: 1 },
      { type: 'REMOTE_ACCEPTED', callId: 'c1', userID: 'mallory', at: 1 },
    ];
    for (const e of foreign) expect(actor.getSnapshot().can(e)).toBe(false);
  });

  it('resolves glare by user ID: the larger ID drops its call and rings for the other', () => {
    const bob = start('bob');
    bob.send({ type: 'DIAL', at: 0, ...setup('bob', 'alice') });
    const fromAlice: CallEvent = { type: 'INCOMING', callId: 'c-alice', at: 1, ...setup('alice', 'bob') };
    expect(bob.getSnapshot().can(fromAlice)).toBe(true);
    bob.send(fromAlice);
    expect(statusOf(bob.getSnapshot())).toBe('ringing');
    expect(bob.getSnapshot().context.callId).toBe('c-alice');

    const alice = start('alice');
    alice.send({ type: 'DIAL', at: 0, ...setup('alice', 'bob') });
    const fromBob: CallEvent = { type: 'INCOMING', callId: 'c-bob', at: 1, ...setup('bob', 'alice') };
    expect(alice.getSnapshot().can(fromBob)).toBe(false);
  });

  it('an ended call counts as free; an active one refuses a second call', () => {
    const actor = start();
    actor.send({ type: 'INCOMING', callId: 'c1', at: 0, ...setup('bob', 'alice') });
    expect(actor.getSnapshot().can({ type: 'DIAL', at: 1, ...setup('alice', 'carol') })).toBe(false);
    expect(
      actor.getSnapshot().can({ type: 'INCOMING', callId: 'c2', at: 1, ...setup('carol', 'alice') }),
    ).toBe(false);
    actor.send({ type: 'REJECT', at: 2 });
    expect(actor.getSnapshot().can({ type: 'DIAL', at: 3, ...setup('alice', 'carol') })).toBe(true);
  });

  it('every reachable state can be left: HANGUP, a safety timeout or a failure always ends an active call', () => {
    const paths = getShortestPaths(callMachine, {
      events: ALPHABET,
      serializeState,
      input: { selfId: 'alice' },
    });
    expect(paths.length).toBeGreaterThan(15);
    const seen = new Set<string>();
    for (const path of paths) {
      const s = path.state;
      const status = statusOf(s);
      seen.add(status);
      if (status === 'idle' || status === 'ended') continue;
      for (const exit of [
        { type: 'HANGUP', at: 9 },
        { type: 'FAIL', at: 9 },
      ] as const) {
        expect(s.can(exit), `${exit.type} from ${path.steps.map((x) => x.event.type).join(' → ')}`).toBe(
          true,
        );
      }
      const actor = createActor(callMachine, { snapshot: s, input: { selfId: 'alice' } }).start();
      actor.send({ type: 'FAIL', at: 9 });
      expect(statusOf(actor.getSnapshot())).toBe('ended');
      expect(actor.getSnapshot().context.endReason).toBe('error');
    }
    expect([...seen].sort()).toEqual(['accepted', 'calling', 'ended', 'idle', 'ringing']);
  });

  it('every ended state has a reason and an end time', () => {
    const paths = getShortestPaths(callMachine, {
      events: ALPHABET,
      serializeState,
      input: { selfId: 'alice' },
    });
    const reasons = new Set<string>();
    for (const { state } of paths) {
      if (statusOf(state) !== 'ended') continue;
      expect(state.context.endReason).not.toBeNull();
      expect(state.context.endedAt).not.toBeNull();
      reasons.add(state.context.endReason!);
    }
    expect([...reasons].sort()).toEqual(
      [
        'canceled',
        'error',
        'hangup',
        'lineBusy',
        'noResponse',
        'otherDeviceAccepted',
        'rejected',
        'remoteCanceled',
        'remoteHangup',
        'remoteRejected',
      ].sort(),
    );
  });
});
