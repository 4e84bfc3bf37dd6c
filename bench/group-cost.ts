/**
 * Group call cost by size (issue 10, item 4.5), two ways:
 * - one device: one engine places a group call to N-1 puppet members (fakes/puppet.ts: they ring, accept,
 *   enter the room, publish and leave, at O(1) cost each). This is what one device pays for a call of
 *   N people, and it must grow linearly: the per-person cost should stay flat.
 * - everyone: N engines on fake ports; the caller invites everyone in one group invitation, all accept,
 *   all are in the room and see each other, all leave. Every member hears every other member, so the
 *   facts delivered grow as N² and the total with them; the cost per fact should stay flat.
 * `node --expose-gc --import tsx bench/group-cost.ts`
 */
import type { CallEngine } from '../src/index';
import { engineUnderTest } from './engine-under-test';
import { FakeWorld } from './fakes/fake-world';
import { Puppet } from './fakes/puppet';
import { ended, problems, until } from './lifecycle';
import { PROFILE, printProfile } from './profile';
import { line, median, num, timed, verdict } from './stats';

const SIZES: readonly (readonly [people: number, calls: number])[] = [
  [3, 20],
  [9, 10],
  [50, 3],
  [300, 1],
];
const { createCallEngine, label } = await engineUnderTest();

/**
 * Everyone joined: in the call, and every other person is in the room. A cursor over the list (places
 * never move, and nobody leaves the room before everyone is in) keeps the driver's own cost at O(1) per
 * snapshot; checking the whole list each time would add N² per engine to what is measured.
 */
const allJoined = (people: number) => (engine: CallEngine) => {
  let cursor = 0;
  return until(engine, (s) => {
    if (s.status !== 'accepted' || s.participants.length !== people - 1) return false;
    while (cursor < s.participants.length && s.participants[cursor]!.status === 'joined') cursor++;
    return cursor === s.participants.length;
  });
};

interface GroupFigures {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly facts: number;
  readonly problems: string;
}

/** One engine calls N-1 puppets; all join; the puppets leave; the engine's call ends. */
async function oneDevice(people: number, calls: number): Promise<GroupFigures> {
  const world = new FakeWorld(createCallEngine);
  const ids = Array.from({ length: people }, (_, i) => `member-${i}`);
  world.chat.group('bench', ids);
  const host = world.engine(ids[0]!, { maxGroupParticipants: 300 });
  const puppets = ids.slice(1).map((id) => new Puppet(world, id));
  const seen = problems([host]);
  await world.quiet();
  const one = async () => {
    for (const p of puppets) p.expectCall();
    await host.groupCall({ groupID: 'bench', userIDList: ids.slice(1), mediaType: 'video' });
    // Everyone rings first, as in the run with N engines; then they all answer.
    await world.quiet();
    const joined = allJoined(people)(host);
    await Promise.all(puppets.map((p) => p.accept()));
    await joined;
    await Promise.all(puppets.map((p) => p.leave()));
    await until(host, ended);
    await world.quiet();
  };
  // Warm-up, then rounds of several calls each (one small call is too short to time on its own).
  const perRound = Math.max(1, Math.round(calls / 8));
  const title = `one device in a group call of ${people}`;
  const figures = await measure(world, people, one, seen, { calls, perRound, warmUp: perRound, title });
  await host.destroy();
  return figures;
}

async function groupCalls(people: number, calls: number): Promise<GroupFigures> {
  const world = new FakeWorld(createCallEngine);
  const ids = Array.from({ length: people }, (_, i) => `member-${i}`);
  world.chat.group('bench', ids);
  const engines = ids.map((id) => world.engine(id, { maxGroupParticipants: 300 }));
  const seen = problems(engines);
  await world.quiet();
  const [caller, ...callees] = engines as [CallEngine, ...CallEngine[]];
  const joined = allJoined(people);
  const one = async () => {
    await caller.groupCall({ groupID: 'bench', userIDList: ids.slice(1), mediaType: 'video' });
    await Promise.all(callees.map((c) => until(c, (s) => s.status === 'ringing')));
    await Promise.all(callees.map((c) => c.accept()));
    await Promise.all(engines.map(joined));
    await Promise.all(engines.map((e) => e.hangup()));
    await Promise.all(engines.map((e) => until(e, ended)));
    await world.quiet();
  };
  // Warm-up (the JIT is warm from the smaller sizes by the time the big one runs, which takes long).
  const warmUp = people <= 50 ? 1 : 0;
  const title = `a group call of ${people}`;
  const figures = await measure(world, people, one, seen, { calls, perRound: 1, warmUp, title });
  for (const engine of engines) await engine.destroy();
  return figures;
}

