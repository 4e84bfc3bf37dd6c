// Size budget: minified + gzipped ESM cost of `import { createCallEngine } from 'headless-call-engine'`,
// xstate and mitt included, vendor SDKs excluded. Fails above the budget.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

// 25 KiB covered 1v1 and multi-device; group calls (+2.6 KiB) and the media controls with the weak-network
// policy (+3.3 KiB) raised it to 32 KiB. About 12 KiB of it is xstate. The ringtone is tree-shaken unless
// the app imports createRingtone.
const BUDGET = 32 * 1024;
const entries = {
  'createCallEngine (.)':
    "import { createCallEngine } from './dist/index.js'; console.log(createCallEngine);",
  'createLocalNetwork (./local)':
    "import { createLocalNetwork } from './dist/local.js'; console.log(createLocalNetwork);",
  'createSimulation (./testing)':
    "import { createSimulation } from './dist/testing.js'; console.log(createSimulation);",
  // The bindings alone: the engine is the app's import above, the framework the app's own.
  'react bindings (./react)': "import * as m from './dist/react.js'; console.log(m);",
  'vue bindings (./vue)': "import * as m from './dist/vue.js'; console.log(m);",
  'svelte bindings (./svelte)': "import * as m from './dist/svelte.js'; console.log(m);",
};

let failed = false;
for (const [name, contents] of Object.entries(entries)) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    external: ['@tencentcloud/chat', 'trtc-sdk-v5', 'react', 'vue', 'svelte'],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const gz = gzipSync(code).length;
  const budgeted = name.startsWith('createCallEngine');
  const verdict = budgeted ? (gz > BUDGET ? 'OVER BUDGET' : 'ok') : 'info';
  console.log(
    `${name.padEnd(30)} ${(code.length / 1024).toFixed(1).padStart(7)} KiB min  ${(gz / 1024).toFixed(2).padStart(6)} KiB gzip (${gz} B)  ${budgeted ? `(budget ${BUDGET / 1024} KiB) ` : ''}${verdict}`,
  );
  if (budgeted && gz > BUDGET) failed = true;
}
process.exit(failed ? 1 : 0);
