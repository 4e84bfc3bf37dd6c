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
  `local call server relay over loopback (server in this process, raw ws clients in a child process; closed loops of TUICallKit invitations)`,
);
/** `immediate`: the server's network on {@link immediateClock}, to show the 1 ms timer floor's share of the latency. */
async function relay(clients: number, immediate: boolean): Promise<void> {
  const network = immediate ? createLocalNetwork({ clock: immediateClock, latencyMs: 0 }) : undefined;
  // The heartbeat would only add noise; sessions live as long as the run. The per-connection frame limit
  // (200/s by default) protects a shared server from one client; here it would measure the limiter.
  const server = await createLocalCallServer({
    port: 0,
    heartbeatMs: 0,
    rateLimit: { burst: 100_000, perSecond: 100_000 },
    ...(network ? { network } : {}),
  });
  const r = await clientsProcess({
    url: server.url,
    httpUrl: server.httpUrl,
    clients,
    warmupMs: WARMUP_MS,
    measureMs: MEASURE_MS,
  });
  await server.close();
  network?.destroy();
  const alone = r.aloneUs.sort((a, b) => a - b);
  const loaded = r.latenciesUs.sort((a, b) => a - b);
  const ms = (sorted: number[], p: number) => `${num(percentile(sorted, p) / 1000)} ms`;
  console.log(
    `  ${clients} clients logged in (log-in took ${num(r.loginMs)} ms)${immediate ? ', 0 ms timers on setImmediate' : ''}${r.failures ? `, ${r.failures} failed requests` : ''}`,
  );
  line('    one invitation in flight: relay latency', `p50 ${ms(alone, 50)}, p99 ${ms(alone, 99)}`);
  if (immediate) return;
  line(
    `    all ${clients / 2} pairs at once: relayed / latency`,
    `${num((loaded.length * 1000) / r.measuredMs)} invitations/s, p50 ${ms(loaded, 50)}, p99 ${ms(loaded, 99)}`,
  );
  line(
    '    server CPU per relayed invitation (at full load)',
    `${num(r.serverCpuUs / (loaded.length || 1))} µs`,
  );
}

for (const clients of CLIENT_COUNTS) await relay(clients, false);
// Each message leg is a 0 ms timer of the local network, and Node runs those after 1 ms at the earliest.
await relay(CLIENT_COUNTS[0]!, true);
