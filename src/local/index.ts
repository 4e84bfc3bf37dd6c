/**
 * `headless-call-engine/local`: an embedded, in-memory backend — a Chat-compatible signaling client and
 * a TRTC-compatible simulated media client on one injectable clock — so calls run with no cloud account
 * and tests exercise the same adapters as production.
 */
export { CHAT_ERROR, LocalBackendError, TRTC_ERROR } from './errors';
export type { LocalDelivery, LocalEdition, LocalVerdict } from './hub';
export type { LocalChat, LoginResult } from './local-chat';
export type { LocalTRTC, LocalTRTCCreateOptions } from './local-trtc';
export type { ConversationType, LocalMessage, SignalingEnvelope, StoredMessage } from './messages';
export {
  createLocalNetwork,
  LOCAL_TRTC_TYPE,
  type LocalNetwork,
  type LocalNetworkOptions,
  type LocalTRTCClass,
} from './network';
export type { LocalSignalingResult } from './signaling-requests';
