/**
 * `headless-call-engine/local`: an embedded, in-memory backend — a Chat-compatible signaling client and
 * a TRTC-compatible simulated media client on one injectable clock — so calls run with no cloud account
 * and tests exercise the same adapters as production.
 */

export {
  connectLocalServer,
  type FetchLike,
  fetchLocalUserSig,
  LOCAL_SDK_APP_ID,
  type LocalServerConnection,
} from './connect';
export { CHAT_ERROR, LocalBackendError, TRTC_ERROR } from './errors';
export {
  CHAT_RPC_METHODS,
  type ChatRpcMethod,
  type ClientFrame,
  FRAME_ERROR,
  FRAME_PROTOCOL_VERSION,
  type FrameErrorCode,
  type FrameRoom,
  LINK_CLOSE,
  type LinkState,
  MAX_FRAME_BYTES,
  type ServerFrame,
  type ServerLink,
} from './frames';
export type { LocalDelivery, LocalEdition, LocalVerdict } from './hub';
export type { LocalChat, LoginResult } from './local-chat';
export type { LocalTRTC, LocalTRTCCreateOptions } from './local-trtc';
export type { DeviceChange } from './mesh/device-watch';
export {
  createMeshTRTCClass,
  type MeshConnectionState,
  type MeshTRTC,
  type MeshTRTCClass,
  type MeshTRTCOptions,
} from './mesh/index';
export type { ConversationType, LocalMessage, SignalingEnvelope, StoredMessage } from './messages';
export {
  createLocalNetwork,
  LOCAL_TRTC_TYPE,
  type LocalMediaDevice,
  type LocalNetwork,
  type LocalNetworkOptions,
  type LocalTRTCClass,
} from './network';
export { createRemoteChat, type RemoteChat } from './remote-chat';
export type { RoomName } from './room-access';
export {
  LINK_TIMEOUT_CODE,
  type LinkError,
  openServerLink,
  type ServerLinkOptions,
  type WebSocketConstructorLike,
  type WebSocketLike,
} from './server-link';
export type { LocalSignalingResult } from './signaling-requests';
export type { LocalCaptureKind } from './trtc-devices';
export type { RoomMember } from './trtc-rooms';
