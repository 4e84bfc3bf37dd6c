/**
 * Heap per idle engine (issue 10, item 4.3): N engines on fake ports, then the same number on the
 * simulator (engine + local Chat client + local TRTC client each), after a full GC.
 * `node --expose-gc --import tsx bench/engine-heap.ts`
 */
import type { CallEngine } from '../src/index';
import { engineUnderTest } from './engine-under-test';
import { FakeAccount } from './fakes/fake-account';
import { FakeWorld } from './fakes/fake-world';
import { heapUsed, line, num, scaled, verdict } from './stats';

const GOAL_BYTES = 20 * 1024;
const N = scaled(2000, 100);
const { createCallEngine, createSimulation, label } = await engineUnderTest();

/** Heap the fake ports alone take per user, so the engine's own share can be told apart. */
async function fakePortsOnly(): Promise<number> {
  const before = heapUsed();
  const world = new FakeWorld(createCallEngine);
  const ports = Array.from({ length: N }, (_, i) => [
    world.chat.port(`user-${i}`),
    world.rooms.port(`user-${i}`),
    new FakeAccount(`user-${i}`, world.statuses),
  ]);
  const bytes = (heapUsed() - before) / N;
  ports.length = 0;
  return bytes;
}

async function fakeEngines(): Promise<number> {
  const before = heapUsed();
  const world = new FakeWorld(createCallEngine);
  const engines: CallEngine[] = Array.from({ length: N }, (_, i) => world.engine(`user-${i}`));
  // The multi-device ability query each engine starts on creation settles first.
  await world.quiet();
  const bytes = (heapUsed() - before) / N;
  for (const engine of engines) await engine.destroy();
  return bytes;
}

async function simulatedEngines(): Promise<number> {
  const before = heapUsed();
  const sim = createSimulation();
  for (let i = 0; i < N; i++) sim.user(`user-${i}`);
  await sim.advance(100);
  const bytes = (heapUsed() - before) / N;
  await sim.destroy();
  return bytes;
}

// A first round loads and compiles every module, so the measured rounds see only per-engine memory.
await fakeEngines();
await simulatedEngines();
const ports = await fakePortsOnly();
const fake = await fakeEngines();
const simulated = await simulatedEngines();
console.log(`[${label}] heap per idle, logged-in engine (${num(N)} engines, heapUsed after a full GC)`);
line(
  'engine on fake ports',
  `${num(fake / 1024)} KiB (goal ≤ ${GOAL_BYTES / 1024} KiB: ${verdict(fake <= GOAL_BYTES)})`,
);
line('  of which the fake ports themselves', `${num(ports / 1024)} KiB`);
line(
  'engine + local Chat + local TRTC client (simulator)',
  `${num(simulated / 1024)} KiB (${num(simulated / fake)}× the engine alone)`,
);
