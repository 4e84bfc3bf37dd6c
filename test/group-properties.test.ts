/**
 * Property tests of group calls (fast-check): five members of one group and one outsider run random
 * scripts of commands under random Chat network faults; after the script every timer runs out, then
 * the properties are checked. Hunt with more runs or other seeds: `FC_RUNS=300 FC_SEED=7 npx vitest
 * run test/group-properties.test.ts`. A failure prints the script as it ran (with every Chat delivery
 * and its fault) and each user's final snapshot. Minimal counterexamples found earlier (KNOWN, each a
 * bug since fixed) always run first as fast-check examples, so they stay fixed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CallEngineEventName, type CallSnapshot, isCallError } from '../src/index';
import { createSimulation, type SimUser, type Simulation, type TimelineEntry } from '../src/testing/index';

const MEMBERS = ['alice', 'bob', 'carol', 'dave', 'eve'];
/** `zed` is not in the group: invitations naming him must fail or time out cleanly. */
const EVERYONE = [...MEMBERS, 'zed'];
/**
 * Group members who are never logged in: the big-group runs invite them into every group call, so
 * every participant list is longer than the 16 a device scans (context.ts) and goes through the
 * index, the live count and the patch links instead. Their invitations time out.
 */
const BYSTANDERS = Array.from({ length: 14 }, (_, i) => `bystander${i}`);

/**
 * Who acts: a named user, or a number n for the n-th user whose state suits the command (ringing for
 * an answer, in a call for a hang-up…): random names alone would rarely hit a ringing device.
 */
type Actor = string | number;
type Answer = 'accept' | 'reject' | 'hangup' | 'ignore' | 'join';
/** A command by one user `pause` ms after the step before (0: racing its messages), or time passing. */
type Step =
  | { kind: 'groupCall'; who: Actor; pause: number; invitees: string[]; mediaType: 'audio' | 'video' }
  | { kind: 'invite'; who: Actor; pause: number; invitees: string[] }
  | { kind: Answer; who: Actor; pause: number }
  | { kind: 'wait'; ms: number };
type Command = Exclude<Step, { kind: 'wait' }>;
type Fault = 'deliver' | 'duplicate' | 'delay' | 'drop';

const who = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom<Actor>(...EVERYONE) },
  { weight: 3, arbitrary: fc.nat(EVERYONE.length - 1) },
);
const pause = fc.constantFrom(0, 100, 1000);
const answer = (kind: Answer, weight: number) => ({
  weight,
  arbitrary: fc.record({ kind: fc.constant(kind), who, pause }),
});
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('groupCall' as const),
      who,
      pause,
      invitees: fc.subarray(MEMBERS, { minLength: 1 }),
      mediaType: fc.constantFrom<'audio' | 'video'>('audio', 'video'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('invite' as const),
      who,
      pause,
      invitees: fc.subarray(EVERYONE, { minLength: 1 }),
    }),
  },
  answer('accept', 8),
  answer('reject', 2),
  answer('hangup', 3),
  answer('ignore', 1),
  answer('join', 3),
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      // Mostly short waits, so answers land while invitations still ring; sometimes past the timeouts.
      ms: fc.oneof({ weight: 4, arbitrary: fc.nat(1_500) }, { weight: 1, arbitrary: fc.nat(40_000) }),
    }),
  },
);
const script = fc.array(step, { maxLength: 24, size: 'max' });
/** Faults, cycled over the Chat deliveries (one per message and receiving device), in order. */
const faults = (kinds: Fault[]) => fc.array(fc.constantFrom(...kinds), { minLength: 1, maxLength: 30 });

const RUNS = Number(process.env.FC_RUNS ?? 60);
const SETTINGS = { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 20261127) };
// More runs (FC_RUNS=300 when hunting locally) need more wall time than the default 20 s per test.
const TIMEOUT = Math.max(20_000, RUNS * 400);

type World = { sim: Simulation; users: SimUser[]; unexpected: string[]; log: string[] };

/** Whether a user's state suits the command (see {@link Actor}). */
function apt(kind: Command['kind'], u: SimUser): boolean {
  const { status } = u.getSnapshot();
  if (kind === 'groupCall' || kind === 'join')
    return MEMBERS.includes(u.userID) && !['calling', 'ringing', 'accepted'].includes(status);
  if (kind === 'invite' || kind === 'hangup') return status === 'accepted' || status === 'calling';
  return status === 'ringing';
}

