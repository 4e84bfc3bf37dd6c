/**
 * The subset of `@tencentcloud/chat`'s ChatSDK the engine uses, typed structurally so the real SDK
 * (checked in test/vendor-types.test-d.ts) and the local Chat-compatible client both fit.
 * Never import the vendor package at runtime.
 */

/** `TencentCloudChat.TSignaling` event names (wire-protocol §3.5). */
export const SIGNALING_EVENT = Object.freeze({
  NEW_INVITATION_RECEIVED: 'newInvitationReceived',
  INVITEE_ACCEPTED: 'ts_invitee_accepted',
  INVITEE_REJECTED: 'ts_invitee_rejected',
  INVITATION_CANCELLED: 'ts_invitation_cancelled',
  INVITATION_TIMEOUT: 'ts_invitation_timeout',
  INVITATION_MODIFIED: 'ts_invitation_modified',
} as const);

export type SignalingEventName = (typeof SIGNALING_EVENT)[keyof typeof SIGNALING_EVENT];

/** `TencentCloudChat.EVENT` names the engine listens to. */
export const CHAT_EVENT = Object.freeze({
  SDK_READY: 'sdkStateReady',
  SDK_NOT_READY: 'sdkStateNotReady',
  KICKED_OUT: 'kickedOut',
  NET_STATE_CHANGE: 'netStateChange',
  MESSAGE_RECEIVED: 'onMessageReceived',
} as const);

/** `TSignaling` action types carried in the envelope. */
export const SIGNALING_ACTION = Object.freeze({
  INVITE: 1,
  CANCEL_INVITE: 2,
  ACCEPT_INVITE: 3,
  REJECT_INVITE: 4,
  INVITE_TIMEOUT: 5,
} as const);

/** Payloads of the signaling events (wire-protocol §3.5). */
export interface NewInvitationData {
  inviteID: string;
  inviter: string;
  groupID: string;
  data: string;
  inviteeList: string[];
}
export interface InviteeHandledData {
  inviteID: string;
  inviter: string;
  groupID: string;
  data: string;
  invitee: string;
}
export interface InvitationCancelledData {
  inviteID: string;
  inviter: string;
  groupID: string;
  data: string;
}
export interface InvitationTimeoutData {
  inviteID: string;
  inviter: string;
  groupID: string;
  data: string;
  inviteeList: string[];
  isSelfTimeout: boolean;
  message?: unknown;
}
export interface InvitationModifiedData {
  inviteID: string;
  data: string;
}

/** A Chat event as handed to listeners: `{ name, data }`. */
export interface ChatEvent<T = unknown> {
  name: string;
  data: T;
}

/** The Chat SDK's offline push parameter (`OFFLINE_PUSH_INFO_PARAMS`). */
export interface ChatOfflinePushInfo {
  disablePush?: boolean;
  disableVoipPush?: boolean;
  title?: string;
  description?: string;
  extension?: string;
  androidInfo?: object;
  apnsInfo?: object;
}

export interface ChatInviteOptions {
  userID: string;
  data?: string;
  timeout?: number;
  onlineUserOnly?: boolean;
  offlinePushInfo?: ChatOfflinePushInfo;
}

export interface ChatInviteInGroupOptions {
  groupID: string;
  inviteeList: string[];
  data?: string;
  timeout?: number;
  onlineUserOnly?: boolean;
  offlinePushInfo?: ChatOfflinePushInfo;
}

export interface ChatInvitationHandleOptions {
  inviteID: string;
  data?: string;
}

/** What `invite` / `accept` / … resolve with: `{ code: 0, data: { message }, inviteID }`. */
export interface ChatSignalingResult {
  code?: number;
  inviteID?: string;
  data?: unknown;
}

/** Structural subset of `ChatSDK` (`@tencentcloud/chat` 3.x) used by the engine. */
export interface ChatLike {
  invite(options: ChatInviteOptions): Promise<ChatSignalingResult>;
  inviteInGroup(options: ChatInviteInGroupOptions): Promise<ChatSignalingResult>;
  accept(options: ChatInvitationHandleOptions): Promise<ChatSignalingResult>;
  reject(options: ChatInvitationHandleOptions): Promise<ChatSignalingResult>;
  cancel(options: ChatInvitationHandleOptions): Promise<ChatSignalingResult>;
  modifyInvitation(options: { inviteID: string; data: string }): Promise<unknown>;
  addSignalingListener(eventName: string, handler: (event: ChatEvent) => void): void;
  removeSignalingListener(eventName: string, handler: (event: ChatEvent) => void): void;
  on(eventName: string, handler: (event: ChatEvent) => void): void;
  off(eventName: string, handler: (event: ChatEvent) => void): void;
  // biome-ignore lint/suspicious/noExplicitAny: mirrors the vendor signature, whose return type is implicit any
  callExperimentalAPI(key: string, options: any): any;
  setSelfStatus(options: { customStatus: string }): Promise<unknown>;
  getUserStatus(options: { userIDList: string[] }): Promise<unknown>;
  getGroupAttributes(options: { groupID: string; keyList: string[] }): Promise<unknown>;
  /** Chat's profile update (`setSelfInfo`); optional so Chat-compatible clients without profiles fit. */
  updateMyProfile?(options: { nick?: string; avatar?: string }): Promise<unknown>;
}
