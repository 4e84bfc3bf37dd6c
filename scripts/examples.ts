/**
 * `npm run build:examples`: bundles the React and Vue examples (a CI check that they still build).
 * `npm run example:react` / `npm run example:vue`: serves one on http://127.0.0.1:8080/ (env `PORT`,
 * `HOST`) with the local call server; open it in two tabs. Ctrl-C stops it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExample, EXAMPLE_NAMES, type ExampleName, startExample } from './example-server';

const [command, name] = process.argv.slice(2);

if (command === 'build') {
  const outDir = await mkdtemp(join(tmpdir(), 'hce-examples-'));
  try {
    for (const example of EXAMPLE_NAMES) {
      await buildExample(example, join(outDir, example));
      console.log(`examples/${example}: built`);
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
} else if (command === 'serve' && EXAMPLE_NAMES.includes(name as ExampleName)) {
  const port = process.env.PORT ? Number(process.env.PORT) : 8080;
  const example = await startExample(name as ExampleName, { port, host: process.env.HOST || '127.0.0.1' });
  console.log(`\n  ${name} example on the local call server: open ${example.url} in two tabs.\n`);
  const stop = () => void example.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  console.error(`usage: tsx scripts/examples.ts build | serve ${EXAMPLE_NAMES.join('|')}`);
  process.exit(2);
}
