/**
 * The client side of `server-relay.ts`, in its own process so that the clients' work (JSON, sockets)
 * does not eat the server's CPU time in the same event loop. Connects raw `ws` clients in pairs, logs
 * them in, then every caller sends its callee an invitation, waits until the callee has received it,
 * and sends the next (a closed loop per pair). Reports latencies and counts to the parent over IPC.
 */
import WebSocket from 'ws';
import { FRAME_PROTOCOL_VERSION, type ServerFrame } from '../src/local/frames';
import { encodeSignal, serializeCallData } from '../src/protocol/index';

export interface RelayRequest {
  readonly url: string;
  readonly httpUrl: string;
  readonly clients: number;
  readonly warmupMs: number;
  readonly measureMs: number;
}

export interface RelayResult {
  readonly loginMs: number;
  /** Relay latencies (µs) with one invitation in flight at a time. */
  readonly aloneUs: number[];
  /** Relay latencies (µs) with every pair sending at once, during the measured window. */
  readonly latenciesUs: number[];
  readonly measuredMs: number;
  readonly failures: number;
}

/** The UserSig a client logs in with, minted by the server's demo endpoint (the server checks it). */
async function userSigFor(httpUrl: string, userID: string): Promise<string | undefined> {
  const reply = await fetch(`${httpUrl}usersig?userID=${encodeURIComponent(userID)}`);
  return ((await reply.json()) as { userSig: string }).userSig;
}

/** A raw protocol client: one socket, frames as JSON text. */
class Client {
  readonly ws: WebSocket;
  readonly userID: string;
  #nextId = 1;
  onInvitation: () => void = () => undefined;
  failures = 0;

  constructor(ws: WebSocket, userID: string) {
    this.ws = ws;
    this.userID = userID;
    ws.on('message', (raw) => {
      const text = String(raw);
      // Only the invitation event matters; replies and the message copy (onMessageReceived) pass by.
      if (text.includes('"newInvitationReceived"')) this.onInvitation();
      else if (text.includes('"ok":false') || text.startsWith('{"type":"error"')) this.failures++;
    });
  }

  static async login(url: string, httpUrl: string, userID: string): Promise<Client> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const userSig = await userSigFor(httpUrl, userID);
    const welcome = new Promise<void>((resolve, reject) => {
      const check = (raw: WebSocket.RawData) => {
        const frame = JSON.parse(String(raw)) as ServerFrame;
        if (frame.type === 'welcome') resolve();
        else if (frame.type === 'reply' || frame.type === 'error')
          reject(new Error(`${userID}: login refused: ${String(raw)}`));
        else return;
        ws.off('message', check);
      };
      ws.on('message', check);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        id: 0,
        version: FRAME_PROTOCOL_VERSION,
        userID,
        deviceId: `${userID}-bench`,
        ...(userSig === undefined ? {} : { userSig }),
      }),
    );
    await welcome;
    return new Client(ws, userID);
  }

  invite(to: string, data: string): void {
    this.ws.send(
      JSON.stringify({
        type: 'chat',
        id: this.#nextId++,
        method: 'invite',
        args: [{ userID: to, data, timeout: 0 }],
      }),
    );
  }
}

/** Each caller sends its callee an invitation, and the next one as soon as the callee received it. */
function closedLoop(clients: readonly Client[], data: string) {
  const loop = {
    measuring: false,
    stopped: false,
    latenciesUs: [] as number[],
    stop() {
      loop.measuring = false;
      loop.stopped = true;
    },
  };
  for (let i = 0; i + 1 < clients.length; i += 2) {
    const caller = clients[i]!;
    const callee = clients[i + 1]!;
    let sentAt = 0n;
    const send = () => {
      if (loop.stopped) return;
      sentAt = process.hrtime.bigint();
      caller.invite(callee.userID, data);
    };
    callee.onInvitation = () => {
      if (loop.measuring) loop.latenciesUs.push(Number(process.hrtime.bigint() - sentAt) / 1000);
      send();
    };
    send();
  }
  return loop;
}

async function run(request: RelayRequest): Promise<RelayResult> {
  const started = performance.now();
  const clients: Client[] = [];
  // In batches: a thousand simultaneous handshakes would only measure the accept backlog.
  for (let i = 0; i < request.clients; i += 50) {
    const batch = Array.from({ length: Math.min(50, request.clients - i) }, (_, k) =>
      Client.login(request.url, request.httpUrl, `relay-${i + k}`),
    );
    clients.push(...(await Promise.all(batch)));
  }
  const loginMs = performance.now() - started;
  // A TUICallKit invitation as the engine sends it (about 300 bytes of inner data).
  const data = serializeCallData(
    encodeSignal({
      type: 'invite',
      call: { mediaType: 'video', roomId: 123456, strRoomId: '', inviter: 'relay-0', group: false },
      userIDs: ['relay-1'],
      userData: '',
    }),
  );
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // One invitation in flight at a time, the other clients logged in and idle: the relay's own latency.
  const alone = closedLoop(clients.slice(0, 2), data);
  await sleep(request.warmupMs / 2);
  alone.measuring = true;
  await sleep(request.measureMs / 2);
  alone.stop();
  await sleep(100);
  // Every pair at once: the most the server relays, and the latency at that load.
  const loaded = closedLoop(clients, data);
  await sleep(request.warmupMs);
  loaded.measuring = true;
  process.send?.('measure-start');
  const from = performance.now();
  await sleep(request.measureMs);
  loaded.measuring = false;
  process.send?.('measure-end');
  const measuredMs = performance.now() - from;
  loaded.stop();
  await sleep(200);
  const failures = clients.reduce((n, c) => n + c.failures, 0);
  await Promise.all(
    clients.map(
      (c) =>
        new Promise<void>((resolve) => {
          c.ws.once('close', () => resolve());
          c.ws.close();
        }),
    ),
  );
  return { loginMs, aloneUs: alone.latenciesUs, latenciesUs: loaded.latenciesUs, measuredMs, failures };
}

process.once('message', (request: RelayRequest) => {
  run(request).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
});
