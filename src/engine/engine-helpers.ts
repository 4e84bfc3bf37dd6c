import { FINAL_PARTICIPANT_STATUSES } from '../machine/context';
import type { DeviceKind } from '../ports/media';
import type { CallDescriptor } from '../protocol/types';
import { deviceFailureOf } from './device-failure';
import { CallError, CallErrorCode } from './errors';
import type { CallSnapshot } from './snapshot';

/** Small pure helpers of the engine facade: call descriptors, participant sets and command errors. */

export const NO_GROUP_CALLS = 'group calls need a group-call edition';

export function descriptorOf(snap: CallSnapshot): CallDescriptor {
  return {
    mediaType: snap.mediaType,
    roomId: snap.roomId,
    strRoomId: snap.strRoomId,
    inviter: snap.callerId,
    group: snap.scene === 'group',
  };
}

/** Everyone else who is in the call or may still join it. */
export function activeParticipants(snap: CallSnapshot): string[] {
  return snap.participants.filter((p) => !FINAL_PARTICIPANT_STATUSES.has(p.status)).map((p) => p.userID);
}

/** A media failure as a CallError: -1101 without permission, else `code`. */
export function mediaError(error: unknown, code: number = CallErrorCode.MEDIA_FAILED): CallError {
  if (error instanceof CallError) return error;
  const permission = deviceFailureOf(error) === 'permission';
  return new CallError(
    permission ? CallErrorCode.PERMISSION_DENIED : code,
    permission ? 'no permission to use the camera or microphone' : `media failed: ${describe(error)}`,
    error,
  );
}

export function requireDeviceKind(kind: unknown): DeviceKind {
  if (kind !== 'camera' && kind !== 'microphone' && kind !== 'speaker')
    throw invalidParam("kind must be 'camera', 'microphone' or 'speaker'");
  return kind;
}

export function refused(message: string): CallError {
  return new CallError(CallErrorCode.REQUEST_REFUSED, message);
}

export function endedEarly(what: 'accepted' | 'placed' | 'joined' | 'invited into'): CallError {
  return refused(`the call ended before it could be ${what}`);
}

export function repeated(message: string): CallError {
  return new CallError(CallErrorCode.REQUEST_REPEATED, message);
}

export function invalidParam(message: string): CallError {
  return new CallError(CallErrorCode.PARAM_INVALID, message);
}

/**
 * How many inviteIDs an engine remembers per kind (its own, those it ignored): far more than can be in
 * play at once, few enough that a long-lived engine does not grow with every call.
 */
const REMEMBERED_INVITES = 64;

/** Adds to an insertion-ordered set that forgets its oldest entry beyond {@link REMEMBERED_INVITES}. */
export function remember(set: Set<string>, inviteID: string): void {
  set.delete(inviteID);
  set.add(inviteID);
  if (set.size > REMEMBERED_INVITES) set.delete(set.values().next().value as string);
}

export function describe(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

/** Whether a signal's call data names the TRTC room of `snap`'s call. */
export function sameRoom(
  snap: { roomId: number; strRoomId: string },
  payload: { roomId: number; strRoomId: string },
): boolean {
  return snap.strRoomId !== '' ? snap.strRoomId === payload.strRoomId : snap.roomId === payload.roomId;
}