function actor(users: SimUser[], s: Command): SimUser {
  if (typeof s.who === 'string') return users[EVERYONE.indexOf(s.who)]!;
  const fit = users.filter((u) => apt(s.kind, u));
  return fit.length > 0 ? fit[s.who % fit.length]! : users[s.who]!;
}

/** Runs one command to its end; it may be refused (a CallError), which is part of the contract. */
async function perform(sim: Simulation, u: SimUser, s: Command, bystanders: string[]): Promise<string> {
  const run = <T>(p: Promise<T>) => sim.run(p, 200_000);
  switch (s.kind) {
    case 'groupCall':
      await run(
        u.groupCall({ groupID: 'grp1', userIDList: [...s.invitees, ...bystanders], mediaType: s.mediaType }),
      );
      return 'ok';
    case 'invite':
      return `invited ${(await run(u.inviteUser({ userIDList: s.invitees }))).invited}`;
    case 'join': {
      const info = await run(u.getGroupCallInfo('grp1'));
      if (!info) return 'no call to join';
      const room = info.strRoomId ? { strRoomID: info.strRoomId } : { roomID: info.roomId };
      await run(u.joinInGroupCall({ groupID: 'grp1', ...room, mediaType: info.mediaType }));
      return 'ok';
    }
    case 'ignore':
      u.ignore();
      return 'ok';
    default:
      await run(u[s.kind]());
      return 'ok';
  }
}

const ACTIONS: Record<number, string> = { 1: 'invite', 2: 'cancel', 3: 'accept', 4: 'reject', 5: 'timeout' };

async function play(steps: Step[], plan: Fault[], bystanders: string[] = []): Promise<World> {
  const sim = createSimulation({ latencyMs: 20 });
  sim.group('grp1', [...MEMBERS, ...bystanders]);
  const engine = bystanders.length > 0 ? { maxGroupParticipants: 30 } : {};
  const users = EVERYONE.map((id) => sim.user(id, { engine }));
  await sim.advance(100);
  const unexpected: string[] = [];
  const log: string[] = [];
  const ids = new Map<string, number>();
  let n = 0;
  sim.network.setInterceptor((d) => {
    const verdict = plan[n++ % plan.length]!;
    // Deliveries go to the log: a counterexample is unreadable without knowing what was lost.
    const env = d.envelope;
    if (env) {
      const id = ids.get(env.inviteID) ?? ids.set(env.inviteID, ids.size + 1).size;
      // A group hang-up record is an invitation that rings nobody (timeout 0).
      const action = env.actionType === 1 && env.timeout === 0 ? 'hangup' : ACTIONS[env.actionType];
      log.push(`  t=${sim.clock.now()} ${d.from}→${d.to} ${action}#${id} [${env.inviteeList}] ${verdict}`);
    }
    return verdict === 'delay' ? { delayMs: 700 } : verdict;
  });
  for (const s of steps) {
    if (s.kind === 'wait') {
      await sim.advance(s.ms);
      continue;
    }
    await sim.advance(s.pause);
    const u = actor(users, s);
    const what = `t=${sim.clock.now()} ${u.userID} ${s.kind}${'invitees' in s ? ` ${s.invitees}` : ''}`;
    try {
      log.push(`${what} → ${await perform(sim, u, s, bystanders)}`);
    } catch (error) {
      log.push(`${what} → ${isCallError(error) ? error.code : 'UNEXPECTED'}`);
      if (!isCallError(error)) unexpected.push(`${what}: ${String(error)}`);
    }
  }
  // Let every timer run out: ringing (30 s), the signaling timers (35 s), the media and safety timers.
  await sim.advance(120_000);
  return { sim, users, unexpected, log };
}

/** One line per user for failure reports: status, call, room and how it sees the others. */
function describeWorld(users: SimUser[]): string {
  return users
    .map((u) => {
      const s = u.getSnapshot();
      const seen = s.participants.map((p) => `${p.userID}:${p.status}`).join(' ');
      return `${u.userID} ${s.status} call=${s.callId} room=${s.roomId}${s.strRoomId} end=${s.endReason} [${seen}]`;
    })
    .join('\n');
}

