/**
 * The engine on the simulator (embedded local backend, virtual clock): the figures `npm run bench`
 * printed before the engine-only benchmarks existed, kept so they stay comparable over time. They
 * include the local Chat and TRTC clients' work. `node --expose-gc --import tsx bench/simulator.ts`
 */
import { engineUnderTest } from './engine-under-test';
import { heapUsed, line, num, scaled } from './stats';

const { createSimulation, label } = await engineUnderTest();

async function fullCalls(count: number): Promise<number> {
  const sim = createSimulation({ latencyMs: 20 });
  const alice = sim.user('alice');
  const bob = sim.user('bob');
  await sim.advance(100);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    await sim.run(alice.call({ userID: 'bob', mediaType: i % 2 ? 'audio' : 'video' }));
    await sim.advance(100);
    await sim.run(bob.accept());
    await sim.advance(1000);
    await sim.run(alice.hangup());
    await sim.advance(100);
  }
  const ms = performance.now() - start;
  await sim.destroy();
  return ms / count;
}

async function snapshotReads(count: number): Promise<number> {
  const sim = createSimulation();
  const alice = sim.user('alice');
  await sim.advance(100);
  let sink = 0;
  const start = performance.now();
  for (let i = 0; i < count; i++) sink += alice.getSnapshot().participants.length;
  const ns = ((performance.now() - start) * 1e6) / count;
  await sim.destroy();
  return ns + sink * 0;
}

async function memoryPerEngine(count: number): Promise<number> {
  const before = heapUsed();
  const sim = createSimulation();
  for (let i = 0; i < count; i++) sim.user(`user-${i}`);
  await sim.advance(100);
  const perEngine = (heapUsed() - before) / count;
  await sim.destroy();
  return perEngine;
}

/** A group call of `size` people: invite, all accept, talk 10 s, everyone leaves; CPU per call. */
async function groupCalls(size: number, count: number): Promise<number> {
  const sim = createSimulation({ latencyMs: 20 });
  const ids = Array.from({ length: size }, (_, i) => `member-${i}`);
  sim.group('bench', ids);
  const users = ids.map((id) => sim.user(id, { engine: { maxGroupParticipants: 300 } }));
  await sim.advance(100);
  const [caller, ...callees] = users;
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    await sim.run(caller!.groupCall({ groupID: 'bench', userIDList: ids.slice(1), mediaType: 'video' }));
    await sim.advance(100);
    await sim.run(Promise.all(callees.map((c) => c.accept())));
    await sim.advance(10_000);
    await sim.run(Promise.all(users.map((u) => u.hangup())));
    await sim.advance(1000);
  }
  const ms = performance.now() - start;
  await sim.destroy();
  return ms / count;
}

console.log(`[${label}] the engine on the simulator (local Chat + TRTC clients, virtual clock; wall time)`);
await fullCalls(scaled(50, 5)); // warm-up
const callMs = await fullCalls(scaled(300, 20));
line(
  '1v1 call (invite → ring → accept → media → hang up), per call',
  `${num(callMs)} ms (${num(1000 / callMs)} calls/s)`,
);
line('getSnapshot() (memoised, same object until a change)', `${num(await snapshotReads(1_000_000))} ns`);
for (const [size, count] of [
  [3, 50],
  [9, 20],
  [50, 2],
] as const) {
  const ms = await groupCalls(size, scaled(count, 1));
  line(
    `group call of ${size} (invite → all accept → 10 s → all leave)`,
    `${num(ms)} ms (${num(ms / size)} ms per engine)`,
  );
}
await memoryPerEngine(100); // loads and compiles everything first
line(
  'heap per logged-in engine + local Chat + TRTC client (500)',
  `${num((await memoryPerEngine(500)) / 1024)} KiB`,
);
