import type { MediaType } from '../machine/types';
import { fieldsOf } from './util';

/** The Chat group attribute in which TUICallKit's backend publishes a group's ongoing call (§9.10). */
export const GROUP_CALL_ATTRIBUTE = 'inner_attr_kit_info';

/** An ongoing group call, as announced in the group's `inner_attr_kit_info` attribute. */
export interface GroupCallInfo {
  /** The call id (the first invitation's inviteID). */
  readonly callId: string;
  readonly groupId: string;
  /** Numeric TRTC room, 0 when the call uses a string room. */
  readonly roomId: number;
  /** String TRTC room, '' when the call uses a numeric room. */
  readonly strRoomId: string;
  readonly mediaType: MediaType;
  /** Users in the call right now. */
  readonly userIDs: readonly string[];
}

/**
 * Reads the attribute value `{call_id, group_id, room_id, room_id_type, call_media_type, user_list}`.
 * It is untrusted input: anything malformed gives `null` (no usable call), never an exception.
 * `room_id_type` 2 marks a string room (inferred from the UIKit, which passes either to join).
 */
export function parseGroupCallInfo(value: unknown): GroupCallInfo | null {
  if (typeof value !== 'string' || value === '') return null;
  let raw: Record<string, unknown>;
  try {
    raw = fieldsOf(JSON.parse(value));
  } catch {
    return null;
  }
  const { call_id, group_id, room_id, room_id_type, call_media_type, user_list } = raw;
  if (typeof call_id !== 'string' || typeof group_id !== 'string') return null;
  const stringRoom = room_id_type === 2 || typeof room_id === 'string';
  const roomId = stringRoom ? 0 : Number(room_id);
  const strRoomId = stringRoom ? String(room_id ?? '') : '';
  if (stringRoom ? strRoomId === '' : !Number.isInteger(roomId) || roomId < 1) return null;
  const users = Array.isArray(user_list) ? user_list : [];
  return {
    callId: call_id,
    groupId: group_id,
    roomId,
    strRoomId,
    mediaType: call_media_type === 'video' ? 'video' : 'audio',
    userIDs: users
      .map((u) => fieldsOf(u).userid)
      .filter((id): id is string => typeof id === 'string' && id !== ''),
  };
}

/** Writes the attribute value (used by the local backend, which plays TUICallKit's server here). */
export function formatGroupCallInfo(info: GroupCallInfo): string {
  return JSON.stringify({
    call_id: info.callId,
    group_id: info.groupId,
    room_id: info.strRoomId !== '' ? info.strRoomId : info.roomId,
    room_id_type: info.strRoomId !== '' ? 2 : 1,
    call_media_type: info.mediaType,
    user_list: info.userIDs.map((userid) => ({ userid })),
  });
}
