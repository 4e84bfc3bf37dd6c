/**
 * A short run of the fault campaign (`npm run soak` runs thousands): random multi-user, multi-device
 * scenarios under lost, duplicated, delayed and reordered messages, latency changes and device crashes.
 * `SOAK_RUNS` / `SOAK_SEED` change the run; a failure prints each counterexample with its replay command.
 */
import { expect, it } from 'vitest';
import { campaign, formatViolation } from './soak/campaign';

const RUNS = Number(process.env.SOAK_RUNS ?? 150);
const SEED = Number(process.env.SOAK_SEED ?? 20261207);

it(
  `${RUNS} random fault scenarios keep every invariant: calls end, one device per user, sides agree, nothing left behind`,
  async () => {
    const result = await campaign({ seed: SEED, runs: RUNS });
    expect(result.scenarios).toBe(RUNS);
    expect(result.violations.map(formatViolation)).toEqual([]);
  },
  Math.max(30_000, RUNS * 1_000),
);
