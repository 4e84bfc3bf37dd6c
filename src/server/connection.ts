import WebSocket from 'ws';
import type { ClientFrame, ServerFrame } from '../local/frames';
import { LINK_CLOSE } from '../local/frames';
import type { DeviceSession, SessionConnection } from './device-session';
import { type FrameRateLimit, TokenBucket } from './rate-limit';

/** Bytes queued on a socket beyond which the client counts as unable to keep up (it is closed). */
const MAX_SOCKET_BACKLOG = 8 * 1024 * 1024;
/** How long a closing server lets clients acknowledge the close frame before cutting their sockets. */
const CLOSE_HANDSHAKE_MS = 1000;
/** Frames a connection may send while its `hello` is being answered; they run once it is. */
export const MAX_QUEUED_BEFORE_WELCOME = 64;

/** One client WebSocket: its session once it said `hello`, and its liveness for the heartbeat. */
export class ClientConnection implements SessionConnection {
  readonly ws: WebSocket;
  session: DeviceSession | undefined;
  /** Set while a `hello` is answered: frames that arrive meanwhile wait in `queue`. */
  greeting = false;
  readonly queue: ClientFrame[] = [];
  /** Answered the last heartbeat ping. */
  alive = true;
  /** This connection's frame rate limit. */
  readonly bucket: TokenBucket;
  /** Frames being answered (dispatched, not settled yet). */
  inFlight = 0;

  constructor(ws: WebSocket, rateLimit?: FrameRateLimit) {
    this.ws = ws;
    this.bucket = new TokenBucket(rateLimit);
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: ServerFrame): void {
    if (!this.open) return;
    this.ws.send(JSON.stringify(frame));
    if (this.ws.bufferedAmount > MAX_SOCKET_BACKLOG) {
      // The session keeps buffering for a resume; a socket that cannot drain is of no use.
      this.close(LINK_CLOSE.UNRESPONSIVE, 'client is not reading its frames');
    }
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, reason);
    }
  }
}

/** Closes every connection and resolves once all are closed; those that do not answer are cut off. */
export function closeAll(
  connections: readonly ClientConnection[],
  code: number,
  reason: string,
): Promise<void> {
  for (const conn of connections) conn.close(code, reason);
  return new Promise<void>((resolve) => {
    const pending = connections.filter((c) => c.ws.readyState !== WebSocket.CLOSED);
    if (pending.length === 0) {
      resolve();
      return;
    }
    let left = pending.length;
    const cut = setTimeout(() => {
      for (const c of pending) c.ws.terminate();
    }, CLOSE_HANDSHAKE_MS);
    for (const c of pending) {
      c.ws.once('close', () => {
        if (--left === 0) {
          clearTimeout(cut);
          resolve();
        }
      });
    }
  });
}
