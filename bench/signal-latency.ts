/**
 * Inbound signal → app event latency (issue 10, item 4.2): the time from the fake signaling port handing
 * a fact to the engine's listener until the app's handler for the resulting event runs, over many calls.
 * `node --expose-gc --import tsx bench/signal-latency.ts`
 */
import type { CallEngineEventName, SignalFact } from '../src/index';
import { engineUnderTest } from './engine-under-test';
import { FakeWorld } from './fakes/fake-world';
import { fakeCall } from './lifecycle';
import { line, num, percentile, scaled, verdict } from './stats';

const GOAL_P50_US = 20;
const { createCallEngine, label } = await engineUnderTest();
const WARMUP = scaled(1000, 20);
const CALLS = scaled(10_000, 100);

type Probe = { fact: SignalFact['kind']; to: string; event: CallEngineEventName; samples: number[] };

/** Samples (µs) for invited → callReceived on bob and accepted → callAccepted on alice. */
async function measure(multiDevice: boolean): Promise<Probe[]> {
  const world = new FakeWorld(createCallEngine);
  const alice = world.engine('alice', { multiDevice });
  const bob = world.engine('bob', { multiDevice });
  const probes: Probe[] = [
    { fact: 'invited', to: 'bob', event: 'callReceived', samples: [] },
    { fact: 'accepted', to: 'alice', event: 'callAccepted', samples: [] },
  ];
  let recording = false;
  for (const probe of probes) {
    let sentAt = 0n;
    const engine = probe.to === 'bob' ? bob : alice;
    world.chat.tap = chainTap(world.chat.tap, (to, fact) => {
      // Only call invitations: hangup records are invitations too, and raise no callReceived.
      if (
        to === probe.to &&
        fact.kind === probe.fact &&
        !(fact.kind === 'invited' && fact.payload.cmd === 'hangup')
      )
        sentAt = process.hrtime.bigint();
    });
    engine.on(probe.event, () => {
      const us = Number(process.hrtime.bigint() - sentAt) / 1000;
      if (recording && sentAt !== 0n) probe.samples.push(us);
      sentAt = 0n;
    });
  }
  await world.quiet();
  for (let i = 0; i < WARMUP; i++) await fakeCall(world, alice, bob, i % 2 ? 'audio' : 'video');
  recording = true;
  for (let i = 0; i < CALLS; i++) await fakeCall(world, alice, bob, i % 2 ? 'audio' : 'video');
  await alice.destroy();
  await bob.destroy();
  return probes;
}

function chainTap(
  before: FakeWorld['chat']['tap'],
  next: NonNullable<FakeWorld['chat']['tap']>,
): NonNullable<FakeWorld['chat']['tap']> {
  return (to, fact) => {
    before?.(to, fact);
    next(to, fact);
  };
}

/** What two hrtime reads cost here: the floor of every sample. */
function clockFloorUs(): number {
  const samples: number[] = [];
  for (let i = 0; i < 100_000; i++) {
    const t = process.hrtime.bigint();
    samples.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  return percentile(
    samples.sort((a, b) => a - b),
    50,
  );
}

console.log(
  `[${label}] inbound signal → event latency (fake port calls the engine's listener on a quiet event loop → app handler runs; ${num(CALLS)} calls)`,
);
for (const multiDevice of [true, false]) {
  for (const probe of await measure(multiDevice)) {
    const sorted = probe.samples.sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const goal =
      probe.event === 'callReceived' ? ` (goal p50 ≤ ${GOAL_P50_US} µs: ${verdict(p50 <= GOAL_P50_US)})` : '';
    line(
      `${probe.fact} → ${probe.event} (multiDevice ${multiDevice ? 'on' : 'off'})`,
      `p50 ${num(p50)} µs, p99 ${num(percentile(sorted, 99))} µs, max ${num(sorted.at(-1) ?? Number.NaN)} µs${goal}`,
    );
  }
}
line('clock floor (two hrtime.bigint() reads, p50)', `${num(clockFloorUs())} µs`);
