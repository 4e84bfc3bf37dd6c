// Bundle sizes: the minified + gzipped ESM cost of importing each package entry, and of a few named
// imports, built from dist the way an app's bundler would (xstate included, vendor SDKs external).
// Budgeted rows fail the check when over budget; the others are printed for information.
// `node scripts/check-size.mjs --breakdown` also lists the minified bytes each module adds to the core.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const KiB = 1024;
// The core is xstate's interpreter (11.7 KiB gzip for any machine: the actor, the state-node algorithm
// and the built-in actions it references; the machine's own choice of xstate APIs changes nothing) plus
// the engine (about 23 KiB). The goal of 20 KiB is not reachable without dropping 1v1 signaling, media or
// the machine itself; README "Package entries" has the per-module breakdown. The budget leaves about a
// KiB above today's 34.93 KiB (34.25 before the group-call list memo that keeps one device's cost linear
// and the group signaling fixes of the performance round): a new feature that costs more should come
// with an opt-in entry.
const CORE_BUDGET = 36 * KiB;
// Errors and constants must not pull in xstate or the machine (the machine is built on first use).
const ERRORS_BUDGET = 2 * KiB;

const imports = (names, from) =>
  `import { ${names.join(', ')} } from '${from}'; console.log(${names.join(', ')});`;
const rows = [
  {
    name: '. createCallEngine',
    contents: imports(['createCallEngine'], './dist/index.js'),
    budget: CORE_BUDGET,
  },
  {
    name: '. CallError, isCallError',
    contents: imports(['CallError', 'isCallError'], './dist/index.js'),
    budget: ERRORS_BUDGET,
  },
  { name: '. createRingtone', contents: imports(['createRingtone'], './dist/index.js') },
  { name: '. parseGroupCallInfo', contents: imports(['parseGroupCallInfo'], './dist/index.js') },
  { name: '. (everything)', contents: "import * as m from './dist/index.js'; console.log(m);" },
  {
    name: './network-policy weakNetworkPolicy',
    contents: imports(['weakNetworkPolicy'], './dist/network-policy.js'),
  },
  { name: './local (everything)', contents: "import * as m from './dist/local.js'; console.log(m);" },
  { name: './local createLocalNetwork', contents: imports(['createLocalNetwork'], './dist/local.js') },
  { name: './testing (everything)', contents: "import * as m from './dist/testing.js'; console.log(m);" },
  {
    name: './server (everything, Node)',
    contents: "import * as m from './dist/server.js'; console.log(m);",
    platform: 'node',
  },
  // The bindings alone: the engine is the app's import above, the framework the app's own.
  { name: './react (everything)', contents: "import * as m from './dist/react.js'; console.log(m);" },
  { name: './vue (everything)', contents: "import * as m from './dist/vue.js'; console.log(m);" },
  { name: './svelte (everything)', contents: "import * as m from './dist/svelte.js'; console.log(m);" },
];

async function measure(row, metafile = false) {
  const result = await build({
    stdin: { contents: row.contents, resolveDir: process.cwd(), loader: row.loader ?? 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: row.platform ?? 'browser',
    write: false,
    metafile,
    // The bindings' frameworks are the app's own, like the vendor SDKs.
    external: ['@tencentcloud/chat', 'trtc-sdk-v5', 'ws', 'react', 'vue', 'svelte'],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gz: gzipSync(code).length, metafile: result.metafile };
}

const kib = (bytes) => (bytes / KiB).toFixed(2).padStart(6);
let failed = false;
console.log(`${'import'.padEnd(32)} ${'min KiB'.padStart(8)} ${'gzip KiB'.padStart(9)}  budget`);
for (const row of rows) {
  const { min, gz } = await measure(row);
  const over = row.budget !== undefined && gz > row.budget;
  if (over) failed = true;
  const verdict = row.budget === undefined ? '' : `${kib(row.budget)} ${over ? 'OVER BUDGET' : 'ok'}`;
  console.log(`${row.name.padEnd(32)} ${kib(min).padStart(8)} ${kib(gz).padStart(9)}  ${verdict}`);
}

if (process.argv.includes('--breakdown')) {
  // From the sources, so each module of the engine is a row of its own (dist merges them into chunks).
  const source = { contents: imports(['createCallEngine'], './src/index.ts'), loader: 'ts' };
  const { min, gz, metafile } = await measure(source, true);
  const output = Object.values(metafile.outputs)[0];
  const inputs = Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => [path.replace(/^.*node_modules\//, ''), bytesInOutput])
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1]);
  console.log(
    `\n\`import { createCallEngine }\` from src: ${kib(min)} KiB min, ${kib(gz)} KiB gzip; minified bytes per module:`,
  );
  for (const [path, bytes] of inputs) console.log(`${String(bytes).padStart(8)}  ${path}`);
}
process.exit(failed ? 1 : 0);