const sameCall = (a: CallSnapshot, b: CallSnapshot) =>
  (a.callId !== null && a.callId === b.callId) || (a.roomId === b.roomId && a.strRoomId === b.strRoomId);
const inCall = (users: SimUser[]) => users.filter((u) => u.getSnapshot().status === 'accepted');

/** Property 1: nobody calling or ringing, nobody accepted without a partner who is in the same call. */
function endProblems(users: SimUser[]): string[] {
  const problems: string[] = [];
  for (const u of users) {
    const s = u.getSnapshot();
    if (s.status === 'calling' || s.status === 'ringing') problems.push(`${u.userID} is left ${s.status}`);
    const partner = s.participants.some((p) => {
      const other = users.find((x) => x.userID === p.userID)?.getSnapshot();
      return p.status === 'joined' && other?.status === 'accepted' && sameCall(s, other);
    });
    if (s.status === 'accepted' && !partner) problems.push(`${u.userID} is accepted alone`);
  }
  return problems;
}

/** Property 2: any two users accepted in the same room see each other joined. */
function agreementProblems(users: SimUser[]): string[] {
  const problems: string[] = [];
  for (const a of inCall(users)) {
    for (const b of inCall(users)) {
      const [sa, sb] = [a.getSnapshot(), b.getSnapshot()];
      if (a === b || sa.roomId !== sb.roomId || sa.strRoomId !== sb.strRoomId) continue;
      const status = sa.participants.find((p) => p.userID === b.userID)?.status;
      if (status !== 'joined') problems.push(`${a.userID} sees ${b.userID} ${status}`);
    }
  }
  return problems;
}

/** Property 3: once every timer ran out, nobody in a call shows anyone still invited or answering. */
function pendingProblems(users: SimUser[]): string[] {
  return inCall(users).flatMap((u) =>
    u
      .getSnapshot()
      .participants.filter((p) => ['invited', 'ringing', 'accepted'].includes(p.status))
      .map((p) => `${u.userID} still sees ${p.userID} ${p.status}`),
  );
}

/**
 * A mid-call invitee cannot tell from TUICallKit's `inCallUserIDs` whether a listed member had already
 * left before it arrived (documented gap): it ends up showing that member `noResponse` where the others
 * show `left` or `canceled`. Those three all mean "gone without an answer we saw"; any other difference
 * (for example `rejected` against `noResponse`) is a contradiction.
 */
const gone = (status: string) =>
  status === 'left' || status === 'noResponse' || status === 'canceled' ? 'gone' : status;

/** Property 4: two users in the same call never contradict each other about a third one. */
function thirdPartyProblems(users: SimUser[]): string[] {
  const problems: string[] = [];
  for (const a of inCall(users)) {
    for (const b of inCall(users)) {
      const [sa, sb] = [a.getSnapshot(), b.getSnapshot()];
      if (a.userID >= b.userID || !sameCall(sa, sb)) continue;
      // A late joiner may not know someone at all; only a contradiction counts.
      for (const p of sa.participants) {
        const q = sb.participants.find((x) => x.userID === p.userID);
        if (q && gone(q.status) !== gone(p.status))
          problems.push(`${a.userID} sees ${p.userID} ${p.status}, ${b.userID} ${q.status}`);
      }
    }
  }
  return problems;
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/** Ringing invitations the server stored, per `callId/userID` (a re-invitation may ring again). */
function invitationCounts(sim: Simulation): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of sim.network.storedMessages()) {
    if (m.conversationType !== 'GROUP') continue;
    const env = JSON.parse(m.payloadData) as {
      inviteID: string;
      actionType: number;
      timeout: number;
      inviteeList: string[];
      data: string;
    };
    if (env.actionType !== 1 || env.timeout <= 0) continue;
    // A mid-call invitation names the call it invites into; the first one is the call.
    const inner = JSON.parse(env.data) as { data?: { initialCallId?: string } };
    for (const id of env.inviteeList) bump(counts, `${inner.data?.initialCallId ?? env.inviteID}/${id}`);
  }
  return counts;
}

