/**
 * headless-call-engine: TUICallKit-compatible audio/video calls as an XState-driven snapshot plus a
 * typed event emitter. The app injects a logged-in Chat instance and the TRTC class; nothing from the
 * vendor SDKs is imported here.
 */

export { type Clock, systemClock } from './clock';
export { type CallEngine, createCallEngine } from './engine/call-engine';
export { CallError, CallErrorCode, type CallErrorCodeValue, isCallError } from './engine/errors';
export type { CallEngineEventName, CallEngineEvents } from './engine/events';
export type { CallEngineOptions, CallParams, CallResult, Logger } from './engine/options';
export type { CallSnapshot } from './engine/snapshot';
export {
  type CallRole,
  type CallScene,
  type CallStatus,
  END_REASON_CODE,
  type EndReason,
  type MediaType,
  type Participant,
  type ParticipantStatus,
} from './machine/types';
export { ABILITY, type AccountPort } from './ports/account';
export type { ConnectionState, MediaFact, MediaPort, RoomRef } from './ports/media';
export type {
  InviteOptions,
  InviteTarget,
  OutboundSignal,
  SignalFact,
  SignalingPort,
} from './ports/signaling';
export type { OfflinePushInfo } from './protocol/types';
export type { ChatLike } from './tencent/chat-types';
export type { TRTCClassLike, TRTCLike } from './tencent/trtc-types';
