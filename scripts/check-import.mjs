// Importing every entry in plain Node (no DOM globals) must work and open nothing: no sockets, no
// timers, no servers. Runs against the built dist (ESM and CJS).
import { createRequire } from 'node:module';

for (const name of ['window', 'document', 'location', 'WebSocket']) {
  if (name in globalThis && name !== 'WebSocket') throw new Error(`unexpected DOM global ${name}`);
}
// The first write to a piped stdout opens a pipe handle: open it before taking the baseline.
console.log('checking that importing the entries opens nothing');
await new Promise((resolve) => setImmediate(resolve));
// Lasting resources only: pending fs requests of module loading (CloseReq, FSReqCallback) finish by themselves.
const lasting = () => process.getActiveResourcesInfo().filter((r) => !/Req(Callback)?$/.test(r));
const handlesBefore = lasting().length;
// Imported by package name, so the `exports` map is what is tested (Node resolves a package's own name).
const entries = [
  ['headless-call-engine', 'createCallEngine'],
  ['headless-call-engine/local', 'createLocalNetwork'],
  ['headless-call-engine/testing', 'createSimulation'],
  ['headless-call-engine/server', 'createLocalCallServer'],
  ['headless-call-engine/network-policy', 'weakNetworkPolicy'],
  // The bindings import their framework (a dev dependency here); importing must still open nothing.
  ['headless-call-engine/react', 'useCallState'],
  ['headless-call-engine/vue', 'useCallState'],
  ['headless-call-engine/svelte', 'callStateStore'],
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
const handlesAfter = lasting().length;
if (handlesAfter > handlesBefore) {
  throw new Error(
    `importing opened ${handlesAfter - handlesBefore} handle(s): ${process.getActiveResourcesInfo().join(', ')}`,
  );
}
console.log('imports opened no sockets, timers or handles');

// The CJS entries share one copy of the engine (a shared chunk, as in ESM): an error thrown by an engine
// created through `./testing` is an `instanceof CallError` of the main entry, in both module systems.
for (const [kind, load] of [
  ['CJS', (name) => require(name)],
  ['ESM', (name) => import(name)],
]) {
  const main = await load('headless-call-engine');
  const testing = await load('headless-call-engine/testing');
  const sim = testing.createSimulation();
  const alice = sim.user('alice');
  let thrown;
  try {
    await alice.call({ userID: '', mediaType: 'audio' });
  } catch (error) {
    thrown = error;
  }
  await sim.destroy();
  if (!(thrown instanceof main.CallError) || thrown.code !== main.CallErrorCode.PARAM_INVALID) {
    throw new Error(
      `${kind}: an engine error from ./testing is not an instanceof CallError from .: ${thrown}`,
    );
  }
  console.log(`${kind}: an error thrown through ./testing is an instanceof CallError of .`);
}

// The server entry is Node-only: a server started and closed must leave nothing open either.
const { createLocalCallServer } = await import('headless-call-engine/server');
const server = await createLocalCallServer({ port: 0 });
await server.close();
// libuv releases closed handles a turn or two of the event loop after close() resolves.
for (let turn = 0; turn < 20 && lasting().length > handlesBefore; turn++) {
  await new Promise((resolve) => setImmediate(resolve));
}
const handlesAfterServer = lasting().length;
if (handlesAfterServer > handlesBefore) {
  throw new Error(
    `a closed server left ${handlesAfterServer - handlesBefore} handle(s): ${process.getActiveResourcesInfo().join(', ')}`,
  );
}
console.log('a started and closed server leaves no handles');
