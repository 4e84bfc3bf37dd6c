/**
 * Engine-only CPU per full 1v1 call (issue 10, item 4.1): two engines on fake synchronous ports (see
 * fakes/), against the same call on the simulator, in alternating rounds of one run so that the
 * machine's noise hits both alike. `node --expose-gc --import tsx bench/engine-cpu.ts`
 */
import { engineUnderTest } from './engine-under-test';
import { FakeWorld } from './fakes/fake-world';
import { fakeCall, problems, simulatedCall } from './lifecycle';
import { machineLifecycle } from './machine-lifecycle';
import { PROFILE, printProfile } from './profile';
import { line, median, num, scaled, timed, verdict } from './stats';

const GOAL_PER_SECOND = 10_000;
const ROUNDS = 7;
const FAKE_CALLS = scaled(3000, 50);
const SIM_CALLS = scaled(150, 10);

const { createCallEngine, createSimulation, getCallMachine, label } = await engineUnderTest();
const machineOnly = machineLifecycle(getCallMachine());
const world = new FakeWorld(createCallEngine);
const alice = world.engine('alice');
const bob = world.engine('bob');
const fakeProblems = problems([alice, bob]);
await world.quiet();

const sim = createSimulation({ latencyMs: 20 });
const simAlice = sim.user('alice');
const simBob = sim.user('bob');
await sim.advance(100);

let n = 0;
const mediaType = () => (n++ % 2 ? 'audio' : 'video');
const fakeRound = (count: number) =>
  timed(async () => {
    for (let i = 0; i < count; i++) await fakeCall(world, alice, bob, mediaType());
  });
const machineRound = (count: number) =>
  timed(async () => {
    for (let i = 0; i < count; i++) machineOnly.run();
  });
const simRound = (count: number) =>
  timed(async () => {
    for (let i = 0; i < count; i++) await simulatedCall(sim, simAlice, simBob, mediaType());
  });

// Warm-up: JIT and inline caches of both paths.
await fakeRound(FAKE_CALLS);
await machineRound(FAKE_CALLS);
await simRound(SIM_CALLS);

const fake = { wall: [] as number[], cpu: [] as number[] };
const simulated = { wall: [] as number[], cpu: [] as number[] };
const machine: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const f = await fakeRound(FAKE_CALLS);
  fake.wall.push(f.wallUs / FAKE_CALLS);
  fake.cpu.push(f.cpuUs / FAKE_CALLS);
  machine.push((await machineRound(FAKE_CALLS)).cpuUs / FAKE_CALLS);
  const s = await simRound(SIM_CALLS);
  simulated.wall.push(s.wallUs / SIM_CALLS);
  simulated.cpu.push(s.cpuUs / SIM_CALLS);
}
await sim.destroy();

// CPU time of this process is the figure for "one core": on a shared machine, wall time also counts
// the time other processes held the CPU. Both are printed.
const fakeUs = median(fake.cpu);
const simUs = median(simulated.cpu);
console.log(
  `[${label}] engine CPU per 1v1 lifecycle (call → ring → accept → both in the room → hang up → both ended; median of ${ROUNDS} rounds)`,
);
line(
  `engine only, fake ports (${FAKE_CALLS} calls/round): wall / CPU`,
  `${num(median(fake.wall))} µs / ${num(fakeUs)} µs per lifecycle (best round wall ${num(Math.min(...fake.wall))} µs)`,
);
line(
  'engine only: lifecycles per second on one core (CPU time)',
  `${num(1e6 / fakeUs)}/s (goal ≥ ${num(GOAL_PER_SECOND)}/s: ${verdict(1e6 / fakeUs >= GOAL_PER_SECOND)})`,
);
// The floor: the machine's own share cannot be optimised away outside it (xstate's interpreter builds a
// new machine snapshot, state value and context for every event it takes).
const machineUs = median(machine);
line(
  `call machine alone (xstate and the machine's actions, ${machineOnly.events} events, no engine)`,
  `${num(machineUs)} µs per lifecycle: a ceiling of ${num(1e6 / machineUs)}/s; ${num((100 * machineUs) / fakeUs)} % of the engine-only lifecycle`,
);
line(
  `simulator (${SIM_CALLS} calls/round): wall / CPU`,
  `${num(median(simulated.wall))} µs / ${num(simUs)} µs per lifecycle (${num(1e6 / simUs)}/s)`,
);
line(
  'simulator ÷ engine only (CPU time, same run)',
  `${num(simUs / fakeUs)}× (the simulator's share: ${num(100 * (1 - fakeUs / simUs))} %)`,
);
line(
  'warnings or errors raised by the engine-only calls',
  `${fakeProblems.count()}${fakeProblems.count() ? ` e.g. ${fakeProblems.sample()[0]}` : ''}`,
);
if (PROFILE)
  await printProfile(`${FAKE_CALLS} engine-only lifecycles`, () =>
    fakeRound(FAKE_CALLS).then(() => undefined),
  );
await alice.destroy();
await bob.destroy();
