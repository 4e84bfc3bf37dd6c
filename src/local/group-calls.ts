import type { GroupCallInfo } from '../protocol/group-call-info';
import { formatGroupCallInfo, GROUP_CALL_ATTRIBUTE } from '../protocol/group-call-info';
import { decodeCallData } from '../protocol/index';
import type { ChatHub } from './hub';
import type { ObservedInvitation } from './room-access';

interface OngoingCall {
  info: GroupCallInfo;
  readonly roomKey: string;
}

/**
 * Plays TUICallKit's backend for group call discovery (wire-protocol §9.10): when a group invitation
 * starts a call, the group's `inner_attr_kit_info` attribute announces it, its user list follows who is
 * in the media room, and the attribute goes away when the room empties. Engines only read it.
 */
export class GroupCallDirectory {
  readonly #hub: ChatHub;
  readonly #calls = new Map<string, OngoingCall>();
  readonly #members = new Map<string, string[]>();

  constructor(hub: ChatHub) {
    this.#hub = hub;
  }

  /** The Chat server took an invitation: a group one may start a call. */
  onInvite({ groupID, envelope: env }: ObservedInvitation): void {
    if (groupID === '') return;
    const decoded = decodeCallData(env.data);
    if (!decoded.ok) return;
    const p = decoded.payload;
    if (p.cmd !== 'audioCall' && p.cmd !== 'videoCall') return;
    const roomKey = p.strRoomId !== '' ? `s:${p.strRoomId}` : `n:${p.roomId}`;
    const current = this.#calls.get(groupID);
    // A mid-call invitation keeps the call it belongs to; anything else announces a new call.
    if (current?.roomKey === roomKey) return;
    const inRoom = this.#members.get(roomKey) ?? [];
    const call: OngoingCall = {
      roomKey,
      info: {
        callId: p.initialCallId ?? env.inviteID,
        groupId: groupID,
        roomId: p.strRoomId !== '' ? 0 : p.roomId,
        strRoomId: p.strRoomId,
        mediaType: p.mediaType ?? 'audio',
        userIDs: inRoom.length > 0 ? inRoom : [env.inviter],
      },
    };
    this.#calls.set(groupID, call);
    this.#publish(groupID, call);
  }

  /** The room registry's view of a room changed. */
  onMembership(key: string, userIds: readonly string[]): void {
    if (userIds.length === 0) this.#members.delete(key);
    else this.#members.set(key, [...userIds]);
    for (const [groupID, call] of [...this.#calls]) {
      if (call.roomKey !== key) continue;
      if (userIds.length === 0) {
        this.#calls.delete(groupID);
        this.#hub.setGroupAttribute(groupID, GROUP_CALL_ATTRIBUTE, undefined);
        continue;
      }
      call.info = { ...call.info, userIDs: [...userIds] };
      this.#publish(groupID, call);
    }
  }

  #publish(groupID: string, call: OngoingCall): void {
    this.#hub.setGroupAttribute(groupID, GROUP_CALL_ATTRIBUTE, formatGroupCallInfo(call.info));
  }
}
