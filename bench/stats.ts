/** Measuring helpers shared by the benchmarks: timing rounds, percentiles, heap, formatting. */

const collect = (globalThis as { gc?: () => void }).gc;

/** Full collection; the heap benchmarks refuse to run without `--expose-gc` rather than print noise. */
export function gc(): void {
  if (!collect) throw new Error('run with node --expose-gc (npm run bench does)');
  // Twice: the first pass may only queue finalizers and weak-reference cleanups.
  collect();
  collect();
}

export function heapUsed(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

/** Wall and CPU (user + system) time of one run of `fn`, in µs. */
export async function timed(fn: () => Promise<void>): Promise<{ wallUs: number; cpuUs: number }> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await fn();
  const wallUs = Number(process.hrtime.bigint() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { wallUs, cpuUs: used.user + used.system };
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** A number with a sensible precision for a table. */
export function num(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  return n.toLocaleString('en-US', { maximumFractionDigits: abs >= 100 ? 0 : abs >= 10 ? 1 : 2 });
}

/** `goal met` / `GOAL NOT MET`, so a missed goal stands out in the output. */
export function verdict(ok: boolean): string {
  return ok ? 'goal met' : 'GOAL NOT MET';
}

/** Prints `label  value` lines aligned in two columns. */
export function line(label: string, value: string): void {
  console.log(`  ${label.padEnd(58)} ${value}`);
}

/** A scale factor for quick runs (`BENCH_SCALE=0.1`); counts never drop below `min`. */
export function scaled(count: number, min = 1): number {
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  return Math.max(min, Math.round(count * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
