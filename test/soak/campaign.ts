/**
 * The fault campaign: plays random scenarios (fast-check) and collects every violation instead of
 * stopping at the first, so one long run reports them all. Each violation carries the fast-check seed
 * and path that replay it, and is shrunk to a smaller counterexample with its own path.
 */
import fc from 'fast-check';
import { describeWorld, finalProblems } from './invariants';
import { play } from './play';
import { delivery, type Scenario, scenarioArbitrary } from './scenario';

export interface Violation {
  readonly seed: number;
  /** The fast-check path that replays the scenario (`--seed S --path P`). */
  readonly path: string;
  readonly scenario: Scenario;
  readonly problems: string[];
  /** What happened (commands, deliveries and their faults) and each device's final state. */
  readonly report: string;
}

/** Unhandled promise rejections are collected per scenario: any is a violation. */
const rejections: string[] = [];
const onRejection = (reason: unknown) => {
  rejections.push(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason));
};

/** A macrotask lets Node report rejections left unhandled by the scenario before we look. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Plays one scenario and returns its problems (empty when every invariant holds). */
export async function check(
  scenario: Scenario,
  verbose = false,
): Promise<{ problems: string[]; report: string }> {
  process.on('unhandledRejection', onRejection);
  rejections.length = 0;
  try {
    const world = await play(scenario, verbose);
    const problems = finalProblems(world, delivery(scenario));
    const report = verbose ? `${world.log.join('\n')}\n---\n${describeWorld(world)}` : '';
    await world.sim.destroy();
    // (4) destroy leaves nothing behind.
    if (world.sim.clock.pending !== 0) problems.push(`${world.sim.clock.pending} timers left after destroy`);
    await tick();
    await tick();
    problems.push(...rejections.map((r) => `unhandled rejection: ${r}`));
    return { problems, report };
  } finally {
    process.off('unhandledRejection', onRejection);
  }
}

export interface CampaignOptions {
  readonly seed: number;
  readonly runs: number;
  /** Shrink at most this many violations (shrinking replays the scenario many times). */
  readonly shrink?: number;
  readonly onProgress?: (done: number, violations: number) => void;
}

export interface CampaignResult {
  readonly scenarios: number;
  readonly violations: Violation[];
  /** Smaller counterexamples for the first violations, each with its own replay path. */
  readonly shrunk: Violation[];
}

/** Replays one scenario by fast-check seed and path, with the full report. */
export async function replay(seed: number, path: string): Promise<Violation | null> {
  let found: Violation | null = null;
  await fc.check(
    fc.asyncProperty(scenarioArbitrary, async (scenario) => {
      const { problems, report } = await check(scenario, true);
      found = { seed, path, scenario, problems, report };
      return problems.length === 0;
    }),
    { seed, path, numRuns: 1, endOnFailure: true },
  );
  return found;
}

/** Shrinks the violation at `path`; the result names the smallest failing scenario's path. */
export async function shrink(seed: number, path: string): Promise<Violation | null> {
  const result = await fc.check(
    fc.asyncProperty(scenarioArbitrary, async (scenario) => (await check(scenario)).problems.length === 0),
    { seed, path },
  );
  if (!result.failed || result.counterexamplePath === null) return null;
  return replay(seed, result.counterexamplePath);
}

export async function campaign(options: CampaignOptions): Promise<CampaignResult> {
  const violations: Violation[] = [];
  let index = 0;
  await fc.check(
    fc.asyncProperty(scenarioArbitrary, async (scenario) => {
      const path = String(index++);
      const { problems } = await check(scenario);
      if (problems.length > 0) {
        // Replayed for the report only when it failed: logging every delivery costs time.
        const { report } = await check(scenario, true);
        violations.push({ seed: options.seed, path, scenario, problems, report });
      }
      options.onProgress?.(index, violations.length);
      // Never fails, so fast-check goes on: one run finds every violation, not only the first.
      return true;
    }),
    { seed: options.seed, numRuns: options.runs },
  );
  const shrunk: Violation[] = [];
  for (const v of violations.slice(0, options.shrink ?? 0)) {
    const small = await shrink(v.seed, v.path);
    if (small) shrunk.push(small);
  }
  return { scenarios: index, violations, shrunk };
}

/** A violation as printed: how to replay it, what broke, the scenario and what happened. */
export function formatViolation(v: Violation): string {
  return [
    `--- seed ${v.seed} path ${v.path}  (replay: npm run soak -- --seed ${v.seed} --path ${v.path})`,
    ...v.problems.map((p) => `  ! ${p}`),
    `scenario: ${JSON.stringify(v.scenario)}`,
    v.report,
  ].join('\n');
}
