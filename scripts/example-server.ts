/**
 * The React and Vue examples (examples/react, examples/vue): bundled with esbuild — tsconfig `paths` map
 * the package names to src/, and esbuild compiles the TSX itself — and served by the local call server
 * on its own HTTP port, so the page and its WebSocket share one origin. Used by scripts/examples.ts
 * (`npm run build:examples`, `npm run example:react`) and the browser end-to-end test.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createLocalCallServer } from '../src/server/index';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = join(ROOT, 'examples');

export const EXAMPLE_NAMES = ['react', 'vue'] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

const ENTRY: Record<ExampleName, string> = { react: 'main.tsx', vue: 'main.ts' };

/** Bundles one example into `outDir`: index.html, style.css, app/main.js. Throws on any build error. */
export async function buildExample(name: ExampleName, outDir: string): Promise<void> {
  await build({
    entryPoints: [join(EXAMPLES, name, ENTRY[name])],
    outdir: join(outDir, 'app'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    tsconfig: join(ROOT, 'tsconfig.json'),
    // What the frameworks' bundler builds expect a bundler to replace.
    define: {
      'process.env.NODE_ENV': '"production"',
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    logLevel: 'warning',
  });
  await Promise.all([
    copyFile(join(EXAMPLES, name, 'index.html'), join(outDir, 'index.html')),
    copyFile(join(EXAMPLES, 'style.css'), join(outDir, 'style.css')),
  ]);
}

export interface RunningExample {
  /** The page to open, e.g. http://127.0.0.1:8080/ */
  readonly url: string;
  /** Stops the server and deletes the bundle. Idempotent. */
  close(): Promise<void>;
}

/** Builds `name` and serves it on a local call server; resolves once it listens. */
export async function startExample(
  name: ExampleName,
  options: { port?: number; host?: string } = {},
): Promise<RunningExample> {
  const host = options.host ?? '127.0.0.1';
  const outDir = await mkdtemp(join(tmpdir(), `hce-${name}-example-`));
  const removeBundle = () => rm(outDir, { recursive: true, force: true });
  try {
    await buildExample(name, outDir);
    const server = await createLocalCallServer({ host, port: options.port ?? 8080, staticDir: outDir });
    let closing: Promise<void> | undefined;
    return {
      url: `http://${host}:${server.port}/`,
      close: () => {
        closing ??= server.close().then(removeBundle);
        return closing;
      },
    };
  } catch (error) {
    await removeBundle();
    throw error;
  }
}
