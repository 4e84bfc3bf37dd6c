import { CHAT_ERROR } from './errors';
import {
  type ClientFrame,
  FRAME_ERROR,
  FRAME_PROTOCOL_VERSION,
  LINK_CLOSE,
  type LinkState,
  type ServerFrame,
  type ServerLink,
} from './frames';

/**
 * The part of a WebSocket the link uses: the browser's (and Node 22's) global `WebSocket` and the `ws`
 * package's both fit. Event parameters are `any` because the two declare different event classes.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  // biome-ignore lint/suspicious/noExplicitAny: DOM and `ws` event classes differ; only `data` / `code` are read
  onopen: ((event: any) => void) | null;
  // biome-ignore lint/suspicious/noExplicitAny: see onopen
  onmessage: ((event: any) => void) | null;
  // biome-ignore lint/suspicious/noExplicitAny: see onopen
  onclose: ((event: any) => void) | null;
  // biome-ignore lint/suspicious/noExplicitAny: see onopen
  onerror: ((event: any) => void) | null;
}

/** A WebSocket class: `globalThis.WebSocket`, or `WebSocket` from the `ws` package. */
export type WebSocketConstructorLike = new (url: string) => WebSocketLike;

/** Options of {@link openServerLink}. */
export interface ServerLinkOptions {
  /** The server's WebSocket URL, e.g. `ws://127.0.0.1:8787/`. */
  url: string;
  userID: string;
  /** This device; one session per userID + deviceId on the server. Default: a random `web-…` id. */
  deviceId?: string;
  /**
   * Proves this device may log in as `userID`: a UserSig the server accepts (its `/usersig` endpoint
   * mints them, see `connectLocalServer`). Sent again on every reconnect that cannot resume.
   */
  userSig?: string;
  /** WebSocket class to use (default `globalThis.WebSocket`; Node 20 has none: pass `ws`'s). */
  WebSocket?: WebSocketConstructorLike;
  /** Reconnect back-off: starts at `initialDelayMs` (default 250), doubles up to `maxDelayMs` (5000). */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  /** How long a request may wait for the link and its reply, in ms (default 15 000), then 2801. */
  requestTimeoutMs?: number;
}

/** Chat's request time-out: what requests reject with when the link cannot answer them. */
export const LINK_TIMEOUT_CODE = 2801;
/** Chat's "not logged in", for frames the server refused because the link had no session. */
const NOT_LOGGED_IN = 2024;
/** Chat's invalid-parameter code, for requests the server refused as malformed. */
const INVALID_PARAMETER = 6017;
/** Chat's codes for frames the server refused for their user (`forbidden`) and for refused logins. */
const FRAME_CODES: Readonly<Record<string, number>> = {
  [FRAME_ERROR.HELLO_REQUIRED]: NOT_LOGGED_IN,
  [FRAME_ERROR.FORBIDDEN]: CHAT_ERROR.NO_PERMISSION,
  [FRAME_ERROR.UNAUTHORIZED]: CHAT_ERROR.USER_SIG_INVALID,
  [FRAME_ERROR.SIG_EXPIRED]: CHAT_ERROR.USER_SIG_EXPIRED,
};
/** Frames kept for the first `onFrame` listener (e.g. invitations replayed right after login). */
const MAX_HELD_FRAMES = 256;
const OPEN = 1;

/** An `Error` with the vendor `code` (and, for refused frames, the server's reason). */
export type LinkError = Error & { code: number; frameCode?: string };

const linkError = (code: number, message: string, frameCode?: string): LinkError =>
  Object.assign(new Error(message), frameCode === undefined ? { code } : { code, frameCode });

const randomDeviceId = (): string => {
  const uuid = globalThis.crypto?.randomUUID?.();
  return `web-${uuid ?? Math.random().toString(36).slice(2)}`;
};

interface Pending {
  readonly frame: ClientFrame;
  readonly resolve: (result: unknown) => void;
  readonly reject: (err: LinkError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
  /** Sent on the socket that was live then (its answer may still come, after a resume). */
  sent: boolean;
}

type RequestFrame = Parameters<ServerLink['request']>[0];

class Link implements ServerLink {
  readonly userID: string;
  readonly deviceId: string;
  state: LinkState = 'reconnecting';
  readonly #options: ServerLinkOptions;
  readonly #Socket: WebSocketConstructorLike;
  #ws: WebSocketLike | undefined;
  #token: string | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  readonly #frameListeners = new Set<(frame: ServerFrame) => void>();
  readonly #stateListeners = new Set<(state: LinkState) => void>();
  #held: ServerFrame[] = [];
  #attempt = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #opened: { resolve(link: Link): void; reject(err: LinkError): void } | undefined;
  #socketClosed: (() => void) | undefined;

