/**
 * Heap growth over many calls (issue 10, item 4.4): one pair of engines on fake ports places 100k full
 * calls; heapUsed after a full GC is sampled along the way, so a leak shows as a steady climb.
 * `node --expose-gc --import tsx bench/heap-growth.ts`
 */
import { engineUnderTest } from './engine-under-test';
import { FakeWorld } from './fakes/fake-world';
import { fakeCall, problems } from './lifecycle';
import { heapUsed, line, num, scaled, verdict } from './stats';

const GOAL_BYTES = 2 * 1024 * 1024;
const WARMUP = scaled(1000, 20);
const CALLS = scaled(100_000, 400);
const CHECKPOINTS = 4;

const { createCallEngine, label } = await engineUnderTest();
const world = new FakeWorld(createCallEngine);
const alice = world.engine('alice');
const bob = world.engine('bob');
const seen = problems([alice, bob]);
await world.quiet();
let n = 0;
const calls = async (count: number) => {
  for (let i = 0; i < count; i++) await fakeCall(world, alice, bob, n++ % 2 ? 'audio' : 'video');
};

await calls(WARMUP);
const start = heapUsed();
const samples: number[] = [];
const began = performance.now();
for (let c = 1; c <= CHECKPOINTS; c++) {
  await calls(CALLS / CHECKPOINTS);
  samples.push(heapUsed() - start);
}
const seconds = (performance.now() - began) / 1000;
const growth = samples.at(-1)!;
// The first quarter also holds what the JIT and caches still settle; the rest is the steady slope.
const perCall = (growth - samples[0]!) / (CALLS - CALLS / CHECKPOINTS);
console.log(
  `[${label}] heap growth over ${num(CALLS)} full 1v1 calls on one pair of engines (after ${num(WARMUP)} warm-up calls)`,
);
line(
  'heapUsed after − before (full GC)',
  `${num(growth / 1024)} KiB (goal ≤ 2 MiB: ${verdict(growth <= GOAL_BYTES)})`,
);
line('growth at each quarter', samples.map((b) => `${num(b / 1024)} KiB`).join(', '));
line(
  'steady growth per call (quarters 2–4)',
  `${num(perCall)} bytes (${num((perCall * 100_000) / 1024 / 1024)} MiB per 100k calls)`,
);
line(
  'fake backend state left (held invitations, people in rooms)',
  `${world.chat.heldCount}, ${world.rooms.occupancy}`,
);
line('warnings or errors raised', String(seen.count()));
line(`wall time of the ${num(CALLS)} calls`, `${num(seconds)} s (${num(CALLS / seconds)} calls/s)`);
await alice.destroy();
await bob.destroy();
