import type { ChatOfflinePushInfo } from '../tencent/chat-types';

/** The Chat signaling envelope carried in `payload.data` (wire-protocol §3.1). */
export interface SignalingEnvelope {
  businessID: 1;
  inviteID: string;
  inviter: string;
  actionType: number;
  inviteeList: string[];
  data: string;
  timeout: number;
  groupID: string;
}

export type ConversationType = 'C2C' | 'GROUP';

/** A Chat message as handed to `onMessageReceived` listeners (the fields the engine and UIs read). */
export interface LocalMessage {
  readonly ID: string;
  readonly type: 'TIMCustomElem';
  readonly from: string;
  /** The addressed user (C2C) or the groupID (GROUP). */
  readonly to: string;
  readonly conversationType: ConversationType;
  /** `C2C<peer>` from the receiver's point of view, or `GROUP<groupID>`. */
  readonly conversationID: string;
  readonly flow: 'in' | 'out';
  /** Server timestamp in seconds. */
  readonly time: number;
  readonly priority: 'High';
  readonly payload: { readonly data: string; readonly description: string; readonly extension: string };
  readonly cloudCustomData: string;
}

/** A message as the hub stores it; `payloadData` changes when the invitation is modified. */
export interface StoredMessage {
  readonly ID: string;
  readonly from: string;
  readonly to: string;
  readonly conversationType: ConversationType;
  /** Server timestamp in ms on the network clock. */
  readonly serverTime: number;
  payloadData: string;
  /** Bumped by every modification; a modification based on an older version is a conflict. */
  version: number;
  readonly onlineUserOnly: boolean;
  readonly offlinePushInfo: ChatOfflinePushInfo | undefined;
}

/** Marks a custom message as signaling for every Chat SDK (`_filterSignaling`, wire-protocol §3.3). */
export const SIGNALING_CLOUD_DATA = '{"type":"tsignaling"}';

/** The message as one user sees it. */
export function viewOf(
  stored: StoredMessage,
  receiver: string,
  payloadData = stored.payloadData,
): LocalMessage {
  const outgoing = receiver === stored.from;
  const conversationID =
    stored.conversationType === 'GROUP' ? `GROUP${stored.to}` : `C2C${outgoing ? stored.to : stored.from}`;
  return {
    ID: stored.ID,
    type: 'TIMCustomElem',
    from: stored.from,
    to: stored.to,
    conversationType: stored.conversationType,
    conversationID,
    flow: outgoing ? 'out' : 'in',
    time: Math.floor(stored.serverTime / 1000),
    priority: 'High',
    payload: { data: payloadData, description: '', extension: '' },
    cloudCustomData: SIGNALING_CLOUD_DATA,
  };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * Parses `payload.data` into an envelope, or `undefined` when it is not signaling. The local clients
 * only produce well-formed envelopes, but stored data is still treated as untrusted.
 */
export function parseEnvelope(payloadData: string): SignalingEnvelope | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(payloadData);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const { inviteID, actionType, inviter, inviteeList, data, timeout, groupID } = r;
  if (typeof inviteID !== 'string' || typeof actionType !== 'number') return undefined;
  return {
    businessID: 1,
    inviteID,
    inviter: typeof inviter === 'string' ? inviter : '',
    actionType,
    inviteeList: isStringArray(inviteeList) ? [...inviteeList] : [],
    data: typeof data === 'string' ? data : '',
    timeout: typeof timeout === 'number' && Number.isFinite(timeout) ? timeout : 0,
    groupID: typeof groupID === 'string' ? groupID : '',
  };
}

/** Serialises an envelope in the key order of the TSignaling library (wire-protocol §3.1). */
export function serializeEnvelope(env: SignalingEnvelope): string {
  return JSON.stringify({
    businessID: 1,
    inviteID: env.inviteID,
    inviter: env.inviter,
    actionType: env.actionType,
    inviteeList: env.inviteeList,
    data: env.data,
    timeout: env.timeout,
    groupID: env.groupID,
  });
}
