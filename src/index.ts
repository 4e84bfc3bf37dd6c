/**
 * headless-call-engine: TUICallKit-compatible audio/video calls as an XState-driven snapshot plus a
 * typed event emitter. The app injects a logged-in Chat instance and the TRTC class; nothing from the
 * vendor SDKs is imported here.
 */

export { type Clock, systemClock } from './clock';
export { type CallEngine, createCallEngine } from './engine/call-engine';
export { CallError, CallErrorCode, type CallErrorCodeValue, isCallError } from './engine/errors';
export type { CallEngineEventName, CallEngineEvents } from './engine/events';
export type { NetworkPolicy, NetworkPolicyFactory, NetworkPolicyHooks } from './engine/network-policy';
export type {
  CallEngineOptions,
  CallParams,
  CallResult,
  GroupCallParams,
  InviteUserParams,
  JoinGroupCallParams,
  Logger,
  SelfInfo,
} from './engine/options';
export {
  type AudioLike,
  createRingtone,
  defaultRingtoneUrl,
  type GestureTarget,
  type Ringtone,
  type RingtoneKind,
  type RingtoneOptions,
} from './engine/ringtone';
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
export type {
  CameraFacing,
  ConnectionState,
  DeviceAction,
  DeviceKind,
  MediaDevice,
  MediaFact,
  MediaPort,
  RoomRef,
  VideoEncoding,
  VideoProfile,
} from './ports/media';
export type {
  InviteOptions,
  InviteTarget,
  ObservedSignal,
  OutboundSignal,
  SignalFact,
  SignalingPort,
  SparseReason,
} from './ports/signaling';
export { GROUP_CALL_ATTRIBUTE, type GroupCallInfo, parseGroupCallInfo } from './protocol/group-call-info';
export type { CallDescriptor, CallPayload, OfflinePushInfo, WireCmd } from './protocol/types';
export type {
  ChatEvent,
  ChatInvitationHandleOptions,
  ChatInviteInGroupOptions,
  ChatInviteOptions,
  ChatLike,
  ChatOfflinePushInfo,
  ChatSignalingResult,
} from './tencent/chat-types';
export type {
  TRTCClassLike,
  TRTCDeviceInfo,
  TRTCEnterRoomOptions,
  TRTCLike,
  TRTCLocalAudioOptions,
  TRTCLocalVideoOptions,
} from './tencent/trtc-types';
