import type { Clock } from '../clock';
import { TRTC_ERROR } from '../local/errors';
import { type ClientFrame, FRAME_ERROR, type FrameRoom, type ServerFrame } from '../local/frames';
import type { LocalChat } from '../local/local-chat';
import type { LocalTRTC } from '../local/local-trtc';
import type { LocalNetwork } from '../local/network';
import { SIGNALING_EVENT } from '../tencent/chat-types';
import { rpcErrorOf, runChatRpc } from './chat-rpc';
import { PeerView } from './peer-view';
import type { RelayMember, RoomRelay } from './room-relay';
import { roomKeyOf } from './room-relay';

/** Chat SDK events forwarded as `chat-event` frames (the signaling ones go as `signaling` frames). */
export const FORWARDED_CHAT_EVENTS = [
  'onMessageReceived',
  'onMessageModified',
  'kickedOut',
  'groupAttributesUpdated',
  'onUserStatusUpdated',
] as const;

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why a device session ended. */
export type SessionEndReason = 'logout' | 'expired' | 'replaced' | 'overflow' | 'shutdown' | 'sig-expired';

/** The live WebSocket of a device, as the session sees it. */
export interface SessionConnection {
  send(frame: ServerFrame): void;
}

/** What a session needs from the server. */
export interface DeviceSessionDeps {
  readonly network: LocalNetwork;
  readonly relay: RoomRelay;
  /** The network's clock: the enter hand-shake relies on its timer order (see `#enter`). */
  readonly clock: Clock;
  /** How long the session waits for its device to reconnect. */
  readonly graceMs: number;
  /** Most frames kept for a disconnected device; one more ends the session. */
  readonly maxBufferedFrames: number;
  /** Called once, when the session ended (before its Chat client logs out). */
  onEnd(session: DeviceSession, reason: SessionEndReason): void;
  /** Called when the device's connection went away and the grace window started. */
  onDetach(session: DeviceSession): void;
}

/** Request frames a session answers (the server answers `hello`, `logout` and `ping` itself). */
export type SessionRequest = Exclude<ClientFrame, { type: 'hello' | 'logout' | 'ping' }>;

const randomToken = (): string => globalThis.crypto.randomUUID();

/** Makes sure a result can be sent as JSON (a Chat result is plain data; this is a safety net). */
function jsonSafe(result: unknown): { ok: true } | { ok: false; message: string } {
  try {
    JSON.stringify(result);
    return { ok: true };
  } catch (err) {
    return { ok: false, message: `result is not serializable: ${String(err)}` };
  }
}

/**
 * One logged-in device of one user: the Chat-compatible client and the TRTC-compatible client the server
 * runs for it on the hosted network, and the frames on their way to the device. While the device is
 * disconnected, it keeps running (the user stays online, invitations keep arriving) and frames are
 * buffered for a resume within the grace window.
 */
export class DeviceSession implements RelayMember {
  readonly userID: string;
  readonly deviceId: string;
  /** The secret a reconnecting device presents to resume this session. */
  readonly token = randomToken();
  readonly #deps: DeviceSessionDeps;
  readonly #chat: LocalChat;
  readonly #trtc: LocalTRTC;
  readonly #chatListeners: [string, (event: { name: string; data: unknown }) => void][] = [];
  #conn: SessionConnection | undefined;
  #buffer: ServerFrame[] = [];
  #grace: unknown;
  #sigExpiry: unknown;
  #ended = false;
  /** Remote users of the current room with their streams, from the TRTC client's events. */
  readonly #peers: PeerView;
  /** Bumped by every enter / exit / kick: an enter hand-shake of an older room session is stale. */
  #roomGeneration = 0;

