import type { OutboundSignal } from './types';
import { fieldsOf } from './util';

/**
 * Builds the version-4 inner data object of an outbound signal, field for field as the official
 * 3.3.4 core sends it (golden payloads A–N, wire-protocol §4.3). Keys are inserted in the core's
 * alphabetical order so `serializeCallData` output only differs from a capture by `platform`
 * and the trailing newline.
 *
 * @param signal what to send, described by meaning.
 * @param options.platform the free-text `platform` field; receivers ignore it. Defaults to `'Web'`.
 * @returns a fresh plain object, ready for {@link serializeCallData}.
 */
export function encodeSignal(
  signal: OutboundSignal,
  options?: { platform?: string },
): Record<string, unknown> {
  const { call } = signal;
  const mediaCmd = `${call.mediaType}Call` as const;
  // A string room replaces the numeric one everywhere (A-strRoom): room_id is then 0 at both levels.
  const room = call.strRoomId === '' ? call.roomId : 0;
  // What most messages carry; each message below overrides what differs from it.
  const top: Record<string, unknown> = {
    businessID: 'av_call',
    call_end: 0,
    call_type: call.mediaType === 'video' ? 2 : 1,
    platform: options?.platform ?? 'Web',
    room_id: room,
    userData: '',
    version: 4,
  };
  const data: Record<string, unknown> = {
    cmd: '',
    inviter: call.inviter,
    message: '',
    room_id: 0,
    // Replies that repeat the room at the top level also keep a string room here (inferred: no
    // string-room reply was captured), since a string room has no top-level field of its own.
    str_room_id: call.strRoomId,
  };
  // Presence alone matters to the Chat SDK (substring test, §3.10), so the key is omitted, never false.
  let exclude = true;
  // G and N name no room at all.
  const roomless = (): void => {
    top.room_id = 0;
    data.str_room_id = '';
  };
  switch (signal.type) {
    case 'invite':
      // Mid-call invitations (C) carry the current members and the call id inside data.
      if (signal.inCallUserIDs !== undefined) data.inCallUserIDs = [...signal.inCallUserIDs];
      if (signal.initialCallId !== undefined) data.initialCallId = signal.initialCallId;
      data.userIDs = [...signal.userIDs];
      data.cmd = mediaCmd;
      data.room_id = room;
      top.userData = signal.userData;
      // Group invitations must stay visible in the group conversation (B).
      exclude = !call.group;
      break;
    case 'reject':
      exclude = call.group;
      if (signal.busy === true) {
        // G: the busy side marks the reject twice (old and new receivers).
        roomless();
        data.message = 'lineBusy';
        top.line_busy = 'line_busy';
        exclude = false;
      }
      break;
    case 'cancel':
      data.cmd = mediaCmd;
      exclude = false;
      break;
    case 'hangup':
      data.cmd = 'hangup';
      data.room_id = room;
      top.call_end = signal.durationSec;
      exclude = call.group;
      break;
    case 'switchToAudio':
    case 'switchAccept':
      data.cmd = 'switchToAudio';
      data.inviter = '';
      top.switch_to_audio_call = 'switch_to_audio_call';
      if (signal.type === 'switchToAudio') data.room_id = room;
      else roomless();
  }
  if (exclude) data.excludeFromHistoryMessage = true;
  top.data = sortKeys(data);
  return sortKeys(top);
}

/** Shallow copy with keys in the core's (jsoncpp) alphabetical order, to make diffs against captures trivial. */
function sortKeys(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj).sort()) out[key] = obj[key];
  return out;
}

/**
 * Serialises inner data for the Chat SDK's `data` parameter. Plain `JSON.stringify` is accepted
 * by official receivers (wire-protocol §4.2); key order and the core's trailing newline carry no meaning.
 */
export function serializeCallData(obj: Record<string, unknown>): string {
  return JSON.stringify(obj);
}

/**
 * Returns a deep copy of received or sent inner data with `data.consumed = true` (golden E), for
 * `modifyInvitation` before a 1v1 invitation is accepted, rejected or cancelled, so that devices
 * replaying history do not ring again (wire-protocol §3.9). Every other field, including the
 * original `platform`, is kept.
 */
export function markConsumed(raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  // A JSON round trip is enough (the input came from JSON) and works where structuredClone is missing.
  const copy = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
  copy.data = { ...fieldsOf(copy.data), consumed: true };
  return copy;
}