type AnyEntry = { [K in CallEngineEventName]: TimelineEntry<K> }[CallEngineEventName];
const PARTICIPANT_EVENTS: readonly CallEngineEventName[] = [
  'userInvited',
  'userAccepted',
  'userRejected',
  'userBusy',
  'userNoResponse',
  'userJoined',
  'userLeft',
];
/** Which lifecycle event may follow which, per call on one device ('' = none yet). */
const NEXT: Record<string, string[]> = {
  '': ['callReceived', 'callAccepted', 'callEnded'],
  callReceived: ['callAccepted', 'callEnded'],
  callAccepted: ['callEnded'],
  callEnded: ['callReceived', 'callAccepted'],
};

/** Property 5: events fire once per change, whatever duplicated or late messages caused it. */
function eventProblems(sim: Simulation, users: SimUser[]): string[] {
  const invitations = invitationCounts(sim);
  const problems: string[] = [];
  for (const u of users) {
    const lifecycle = new Map<string, string>();
    const last = new Map<string, string>();
    // Per `callId/userID`: rings of this device, and userInvited events it raised.
    const rings = new Map<string, number>();
    const invited = new Map<string, number>();
    for (const e of u.events() as AnyEntry[]) {
      if (e.name === 'callReceived' || e.name === 'callAccepted' || e.name === 'callEnded') {
        const callId = e.payload.callId;
        if (!callId) continue;
        const before = lifecycle.get(callId) ?? '';
        if (!NEXT[before]!.includes(e.name))
          problems.push(`${u.userID}: ${before} then ${e.name} at ${e.at}`);
        lifecycle.set(callId, e.name);
        if (e.name === 'callReceived') bump(rings, `${callId}/${u.userID}`);
        // Rejoining the same call starts over: everyone in the room is seen joining again.
        if (e.name === 'callEnded')
          for (const key of last.keys()) if (key.startsWith(`${callId}/`)) last.delete(key);
      } else if (PARTICIPANT_EVENTS.includes(e.name)) {
        const { callId, userID } = e.payload as { callId: string; userID: string };
        const key = `${callId}/${userID}`;
        // The same event twice in a row is one change reported twice; only a re-invitation may repeat.
        if (e.name === 'userInvited') bump(invited, key);
        else if (last.get(key) === e.name)
          problems.push(`${u.userID}: ${e.name} twice for ${key} at ${e.at}`);
        last.set(key, e.name);
      }
    }
    for (const [name, counts] of [['callReceived', rings] as const, ['userInvited', invited] as const]) {
      for (const [key, count] of counts) {
        const allowed = invitations.get(key) ?? 0;
        if (count > allowed && !key.startsWith('/'))
          problems.push(`${u.userID}: ${name} ${count}x for ${key}`);
      }
    }
  }
  return problems;
}

/** Asserts the property over random scripts under random faults of `kinds`, `examples` first. */
async function holds(
  kinds: Fault[],
  problems: (world: World) => string[],
  examples: [Step[], Fault[]][] = [],
  big?: { runs: number },
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(script, faults(kinds), async (steps, plan) => {
      const world = await play(steps, plan, big ? BYSTANDERS : []);
      const report = `${world.log.join('\n')}\n---\n${describeWorld(world.users)}`;
      try {
        // Refusals are CallErrors; anything else escaping a command (or a hang) is a bug.
        expect(world.unexpected, report).toEqual([]);
        expect(problems(world), report).toEqual([]);
      } finally {
        await world.sim.destroy();
      }
      expect(world.sim.clock.pending).toBe(0);
    }),
    { ...SETTINGS, ...(big ? { numRuns: big.runs } : {}), examples },
  );
}

const ALL: Fault[] = ['deliver', 'duplicate', 'delay', 'drop'];
const NO_LOSS: Fault[] = ['deliver', 'duplicate', 'delay'];
const IN_ORDER: Fault[] = ['deliver', 'duplicate'];

/**
 * A counterexample written by name: `[pause ms] who command [users]; …`, e.g. `1000 bob accept`, with
 * `call` for an audio groupCall. Each group message is one delivery per other member, in member order.
 */
function steps(text: string): Step[] {
  return text.split(';').map((part) => {
    const words = part.trim().split(/\s+/);
    const p = /^\d+$/.test(words[0]!) ? Number(words.shift()) : 0;
    const [who, kind, list] = words as [string, string, string | undefined];
    const invitees = list?.split(',') ?? [];
    if (kind === 'call') return { kind: 'groupCall', who, pause: p, invitees, mediaType: 'audio' };
    if (kind === 'invite') return { kind: 'invite', who, pause: p, invitees };
    return { kind: kind as Answer, who, pause: p };
  });
}
const nth = (n: number, fault: Fault, length: number): Fault[] =>
  Array.from({ length }, (_, i) => (i === n ? fault : 'deliver'));

