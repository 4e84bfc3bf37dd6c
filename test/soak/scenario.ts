/**
 * Random scenarios of the fault campaign (`npm run soak`): 2–6 users of one group, each logged in on
 * 1–3 devices, a script of commands at random times, Chat delivery faults, latency changes and device
 * crashes. A scenario is plain data, so a counterexample prints as JSON and replays exactly.
 */
import fc from 'fast-check';

export const NAMES = ['alice', 'bob', 'carol', 'dave', 'eve', 'frank'] as const;
export const GROUP = 'grp';

/**
 * Who acts: the n-th live device whose state suits the command (ringing for an answer, in a call for
 * a hang-up…). Random device names alone would rarely hit a ringing device.
 */
export type Who = number;
export type MediaType = 'audio' | 'video';
export type Answer = 'accept' | 'reject' | 'hangup' | 'ignore' | 'join';

/**
 * A command `pause` ms after the step before. `overlap`: the next step starts at once instead of after
 * the command settles, so two devices can act in the same instant (two accepts racing for a call).
 */
interface Timing {
  readonly who: Who;
  readonly pause: number;
  readonly overlap: boolean;
}
/** Users are indexes into the scenario's users; the actor itself and unknown indexes are skipped. */
export type Command =
  | (Timing & { kind: 'call'; target: number; mediaType: MediaType })
  | (Timing & { kind: 'groupCall'; invitees: number[]; mediaType: MediaType })
  | (Timing & { kind: 'invite'; invitees: number[] })
  | (Timing & { kind: 'switch'; mediaType: MediaType })
  | (Timing & { kind: Answer });
export type Step =
  | Command
  | { kind: 'wait'; ms: number }
  | { kind: 'latency'; ms: number }
  | { kind: 'crash'; who: Who };

/** What happens to one Chat delivery (one message toward one device); delays of different length reorder. */
export type Fault = 'deliver' | 'duplicate' | 'drop' | { delayMs: number };

/**
 * How hostile the network is. `clean`: nothing lost or late; `inOrder`: duplicates; `noLoss`:
 * duplicates and delays (reordering); `lossy`: also drops and device crashes. The agreement checks
 * only hold where nothing is lost.
 */
export type Mode = 'clean' | 'inOrder' | 'noLoss' | 'lossy';

export interface Scenario {
  /** Devices per user: one entry per user. */
  readonly devices: number[];
  readonly mode: Mode;
  /** Cycled over the Chat deliveries in the order they leave the server. */
  readonly faults: Fault[];
  readonly steps: Step[];
}

const who = fc.nat(17);
const pause = fc.constantFrom(0, 0, 50, 100, 400, 1000, 3000);
const timing = { who, pause, overlap: fc.boolean() };
const mediaType = fc.constantFrom<MediaType>('audio', 'video');
const users = fc.uniqueArray(fc.nat(NAMES.length - 1), { minLength: 1, maxLength: 4 });
const answer = (kind: Answer, weight: number) => ({
  weight,
  arbitrary: fc.record({ kind: fc.constant(kind), ...timing }),
});

const commands: fc.WeightedArbitrary<Step>[] = [
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('call' as const), ...timing, target: fc.nat(4), mediaType }),
  },
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('groupCall' as const), ...timing, invitees: users, mediaType }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('invite' as const), ...timing, invitees: users }) },
  // Mostly to audio: the only switch TUICallKit allows, the other direction is a refusal.
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('switch' as const),
      ...timing,
      mediaType: fc.constantFrom<MediaType>('audio', 'audio', 'video'),
    }),
  },
  answer('accept', 8),
  answer('reject', 2),
  answer('hangup', 3),
  answer('ignore', 1),
  answer('join', 2),
  {
    weight: 7,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      // Mostly short waits, so answers land while invitations still ring; sometimes past the timeouts.
      ms: fc.oneof({ weight: 4, arbitrary: fc.nat(2_000) }, { weight: 1, arbitrary: fc.nat(40_000) }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('latency' as const),
      ms: fc.constantFrom(1, 5, 20, 80, 300, 1500),
    }),
  },
];
const crash: fc.WeightedArbitrary<Step> = {
  weight: 1,
  arbitrary: fc.record({ kind: fc.constant('crash' as const), who }),
};

const delay = fc.constantFrom(30, 150, 700, 2_500).map((delayMs) => ({ delayMs }));
const FAULTS: Record<Mode, fc.Arbitrary<Fault>> = {
  clean: fc.constant('deliver'),
  inOrder: fc.constantFrom<Fault>('deliver', 'deliver', 'duplicate'),
  noLoss: fc.oneof(fc.constantFrom<Fault>('deliver', 'deliver', 'duplicate'), delay),
  lossy: fc.oneof(fc.constantFrom<Fault>('deliver', 'deliver', 'duplicate', 'drop'), delay),
};

export const scenarioArbitrary: fc.Arbitrary<Scenario> = fc
  .constantFrom<Mode>('clean', 'inOrder', 'noLoss', 'lossy', 'lossy')
  .chain((mode) =>
    fc.record({
      devices: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: NAMES.length }),
      mode: fc.constant(mode),
      faults: fc.array(FAULTS[mode], { minLength: 1, maxLength: 40 }),
      steps: fc.array(fc.oneof(...commands, ...(mode === 'lossy' ? [crash] : [])), {
        maxLength: 24,
        size: 'max',
      }),
    }),
  );

/**
 * What the network did in a scenario: `lossless` when no message was dropped and no device crashed;
 * `inOrder` when, on top of that, nothing overtook anything: no delay fault and no latency change (the
 * network applies a new latency to messages sent after the change, so a lower one lets them overtake
 * the ones in flight). The agreement checks need the first, the event-history checks the second.
 */
export function delivery(s: Scenario): { lossless: boolean; inOrder: boolean } {
  const lossless = !s.faults.includes('drop') && !s.steps.some((step) => step.kind === 'crash');
  const reordered = s.faults.some((f) => typeof f !== 'string') || s.steps.some((x) => x.kind === 'latency');
  return { lossless, inOrder: lossless && !reordered };
}