  private constructor(deps: DeviceSessionDeps, userID: string, deviceId: string) {
    this.#deps = deps;
    this.userID = userID;
    this.deviceId = deviceId;
    this.#chat = deps.network.createChat({ deviceId });
    this.#trtc = deps.network.trtcForDevice(deviceId).create();
    this.#listenChat();
    this.#peers = new PeerView(
      this.#trtc,
      () => this.userID,
      (frame) => this.deliver(frame),
      () => this.#leaveRoom(),
    );
  }

  /** Creates the device's clients and logs its Chat client in; rejects with the Chat error. */
  static async start(
    deps: DeviceSessionDeps,
    login: { userID: string; deviceId: string; userSig?: string | undefined },
  ): Promise<DeviceSession> {
    const session = new DeviceSession(deps, login.userID, login.deviceId);
    try {
      // Listeners are in place before login, so Chat's history replay of pending invitations (§3.8)
      // lands in the buffer and reaches the device right after its `welcome`.
      await session.#chat.login({ userID: login.userID, userSig: login.userSig });
      return session;
    } catch (err) {
      session.#release();
      throw err;
    }
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** The device's live connection, if any. */
  get connection(): SessionConnection | undefined {
    return this.#conn;
  }

  /** Frames waiting for the device to reconnect. */
  get bufferedFrames(): number {
    return this.#buffer.length;
  }

  // ---- connection --------------------------------------------------------------------------------

  /**
   * Binds the device's (new) connection, replacing an older one (the caller closes that): sends
   * `welcome`, then everything buffered, in order.
   */
  attach(conn: SessionConnection, welcome: ServerFrame): void {
    if (this.#ended) return;
    this.#deps.clock.clearTimeout(this.#grace);
    this.#grace = undefined;
    this.#conn = conn;
    conn.send(welcome);
    const buffered = this.#buffer;
    this.#buffer = [];
    for (const frame of buffered) conn.send(frame);
  }

  /**
   * Ends the session when its UserSig expires, as Chat does: the device gets `kickedOut` with
   * `userSigExpired` and must log in again with a new UserSig (a resume cannot outlive the signature).
   */
  expireAt(expiresAtMs: number): void {
    const clock = this.#deps.clock;
    clock.clearTimeout(this.#sigExpiry);
    const left = expiresAtMs - clock.now();
    // Timers hold at most 2^31 - 1 ms (24.8 days; a longer one fires at once): a longer-lived UserSig
    // is checked again then.
    this.#sigExpiry = clock.setTimeout(
      () => {
        this.#sigExpiry = undefined;
        if (clock.now() < expiresAtMs) {
          this.expireAt(expiresAtMs);
          return;
        }
        this.deliver({ type: 'chat-event', name: 'kickedOut', data: { type: 'userSigExpired' } });
        this.end('sig-expired');
      },
      Math.min(MAX_TIMER_MS, Math.max(0, left)),
    );
  }

  /** The device's connection closed: keep running and buffering for the grace window. */
  detach(conn: SessionConnection): void {
    if (this.#conn !== conn || this.#ended) return;
    this.#conn = undefined;
    this.#grace = this.#deps.clock.setTimeout(() => this.end('expired'), this.#deps.graceMs);
    this.#deps.onDetach(this);
  }

  /** Sends a frame to the device, or buffers it while the device is away. */
  deliver(frame: ServerFrame): void {
    if (this.#ended) return;
    if (this.#conn) {
      this.#conn.send(frame);
      return;
    }
    this.#buffer.push(frame);
    // A device that stays away while this much happens could not resume consistently; end the session
    // so its next login starts fresh (Chat's history replay still re-delivers pending invitations).
    if (this.#buffer.length > this.#deps.maxBufferedFrames) this.end('overflow');
  }

  /** Ends the session: leaves the room, logs the Chat client out, releases everything. Idempotent. */
  end(reason: SessionEndReason): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#deps.clock.clearTimeout(this.#grace);
    this.#grace = undefined;
    this.#deps.clock.clearTimeout(this.#sigExpiry);
    this.#sigExpiry = undefined;
    this.#deps.onEnd(this, reason);
    this.#conn = undefined;
    this.#buffer = [];
    this.#release();
  }

  #release(): void {
    this.#roomGeneration++;
    this.#deps.relay.leave(this);
    for (const [name, listener] of this.#chatListeners) this.#chat.off(name, listener);
    // destroy() leaves the room / logs out first, so the others see this device go.
    this.#trtc.destroy();
    void this.#chat.destroy();
  }

  // ---- requests ----------------------------------------------------------------------------------

  /** Handles one validated frame of the device; every answer goes through `deliver`. */
  async handle(frame: SessionRequest): Promise<void> {
    if (this.#ended) return;
    switch (frame.type) {
      case 'chat': {
        const outcome = await runChatRpc(this.#chat, this.#deps.network, frame.method, frame.args);
        if (!outcome.ok) {
          this.deliver({ type: 'reply', id: frame.id, ok: false, error: outcome.error });
          return;
        }
        const safe = jsonSafe(outcome.result);
        this.deliver(
          safe.ok
            ? { type: 'reply', id: frame.id, ok: true, result: outcome.result }
            : { type: 'reply', id: frame.id, ok: false, error: { code: 2903, message: safe.message } },
        );
        return;
      }
      case 'rtc-enter':
        return this.#enter(frame.id, frame.room);
      case 'rtc-exit':
        this.#leaveRoom();
        await this.#trtc.exitRoom();
        this.deliver({ type: 'reply', id: frame.id, ok: true });
        return;
      case 'rtc-publish':
        return this.#publish(frame.id, frame.audio, frame.video);
      case 'rtc-signal':
        if (!this.#deps.relay.signal(this, frame.to, frame.data)) {
          this.deliver({
            type: 'error',
            code: FRAME_ERROR.NOT_IN_ROOM,
            message: `rtc-signal: ${frame.to} is not in this client's room`,
          });
        }
        return;
      case 'rtc-quality':
        if (!this.#deps.relay.quality(this, frame.uplink, frame.downlink)) {
          this.deliver({
            type: 'error',
            code: FRAME_ERROR.NOT_IN_ROOM,
            message: 'rtc-quality: not in a room',
          });
        }
        return;
    }
  }

  async #enter(id: number, room: FrameRoom): Promise<void> {
    const generation = ++this.#roomGeneration;
    this.#peers.clear();
    // Peer events update the view but are sent as one `rtc-members` frame once entered.
    this.#peers.collecting = true;
    try {
      // sdkAppId and userSig are not checked by the local backend.
      await this.#trtc.enterRoom({ sdkAppId: 1, userId: this.userID, userSig: '', ...room });
    } catch (err) {
      if (generation === this.#roomGeneration) this.#peers.collecting = false;
      this.deliver({ type: 'reply', id, ok: false, error: rpcErrorOf(err) });
      return;
    }
    if (generation !== this.#roomGeneration) {
      this.deliver({ type: 'reply', id, ok: false, error: abortedEnter() });
      return;
    }
    this.#deps.relay.join(this, roomKeyOf(room));
    // The TRTC client announces who is already there on a zero-delay timer of the network clock, set
    // before enterRoom settled; a zero-delay timer set now fires after it, so the roster is complete.
    await new Promise<void>((resolve) => this.#deps.clock.setTimeout(resolve, 0));
    if (generation !== this.#roomGeneration || this.#ended) {
      this.deliver({ type: 'reply', id, ok: false, error: abortedEnter() });
      return;
    }
    this.#peers.collecting = false;
    this.deliver({ type: 'reply', id, ok: true });
    this.deliver({ type: 'rtc-members', members: this.#peers.members() });
  }

  #leaveRoom(): void {
    this.#roomGeneration++;
    this.#peers.clear();
    this.#deps.relay.leave(this);
  }

  async #publish(id: number, audio: boolean, video: boolean): Promise<void> {
    try {
      // Publishing is what the room registry announces to the others as remote streams.
      await (audio ? this.#trtc.startLocalAudio({ publish: true }) : this.#trtc.stopLocalAudio());
      await (video ? this.#trtc.startLocalVideo({ publish: true }) : this.#trtc.stopLocalVideo());
      this.deliver({ type: 'reply', id, ok: true });
    } catch (err) {
      this.deliver({ type: 'reply', id, ok: false, error: rpcErrorOf(err) });
    }
  }

  // ---- events ------------------------------------------------------------------------------------

  #listenChat(): void {
    const forward = (kind: 'signaling' | 'chat-event') => (event: { name: string; data: unknown }) => {
      this.deliver({ type: kind, name: event.name, data: event.data });
    };
    for (const name of Object.values(SIGNALING_EVENT)) {
      const listener = forward('signaling');
      this.#chat.addSignalingListener(name, listener);
      this.#chatListeners.push([name, listener]);
    }
    for (const name of FORWARDED_CHAT_EVENTS) {
      const listener = forward('chat-event');
      this.#chat.on(name, listener);
      this.#chatListeners.push([name, listener]);
    }
  }
}

const abortedEnter = () => ({ code: TRTC_ERROR.OPERATION_ABORT, message: 'enterRoom aborted by exitRoom' });
