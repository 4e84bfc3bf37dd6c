/**
 * Group call cost by size (issue 10, item 4.5): N engines on fake ports; the caller invites everyone in
 * one group invitation, all accept, all are in the room and see each other, all leave. Prints the cost
 * per call, per person and per fact delivered, and how the cost grows with N.
 * `node --expose-gc --import tsx bench/group-cost.ts`
 */
import type { CallEngine } from '../src/index';
import { engineUnderTest } from './engine-under-test';
import { FakeWorld } from './fakes/fake-world';
import { ended, problems, until } from './lifecycle';
import { PROFILE, printProfile } from './profile';
import { line, median, num, timed } from './stats';

const SIZES: readonly (readonly [people: number, calls: number])[] = [
  [3, 20],
  [9, 10],
  [50, 3],
  [300, 1],
];
const { createCallEngine, label } = await engineUnderTest();

/** Everyone joined: in the call, and every other person is in the room. */
const allJoined = (people: number) => (engine: CallEngine) =>
  until(engine, (s) => {
    if (s.status !== 'accepted' || s.participants.length !== people - 1) return false;
    return s.participants.every((p) => p.status === 'joined');
  });

interface GroupFigures {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly facts: number;
  readonly problems: string;
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
  if (people <= 50) await one();
  const cpu: number[] = [];
  const wall: number[] = [];
  const before = world.chat.delivered + world.rooms.delivered;
  for (let i = 0; i < calls; i++) {
    const t = await timed(one);
    cpu.push(t.cpuUs / 1000);
    wall.push(t.wallUs / 1000);
  }
  const facts = (world.chat.delivered + world.rooms.delivered - before) / calls;
  // One more call of the largest size under the profiler (BENCH_PROFILE=1), after the timed ones.
  if (PROFILE && people === SIZES.at(-1)?.[0]) await printProfile(`a group call of ${people}`, one);
  for (const engine of engines) await engine.destroy();
  return { cpuMs: median(cpu), wallMs: median(wall), facts, problems: seen.count() ? seen.summary() : '' };
}

console.log(
  `[${label}] group call, engine only: invite all → all accept → all in the room → all leave (all N engines; CPU time, median)`,
);
let previous: { people: number; cpuMs: number } | undefined;
const exponents: number[] = [];
const perFactUs: number[] = [];
for (const [people, calls] of SIZES) {
  const g = await groupCalls(people, calls);
  // How cost scales from the previous size: 1 = linear in N, 2 = quadratic.
  const exponent = previous
    ? Math.log(g.cpuMs / previous.cpuMs) / Math.log(people / previous.people)
    : undefined;
  if (exponent !== undefined) exponents.push(exponent);
  perFactUs.push((g.cpuMs * 1000) / g.facts);
  line(
    `${people} people (${calls} call${calls > 1 ? 's' : ''})`,
    `${num(g.cpuMs)} ms per call (wall ${num(g.wallMs)} ms), ${num(g.cpuMs / people)} ms per person, ` +
      `${num(g.facts)} facts delivered, ${num((g.cpuMs * 1000) / g.facts)} µs per fact` +
      (exponent === undefined ? '' : `, growth ~N^${exponent.toFixed(2)}`) +
      (g.problems ? `; engine events: ${g.problems}` : ''),
  );
  previous = { people, cpuMs: g.cpuMs };
}
// The largest sizes say most: fixed costs per call weigh less there.
const worst = exponents.at(-1) ?? 1;
line(
  `growth from ${SIZES.at(-2)?.[0]} to ${SIZES.at(-1)?.[0]} people`,
  worst < 1.3
    ? 'linear: per-person cost roughly constant'
    : worst < 2.3
      ? `QUADRATIC: total ~N^${worst.toFixed(1)} (every member hears every member's accept, room entry, streams and hangup record)`
      : `WORSE THAN QUADRATIC: total ~N^${worst.toFixed(1)}, the cost per fact grows with N`,
);
line(
  `engine CPU per fact delivered, ${SIZES.at(-1)?.[0]} vs ${SIZES.at(-2)?.[0]} people`,
  `${num(perFactUs.at(-1)! / perFactUs.at(-2)!)}× (above 1: each fact costs more in a bigger call)`,
);