/**
 * Times `calls` runs of `one` in rounds of `perRound`, after `warmUp` untimed runs: CPU and wall time
 * per call (median of the rounds) and facts delivered per call. With BENCH_PROFILE=1, one more run of
 * the largest size goes under the profiler, after the timed ones.
 */
async function measure(
  world: FakeWorld,
  people: number,
  one: () => Promise<void>,
  seen: ReturnType<typeof problems>,
  o: { calls: number; perRound: number; warmUp: number; title: string },
): Promise<GroupFigures> {
  for (let i = 0; i < o.warmUp; i++) await one();
  const cpu: number[] = [];
  const wall: number[] = [];
  const before = world.chat.delivered + world.rooms.delivered;
  let done = 0;
  for (; done < o.calls; done += o.perRound) {
    const t = await timed(async () => {
      for (let i = 0; i < o.perRound; i++) await one();
    });
    cpu.push(t.cpuUs / 1000 / o.perRound);
    wall.push(t.wallUs / 1000 / o.perRound);
  }
  const facts = (world.chat.delivered + world.rooms.delivered - before) / done;
  if (PROFILE && people === SIZES.at(-1)?.[0]) await printProfile(o.title, one);
  return {
    cpuMs: median(cpu),
    wallMs: median(wall),
    facts,
    problems: seen.count() ? seen.summary() : '',
  };
}

/** Growth exponent from one size to the next: 1 = linear in N, 2 = quadratic. */
const growth = (a: { people: number; cpuMs: number }, b: { people: number; cpuMs: number }) =>
  Math.log(b.cpuMs / a.cpuMs) / Math.log(b.people / a.people);

console.log(
  `[${label}] group call, one device: one engine calls N-1 puppet members → all in the room → they leave (CPU time, median)`,
);
let previous: { people: number; cpuMs: number } | undefined;
const perPerson: number[] = [];
let lastGrowth = 1;
for (const [people] of SIZES) {
  const g = await oneDevice(people, Math.max(8, Math.round(3000 / people)));
  const here = { people, cpuMs: g.cpuMs };
  if (previous) lastGrowth = growth(previous, here);
  perPerson.push((g.cpuMs * 1000) / people);
  line(
    `${people} people`,
    `${num(g.cpuMs)} ms per call (wall ${num(g.wallMs)} ms), ${num((g.cpuMs * 1000) / people)} µs per person, ` +
      `${num(g.facts)} facts` +
      (previous ? `, growth ~N^${lastGrowth.toFixed(2)}` : '') +
      (g.problems ? `; engine events: ${g.problems}` : ''),
  );
  previous = here;
}
const flat = perPerson.at(-1)! / perPerson.at(-2)!;
line(
  `one device, cost per person ${SIZES.at(-1)?.[0]} vs ${SIZES.at(-2)?.[0]} people`,
  `${num(flat)}× (goal: linear growth, per-person cost flat within 1.3×: ${verdict(flat <= 1.3)})`,
);

console.log(
  `\n[${label}] group call, everyone: invite all → all accept → all in the room → all leave (all N engines; CPU time, median)`,
);
previous = undefined;
const perFactUs: number[] = [];
for (const [people, calls] of SIZES) {
  const g = await groupCalls(people, calls);
  const here = { people, cpuMs: g.cpuMs };
  perFactUs.push((g.cpuMs * 1000) / g.facts);
  line(
    `${people} people (${calls} call${calls > 1 ? 's' : ''})`,
    `${num(g.cpuMs)} ms per call (wall ${num(g.wallMs)} ms), ${num(g.cpuMs / people)} ms per person, ` +
      `${num(g.facts)} facts delivered, ${num((g.cpuMs * 1000) / g.facts)} µs per fact` +
      (previous ? `, growth ~N^${growth(previous, here).toFixed(2)}` : '') +
      (g.problems ? `; engine events: ${g.problems}` : ''),
  );
  previous = here;
}
// Every member hears every other: N² facts is the floor of the total, so the figure to watch is the
// cost per fact (above 1: each fact costs more in a bigger call; N engines' state also outgrows the
// CPU caches, which the one-device run above does not share).
line(
  `everyone: engine CPU per fact delivered, ${SIZES.at(-1)?.[0]} vs ${SIZES.at(-2)?.[0]} people`,
  `${num(perFactUs.at(-1)! / perFactUs.at(-2)!)}× (1 = each fact costs the same whatever the call's size)`,
);
