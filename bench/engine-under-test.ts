/**
 * Which build of the engine the benchmarks measure. By default a bundle of `src/` built here with
 * esbuild like the published one (tsup: no `keepNames`). Under tsx every function of `src/` would be
 * wrapped in esbuild's `__name()` helper, which costs heap per closure and CPU per call that
 * applications never pay. `BENCH_ENGINE=src` measures the tsx-compiled sources instead.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type * as Engine from '../src/index';
import type * as Machine from '../src/machine/call-machine';
import type * as Testing from '../src/testing/index';

export interface EngineUnderTest {
  readonly createCallEngine: typeof Engine.createCallEngine;
  readonly createSimulation: typeof Testing.createSimulation;
  /** The call machine alone, for the floor that xstate sets under every lifecycle (engine-cpu.ts). */
  readonly getCallMachine: typeof Machine.getCallMachine;
  /** What was measured, for the printed header. */
  readonly label: string;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = `export { createCallEngine } from './src/index.ts';
export { createSimulation } from './src/testing/index.ts';
export { getCallMachine } from './src/machine/call-machine.ts';`;

export async function engineUnderTest(): Promise<EngineUnderTest> {
  if (process.env.BENCH_ENGINE === 'src') {
    const [engine, testing, machine] = await Promise.all([
      import('../src/index'),
      import('../src/testing/index'),
      import('../src/machine/call-machine'),
    ]);
    return {
      createCallEngine: engine.createCallEngine,
      createSimulation: testing.createSimulation,
      getCallMachine: machine.getCallMachine,
      label: 'src/ through tsx (BENCH_ENGINE=src)',
    };
  }
  // Inside node_modules so that the bundle's external imports (xstate, mitt) resolve; one file per
  // process, since the benchmarks of `npm run bench` may build at the same time.
  const outfile = join(ROOT, 'node_modules', '.cache', 'hce-bench', `engine-${process.pid}.mjs`);
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'bench-entry.ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  const mod = (await import(pathToFileURL(outfile).href)) as EngineUnderTest;
  // Loaded: the file is no longer needed (profiles still name it, as engine-<pid>.mjs).
  rmSync(outfile, { force: true });
  return {
    createCallEngine: mod.createCallEngine,
    createSimulation: mod.createSimulation,
    getCallMachine: mod.getCallMachine,
    label: 'src/ bundled by esbuild like the published build',
  };
}
