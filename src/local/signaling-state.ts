import { SIGNALING_ACTION, SIGNALING_EVENT } from '../tencent/chat-types';
import type { Draft, MessageMeta } from './hub';
import type { LocalMessage, SignalingEnvelope } from './messages';
import { serializeEnvelope } from './messages';
import type { TimerGroup, TimerHandle } from './scheduler';

/** What the per-session invitation state needs from its chat client. */
export interface SignalingHost {
  readonly userID: string;
  now(): number;
  readonly timers: TimerGroup;
  /** Raises a signaling event on this instance. */
  emit(name: string, data: object): void;
  /** Sends a message; resolves with it once acknowledged, or `undefined` when the session ended. */
  send(draft: Draft): Promise<LocalMessage | undefined>;
}

/** An invitation this instance knows (`_inviteInfoMap` in the Chat SDK). */
export interface HeldInvitation {
  readonly inviteID: string;
  readonly inviter: string;
  readonly groupID: string;
  /** The invitees as first invited. */
  readonly inviteeList: readonly string[];
  readonly timeout: number;
  /** The invitation message, for `modifyInvitation`. */
  readonly source: MessageMeta;
  /** Current inner data (changed by `modifyInvitation`). */
  data: string;
  /** Version of the stored message this device last saw; modifications must be based on it. */
  version: number;
  /** Invitees that have not accepted, rejected or timed out yet. */
  pending: string[];
  timer: TimerHandle | undefined;
  timerRole: 'inviter' | 'invitee' | undefined;
}

/** Extra time the inviter waits beyond the invitation timeout (wire-protocol §3.6). */
const INVITER_GRACE_MS = 5000;

/**
 * Invitation bookkeeping of one logged-in session, mirroring the Chat SDK's signaling module: which
 * invitations are held, who is still pending, the time-out timers on both sides, and which events the
 * incoming messages raise. State lives only in memory, like the SDK's.
 */
export class SignalingState {
  readonly #host: SignalingHost;
  readonly #held = new Map<string, HeldInvitation>();

  constructor(host: SignalingHost) {
    this.#host = host;
  }

  get(inviteID: string): HeldInvitation | undefined {
    return this.#held.get(inviteID);
  }

  /** Drops everything (logout); in-flight timers are cancelled. */
  clear(): void {
    for (const held of this.#held.values()) held.timer?.cancel();
    this.#held.clear();
  }

  #hold(env: SignalingEnvelope, source: MessageMeta): HeldInvitation {
    const held: HeldInvitation = {
      inviteID: env.inviteID,
      inviter: env.inviter,
      groupID: env.groupID,
      inviteeList: [...env.inviteeList],
      timeout: env.timeout,
      source,
      data: env.data,
      version: source.version,
      pending: [...env.inviteeList],
      timer: undefined,
      timerRole: undefined,
    };
    this.#held.set(env.inviteID, held);
    return held;
  }

