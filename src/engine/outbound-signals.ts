import type { SignalFact } from '../ports/signaling';
import type { CallDescriptor } from '../protocol/types';
import type { EngineCore } from './engine-core';
import { describe, descriptorOf, remember } from './engine-helpers';
import { CallErrorCode } from './errors';
import type { CallSnapshot } from './snapshot';

/** Signals several concerns send the same way: withdrawing, declining, busy answers, hangup records. */

/**
 * An invitation of ours was just sent: it is remembered as our own, unless the call it was for is over
 * by now (hung up, glare lost while it was on its way), in which case it is taken back and what waited
 * for it is dropped. Returns whether the call is still the one it was sent for.
 */
export function keepOwnInvite(
  core: EngineCore,
  inviteID: string,
  generation: number,
  call: CallDescriptor,
): boolean {
  core.inviteSettled();
  remember(core.ownInvites, inviteID);
  if (core.isCurrent(generation)) return true;
  void withdraw(core, inviteID, call);
  core.dropHeld();
  return false;
}

/** Takes back an invitation (consumed marker, then cancel); resolves whether Chat took the cancel. */
export async function withdraw(core: EngineCore, inviteID: string, call: CallDescriptor): Promise<boolean> {
  try {
    if (!call.group) await core.signaling.markConsumed(inviteID).catch((e) => core.debug('markConsumed', e));
    await core.signaling.cancel(inviteID, { type: 'cancel', call });
    return true;
  } catch (error) {
    // Refused because the callee's answer got there first: not a failure, the call was answered.
    if (core.hasHeld((f) => f.kind === 'accepted' && f.inviteID === inviteID)) return false;
    core.report(
      CallErrorCode.SIGNALING_SEND_FAIL,
      `could not cancel the invitation: ${describe(error)}`,
      error,
    );
    return false;
  }
}

/** Declines `inviteID`, unless another device (or the caller) handled it first: its answer stands. */
export async function sendReject(
  core: EngineCore,
  inviteID: string,
  call: CallDescriptor,
  single: boolean,
): Promise<void> {
  const won = await core.arbiter.mayAnswer(inviteID, single);
  if (!won) return;
  try {
    await core.signaling.reject(inviteID, { type: 'reject', call });
  } catch (error) {
    const failure = core.sendFailure('the reject', error);
    core.report(failure.code, failure.message, error);
    throw failure;
  }
}

/** Tells the inviter this user is busy (TUICallKit's line-busy reject, G). */
export function answerBusy(core: EngineCore, fact: Extract<SignalFact, { kind: 'invited' }>): void {
  const p = fact.payload;
  const call: CallDescriptor = {
    mediaType: p.mediaType ?? 'audio',
    roomId: p.roomId,
    strRoomId: p.strRoomId,
    inviter: fact.inviter,
    group: fact.groupID !== '',
  };
  void core.signaling
    .reject(fact.inviteID, { type: 'reject', call, busy: true })
    .catch((e) => core.debug('busy reject', e));
}

/** TUICallKit's hangup record K: the side that remains tells the peer (and chat history) the duration. */
export function sendHangupRecord(core: EngineCore, snap: CallSnapshot): void {
  const peer = snap.participants[0]?.userID;
  if (!peer) return;
  const durationSec =
    snap.connectedAt !== null && snap.endedAt !== null && snap.acceptedAt !== null
      ? Math.round((snap.endedAt - snap.acceptedAt) / 1000)
      : 0;
  void core.signaling
    .invite({ userID: peer }, { type: 'hangup', call: descriptorOf(snap), durationSec }, { timeout: 0 })
    .catch((e) => core.debug('hangup record', e));
}
