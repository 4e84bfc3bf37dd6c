/**
 * `BENCH_PROFILE=1`: a benchmark runs its measured work once more under the V8 CPU profiler (through
 * `node:inspector`, so start-up and warm-up stay out of it) and prints the functions with the most self
 * time, and the split between the engine, xstate, the benchmark's fakes and the rest.
 */
import { Session } from 'node:inspector/promises';

export const PROFILE = process.env.BENCH_PROFILE === '1';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function areaOf(url: string): string {
  if (url.includes('/xstate/')) return 'xstate';
  if (url.includes('hce-bench/engine') || url.includes('/src/')) return 'engine';
  if (url.includes('/bench/')) return 'benchmark fakes and driver';
  return url === '' ? 'V8 (GC, idle, program)' : 'Node internals';
}

/** Runs `work` under the profiler and prints the top `top` functions by self time. */
export async function printProfile(title: string, work: () => Promise<void>, top = 15): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  await work();
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
  session.disconnect();
  const selfUs = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url
      .replace(/^.*\/(node_modules\/|src\/|bench\/)/, '$1')
      .replace(/engine-\d+\.mjs/, 'engine.mjs');
    const key = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byArea.set(areaOf(url), (byArea.get(areaOf(url)) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  console.log(`  profile of ${title} (self time, ${(total / 1000).toFixed(0)} ms sampled):`);
  console.log(
    `    ${[...byArea]
      .sort((a, b) => b[1] - a[1])
      .map(([area, us]) => `${area} ${pct(us).trim()}`)
      .join(', ')}`,
  );
  for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`    ${pct(us)}  ${key}`);
}