  #forget(inviteID: string): void {
    this.#held.get(inviteID)?.timer?.cancel();
    this.#held.delete(inviteID);
  }

  /** `updateInviteInfo`: a C2C invitation is done; a group one loses these invitees, and ends when empty. */
  #remove(held: HeldInvitation, invitees: readonly string[]): void {
    if (held.groupID !== '') held.pending = held.pending.filter((u) => !invitees.includes(u));
    if (held.groupID === '' || held.pending.length === 0) {
      this.#forget(held.inviteID);
      return;
    }
    if (held.timerRole === 'invitee' && !held.pending.includes(this.#host.userID)) {
      held.timer?.cancel();
      held.timer = undefined;
    }
  }

  #arm(held: HeldInvitation, ms: number, role: 'inviter' | 'invitee'): void {
    held.timer?.cancel();
    held.timerRole = role;
    held.timer = this.#host.timers.schedule(() => this.#expire(held, role), ms);
  }

  /** This device's own invitation was acknowledged: hold it and arm the inviter timer (timeout + 5 s). */
  holdOwn(env: SignalingEnvelope, source: MessageMeta): void {
    const held = this.#hold(env, source);
    if (env.timeout > 0) this.#arm(held, env.timeout * 1000 + INVITER_GRACE_MS, 'inviter');
  }

  /** This device's own accept / reject / cancel was acknowledged. */
  settle(inviteID: string, action: 'accept' | 'reject' | 'cancel'): void {
    const held = this.#held.get(inviteID);
    if (held === undefined) return;
    if (action === 'accept') this.#remove(held, [this.#host.userID]);
    else this.#forget(inviteID);
  }

  /** This device's own `modifyInvitation` was acknowledged. */
  setData(inviteID: string, data: string, version: number): void {
    const held = this.#held.get(inviteID);
    if (!held) return;
    held.data = data;
    held.version = version;
  }

  #expire(held: HeldInvitation, role: 'inviter' | 'invitee'): void {
    if (this.#held.get(held.inviteID) !== held) return;
    held.timer = undefined;
    const me = this.#host.userID;
    const group = held.groupID !== '';
    const stillPending = !group || (role === 'inviter' ? held.pending.length > 0 : held.pending.includes(me));
    if (!stillPending) return;
    const env: SignalingEnvelope = {
      businessID: 1,
      inviteID: held.inviteID,
      inviter: held.inviter,
      actionType: SIGNALING_ACTION.INVITE_TIMEOUT,
      inviteeList: role === 'inviter' ? [...held.pending] : [me],
      // The Chat SDK copies the held invitation's data, not anything the caller passes (§3.6).
      data: held.data,
      timeout: 0,
      groupID: held.groupID,
    };
    const to = group ? held.groupID : role === 'inviter' ? (held.pending[0] ?? '') : held.inviter;
    const draft: Draft = {
      conversationType: group ? 'GROUP' : 'C2C',
      to,
      payloadData: serializeEnvelope(env),
      onlineUserOnly: held.source.onlineUserOnly,
    };
    this.#host.send(draft).then(
      (message) => {
        if (message === undefined) return;
        if (role === 'inviter') this.#forget(held.inviteID);
        else if (this.#held.get(held.inviteID) === held) this.#remove(held, [me]);
        const { inviteID, inviter, groupID, data, inviteeList } = env;
        this.#host.emit(SIGNALING_EVENT.INVITATION_TIMEOUT, {
          inviteID,
          inviter,
          groupID,
          data,
          inviteeList,
          isSelfTimeout: true,
          message,
        });
      },
      () => undefined,
    );
  }

  /** A signaling message arrived (live, synced from another own device, or replayed from history). */
  receive(env: SignalingEnvelope, meta: MessageMeta): void {
    const me = this.#host.userID;
    const base = { inviteID: env.inviteID, inviter: env.inviter, groupID: env.groupID, data: env.data };
    if (env.actionType === SIGNALING_ACTION.INVITE) {
      // Group invitations concern only the listed invitees (and the inviter's other devices).
      if (env.groupID !== '' && !env.inviteeList.includes(me) && env.inviter !== me) return;
      // A repeated invitation (duplicate delivery, or a replay of one already known) is skipped.
      if (this.#held.has(env.inviteID)) return;
      const held = this.#hold(env, meta);
      // No timer for own invitations synced from another device: that device runs the inviter timer.
      if (env.inviter !== me && env.timeout > 0) {
        const elapsed = this.#host.now() - meta.serverTime;
        this.#arm(held, Math.max(0, env.timeout * 1000 - elapsed), 'invitee');
      }
      this.#host.emit(SIGNALING_EVENT.NEW_INVITATION_RECEIVED, {
        ...base,
        inviteeList: [...env.inviteeList],
        // Not in the cloud SDK's payload: lets the engine's safety net match the real ring time.
        timeout: env.timeout,
      });
      return;
    }
    // Follow-ups only matter to an instance that holds the invitation (`hasInviteInfo`).
    const held = this.#held.get(env.inviteID);
    if (held === undefined) return;
    switch (env.actionType) {
      case SIGNALING_ACTION.ACCEPT_INVITE:
      case SIGNALING_ACTION.REJECT_INVITE: {
        this.#remove(held, env.inviteeList.slice(0, 1));
        const name =
          env.actionType === SIGNALING_ACTION.ACCEPT_INVITE
            ? SIGNALING_EVENT.INVITEE_ACCEPTED
            : SIGNALING_EVENT.INVITEE_REJECTED;
        this.#host.emit(name, { ...base, invitee: env.inviteeList[0] ?? '' });
        return;
      }
      case SIGNALING_ACTION.CANCEL_INVITE:
        this.#forget(env.inviteID);
        this.#host.emit(SIGNALING_EVENT.INVITATION_CANCELLED, base);
        return;
      case SIGNALING_ACTION.INVITE_TIMEOUT:
        this.#remove(held, env.inviteeList);
        this.#host.emit(SIGNALING_EVENT.INVITATION_TIMEOUT, {
          ...base,
          inviteeList: [...env.inviteeList],
          isSelfTimeout: false,
        });
        return;
    }
  }

  /** Another device rewrote a stored invitation. */
  receiveModified(env: SignalingEnvelope, meta: MessageMeta): void {
    const held = this.#held.get(env.inviteID);
    if (held === undefined) return;
    held.data = env.data;
    held.version = Math.max(held.version, meta.version);
    this.#host.emit(SIGNALING_EVENT.INVITATION_MODIFIED, { inviteID: env.inviteID, data: env.data });
  }
}
