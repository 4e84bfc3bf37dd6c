import { afterEach } from 'vitest';
import WebSocket from 'ws';
import type { CallEngine, CallSnapshot } from '../../src/index';
import { fetchLocalUserSig } from '../../src/local/connect';
import type { ServerFrame, ServerLink } from '../../src/local/frames';
import { openServerLink, type WebSocketConstructorLike } from '../../src/local/server-link';
import {
  createLocalCallServer,
  type LocalCallServer,
  type LocalCallServerEvents,
  type LocalCallServerOptions,
} from '../../src/server/index';

const WAIT_MS = 5000;

const cleanups: (() => Promise<unknown> | unknown)[] = [];

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** Registers a cleanup run after the test (last registered, first run). */
export function later(fn: () => Promise<unknown> | unknown): void {
  cleanups.push(fn);
}

/** A server on 127.0.0.1, a free port, closed after the test. */
export async function startServer(options: LocalCallServerOptions = {}): Promise<LocalCallServer> {
  const server = await createLocalCallServer({ port: 0, ...options });
  later(() => server.close());
  return server;
}

/** Resolves with the first value `subscribe` reports that matches, or fails the test after a time-out. */
function waitFor<T>(
  what: string,
  subscribe: (check: (value: T) => void) => () => void,
  predicate: (value: T) => boolean,
  timeoutMs = WAIT_MS,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      unsubscribe?.();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    unsubscribe = subscribe((value) => {
      if (done || !predicate(value)) return;
      done = true;
      clearTimeout(timer);
      // The subscription may report synchronously, before `subscribe` returned.
      queueMicrotask(() => unsubscribe?.());
      resolve(value);
    });
    if (done) unsubscribe();
  });
}

/** The engine's snapshot once it matches (the current one counts). */
export function snapshotWhere(
  engine: CallEngine,
  predicate: (s: CallSnapshot) => boolean,
  what = 'a snapshot',
): Promise<CallSnapshot> {
  return waitFor(
    `${engine.getSnapshot().userID}: ${what} (last: ${engine.getSnapshot().status})`,
    (check) => {
      const off = engine.subscribe(check);
      check(engine.getSnapshot());
      return off;
    },
    predicate,
  );
}

/** The next server event of this name that matches. */
export function serverEvent<K extends keyof LocalCallServerEvents>(
  server: LocalCallServer,
  name: K,
  predicate: (e: LocalCallServerEvents[K]) => boolean = () => true,
): Promise<LocalCallServerEvents[K]> {
  return waitFor(`server event ${name}`, (check) => server.on(name, check), predicate);
}

/** The next non-reply frame of a link that matches. */
export function linkFrame(link: ServerLink, predicate: (f: ServerFrame) => boolean): Promise<ServerFrame> {
  return waitFor(`a frame on ${link.userID}'s link`, (check) => link.onFrame(check), predicate);
}

/** The link's state once it is `state`. */
export function linkState(link: ServerLink, state: ServerLink['state']): Promise<unknown> {
  if (link.state === state) return Promise.resolve(state);
  return waitFor(
    `${link.userID}'s link ${state}`,
    (check) => link.onState(check),
    (s) => s === state,
  );
}

/**
 * A `ws` WebSocket class for links whose connections a test can cut (`drop`) and keep from coming
 * back (`block`): while blocked, new connections go to a port nothing listens on.
 */
export function controllableSocket() {
  const sockets: WebSocket[] = [];
  let blocked = false;
  class TestSocket extends WebSocket {
    constructor(url: string) {
      super(blocked ? 'ws://127.0.0.1:1/' : url);
      sockets.push(this);
    }
  }
  return {
    WebSocket: TestSocket as unknown as WebSocketConstructorLike,
    block() {
      blocked = true;
    },
    unblock() {
      blocked = false;
    },
    /** Cuts the live connection abruptly (no close handshake), like a network loss. */
    drop() {
      for (const s of sockets.splice(0)) s.terminate();
    },
  };
}

/** A link over `ws`, closed after the test. */
export async function link(
  server: LocalCallServer,
  userID: string,
  extra: Partial<Parameters<typeof openServerLink>[0]> = {},
): Promise<ServerLink> {
  const l = await openServerLink({
    url: server.url,
    userID,
    deviceId: `${userID}-dev`,
    userSig: extra.userSig ?? (await fetchLocalUserSig(server.url, userID)),
    WebSocket: WebSocket as unknown as WebSocketConstructorLike,
    reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
    ...extra,
  });
  later(() => l.close());
  return l;
}

/** A bare protocol client: sends raw text and awaits frames in arrival order. */
export class RawClient {
  readonly ws: WebSocket;
  readonly #frames: ServerFrame[] = [];
  readonly #waiters = new Set<() => void>();
  #nextId = 1000;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      this.#frames.push(JSON.parse(String(data)) as ServerFrame);
      for (const w of [...this.#waiters]) w();
    });
  }

  static async connect(url: string): Promise<RawClient> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const client = new RawClient(ws);
    later(() => client.close());
    return client;
  }

  /** A connected client that said hello as `userID`, with a UserSig from the server's `/usersig`. */
  static async hello(url: string, userID: string, deviceId = `${userID}-raw`): Promise<RawClient> {
    const userSig = await fetchLocalUserSig(url, userID);
    const client = await RawClient.connect(url);
    client.send({ type: 'hello', id: 1, version: 1, userID, deviceId, userSig });
    await client.next((f) => f.type === 'welcome');
    return client;
  }

  send(frame: object | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends a request with a fresh id and resolves with its reply. */
  async request(frame: object): Promise<Extract<ServerFrame, { type: 'reply' }>> {
    const id = this.#nextId++;
    this.send({ ...frame, id });
    return (await this.next((f) => f.type === 'reply' && f.id === id)) as Extract<
      ServerFrame,
      { type: 'reply' }
    >;
  }

  /** Takes the first received frame (oldest first) that matches, waiting for it if needed. */
  next(predicate: (f: ServerFrame) => boolean, timeoutMs = WAIT_MS): Promise<ServerFrame> {
    return new Promise((resolve, reject) => {
      const take = () => {
        const i = this.#frames.findIndex(predicate);
        if (i < 0) return false;
        const [frame] = this.#frames.splice(i, 1);
        resolve(frame as ServerFrame);
        return true;
      };
      if (take()) return;
      const waiter = () => {
        if (!take()) return;
        clearTimeout(timer);
        this.#waiters.delete(waiter);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error('timed out waiting for a frame'));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /** Resolves with the close code and reason once the server closed the connection. */
  closed(): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve({ code: 0, reason: '' });
    return new Promise((resolve) =>
      this.ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const done = this.closed();
    this.ws.close();
    await done;
  }
}
