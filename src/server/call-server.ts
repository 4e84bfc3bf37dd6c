import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RawData, WebSocketServer } from 'ws';
import type { Clock } from '../clock';
import {
  type ClientFrame,
  FRAME_ERROR,
  FRAME_PROTOCOL_VERSION,
  LINK_CLOSE,
  MAX_FRAME_BYTES,
  type ServerFrame,
} from '../local/frames';
import { createLocalNetwork } from '../local/network';
import { authorizeFrame } from './authorization';
import { rpcErrorOf } from './chat-rpc';
import { ClientConnection, closeAll, MAX_QUEUED_BEFORE_WELCOME } from './connection';
import { DeviceSession, type DeviceSessionDeps, type SessionEndReason } from './device-session';
import { parseClientFrame } from './frame-validation';
import { createHttpHandler } from './http-routes';
import { RoomRelay } from './room-relay';
import type { LocalCallServer, LocalCallServerEvents, LocalCallServerOptions } from './server-options';
import { sameBytes } from './sig-check';
import { createAuthenticator } from './user-sig';

const keyOf = (userID: string, deviceId: string) => `${userID}\u0000${deviceId}`;

const sameSecret = (a: string, b: string) => sameBytes(Buffer.from(a), Buffer.from(b));

type AnyListener = (event: never) => void;

/**
 * Starts the local call server: a WebSocket server carrying Chat-compatible signaling, user status and
 * group attributes between processes and browser tabs, and relaying WebRTC negotiation between
 * TRTC-compatible clients, on a hosted `LocalNetwork`. Logins are authenticated and what a session may
 * do is authorized (see `LocalCallServerOptions.auth` and docs/architecture.md). Resolves once it listens.
 */