/**
 * Minimal counterexamples these properties found, each describing the bug it exposed (all fixed:
 * expiry of co-invitees, the room over late hang-up records, early answers kept for their invitation,
 * answers matched by room, queued Chat answers, re-invitations noted while ringing).
 */
const KNOWN = {
  // dave's accept to alice is lost (delivery 4): alice, still calling, ignores dave in the room and ends
  // at 35 s; eve's time-out to dave is lost too (delivery 11), so dave stays accepted alone for good,
  // showing eve invited: nothing expires the co-invitees of the invitation a device rang for.
  lostAccept: [steps('alice call dave,eve; 1000 dave accept'), nth(4, 'drop', 7)],
  // bob hangs up and joins again at once; his hang-up record reaches alice 700 ms late (delivery 12),
  // after she saw him back in the room: she shows bob left for good while he is in the call.
  lateHangupRecord: [
    steps('alice call bob,carol; 1000 bob accept; carol accept; bob hangup; bob join'),
    nth(12, 'delay', 14),
  ],
  // Every other delivery is 700 ms late, the invitation to bob among them, so carol's reject reaches bob
  // first: he drops it (no call yet) and shows carol invited for good; alice shows her rejected.
  answerBeforeInvitation: [
    steps('alice call bob,carol; 100 carol reject; 1000 bob accept'),
    nth(0, 'delay', 2),
  ],
  // No fault. dave, ringing, is invited again by carol, rejects the first invitation and lets the
  // second time out: alice and bob show him rejected, carol no response.
  reinvitedWhileRinging: [
    steps('alice call bob,dave; carol join; carol invite dave; dave reject; bob accept'),
    ['deliver'],
  ],
  // No fault. dave accepts bob's call while his automatic busy answer to alice's call is in flight;
  // Chat refuses the overlapping accept (8010) and it fails (-1401): bob shows dave left, eve no response.
  overlappingAccept: [steps('bob call dave,eve; alice call dave,eve; dave accept; eve accept'), ['deliver']],
  // No fault. eve, answering bob's call, drops alice's re-invitation of carol as a duplicate (it names
  // eve too): eve shows carol left, the others no response.
  duplicateReinvitation: [
    steps(
      'bob call alice,carol,eve; 1000 carol accept; carol hangup; alice hangup; alice join; alice invite carol,eve; eve accept',
    ),
    ['deliver'],
  ],
  // No fault. bob's busy answer reaches dave as his mid-call invitation arrives and is dropped: dave
  // shows bob no response, eve busy.
  answerBeforeMidCallInvitation: [
    steps('bob call carol; 1000 eve call bob; eve invite dave; 1000 dave accept'),
    ['deliver'],
  ],
  // Found by the 19-person runs (seed 7; "call alice" by alice calls only the bystanders). Carol's copy
  // of eve's mid-call invitation of alice is late (the third of every four deliveries), and alice's busy
  // answer to it reaches carol first: carol kept it, but only a ringing device looked at kept answers,
  // so carol showed alice no response where eve showed her busy.
  answerBeforeObservedInvitation: [
    steps(
      'carol call alice,eve; 100 alice accept; alice hangup; eve accept; alice call alice; eve invite alice,zed',
    ),
    ['deliver', 'deliver', 'delay', 'deliver'],
  ],
  // Found by the 19-person runs (seed 23). alice's copy of bob's first invitation is late; she rings for
  // his mid-call one, sees eve's decline, then the late copy "invited" eve again: alice showed eve no
  // response where the others showed her rejected. A late copy no longer re-invites those it is
  // known to name or seen to have answered.
  lateCopyReinvites: [
    steps('bob call eve; bob invite alice,zed; eve reject; alice accept'),
    ['delay', 'deliver', 'deliver', 'deliver', 'deliver'],
  ],
  // Found by the 19-person runs (seed 23), no fault. dave, invited after alice declined bob's mid-call
  // invitation (which dave never saw), kept her decline unmatched and showed her no response. Kept
  // answers that name the call's room are now replayed when the device rings for that call.
  answerToUnseenInvitation: [
    steps(
      'bob call eve; bob invite alice,zed; eve accept; alice reject; bob invite dave; 1000 alice accept; dave accept',
    ),
    ['deliver'],
  ],
  // Found by the 19-person runs (seed 23). dave joined; his copy of bob's mid-call invitation of alice
  // is late, and alice's decline, matched by its room, did not apply to someone not yet invited: it was
  // dropped, and the late invitation left alice invited until no response. It is now kept until then.
  answerBeforeItsInvitationInCall: [
    steps('bob call eve; dave join; bob invite alice,zed; eve accept; alice reject'),
    ['delay', 'deliver', 'deliver', 'deliver', 'deliver', 'deliver'],
  ],
  // Found by the 19-person runs (seeds 41 and 46), no fault; brought about by replaying kept answers
  // that name the call's room. bob joins after eve declined the first invitation; carol invites eve
  // again; bob, seeing that invitation, replayed eve's old decline as her answer to the new one. An
  // answer to an invitation this device never saw no longer answers one it saw naming that user.
  oldAnswerToReinvitation: [
    steps('carol call alice,eve; 1000 eve reject; bob join; carol invite eve; alice accept'),
    ['deliver'],
  ],
  oldAnswerToReinvitationAfterAccept: [
    steps('alice call carol,dave; 1000 carol reject; bob join; dave accept; alice invite carol,eve'),
    ['deliver'],
  ],
} satisfies Record<string, [Step[], Fault[]]>;

