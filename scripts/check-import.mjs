// Importing every entry in plain Node (no DOM globals) must work and open nothing: no sockets, no
// timers, no servers. Runs against the built dist (ESM and CJS).
import { createRequire } from 'node:module';

for (const name of ['window', 'document', 'location', 'WebSocket']) {
  if (name in globalThis && name !== 'WebSocket') throw new Error(`unexpected DOM global ${name}`);
}
const handlesBefore = process.getActiveResourcesInfo().length;
// Imported by package name, so the `exports` map is what is tested (Node resolves a package's own name).
const entries = [
  ['headless-call-engine', 'createCallEngine'],
  ['headless-call-engine/local', 'createLocalNetwork'],
  ['headless-call-engine/testing', 'createSimulation'],
];
const require = createRequire(import.meta.url);
for (const [name, symbol] of entries) {
  const m = await import(name);
  const c = require(name);
  if (typeof m[symbol] !== 'function' || typeof c[symbol] !== 'function') {
    throw new Error(`${name} does not export ${symbol}`);
  }
  console.log(`import ${name}: ok (ESM and CJS export ${symbol})`);
}
const handlesAfter = process.getActiveResourcesInfo().length;
if (handlesAfter > handlesBefore) {
  throw new Error(
    `importing opened ${handlesAfter - handlesBefore} handle(s): ${process.getActiveResourcesInfo().join(', ')}`,
  );
}
console.log('imports opened no sockets, timers or handles');