export async function createLocalCallServer(options: LocalCallServerOptions = {}): Promise<LocalCallServer> {
  // First: a bad `auth` option throws before anything is created.
  const auth = createAuthenticator(options.auth);
  const host = options.host ?? '127.0.0.1';
  const ownNetwork = options.network === undefined;
  const network = options.network ?? createLocalNetwork({ latencyMs: 0 });
  const clock: Clock = network.clock;
  const maxFrameBytes = Math.max(1024, options.maxFrameBytes ?? MAX_FRAME_BYTES);
  const maxInFlight = Math.max(1, options.maxRequestsInFlight ?? 256);
  const relay = new RoomRelay();
  const sessions = new Map<string, DeviceSession>();
  const connections = new Set<ClientConnection>();
  const listeners = new Map<string, Set<AnyListener>>();
  let closing: Promise<void> | undefined;

  const emit = <K extends keyof LocalCallServerEvents>(name: K, event: LocalCallServerEvents[K]) => {
    for (const l of [...(listeners.get(name) ?? [])]) {
      try {
        (l as (e: LocalCallServerEvents[K]) => void)(event);
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  };

  const closeCodeOf: Record<SessionEndReason, [number, string] | undefined> = {
    logout: [LINK_CLOSE.LOGGED_OUT, 'logged out'],
    replaced: [LINK_CLOSE.REPLACED, 'replaced: another connection logged in as this user and device'],
    shutdown: [LINK_CLOSE.SHUTDOWN, 'server shutting down'],
    expired: undefined,
    overflow: undefined,
    'sig-expired': [LINK_CLOSE.UNAUTHORIZED, 'userSig expired'],
  };

  const deps: DeviceSessionDeps = {
    network,
    relay,
    clock,
    graceMs: Math.max(0, options.resumeGraceMs ?? 60_000),
    maxBufferedFrames: Math.max(1, options.maxBufferedFrames ?? 1000),
    onEnd(session, reason) {
      const key = keyOf(session.userID, session.deviceId);
      if (sessions.get(key) === session) sessions.delete(key);
      const conn = session.connection;
      if (conn instanceof ClientConnection) {
        conn.session = undefined;
        const close = closeCodeOf[reason];
        if (close) conn.close(close[0], close[1]);
      }
      emit('session-end', { userID: session.userID, deviceId: session.deviceId, reason });
    },
    onDetach: (session) => emit('session-detach', { userID: session.userID, deviceId: session.deviceId }),
  };

  const fail = (conn: ClientConnection, code: string, message: string, id?: number) => {
    conn.send({ type: 'error', ...(id === undefined ? {} : { id }), code, message } as ServerFrame);
  };

  async function hello(
    conn: ClientConnection,
    frame: Extract<ClientFrame, { type: 'hello' }>,
  ): Promise<void> {
    if (conn.session || conn.greeting) {
      fail(conn, FRAME_ERROR.ALREADY_GREETED, 'hello: this connection already has a session', frame.id);
      return;
    }
    if (frame.version !== FRAME_PROTOCOL_VERSION) {
      fail(conn, FRAME_ERROR.BAD_VERSION, `hello: protocol version ${FRAME_PROTOCOL_VERSION} only`, frame.id);
      return;
    }
    const key = keyOf(frame.userID, frame.deviceId);
    const existing = sessions.get(key);
    if (existing && frame.resume !== undefined && sameSecret(frame.resume, existing.token)) {
      // A resume: the old socket (if the server has not noticed it died yet) gives way to this one.
      const old = existing.connection;
      if (old instanceof ClientConnection && old !== conn) {
        old.session = undefined;
        old.close(LINK_CLOSE.REPLACED, 'replaced: this device resumed on a newer connection');
      }
      conn.session = existing;
      existing.attach(conn, { type: 'welcome', id: frame.id, resume: existing.token, resumed: true });
      return;
    }
    // The resume token proved the device above; a new session needs the user's signature.
    const sig = auth.check(frame.userID, frame.userSig, clock.now());
    if (!sig.ok) {
      const code = sig.expired ? FRAME_ERROR.SIG_EXPIRED : FRAME_ERROR.UNAUTHORIZED;
      fail(conn, code, `hello: ${sig.reason}`, frame.id);
      conn.close(LINK_CLOSE.UNAUTHORIZED, sig.expired ? 'userSig expired' : 'userSig refused');
      return;
    }
    conn.greeting = true;
    existing?.end('replaced');
    let session: DeviceSession;
    try {
      session = await DeviceSession.start(deps, frame);
    } catch (err) {
      conn.greeting = false;
      conn.send({ type: 'reply', id: frame.id, ok: false, error: rpcErrorOf(err) });
      return;
    }
    conn.greeting = false;
    if (closing || !conn.open) {
      // Nobody to welcome: the device never got the token, so it could not resume this session.
      session.end(closing ? 'shutdown' : 'expired');
      return;
    }
    // Two hellos of one device raced: the later login wins, like a re-login replacing the old one.
    sessions.get(key)?.end('replaced');
    sessions.set(key, session);
    session.expireAt(sig.expiresAtMs);
    conn.session = session;
    emit('session-start', { userID: session.userID, deviceId: session.deviceId });
    session.attach(conn, { type: 'welcome', id: frame.id, resume: session.token, resumed: false });
  }

  async function dispatch(conn: ClientConnection, frame: ClientFrame): Promise<void> {
    switch (frame.type) {
      case 'ping':
        conn.send({ type: 'pong', id: frame.id });
        return;
      case 'hello':
        await hello(conn, frame);
        for (const queued of conn.queue.splice(0)) await dispatch(conn, queued);
        return;
    }
    const session = conn.session;
    if (session === undefined) {
      const id = 'id' in frame ? frame.id : undefined;
      fail(conn, FRAME_ERROR.HELLO_REQUIRED, `${frame.type}: send hello first`, id);
      return;
    }
    if (frame.type === 'logout') {
      session.deliver({ type: 'reply', id: frame.id, ok: true });
      session.end('logout');
      return;
    }
    const refusal = authorizeFrame(network, session.userID, frame);
    if (refusal) {
      fail(conn, refusal.code, refusal.message, refusal.id);
      return;
    }
    await session.handle(frame);
  }

  function onMessage(conn: ClientConnection, data: RawData, isBinary: boolean): void {
    // Frames still arriving on a connection the server closed (refused login, flood) are not read.
    if (!conn.open) return;
    // Before parsing: a flood must cost as little as possible.
    const rate = conn.bucket.take();
    if (rate === 'disconnect') {
      conn.close(LINK_CLOSE.FLOODING, 'too many frames: over the rate limit after being told');
      return;
    }
    if (rate === 'refuse') {
      fail(conn, FRAME_ERROR.RATE_LIMITED, 'too many frames: this one was dropped, slow down');
      return;
    }
    const bytes = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data);
    const parsed = parseClientFrame(bytes, isBinary, maxFrameBytes);
    if (!parsed.ok) {
      const { id, code, message } = parsed.problem;
      fail(conn, code, message, id);
      return;
    }
    const frame = parsed.frame;
    if (conn.greeting && frame.type !== 'ping') {
      if (conn.queue.length >= MAX_QUEUED_BEFORE_WELCOME) {
        fail(conn, FRAME_ERROR.BUSY, 'too many frames before welcome', 'id' in frame ? frame.id : undefined);
      } else conn.queue.push(frame);
      return;
    }
    if (conn.inFlight >= maxInFlight) {
      fail(conn, FRAME_ERROR.BUSY, 'too many requests being answered', 'id' in frame ? frame.id : undefined);
      return;
    }
    conn.inFlight++;
    dispatch(conn, frame)
      .catch((err: unknown) => {
        // A bug of ours, not of the client: report it on the connection instead of crashing the server.
        fail(conn, 'internal', `internal error: ${String(err)}`, 'id' in frame ? frame.id : undefined);
      })
      .finally(() => conn.inFlight--);
  }

  const http: Server = createServer(createHttpHandler(options.staticDir, auth));
  // ws closes a connection (1009) for a message beyond maxPayload; below that, oversized frames get an
  // `error` frame and the connection stays usable.
  const wss = new WebSocketServer({ server: http, maxPayload: maxFrameBytes * 4 });
  wss.on('error', () => undefined);
  http.on('clientError', (_err, socket) => socket.destroy());
  wss.on('connection', (ws) => {
    const conn = new ClientConnection(ws, options.rateLimit);
    connections.add(conn);
    ws.on('error', () => undefined);
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data, isBinary) => onMessage(conn, data, isBinary));
    ws.on('close', () => {
      connections.delete(conn);
      conn.queue.length = 0;
      conn.session?.detach(conn);
      conn.session = undefined;
    });
    if (closing) conn.close(LINK_CLOSE.SHUTDOWN, 'server shutting down');
  });

  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const heartbeat =
    heartbeatMs > 0
      ? setInterval(() => {
          for (const conn of connections) {
            if (!conn.alive) {
              conn.ws.terminate();
              continue;
            }
            conn.alive = false;
            conn.ws.ping();
          }
        }, heartbeatMs)
      : undefined;

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 8787, host, () => {
      http.off('error', reject);
      resolve();
    });
  }).catch((err: unknown) => {
    clearInterval(heartbeat);
    wss.close();
    if (ownNetwork) network.destroy();
    throw err;
  });
  http.on('error', () => undefined);
  const port = (http.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;

  async function shutdown(): Promise<void> {
    clearInterval(heartbeat);
    for (const session of [...sessions.values()]) session.end('shutdown');
    await closeAll([...connections], LINK_CLOSE.SHUTDOWN, 'server shutting down');
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    if (ownNetwork) network.destroy();
  }

  return {
    url: `ws://${hostInUrl}:${port}/`,
    httpUrl: `http://${hostInUrl}:${port}/`,
    port,
    network,
    clientCount: () => connections.size,
    sessionCount: () => sessions.size,
    userSigFor: (userID) => auth.mint(userID).userSig,
    on(name, listener) {
      const set = listeners.get(name) ?? new Set<AnyListener>();
      set.add(listener as AnyListener);
      listeners.set(name, set);
      return () => set.delete(listener as AnyListener);
    },
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}
