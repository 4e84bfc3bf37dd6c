/**
 * `headless-call-engine/server` (Node only): the local call server. It hosts an in-memory network and
 * carries Chat-compatible signaling, user status and group attributes between processes and browser
 * tabs, and relays WebRTC negotiation between TRTC-compatible clients. Clients connect with
 * `openServerLink` and `createRemoteChat` from `headless-call-engine/local`.
 */

export {
  CHAT_RPC_METHODS,
  type ChatRpcMethod,
  type ClientFrame,
  FRAME_ERROR,
  FRAME_PROTOCOL_VERSION,
  type FrameErrorCode,
  type FrameRoom,
  LINK_CLOSE,
  MAX_FRAME_BYTES,
  type ServerFrame,
} from '../local/frames';
export {
  createLocalCallServer,
  type LocalCallServer,
  type LocalCallServerEvents,
  type LocalCallServerOptions,
} from './call-server';
export type { SessionEndReason } from './device-session';
