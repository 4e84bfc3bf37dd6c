import type { LocalNetwork } from '../local/network';
import type { SessionEndReason } from './device-session';
import type { FrameRateLimit } from './rate-limit';
import type { LocalCallServerAuth, LocalUserSigAuth } from './user-sig';

/** Options of `createLocalCallServer`. */
export interface LocalCallServerOptions {
  /** Interface to listen on (default `127.0.0.1`: only this machine can connect). */
  host?: string;
  /** TCP port (default 8787; 0 picks a free one, see `LocalCallServer.port`). */
  port?: number;
  /**
   * The in-memory network to host (its chat hub and TRTC rooms are shared with in-process users).
   * Default: a new one on the wall clock with 0 latency, destroyed by `close()`.
   */
  network?: LocalNetwork;
  /**
   * How long a disconnected device's session (Chat login, TRTC room, buffered frames) waits for a
   * resume, in ms. Default 60 000, longer than the 30 s ring window, so no pending invitation is lost.
   */
  resumeGraceMs?: number;
  /**
   * Largest frame accepted, in bytes (default {@link MAX_FRAME_BYTES}); a bigger one gets an `error`
   * frame, and one beyond four times this closes the connection (1009) without being read.
   */
  maxFrameBytes?: number;
  /** Frames kept for a disconnected device (default 1000); one more ends its session. */
  maxBufferedFrames?: number;
  /** Interval of the WebSocket heartbeat in ms; a client silent for two intervals is dropped (default 30 000; 0 = off). */
  heartbeatMs?: number;
  /** Directory served over HTTP on the same port (the browser demo). Default: none. */
  staticDir?: string;
  /**
   * How each login's `userSig` is checked; a `hello` without a valid one is refused (`unauthorized`, or
   * `sig-expired`) and its connection closed (4003). A session ends when its UserSig expires: the device
   * gets Chat's `kickedOut` (`userSigExpired`) and the connection closes (4003). Default `{}`: HMAC
   * UserSigs under a random secret
   * of this server, minted at `GET /usersig?userID=…` (see {@link LocalUserSigAuth}). With
   * `{ sdkAppId, secretKey }`: Tencent TLS-Sig-API-v2 UserSigs of that application.
   */
  auth?: LocalCallServerAuth;
  /**
   * Frame rate limit of each connection: frames beyond it are dropped with a `rate-limited` error frame,
   * and a connection that keeps going until it owes another full burst is closed (4004).
   */
  rateLimit?: FrameRateLimit;
  /** Requests of one connection being answered at once (default 256); more get a `busy` error frame. */
  maxRequestsInFlight?: number;
}

/** What the server reports to `on` listeners. */
export interface LocalCallServerEvents {
  /** A device logged in (fresh session). */
  'session-start': { userID: string; deviceId: string };
  /** A device's connection dropped; its session waits `resumeGraceMs` for a resume. */
  'session-detach': { userID: string; deviceId: string };
  /** A device's session ended and its Chat client logged out. */
  'session-end': { userID: string; deviceId: string; reason: SessionEndReason };
}

/** A running local call server. */
export interface LocalCallServer {
  /** `ws://host:port/`: what clients connect to. */
  readonly url: string;
  /** `http://host:port/`: where `staticDir` is served. */
  readonly httpUrl: string;
  readonly port: number;
  /** The hosted network: create in-process users on it to share rooms with remote clients. */
  readonly network: LocalNetwork;
  /** Open WebSocket connections. */
  clientCount(): number;
  /** Device sessions, including those waiting for their device to reconnect. */
  sessionCount(): number;
  /**
   * A UserSig this server accepts for `userID` (valid for `auth.userSigLifetimeSeconds`), whether or not
   * it serves `/usersig`: for in-process code that hands out credentials.
   */
  userSigFor(userID: string): string;
  /** Listens to a server event; returns the unsubscribe function. */
  on<K extends keyof LocalCallServerEvents>(
    name: K,
    listener: (event: LocalCallServerEvents[K]) => void,
  ): () => void;
  /**
   * Stops the server: every session ends (logged out, out of its room), every connection is closed with
   * 1001, timers are cleared and the port is released. Idempotent.
   */
  close(): Promise<void>;
}