describe('properties of random group call scenarios (fast-check)', () => {
  it(
    'every call ends: with duplicated messages nobody is left calling, ringing or alone in a call',
    () => holds(IN_ORDER, (w) => endProblems(w.users)),
    TIMEOUT,
  );

  it(
    'every call ends: with lost, duplicated or delayed messages nobody is left calling, ringing or alone in a call',
    () => holds(ALL, (w) => endProblems(w.users), [KNOWN.lostAccept]),
    TIMEOUT,
  );

  it(
    'with duplicated messages, everyone accepted in the same room sees everyone else there joined',
    () => holds(IN_ORDER, (w) => agreementProblems(w.users)),
    TIMEOUT,
  );

  it(
    'without loss, everyone accepted in the same room sees everyone else there joined',
    () => holds(NO_LOSS, (w) => agreementProblems(w.users), [KNOWN.lateHangupRecord]),
    TIMEOUT,
  );

  it(
    'with duplicated messages, once all timers ran out nobody in a call is shown pending',
    () => holds(IN_ORDER, (w) => pendingProblems(w.users)),
    TIMEOUT,
  );

  it(
    'without loss, once all timers ran out nobody in a call is shown pending',
    () => holds(NO_LOSS, (w) => pendingProblems(w.users), [KNOWN.answerBeforeInvitation]),
    TIMEOUT,
  );

  it(
    'with duplicated messages, everyone in the same call agrees on the status of each other participant',
    () =>
      holds(IN_ORDER, (w) => thirdPartyProblems(w.users), [
        KNOWN.reinvitedWhileRinging,
        KNOWN.overlappingAccept,
        KNOWN.duplicateReinvitation,
        KNOWN.answerBeforeMidCallInvitation,
      ]),
    TIMEOUT,
  );

  it(
    'events fire once per change: one ring per invitation, one end per call session, no repeated participant event',
    () => holds(ALL, (w) => eventProblems(w.sim, w.users)),
    TIMEOUT,
  );

  it(
    'in calls of 19 (14 never answer, so the lists pass the scan limit), without loss, every property holds',
    () =>
      holds(
        NO_LOSS,
        (w) => [
          ...endProblems(w.users),
          ...agreementProblems(w.users),
          ...pendingProblems(w.users),
          ...thirdPartyProblems(w.users),
          ...eventProblems(w.sim, w.users),
        ],
        [
          KNOWN.answerBeforeObservedInvitation,
          KNOWN.lateCopyReinvites,
          KNOWN.answerToUnseenInvitation,
          KNOWN.answerBeforeItsInvitationInCall,
          KNOWN.oldAnswerToReinvitation,
          KNOWN.oldAnswerToReinvitationAfterAccept,
        ],
        { runs: Math.max(10, Math.round(RUNS / 3)) },
      ),
    TIMEOUT,
  );
});
