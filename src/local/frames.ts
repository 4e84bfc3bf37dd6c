/**
 * Frames between the local call server and its clients (one JSON object per WebSocket message).
 * Browser tabs and Node processes speak the same frames: the server hosts the Chat-compatible hub and
 * the TRTC room registry, clients proxy Chat requests to it and relay WebRTC negotiation through it.
 *
 * Every frame from a client is untrusted: the server validates it (size, shape) and answers a bad one
 * with an `error` frame, never by crashing or closing other connections.
 */

/** Default largest frame the server accepts, in bytes (SDP offers are a few KiB). */
export const MAX_FRAME_BYTES = 64 * 1024;

/** Version of this frame protocol; `hello` carries it and the server refuses other versions. */
export const FRAME_PROTOCOL_VERSION = 1;

/** `code` of the server's `error` frames: why a frame could not be used. */
export const FRAME_ERROR = Object.freeze({
  /** Not valid JSON, not a JSON object, or a binary message. */
  BAD_JSON: 'bad-json',
  /** Larger than the server's frame limit. */
  TOO_LARGE: 'too-large',
  /** `type` is missing or not a frame type the server knows. */
  UNKNOWN_TYPE: 'unknown-type',
  /** A field is missing or has the wrong type or range. */
  BAD_FRAME: 'bad-frame',
  /** A `chat` frame names a method outside {@link CHAT_RPC_METHODS}. */
  UNKNOWN_METHOD: 'unknown-method',
  /** `hello` carries another {@link FRAME_PROTOCOL_VERSION}. */
  BAD_VERSION: 'bad-version',
  /** Anything but `hello` / `ping` before the connection said `hello`. */
  HELLO_REQUIRED: 'hello-required',
  /** A second `hello` on a connection that already has a session. */
  ALREADY_GREETED: 'already-greeted',
  /** `rtc-signal` / `rtc-quality` / `rtc-publish` outside a room, or to a user not in this client's room. */
  NOT_IN_ROOM: 'not-in-room',
  /**
   * Too many frames queued on a connection whose `hello` is still being answered, or too many requests
   * of one connection still being answered.
   */
  BUSY: 'busy',
  /** `hello` without a valid `userSig` for its userID: missing, forged, or issued for another user. */
  UNAUTHORIZED: 'unauthorized',
  /** `hello` with a `userSig` that was valid but has expired (fetch a new one). */
  SIG_EXPIRED: 'sig-expired',
  /** The session's user may not do this: enter a room of a call it is not part of, or take over a group. */
  FORBIDDEN: 'forbidden',
  /** The connection sends frames faster than the server's rate limit; the frame was dropped. */
  RATE_LIMITED: 'rate-limited',
} as const);

export type FrameErrorCode = (typeof FRAME_ERROR)[keyof typeof FRAME_ERROR];

/**
 * WebSocket close codes the server uses (clients must not reconnect after `REPLACED`, `LOGGED_OUT` or
 * `UNAUTHORIZED`).
 */
export const LINK_CLOSE = Object.freeze({
  /** The server shuts down (RFC 6455 "going away"). */
  SHUTDOWN: 1001,
  /** The session logged out (`logout` frame). */
  LOGGED_OUT: 4000,
  /** Another connection took over this device (a newer `hello` of the same userID and deviceId). */
  REPLACED: 4001,
  /** The client stopped answering the server's heartbeat, or could not keep up with its frames. */
  UNRESPONSIVE: 4002,
  /** The `hello` was refused for its `userSig` (an `error` frame says why); retrying with it is useless. */
  UNAUTHORIZED: 4003,
  /** The client kept sending frames faster than the rate limit after being told (`rate-limited`). */
  FLOODING: 4004,
} as const);

/** Chat methods a client may call through the server (`chat` frames). */
export const CHAT_RPC_METHODS = [
  'invite',
  'inviteInGroup',
  'accept',
  'reject',
  'cancel',
  'modifyInvitation',
  'callExperimentalAPI',
  'setSelfStatus',
  'getUserStatus',
  'getGroupAttributes',
  'createGroup',
] as const;

export type ChatRpcMethod = (typeof CHAT_RPC_METHODS)[number];

/** A numeric (`roomId` > 0) or string (`strRoomId` non-empty) TRTC room. */
export interface FrameRoom {
  roomId?: number;
  strRoomId?: string;
}

