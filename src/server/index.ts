/**
 * `headless-call-engine/server` (Node only): the local call server. It hosts an in-memory network and
 * carries Chat-compatible signaling, user status and group attributes between processes and browser
 * tabs, and relays WebRTC negotiation between TRTC-compatible clients. Clients connect with
 * `connectLocalServer` (or `openServerLink` and `createRemoteChat`) from `headless-call-engine/local`,
 * logging in with a UserSig the server checks (`auth` option).
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
export { createLocalCallServer } from './call-server';
export type { SessionEndReason } from './device-session';
export { USER_SIG_PATH } from './http-routes';
export type { FrameRateLimit } from './rate-limit';
export type { LocalCallServer, LocalCallServerEvents, LocalCallServerOptions } from './server-options';
export {
  type IssuedUserSig,
  type LocalCallServerAuth,
  type LocalUserSigAuth,
  mintLocalUserSig,
  type TencentUserSigAuth,
} from './user-sig';
