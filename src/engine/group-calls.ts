import { isPendingStatus, patchedPlaces, placeOf } from '../machine/context';
import type { CallEvent } from '../machine/events';
import { ABILITY } from '../ports/account';
import type { EngineCore } from './engine-core';
import {
  activeParticipants,
  descriptorOf,
  endedEarly,
  invalidParam,
  mediaError,
  NO_GROUP_CALLS,
  refused,
} from './engine-helpers';
import { CallError, CallErrorCode } from './errors';
import { readGroupCall } from './group-call-watch';
import type { MediaSession } from './media-session';
import { keepOwnInvite } from './outbound-signals';
import type { CallSnapshot } from './snapshot';
import {
  DEFAULT_GROUP_LIMIT,
  optionalPlainObject,
  optionalRoom,
  optionalTimeout,
  optionalUserData,
  requireGroupID,
  requireMediaType,
  requireUserIDList,
} from './validate';

/**
 * Group calls beyond placing them: inviting more users mid-call, joining a running call without an
 * invitation, leaving while the others go on, and the size limit.
 */
export class GroupCalls {
  readonly #core: EngineCore;
  readonly #media: MediaSession;
  readonly #maxParticipants: number;

  constructor(core: EngineCore, media: MediaSession) {
    this.#core = core;
    this.#media = media;
    this.#maxParticipants = core.options.maxGroupParticipants ?? DEFAULT_GROUP_LIMIT;
  }

  /**
   * Refuses (-1202) a call that would hold more than `maxGroupParticipants` people, this user included;
   * `others` counts everyone else it would hold.
   */
  checkLimit(others: number): void {
    if (others + 1 > this.#maxParticipants) {
      throw invalidParam(
        `a group call holds at most ${this.#maxParticipants} people, you included (maxGroupParticipants)`,
      );
    }
  }

  async inviteUser(p: Record<string, unknown>): Promise<{ invited: string[] }> {
    const core = this.#core;
    const requested = requireUserIDList(p.userIDList, core.selfId);
    const timeout = optionalTimeout(p.timeout, core.ringTimeoutS);
    const userData = p.userData === undefined ? undefined : optionalUserData(p.userData);
    const offlinePushInfo = optionalPlainObject(p.offlinePushInfo, 'offlinePushInfo');
    const snap = core.snapshot;
    if (snap.status !== 'accepted' && snap.status !== 'calling')
      throw refused(`cannot invite while ${snap.status}`);
    if (snap.scene !== 'group') {
      throw new CallError(
        CallErrorCode.SCENE_NOT_SUPPORTED,
        'inviting users is only supported in group calls',
      );
    }
    // Until the call's own invitation is out there is no callId to name, and an invitation without
    // one is a call of its own to the invitee.
    if (snap.callId === null && snap.status === 'calling') throw refused('the call is still being placed');
    const inCall = activeParticipants(snap);
    const invited = requested.filter((id) => !inCall.includes(id));
    if (invited.length === 0) return { invited };
    this.checkLimit(inCall.length + invited.length);
    await core.abilities.require(ABILITY.GROUP, CallErrorCode.PACKAGE_NOT_SUPPORTED, NO_GROUP_CALLS);
    const generation = core.generation;
    if (!core.isCurrent(generation) || core.snapshot.callId !== snap.callId) throw endedEarly('invited into');
    const call = core.descriptor();
    let inviteID: string;
    core.inviteStarted();
    try {
      inviteID = await core.signaling.invite(
        { groupID: snap.groupId, inviteeList: invited },
        {
          type: 'invite',
          call,
          userIDs: invited,
          userData: userData ?? snap.userData,
          inCallUserIDs: inCall,
          ...(snap.callId ? { initialCallId: snap.callId } : {}),
        },
        { timeout, ...(offlinePushInfo ? { offlinePushInfo } : {}) },
      );
    } catch (error) {
      core.inviteSettled();
      core.dropHeld();
      throw core.sendFailure('the invitation', error);
    }
    if (!keepOwnInvite(core, inviteID, generation, call)) throw endedEarly('invited into');
    this.noteInvitation(inviteID, core.selfId, invited, timeout);
    // Still calling: the call must not end under the new invitees while they ring.
    if (core.snapshot.status === 'calling') core.armSafetyNet(timeout, true);
    core.replayHeld();
    return { invited };
  }