/** Frames a client sends. `id` correlates a request with its `reply`. */
export type ClientFrame =
  /**
   * First frame of a connection: logs the device in. `userSig` proves the device may act as `userID`
   * (see `LocalCallServerOptions.auth`). `resume` is the token of an earlier connection of the same
   * device; within the server's grace window it resumes that session with nothing lost (the token is
   * the proof then).
   */
  | {
      type: 'hello';
      id: number;
      version: number;
      userID: string;
      deviceId: string;
      userSig?: string;
      resume?: string;
    }
  | { type: 'chat'; id: number; method: ChatRpcMethod; args: unknown[] }
  | { type: 'logout'; id: number }
  /** TRTC-compatible media: room membership and stream state, kept by the server. */
  | { type: 'rtc-enter'; id: number; room: FrameRoom }
  | { type: 'rtc-exit'; id: number }
  | { type: 'rtc-publish'; id: number; audio: boolean; video: boolean }
  /** WebRTC negotiation (SDP / ICE candidates) for one peer in the same room, relayed as is. */
  | { type: 'rtc-signal'; to: string; data: unknown }
  /** Network quality this client measured (TRTC 0–6) for the others in the room to see. */
  | { type: 'rtc-quality'; uplink: number; downlink: number }
  | { type: 'ping'; id: number };

/** Frames the server sends. */
export type ServerFrame =
  | { type: 'reply'; id: number; ok: true; result?: unknown }
  | { type: 'reply'; id: number; ok: false; error: { code: number; message: string } }
  /**
   * Answer to `hello`: the token to resume this session after a reconnect. `resumed` is true when the
   * `hello` resumed an earlier session (its buffered frames follow), false for a fresh session.
   */
  | { type: 'welcome'; id: number; resume: string; resumed?: boolean }
  /** A Chat signaling listener event (`newInvitationReceived`, `ts_invitee_accepted`, …). */
  | { type: 'signaling'; name: string; data: unknown }
  /** A Chat SDK event (`onMessageReceived`, `groupAttributesUpdated`, `kickedOut`, …). */
  | { type: 'chat-event'; name: string; data: unknown }
  /** Everyone already in the room when this client entered, with their published streams. */
  | { type: 'rtc-members'; members: { userId: string; audio: boolean; video: boolean }[] }
  | { type: 'rtc-peer-enter'; userId: string }
  | { type: 'rtc-peer-exit'; userId: string; reason: number }
  | { type: 'rtc-peer-publish'; userId: string; audio: boolean; video: boolean }
  | { type: 'rtc-signal'; from: string; data: unknown }
  /**
   * Network quality (TRTC 0–6) of a user in the room, as its client measured it (`rtc-quality`). When
   * `userId` is the receiving user itself, it is this client's own link as the hosted network simulates
   * it (`LocalNetwork.setNetworkQuality`).
   */
  | { type: 'rtc-peer-quality'; userId: string; uplink: number; downlink: number }
  /** This client was removed from the room (another client of the same user entered it: TRTC kick). */
  | { type: 'rtc-kicked'; reason: 'kick' | 'banned' | 'room-disband' }
  /** A frame could not be used; `id` is set when the bad frame had one. */
  | { type: 'error'; id?: number; code: string; message: string }
  | { type: 'pong'; id: number };

/**
 * One client's connection to the local call server, shared by the remote Chat client and the mesh TRTC
 * client of that device. It reconnects by itself (resuming the session) and reports its state.
 */
export interface ServerLink {
  readonly userID: string;
  readonly deviceId: string;
  /** Sends a request frame (an `id` is assigned) and resolves with the reply's `result`; rejects with
   * an `Error` carrying the numeric `code` of a failed reply, or when the link closes. */
  request(frame: DistributiveOmit<Extract<ClientFrame, { id: number }>, 'id'>): Promise<unknown>;
  /** Sends a frame that has no reply (`rtc-signal`, `rtc-quality`). Dropped while disconnected. */
  send(frame: Exclude<ClientFrame, { id: number }>): void;
  /** Listens to every server frame that is not a reply; returns the unsubscribe function. */
  onFrame(listener: (frame: ServerFrame) => void): () => void;
  /** 'connected' | 'reconnecting' | 'closed'; listeners are called on every change. */
  readonly state: LinkState;
  onState(listener: (state: LinkState) => void): () => void;
  /** Logs out and closes for good. */
  close(): Promise<void>;
}

export type LinkState = 'connected' | 'reconnecting' | 'closed';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
