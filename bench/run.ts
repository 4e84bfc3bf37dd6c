/**
 * `npm run bench`: speed and memory of the engine on the embedded local backend (virtual clock, so
 * figures measure the engine's own CPU work, not simulated network time). Prints figures; asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { createSimulation } from '../src/testing/index';

function fmt(n: number, unit: string): string {
  return `${n.toFixed(n < 10 ? 2 : 0)} ${unit}`;
}

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
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const sim = createSimulation();
  const users = Array.from({ length: count }, (_, i) => sim.user(`user-${i}`));
  await sim.advance(100);
  gc?.();
  const after = process.memoryUsage().heapUsed;
  const perEngine = (after - before) / users.length;
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

const callMs = await fullCalls(300);
console.log(`1v1 call (invite → ring → accept → media → hang up), engine CPU per call: ${fmt(callMs, 'ms')}`);
console.log(
  `calls per second on one core:                                        ${fmt(1000 / callMs, '/s')}`,
);
console.log(
  `getSnapshot() (memoised, same object until a change):                ${fmt(await snapshotReads(1_000_000), 'ns')}`,
);
for (const [size, count] of [
  [3, 50],
  [9, 20],
  [50, 2],
] as const) {
  const ms = await groupCalls(size, count);
  console.log(
    `${`group call of ${size} (all ${size} engines, invite → all accept → 10 s → all leave):`.padEnd(69)} ${fmt(ms, 'ms')} (${fmt(ms / size, 'ms')} per engine)`,
  );
}
const bytes = await memoryPerEngine(500);
console.log(
  `heap per logged-in engine + local chat + TRTC client:                ${fmt(bytes / 1024, 'KiB')}${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for a steadier figure)'}`,
);