  /** Enters an ongoing group call without an invitation (no signaling, as in TUICallKit). */
  async join(p: Record<string, unknown>): Promise<void> {
    const core = this.#core;
    const groupID = requireGroupID(p.groupID);
    const room = optionalRoom(p.roomID, p.strRoomID);
    if (!room) throw invalidParam('give the roomID or strRoomID of the call');
    const mediaType = requireMediaType(p.mediaType);
    const join = (callId: string | null, inCallIds: readonly string[]): CallEvent => ({
      type: 'JOIN',
      callId,
      at: core.now(),
      callerId: '',
      calleeIds: [],
      scene: 'group',
      groupId: groupID,
      mediaType,
      userData: '',
      inCallIds,
      ...room,
    });
    if (!core.can(join(null, []))) throw refused(`cannot join a call while ${core.snapshot.status}`);
    await core.abilities.require(ABILITY.GROUP, CallErrorCode.PACKAGE_NOT_SUPPORTED, NO_GROUP_CALLS);
    // The group's call info names the call and who is in it; joining works without it too.
    const info = await readGroupCall(core.account, groupID).catch(() => null);
    const known = info && info.roomId === room.roomId && info.strRoomId === room.strRoomId ? info : null;
    // Another device of this user is in the call: TRTC would kick it out of the room, and this device
    // knows nothing of the invitations still ringing, which would ring on for a call nobody is in.
    if (known?.userIDs.includes(core.selfId)) throw refused('this user is in the call on another device');
    if (!core.can(join(null, []))) throw refused(`cannot join a call while ${core.snapshot.status}`);
    const generation = ++core.generation;
    core.newCall(null);
    try {
      await this.#media.enter(room);
      await this.#media.capture(mediaType === 'video');
    } catch (error) {
      void this.#media.leave();
      throw mediaError(error);
    }
    if (generation !== core.generation || core.destroyed) throw endedEarly('joined');
    // In the room first, then in the call: media facts seen meanwhile are replayed on entering.
    core.send(join(known?.callId ?? null, known?.userIDs ?? []));
    const ignored = core.ignoredInvite;
    core.ignoredInvite = null;
    if (ignored && ignored.callId === known?.callId) void this.#answerIgnored(ignored.inviteID);
  }

