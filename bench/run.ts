/**
 * `npm run bench`: every benchmark of this folder, each in its own Node process (so heap figures and
 * JIT state never leak from one into the next), then a summary of the goals. Prints figures; a goal not
 * met is printed as such, never turned into a failure. Each file also runs alone:
 * `node --expose-gc --import tsx bench/<file>.ts`. `BENCH_SCALE=0.1` shortens every run for a quick look;
 * `BENCH_ENGINE=src` measures the tsx-compiled sources instead of a bundle (see engine-under-test.ts).
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const BENCHMARKS = [
  'engine-cpu.ts',
  'signal-latency.ts',
  'engine-heap.ts',
  'heap-growth.ts',
  'group-cost.ts',
  'server-relay.ts',
  'simulator.ts',
];

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs a command in the package root, echoing its output; resolves with it. */
function runOne(command: string, args: readonly string[], allowFailure = false): Promise<string> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk;
    process.stdout.write(chunk);
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      code === 0 || allowFailure ? resolve(output) : reject(new Error(`${args.at(-1)} exited with ${code}`)),
    );
  });
}

const cpu = cpus();
console.log(
  `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (a shared machine makes wall times noisy: compare the ratios within one run)\n`,
);
const goals: string[] = [];
let failed = false;
for (const file of BENCHMARKS) {
  const started = performance.now();
  try {
    const output = await runOne(process.execPath, [
      ...process.execArgv,
      fileURLToPath(new URL(file, import.meta.url)),
    ]);
    goals.push(...output.split('\n').filter((l) => /goal met|GOAL NOT MET/.test(l)));
  } catch (error) {
    failed = true;
    console.error(String(error));
  }
  console.log(`  (${file}: ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
}
// Bundle sizes of the published entries: they need a fresh build.
console.log('bundle sizes (minified + gzipped imports of dist/, scripts/check-size.mjs)');
try {
  await runOne(process.execPath, [
    fileURLToPath(new URL('../node_modules/tsup/dist/cli-default.js', import.meta.url)),
    '--silent',
  ]);
  // Over budget it exits 1: that is a figure here, like any goal not met.
  const sizes = await runOne(process.execPath, ['scripts/check-size.mjs'], true);
  goals.push(...sizes.split('\n').filter((l) => /budget/i.test(l)));
} catch (error) {
  failed = true;
  console.error(String(error));
}
console.log('\ngoals');
for (const goal of goals) console.log(goal.replace(/\s{2,}/g, '  '));
if (failed) process.exitCode = 1;
