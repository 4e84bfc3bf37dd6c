import type { CallEngine, CallSnapshot, MediaType } from '../src/index';
import type { SimUser, Simulation } from '../src/testing/index';
import type { FakeWorld } from './fakes/fake-world';

/** The engine's snapshot once `predicate` holds (the current one counts). */
export function until(engine: CallEngine, predicate: (s: CallSnapshot) => boolean): Promise<CallSnapshot> {
  const now = engine.getSnapshot();
  if (predicate(now)) return Promise.resolve(now);
  return new Promise((resolve) => {
    const off = engine.subscribe((s) => {
      if (!predicate(s)) return;
      off();
      resolve(s);
    });
  });
}

/** In the call and the peer is in the media room. */
export const inCall = (s: CallSnapshot): boolean => s.status === 'accepted' && s.connectedAt !== null;
export const ended = (s: CallSnapshot): boolean => s.status === 'ended';

/**
 * One full 1v1 call on fake ports, both sides: call → ring → accept → in call (each sees the other in
 * the room) → caller hangs up → both ended, and every fact in flight delivered.
 */
export async function fakeCall(
  world: FakeWorld,
  caller: CallEngine,
  callee: CallEngine,
  mediaType: MediaType,
): Promise<void> {
  await caller.call({ userID: callee.getSnapshot().userID, mediaType });
  await until(callee, (s) => s.status === 'ringing');
  await callee.accept();
  await until(caller, inCall);
  await until(callee, inCall);
  await caller.hangup();
  await until(callee, ended);
  await world.quiet();
}

/** The same call on the simulator (virtual clock, 20 ms latency), as `bench/simulator.ts` always ran it. */
export async function simulatedCall(sim: Simulation, caller: SimUser, callee: SimUser, mediaType: MediaType) {
  await sim.run(caller.call({ userID: callee.userID, mediaType }));
  await sim.advance(100);
  await sim.run(callee.accept());
  await sim.advance(1000);
  await sim.run(caller.hangup());
  await sim.advance(100);
}

/** Counts the events an engine raised that a clean call never raises (warnings, errors), by code. */
export function problems(engines: readonly CallEngine[]): {
  count(): number;
  sample(): string[];
  summary(): string;
} {
  const byCode = new Map<string, number>();
  const samples: string[] = [];
  let count = 0;
  const note = (engine: CallEngine, name: string, code: string | number, payload: unknown) => {
    count++;
    const key = `${name} ${code}`;
    byCode.set(key, (byCode.get(key) ?? 0) + 1);
    if (samples.length < 5)
      samples.push(`${engine.getSnapshot().userID} ${name}: ${JSON.stringify(payload)}`);
  };
  for (const engine of engines) {
    engine.on('warning', (w) => note(engine, 'warning', w.code, w));
    engine.on('error', (e) => note(engine, 'error', e.code, { code: e.code, message: e.message }));
  }
  return {
    count: () => count,
    sample: () => samples,
    summary: () => [...byCode].map(([key, n]) => `${n}× ${key}`).join(', ') || 'none',
  };
}