  /** Accepts the invitation this device ignored, now that it joined that call by its room. */
  async #answerIgnored(inviteID: string): Promise<void> {
    const core = this.#core;
    if (!(await core.arbiter.mayAnswer(inviteID, false))) return;
    await core.signaling
      .accept(inviteID, { type: 'accept', call: core.descriptor() })
      .catch((e) => core.debug('accept', e));
  }

  /** Ends this device's part in the call; in a group call the others are told and continue (L). */
  async leave(): Promise<void> {
    const core = this.#core;
    const before = core.snapshot;
    core.send({ type: 'HANGUP', at: core.now() });
    const inCall = before.status === 'accepted';
    if (before.scene !== 'group' || (!inCall && before.status !== 'calling')) return;
    const call = descriptorOf(before);
    // Still calling: the first invitation was withdrawn already, mid-call ones may remain.
    const sends: Promise<unknown>[] = this.#withdrawPending(before, inCall ? null : before.callId);
    // Nobody answered yet while calling: the cancels say it all, no hangup record (TUICallKit).
    const members = inCall ? activeParticipants(before) : [];
    if (members.length > 0) {
      const durationSec =
        before.acceptedAt === null ? 0 : Math.max(0, Math.round((core.now() - before.acceptedAt) / 1000));
      sends.push(
        core.signaling.invite(
          { groupID: before.groupId, inviteeList: members },
          { type: 'hangup', call, durationSec },
          { timeout: 0 },
        ),
      );
    }
    for (const result of await Promise.allSettled(sends)) {
      if (result.status === 'rejected') core.debug('group hangup', result.reason);
    }
  }

  /**
   * A group call ended here without a hang-up (nobody came to the room, the device was kicked, the call
   * failed…): invitations this user sent that someone still rings for are withdrawn, as `leave()` does,
   * or they would ring on for a call this device is no longer in.
   */
  async endedWithoutLeaving(before: CallSnapshot): Promise<void> {
    for (const result of await Promise.allSettled(this.#withdrawPending(before, null))) {
      if (result.status === 'rejected') this.#core.debug('group withdraw', result.reason);
    }
  }

  /**
   * Cancels this user's invitations into the call `before` shows that someone still rings for
   * (TUICallKit: cancel only), except `skip` (already withdrawn).
   */
  #withdrawPending(before: CallSnapshot, skip: string | null): Promise<unknown>[] {
    const core = this.#core;
    const call = descriptorOf(before);
    const pending = new Set(
      before.participants.filter((p) => isPendingStatus(p.status)).map((p) => p.userID),
    );
    const sends: Promise<unknown>[] = [];
    for (const [inviteID, users] of core.callInvites) {
      if (inviteID !== skip && core.ownInvites.has(inviteID) && users.some((u) => pending.has(u)))
        sends.push(core.signaling.cancel(inviteID, { type: 'cancel', call }));
    }
    return sends;
  }

  /** Adds an invitation another member sent to the current call and watches it for no answer. */
  noteInvitation(
    inviteID: string,
    sender: string,
    userIDs: readonly string[],
    timeoutS = this.#core.ringTimeoutS,
  ): void {
    const core = this.#core;
    // Seen again (a mid-call invitee first learnt this id from `initialCallId`, with the members that
    // invitation named): keep those too, and their safety net.
    const known = core.callInvites.get(inviteID) ?? [];
    const all = [...new Set([...known, ...userIDs])];
    core.addInvitation(inviteID, sender, all);
    // Those it was already known to name, or seen to answer it, have answered it or still ring for it:
    // a late copy of the invitation does not invite them anew (as if someone who declined it rang again).
    const answered = core.answers.get(inviteID);
    const fresh = userIDs.filter((u) => !known.includes(u) && !answered?.has(u));
    // A joiner may not know the call id; events carry whatever this device has (null matches null).
    const callId = core.snapshot.callId as string;
    if (fresh.length > 0) core.send({ type: 'USERS_INVITED', callId, userIDs: fresh });
    core.expireInvitees(inviteID, all, timeoutS);
  }

  /**
   * Someone who accepted but never shows up in the media room (their device died between accept and
   * media) is counted as gone after `connectTimeout`, so the others are never stuck.
   */
  watchArrivals(prev: CallSnapshot, next: CallSnapshot): void {
    const core = this.#core;
    const wasIn = prev.status === 'accepted' && prev.callId === next.callId;
    if (wasIn && prev.participants === next.participants) return;
    // Same places in both lists (newcomers are appended), so compare by index; in a running call only
    // the places a fact patched (a big group hears N facts, and a walk each would make N²).
    const list = next.participants;
    const changed = wasIn ? patchedPlaces(prev.participants, list) : undefined;
    for (let k = 0; k < (changed ?? list).length; k++) {
      const i = changed ? changed[k]! : k;
      const p = list[i]!;
      const old = wasIn ? prev.participants[i] : undefined;
      if (old === p || old?.status === p.status) continue;
      if (p.status !== 'accepted') {
        if (old?.status === 'accepted') core.timers.clear(`arrive:${p.userID}`);
        continue;
      }
      const generation = core.generation;
      core.timers.set(`arrive:${p.userID}`, core.options.connectTimeout ?? 15_000, () => {
        const list = core.snapshot.participants;
        const now = list[placeOf(list, p.userID)];
        if (generation === core.generation && now?.status === 'accepted')
          core.send({ type: 'PEER_LEFT', userID: p.userID, at: core.now() });
      });
    }
  }
}
