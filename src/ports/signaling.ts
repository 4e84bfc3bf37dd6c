import type { CallPayload, OfflinePushInfo, OutboundSignal } from '../protocol/types';

export type { OutboundSignal };

export type InviteTarget =
  | { readonly userID: string }
  | { readonly groupID: string; readonly inviteeList: readonly string[] };

export interface InviteOptions {
  /** Seconds; 0 = no timer (hangup records). */
  readonly timeout: number;
  /** Push settings; invitations get the full A2 object, records and switches the A2 object with extension ''. */
  readonly offlinePushInfo?: OfflinePushInfo;
}

/**
 * Set on a follow-up (answer, cancel, time-out) whose inner data is empty or not TUICallKit data: why it
 * could not be read. Its envelope (inviteID, sender) is still Chat's and authoritative, so the engine
 * acts on it when it matches the current call; its `payload` then holds neutral defaults.
 */
export interface SparseReason {
  /** The decoder's failure code (`not-json`, `not-av-call`, …). */
  readonly code: string;
  readonly reason: string;
}

/** A fact reported by the signaling layer, already decoded and validated. */
export type SignalFact =
  | {
      readonly kind: 'invited';
      readonly inviteID: string;
      readonly inviter: string;
      readonly groupID: string;
      readonly inviteeList: readonly string[];
      readonly payload: CallPayload;
      /** Seconds, when the Chat event carries it (the local client does; the cloud SDK may not). */
      readonly timeout?: number;
    }
  | {
      readonly kind: 'accepted' | 'rejected';
      readonly inviteID: string;
      readonly inviter: string;
      readonly groupID: string;
      readonly invitee: string;
      readonly payload: CallPayload;
      readonly sparse?: SparseReason;
    }
  | {
      readonly kind: 'cancelled';
      readonly inviteID: string;
      readonly inviter: string;
      readonly groupID: string;
      readonly payload: CallPayload;
      readonly sparse?: SparseReason;
      /** The invitees still pending when it was withdrawn, when known (the message names them). */
      readonly inviteeList?: readonly string[];
    }
  | {
      readonly kind: 'timeout';
      readonly inviteID: string;
      readonly inviter: string;
      readonly groupID: string;
      readonly inviteeList: readonly string[];
      readonly isSelfTimeout: boolean;
      readonly payload: CallPayload;
      readonly sparse?: SparseReason;
    }
  | { readonly kind: 'modified'; readonly inviteID: string; readonly payload: CallPayload }
  /**
   * A group signaling message this device saw in the group conversation but does not hold (Chat
   * raises no signaling event for it): e.g. a mid-call invitation another member sent, and its answers.
   * Group members use it to keep everyone's participant list in step.
   */
  | { readonly kind: 'observed'; readonly of: ObservedSignal }
  /** An inbound message that was dropped (not av_call, newer version, malformed, …). */
  | { readonly kind: 'dropped'; readonly code: string; readonly reason: string; readonly inviteID?: string };

/** The group signals a device can observe: invitations (including hangup records) and their follow-ups. */
export type ObservedSignal = Extract<
  SignalFact,
  { kind: 'invited' | 'accepted' | 'rejected' | 'cancelled' | 'timeout' }
>;

/** Signaling port: what the engine needs from Chat signaling. Every method rejects on failure. */
export interface SignalingPort {
  /** Sends an invitation (`invite` / `inviteInGroup`) and resolves its inviteID. */
  invite(target: InviteTarget, signal: OutboundSignal, options: InviteOptions): Promise<string>;
  accept(inviteID: string, signal: OutboundSignal): Promise<void>;
  reject(inviteID: string, signal: OutboundSignal): Promise<void>;
  cancel(inviteID: string, signal: OutboundSignal): Promise<void>;
  /** Rewrites a known 1v1 invitation with `consumed: true` (golden E) through `modifyInvitation`. */
  markConsumed(inviteID: string): Promise<void>;
  /** Registers the single fact handler; returns a function that removes it. */
  listen(handler: (fact: SignalFact) => void): () => void;
  /** Removes every listener the adapter registered on the chat object. */
  destroy(): void;
}