  constructor(options: ServerLinkOptions, Socket: WebSocketConstructorLike) {
    this.#options = options;
    this.#Socket = Socket;
    this.userID = options.userID;
    this.deviceId = options.deviceId ?? randomDeviceId();
  }

  open(): Promise<Link> {
    return new Promise((resolve, reject) => {
      this.#opened = { resolve, reject };
      this.#connect();
    });
  }

  #connect(): void {
    const helloId = this.#nextId++;
    let ws: WebSocketLike;
    try {
      ws = new this.#Socket(this.#options.url);
    } catch (err) {
      this.#lost(0, String(err));
      return;
    }
    this.#ws = ws;
    ws.onopen = () => {
      const hello: ClientFrame = {
        type: 'hello',
        id: helloId,
        version: FRAME_PROTOCOL_VERSION,
        userID: this.userID,
        deviceId: this.deviceId,
        ...(this.#options.userSig === undefined ? {} : { userSig: this.#options.userSig }),
        ...(this.#token === undefined ? {} : { resume: this.#token }),
      };
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (event: { data?: unknown }) => {
      if (this.#ws !== ws || typeof event?.data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(event.data) as ServerFrame;
      } catch {
        return;
      }
      if (typeof frame === 'object' && frame !== null) this.#receive(ws, frame, helloId);
    };
    ws.onerror = () => undefined; // a close event follows
    ws.onclose = (event: { code?: number; reason?: string }) => {
      if (this.#ws !== ws) return;
      this.#ws = undefined;
      this.#socketClosed?.();
      this.#lost(event?.code ?? 0, event?.reason ?? '');
    };
  }

  #receive(ws: WebSocketLike, frame: ServerFrame, helloId: number): void {
    if ('id' in frame && frame.id === helloId) {
      if (frame.type === 'welcome') this.#welcomed(ws, frame.resume, frame.resumed === true);
      else if (frame.type === 'reply' && !frame.ok) this.#refused(frame.error.code, frame.error.message);
      else if (frame.type === 'error') {
        this.#refused(
          FRAME_CODES[frame.code] ?? LINK_TIMEOUT_CODE,
          `${frame.code}: ${frame.message}`,
          frame.code,
        );
      }
      return;
    }
    if (
      frame.type === 'reply' ||
      frame.type === 'pong' ||
      (frame.type === 'error' && frame.id !== undefined)
    ) {
      const entry = frame.id === undefined ? undefined : this.#pending.get(frame.id);
      if (entry === undefined) return;
      this.#settle(frame.id as number);
      if (frame.type === 'pong') entry.resolve(undefined);
      else if (frame.type === 'error') {
        const code = FRAME_CODES[frame.code] ?? INVALID_PARAMETER;
        entry.reject(linkError(code, `${frame.code}: ${frame.message}`, frame.code));
      } else if (frame.ok) entry.resolve(frame.result);
      else entry.reject(linkError(frame.error.code, frame.error.message));
      return;
    }
    if (this.#frameListeners.size === 0) {
      this.#held.push(frame);
      if (this.#held.length > MAX_HELD_FRAMES) this.#held.shift();
      return;
    }
    for (const listener of [...this.#frameListeners]) {
      try {
        listener(frame);
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  #welcomed(ws: WebSocketLike, token: string, resumed: boolean): void {
    this.#token = token;
    this.#attempt = 0;
    if (!resumed) {
      // A fresh session never saw what the lost one was asked: those answers will not come.
      for (const [id, entry] of [...this.#pending]) {
        if (!entry.sent) continue;
        this.#settle(id);
        entry.reject(linkError(LINK_TIMEOUT_CODE, `${entry.frame.type}: the server lost the session`));
      }
    }
    this.#setState('connected');
    for (const entry of this.#pending.values()) {
      if (entry.sent) continue;
      ws.send(JSON.stringify(entry.frame));
      entry.sent = true;
    }
    const opened = this.#opened;
    this.#opened = undefined;
    opened?.resolve(this);
  }

  /** The server refused the `hello`: nothing to retry. */
  #refused(code: number, message: string, frameCode?: string): void {
    this.#opened?.reject(linkError(code, `hello refused: ${message}`, frameCode));
    this.#opened = undefined;
    this.#shutdown(`hello refused: ${message}`);
  }

  /** The socket went away (or could not be made). */
  #lost(code: number, reason: string): void {
    if (this.state === 'closed') return;
    if (this.#opened) {
      this.#opened.reject(
        linkError(LINK_TIMEOUT_CODE, `could not connect to ${this.#options.url} (${code})`),
      );
      this.#opened = undefined;
      this.#shutdown('could not connect');
      return;
    }
    if (code === LINK_CLOSE.REPLACED || code === LINK_CLOSE.LOGGED_OUT || code === LINK_CLOSE.UNAUTHORIZED) {
      this.#shutdown(reason || 'closed by the server');
      return;
    }
    this.#setState('reconnecting');
    const initial = Math.max(1, this.#options.reconnect?.initialDelayMs ?? 250);
    const max = Math.max(initial, this.#options.reconnect?.maxDelayMs ?? 5000);
    const delay = Math.min(max, initial * 2 ** Math.min(this.#attempt, 20));
    this.#attempt++;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      if (this.state !== 'closed') this.#connect();
    }, delay);
  }

  #settle(id: number): void {
    const entry = this.#pending.get(id);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    this.#pending.delete(id);
  }

  #setState(state: LinkState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of [...this.#stateListeners]) {
      try {
        listener(state);
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  /** Closes for good: no more reconnects, and every open request rejects with 2801. */
  #shutdown(reason: string): void {
    if (this.state === 'closed') return;
    clearTimeout(this.#retry);
    this.#retry = undefined;
    const ws = this.#ws;
    if (ws && ws.readyState <= OPEN) ws.close(1000, 'closed by the client');
    for (const [id, entry] of [...this.#pending]) {
      this.#settle(id);
      entry.reject(linkError(LINK_TIMEOUT_CODE, `${entry.frame.type}: link closed (${reason})`));
    }
    this.#held = [];
    this.#setState('closed');
  }

  request(frame: RequestFrame): Promise<unknown> {
    if (this.state === 'closed') {
      return Promise.reject(linkError(LINK_TIMEOUT_CODE, `${frame.type}: link closed`));
    }
    const id = this.#nextId++;
    const full = { ...frame, id } as ClientFrame;
    let text: string;
    try {
      text = JSON.stringify(full);
    } catch (err) {
      return Promise.reject(linkError(INVALID_PARAMETER, `${frame.type}: not serializable (${String(err)})`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#settle(id);
        reject(linkError(LINK_TIMEOUT_CODE, `${frame.type}: no answer within the request time-out`));
      }, this.#options.requestTimeoutMs ?? 15_000);
      const entry: Pending = { frame: full, resolve, reject, timer, sent: false };
      this.#pending.set(id, entry);
      const ws = this.#ws;
      if (this.state === 'connected' && ws?.readyState === OPEN) {
        ws.send(text);
        entry.sent = true;
      }
    });
  }

  send(frame: Exclude<ClientFrame, { id: number }>): void {
    const ws = this.#ws;
    if (this.state === 'connected' && ws?.readyState === OPEN) ws.send(JSON.stringify(frame));
  }

  onFrame(listener: (frame: ServerFrame) => void): () => void {
    this.#frameListeners.add(listener);
    // Frames that arrived before anyone listened (invitations replayed at login) go to the first one.
    const held = this.#held;
    this.#held = [];
    for (const frame of held) listener(frame);
    return () => this.#frameListeners.delete(listener);
  }

  onState(listener: (state: LinkState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    if (this.state === 'connected') {
      // Log out so the server ends the session now instead of after its grace window.
      await within(this.request({ type: 'logout' }), 2000);
    }
    const ws = this.#ws;
    const closed = ws && new Promise<void>((resolve) => (this.#socketClosed = resolve));
    this.#shutdown('closed by the app');
    // Resolve once the socket is really closed (bounded), so no handle outlives close().
    if (closed) await within(closed, 1000);
    this.#socketClosed = undefined;
  }
}

/** Waits for `promise` to settle, or `ms`, whichever comes first; never rejects, leaves no timer. */
function within(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    promise.then(done, done);
  });
}

/**
 * Connects to a local call server and logs the device in; resolves once the server welcomed it. The link
 * reconnects by itself with back-off and resumes the session (nothing lost within the server's grace
 * window); requests made meanwhile wait for it. Rejects with an `Error` carrying a numeric `code` when
 * the server cannot be reached (2801) or refuses the login.
 */
export function openServerLink(options: ServerLinkOptions): Promise<ServerLink> {
  const Socket =
    options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket ?? undefined;
  if (Socket === undefined) {
    return Promise.reject(
      linkError(LINK_TIMEOUT_CODE, 'no WebSocket: pass options.WebSocket (e.g. the ws package) on Node 20'),
    );
  }
  if (typeof options.url !== 'string' || typeof options.userID !== 'string' || options.userID === '') {
    return Promise.reject(linkError(INVALID_PARAMETER, 'openServerLink: url and userID must be strings'));
  }
  return new Link(options, Socket).open();
}
