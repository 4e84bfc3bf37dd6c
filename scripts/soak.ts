/**
 * `npm run soak -- [--runs N] [--seed S] [--shrink K]` plays N random fault scenarios (see
 * docs/testing.md, "Fault campaign") and ends with one line `N scenarios, N violations`; exit code 1 on
 * violations. `--seed S --path P` replays one scenario with its full report (`--shrink 1`: and a smaller
 * one that fails too).
 */
import { campaign, formatViolation, replay, shrink } from '../test/soak/campaign';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function integer(name: string, fallback: number): number {
  const raw = option(name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`--${name} wants a non-negative integer, not ${raw}`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<number> {
  const seed = integer('seed', Date.now() % 2 ** 31);
  const path = option('path');
  if (path !== undefined) {
    const v = await replay(seed, path);
    if (!v) throw new Error(`no scenario at seed ${seed} path ${path}`);
    console.log(formatViolation(v));
    const small = v.problems.length > 0 && integer('shrink', 0) > 0 ? await shrink(seed, path) : null;
    if (small) console.log(`shrunk:\n${formatViolation(small)}`);
    console.log(`1 scenarios, ${v.problems.length > 0 ? 1 : 0} violations`);
    return v.problems.length > 0 ? 1 : 0;
  }
  const runs = integer('runs', 500);
  const started = Date.now();
  console.log(`soak: ${runs} scenarios, seed ${seed}`);
  const step = Math.max(1, Math.round(runs / 20));
  const result = await campaign({
    seed,
    runs,
    shrink: integer('shrink', 3),
    onProgress(done, violations) {
      if (done % step === 0 || done === runs) {
        const seconds = ((Date.now() - started) / 1000).toFixed(0);
        console.log(`  progress: ${done}/${runs} played, ${violations} failed, ${seconds} s`);
      }
    },
  });
  for (const v of result.violations) console.log(formatViolation(v));
  for (const v of result.shrunk) console.log(`shrunk:\n${formatViolation(v)}`);
  console.log(`${result.scenarios} scenarios, ${result.violations.length} violations`);
  return result.violations.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
