/**
 * Local call server relay (issue 10, item 4.6): `createLocalCallServer` on loopback, 100 / 500 / 1000
 * raw `ws` clients logged in (in a child process: relay-clients.ts), callers sending their callees
 * TUICallKit invitations in a closed loop. Prints relayed invitations per second and relay latency
 * (send on A → received on B). `node --expose-gc --import tsx bench/server-relay.ts`
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLocalNetwork } from '../src/local/index';
import { createLocalCallServer } from '../src/server/index';
import { immediateClock } from './immediate-clock';
import type { RelayRequest, RelayResult } from './relay-clients';
import { line, num, percentile, scaled } from './stats';

const CLIENT_COUNTS = [100, 500, 1000].map((n) => scaled(n, 10));
const WARMUP_MS = 1000;
const MEASURE_MS = scaled(4000, 500);

/** Runs the clients; `serverCpuUs` is this process's CPU time during their measured window. */
function clientsProcess(request: RelayRequest): Promise<RelayResult & { serverCpuUs: number }> {
  const child = fork(fileURLToPath(new URL('./relay-clients.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
  });
  let window = process.cpuUsage();
  let serverCpuUs = 0;
  return new Promise((resolve, reject) => {
    child.on('message', (message) => {
      if (message === 'measure-start') window = process.cpuUsage();
      else if (message === 'measure-end') {
        const used = process.cpuUsage(window);
        serverCpuUs = used.user + used.system;
      } else resolve({ ...(message as RelayResult), serverCpuUs });
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`relay clients exited with ${code}`));
    });
    child.send(request);
  });
}

console.log(
  `local call server relay over loopback (server in this process, clients in a child process; ${MEASURE_MS / 1000} s closed loop per size)`,
);
/** `immediate`: the server's network on {@link immediateClock}, to show the 1 ms timer floor's share. */
async function relay(clients: number, immediate: boolean): Promise<void> {
  const network = immediate ? createLocalNetwork({ clock: immediateClock, latencyMs: 0 }) : undefined;
  // The heartbeat would only add noise; sessions live as long as the run.
  const server = await createLocalCallServer({ port: 0, heartbeatMs: 0, ...(network ? { network } : {}) });
  const r = await clientsProcess({
    url: server.url,
    httpUrl: server.httpUrl,
    clients,
    warmupMs: WARMUP_MS,
    measureMs: MEASURE_MS,
  });
  await server.close();
  network?.destroy();
  const sorted = r.latenciesUs.sort((a, b) => a - b);
  const perSecond = (sorted.length * 1000) / r.measuredMs;
  const serverCpuUs = r.serverCpuUs / (sorted.length || 1);
  line(
    `${clients} clients (${clients / 2} pairs)${immediate ? ', 0 ms timers → setImmediate' : ', as shipped'}`,
    `${num(perSecond)} invitations/s, latency p50 ${num(percentile(sorted, 50) / 1000)} ms, p99 ${num(percentile(sorted, 99) / 1000)} ms`,
  );
  line(
    '',
    `log-in of all clients ${num(r.loginMs)} ms; server CPU ${num(serverCpuUs)} µs per invitation${r.failures ? `; ${r.failures} failed requests` : ''}`,
  );
}

for (const clients of CLIENT_COUNTS) {
  await relay(clients, false);
  await relay(clients, true);
}
