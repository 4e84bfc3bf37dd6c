import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation, type SimUser } from '../src/testing/index';

/** One step of a random scenario: a command on one side, or time passing. */
type Step =
  | { kind: 'call'; who: 'alice' | 'bob'; mediaType: 'audio' | 'video' }
  | { kind: 'accept' | 'reject' | 'hangup' | 'ignore' | 'switch'; who: 'alice' | 'bob' }
  | { kind: 'wait'; ms: number };

const who = fc.constantFrom<'alice' | 'bob'>('alice', 'bob');
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('call' as const),
    who,
    mediaType: fc.constantFrom<'audio' | 'video'>('audio', 'video'),
  }),
  fc.record({
    kind: fc.constantFrom(
      'accept' as const,
      'reject' as const,
      'hangup' as const,
      'ignore' as const,
      'switch' as const,
    ),
    who,
  }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 40_000 }) }),
);

/** Network faults: each delivery is delivered, delayed, duplicated or (optionally) dropped. */
const faults = (...kinds: ('deliver' | 'duplicate' | 'delay' | 'drop')[]) =>
  fc.array(fc.constantFrom(...kinds), { minLength: 1, maxLength: 30 });

async function play(steps: Step[], plan: string[]) {
  const sim = createSimulation({ latencyMs: 20 });
  const users: Record<'alice' | 'bob', SimUser> = { alice: sim.user('alice'), bob: sim.user('bob') };
  await sim.advance(100);
  let n = 0;
  sim.network.setInterceptor(() => {
    const verdict = plan[n++ % plan.length];
    if (verdict === 'delay') return { delayMs: 700 };
    return verdict as 'deliver' | 'duplicate' | 'drop';
  });
  const errors: string[] = [];
  for (const u of Object.values(users)) u.on('error', (e) => errors.push(e.message));
  for (const s of steps) {
    if (s.kind === 'wait') {
      await sim.advance(s.ms);
      continue;
    }
    const u = users[s.who];
    const other = s.who === 'alice' ? 'bob' : 'alice';
    const command = (): Promise<unknown> | undefined => {
      switch (s.kind) {
        case 'call':
          return u.call({ userID: other, mediaType: s.mediaType });
        case 'accept':
          return u.accept();
        case 'reject':
          return u.reject();
        case 'hangup':
          return u.hangup();
        case 'switch':
          return u.switchCallMediaType('audio');
        case 'ignore':
          u.ignore();
          return undefined;
      }
    };
    try {
      const pending = command();
      // Commands may be refused (a CallError); that is part of the contract, not a failure.
      if (pending)
        await sim.run(
          pending.catch(() => undefined),
          200_000,
        );
    } catch {}
  }
  // Let every timer and timeout run out: the signaling timers (35 s), the safety net, the connect timer.
  await sim.advance(120_000);
  const result = { alice: users.alice.getSnapshot(), bob: users.bob.getSnapshot(), errors, sim };
  return result;
}

describe('properties of random call scenarios (fast-check)', () => {
  it('every call ends: with lost, duplicated or delayed messages no side is left calling or ringing, nor alone in a call', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 14 }),
        faults('deliver', 'duplicate', 'delay', 'drop'),
        async (steps, plan) => {
          const { alice, bob, sim } = await play(steps, plan);
          for (const s of [alice, bob]) {
            expect(['idle', 'ended', 'accepted']).toContain(s.status);
          }
          // Nobody stays in a call without the other.
          if (alice.status === 'accepted' || bob.status === 'accepted') {
            expect(alice.status).toBe('accepted');
            expect(bob.status).toBe('accepted');
            expect(alice.callId).toBe(bob.callId);
          }
          await sim.destroy();
          expect(sim.clock.pending).toBe(0);
        },
      ),
      {
        numRuns: Number(process.env.FC_RUNS ?? 120),
        ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : { seed: 20261127 }),
      },
    );
  });

  it('with duplicated messages (none lost) both sides agree: same call, same connected outcome, matching end reasons', async () => {
    // What the other side may report for each reason. Crossings are allowed where both sides acted at
    // once (a cancel crossing a reject, two hang-ups), never a contradiction such as one side
    // connected and the other not.
    const counterpart: Record<string, string[]> = {
      hangup: ['remoteHangup', 'hangup'],
      remoteHangup: ['hangup', 'remoteHangup'],
      canceled: ['remoteCanceled', 'noResponse', 'rejected'],
      remoteCanceled: ['canceled'],
      // A reject sent in the last moment can lose to the ring timeout on the other side.
      rejected: ['remoteRejected', 'canceled', 'noResponse'],
      remoteRejected: ['rejected'],
      noResponse: ['noResponse', 'canceled', 'rejected'],
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 14 }),
        faults('deliver', 'duplicate'),
        async (steps, plan) => {
          const { alice, bob, sim } = await play(steps, plan);
          if (alice.callId !== null && alice.callId === bob.callId) {
            expect(alice.status).toBe(bob.status);
            expect(alice.mediaType).toBe(bob.mediaType);
            expect(alice.connectedAt === null).toBe(bob.connectedAt === null);
            if (alice.endReason && bob.endReason && counterpart[alice.endReason]) {
              expect(counterpart[alice.endReason]).toContain(bob.endReason);
            }
          }
          await sim.destroy();
        },
      ),
      {
        numRuns: Number(process.env.FC_RUNS ?? 120),
        ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : { seed: 20261127 }),
      },
    );
  });

  it('with delayed messages (signaling much slower than media) both sides still end in the same state', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 14 }),
        faults('deliver', 'duplicate', 'delay'),
        async (steps, plan) => {
          const { alice, bob, sim } = await play(steps, plan);
          if (alice.callId !== null && alice.callId === bob.callId) {
            expect(alice.status).toBe(bob.status);
            expect(alice.mediaType).toBe(bob.mediaType);
          }
          await sim.destroy();
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 120), seed: Number(process.env.FC_SEED ?? 20261127) },
    );
  });
});
