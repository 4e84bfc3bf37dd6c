import type { CallEvent } from '../machine/events';
import { ABILITY } from '../ports/account';
import type { EngineCore } from './engine-core';
import { describe, endedEarly, mediaError, NO_GROUP_CALLS, refused } from './engine-helpers';
import { CallError, CallErrorCode } from './errors';
import type { MediaSession } from './media-session';
import type { CallResult } from './options';
import { keepOwnInvite, withdraw } from './outbound-signals';
import {
  MAX_NUMERIC_ROOM,
  optionalPlainObject,
  optionalRoom,
  optionalTimeout,
  optionalUserData,
  requireMediaType,
} from './validate';

/**
 * Calls this device places (1v1 and group): the checks before dialing, the room, the invitation, and
 * taking it back when the user hangs up before anyone answered.
 */
export class OutgoingCalls {
  readonly #core: EngineCore;
  readonly #media: MediaSession;
  /** Set while `place` runs its checks, before the call exists; `abortDialing` clears it. */
  #dialing: object | null = null;
  /** The outgoing invitation being cancelled right now: answers to it wait for the outcome. */
  cancelling: string | null = null;

  constructor(core: EngineCore, media: MediaSession) {
    this.#core = core;
    this.#media = media;
  }

  /** Places a 1v1 (`groupID` '') or group call: checks, room, invitation. */
  async place(p: Record<string, unknown>, userIDs: string[], groupID: string): Promise<CallResult> {
    const core = this.#core;
    const mediaType = requireMediaType(p.mediaType);
    const timeout = optionalTimeout(p.timeout, optionalTimeout(core.options.timeout, 30));
    const userData = optionalUserData(p.userData);
    const offlinePushInfo = optionalPlainObject(p.offlinePushInfo, 'offlinePushInfo');
    const room = optionalRoom(p.roomID, p.strRoomID) ?? { roomId: this.#randomRoom(), strRoomId: '' };
    const dial: CallEvent = {
      type: 'DIAL',
      at: core.now(),
      callerId: core.selfId,
      calleeIds: userIDs,
      scene: groupID ? 'group' : 'single',
      groupId: groupID,
      mediaType,
      userData,
      ...room,
    };
    if (!core.can(dial)) throw refused(`cannot place a call while ${core.snapshot.status}`);
    const dialing = {};
    this.#dialing = dialing;
    await core.abilities.require(
      ABILITY.BASE,
      CallErrorCode.PACKAGE_NOT_PURCHASED,
      'no call package: 1v1 calls are not purchased',
    );
    if (groupID)
      await core.abilities.require(ABILITY.GROUP, CallErrorCode.PACKAGE_NOT_SUPPORTED, NO_GROUP_CALLS);
    if (core.multiDevice && (await core.arbiter.selfStatus()) !== '') {
      throw refused('the user is in a call on another device');
    }
    // The checks above took time: the user may have hung up, or a call may have arrived, meanwhile.
    if (this.#dialing !== dialing) throw endedEarly('placed');
    this.#dialing = null;
    if (!core.can(dial)) throw refused(`cannot place a call while ${core.snapshot.status}`);
    core.ringTimeoutS = timeout;
    const generation = ++core.generation;
    core.newCall(null);
    core.send(dial);
    const call = core.descriptor();
    try {
      await this.#media.enter(room);
      // No microphone or no permission: fail before anyone rings.
      await this.#media.capture(mediaType === 'video');
    } catch (error) {
      const failure = mediaError(error);
      if (core.isCurrent(generation)) core.fail(failure.code, failure.message, error);
      throw failure;
    }
    if (!core.isCurrent(generation)) throw endedEarly('placed');
    let inviteID: string;
    core.inviteStarted();
    try {
      inviteID = await core.signaling.invite(
        groupID ? { groupID, inviteeList: userIDs } : { userID: userIDs[0]! },
        { type: 'invite', call, userIDs, userData },
        { timeout, ...(offlinePushInfo ? { offlinePushInfo } : {}) },
      );
    } catch (error) {
      core.inviteSettled();
      const code = (error as { code?: unknown } | null)?.code;
      // Chat's "no such group" (10010) and "not a member" (10007): TUICallKit answers -1202.
      const failure = new CallError(
        code === 10010 || code === 10007 ? CallErrorCode.PARAM_INVALID : CallErrorCode.SIGNALING_SEND_FAIL,
        `could not send the invitation: ${describe(error)}`,
        error,
      );
      if (core.isCurrent(generation)) core.fail(failure.code, failure.message, error);
      core.dropHeld();
      throw failure;
    }
    if (!keepOwnInvite(core, inviteID, generation, call)) throw endedEarly('placed');
    core.send({ type: 'INVITE_SENT', callId: inviteID });
    // The invitees are in the call's list already (DIAL); a group call also watches them for no answer.
    core.addInvitation(inviteID, core.selfId, userIDs);
    if (groupID) core.expireInvitees(inviteID, userIDs, timeout);
    core.replayHeld();
    return { callId: inviteID };
  }

  /** `place` may still be checking the edition or the user status: stop it before it dials. */
  abortDialing(): void {
    this.#dialing = null;
  }

  /**
   * Hang-up while calling. TUICallKit order: consumed marker, cancel, then leave the room and end, so
   * the callee hears of the cancel before it sees the caller leave. An accept that reached Chat before
   * our cancel makes this an ordinary hang-up of an answered call, the same outcome the callee sees.
   */
  async cancel(): Promise<void> {
    const core = this.#core;
    const snap = core.snapshot;
    if (!snap.callId) return;
    // Answers arriving while the cancel is on its way are held: if Chat takes the cancel, the callee
    // gets it and ends as canceled too, so that answer is dropped; if Chat refuses it, the answer got
    // there first and stands.
    this.cancelling = snap.callId;
    const cancelled = await withdraw(core, snap.callId, core.descriptor());
    this.cancelling = null;
    for (const fact of core.takeHeld()) {
      if (!cancelled || !('inviteID' in fact) || fact.inviteID !== snap.callId) core.dispatch(fact);
    }
  }

  #randomRoom(): number {
    const random = this.#core.options.random ?? Math.random;
    return 1 + Math.floor(random() * (MAX_NUMERIC_ROOM - 1));
  }
}
