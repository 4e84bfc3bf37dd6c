import { type ClientFrame, FRAME_ERROR } from '../local/frames';
import type { LocalNetwork } from '../local/network';
import type { FrameProblem } from './frame-validation';

/**
 * What a logged-in device may do beyond acting as its own user. Identity needs no check here: no frame
 * names the user it acts as — the server runs each session's Chat and TRTC clients as the user the
 * `hello` proved, so invitations, answers, status and room seats always carry that user. Chat itself
 * then refuses accepting, rejecting or cancelling an invitation this user is not part of (8010 / 8011),
 * and `rtc-signal` / `rtc-quality` only reach the sender's own room. What is left:
 *
 * - `rtc-enter`: only a room the network's room rule admits the user to (a call it is part of, a group
 *   calling in it, or a fresh room, see `LocalNetwork.admitToRoom`);
 * - `createGroup`: the creator must be a member of the new group, and an existing group can only be
 *   replaced by one of its members (else anyone could join a group and then its calls).
 *
 * Returns the `error` frame to answer with, or `undefined` when the frame may proceed.
 */
export function authorizeFrame(
  network: LocalNetwork,
  userID: string,
  frame: ClientFrame,
): FrameProblem | undefined {
  if (frame.type === 'rtc-enter') {
    if (network.admitToRoom(userID, frame.room)) return undefined;
    const room = frame.room.roomId ?? JSON.stringify(frame.room.strRoomId);
    return forbidden(frame.id, `rtc-enter: ${userID} is not part of the call in room ${room}`);
  }
  if (frame.type === 'chat' && frame.method === 'createGroup') {
    const [groupID, members] = frame.args;
    // A malformed call is left to the Chat RPC, which answers it with Chat's invalid-parameter code.
    if (typeof groupID !== 'string' || !Array.isArray(members)) return undefined;
    if (!members.includes(userID)) {
      return forbidden(frame.id, `createGroup: ${userID} must be a member of the group it creates`);
    }
    const current = network.groupMembers(groupID);
    if (current !== undefined && !current.includes(userID)) {
      return forbidden(frame.id, `createGroup: group ${groupID} exists and ${userID} is not a member`);
    }
  }
  return undefined;
}

const forbidden = (id: number, message: string): FrameProblem => ({
  id,
  code: FRAME_ERROR.FORBIDDEN,
  message,
});
