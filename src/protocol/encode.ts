import type { MediaType } from '../machine/types';
import type { CallDescriptor, OutboundSignal, WireCmd } from './types';

/** Fields of the inner `data` block that vary per message (wire-protocol §4.3). */
interface DataBlock {
  readonly cmd: WireCmd;
  /** `data.inviter`: the original caller, '' in switch messages. */
  readonly inviter: string;
  /** Whether `data.room_id` / `data.str_room_id` carry the room (else 0 / ''). */
  readonly carriesRoom: boolean;
  readonly exclude: boolean;
  readonly message?: string;
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** Fields of the outer object that vary per message. */
interface Envelope {
  /** Whether the top-level `room_id` carries the call's numeric room (else 0). */
  readonly topRoom: boolean;
  readonly callEnd?: number;
  readonly userData?: string;
  readonly markers?: Readonly<Record<string, string>>;
}

const mediaCmd = (media: MediaType): WireCmd => (media === 'video' ? 'videoCall' : 'audioCall');

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
  const platform = options?.platform ?? 'Web';
  const { call } = signal;
  const switchMarker = { switch_to_audio_call: 'switch_to_audio_call' };
  switch (signal.type) {
    case 'invite': {
      // Mid-call invitations (C) carry the current members and the call id inside data.
      const extra: Record<string, unknown> = {};
      if (signal.inCallUserIDs !== undefined) extra.inCallUserIDs = [...signal.inCallUserIDs];
      if (signal.initialCallId !== undefined) extra.initialCallId = signal.initialCallId;
      extra.userIDs = [...signal.userIDs];
      return build(
        call,
        platform,
        // Group invitations must stay visible in the group conversation (B), so no exclude flag.
        {
          cmd: mediaCmd(call.mediaType),
          inviter: call.inviter,
          carriesRoom: true,
          exclude: !call.group,
          extra,
        },
        { topRoom: true, userData: signal.userData },
      );
    }
    case 'accept':
      return build(
        call,
        platform,
        { cmd: '', inviter: call.inviter, carriesRoom: false, exclude: true },
        { topRoom: true },
      );
    case 'reject':
      if (signal.busy === true) {
        // G: the busy side names no room at all and marks the reject twice (old and new receivers).
        return build(
          call,
          platform,
          { cmd: '', inviter: call.inviter, carriesRoom: false, exclude: false, message: 'lineBusy' },
          { topRoom: false, markers: { line_busy: 'line_busy' } },
        );
      }
      return build(
        call,
        platform,
        { cmd: '', inviter: call.inviter, carriesRoom: false, exclude: call.group },
        { topRoom: true },
      );
    case 'cancel':
      return build(
        call,
        platform,
        { cmd: mediaCmd(call.mediaType), inviter: call.inviter, carriesRoom: false, exclude: false },
        { topRoom: true },
      );
    case 'hangup':
      return build(
        call,
        platform,
        { cmd: 'hangup', inviter: call.inviter, carriesRoom: true, exclude: call.group },
        { topRoom: true, callEnd: signal.durationSec },
      );
    case 'switchToAudio':
      return build(
        call,
        platform,
        { cmd: 'switchToAudio', inviter: '', carriesRoom: true, exclude: true },
        { topRoom: true, markers: switchMarker },
      );
    case 'switchAccept':
      return build(
        call,
        platform,
        { cmd: 'switchToAudio', inviter: '', carriesRoom: false, exclude: true },
        { topRoom: false, markers: switchMarker },
      );
  }
}

function build(
  call: CallDescriptor,
  platform: string,
  block: DataBlock,
  envelope: Envelope,
): Record<string, unknown> {
  // A string room replaces the numeric one everywhere (A-strRoom): room_id is then 0 at both levels.
  const numericRoom = call.strRoomId === '' ? call.roomId : 0;
  const data: Record<string, unknown> = {
    ...block.extra,
    cmd: block.cmd,
    inviter: block.inviter,
    message: block.message ?? '',
    room_id: block.carriesRoom ? numericRoom : 0,
    // Replies that repeat the room at the top level also keep a string room here (inferred: no
    // string-room reply was captured), since a string room has no top-level field of its own.
    str_room_id: block.carriesRoom || envelope.topRoom ? call.strRoomId : '',
  };
  // Presence alone matters to the Chat SDK (substring test, §3.10), so the key is omitted, never false.
  if (block.exclude) data.excludeFromHistoryMessage = true;
  return sortKeys({
    ...envelope.markers,
    businessID: 'av_call',
    call_end: envelope.callEnd ?? 0,
    call_type: call.mediaType === 'video' ? 2 : 1,
    data: sortKeys(data),
    platform,
    room_id: envelope.topRoom ? numericRoom : 0,
    userData: envelope.userData ?? '',
    version: 4,
  });
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
  const data = copy.data;
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    (data as Record<string, unknown>).consumed = true;
  } else {
    copy.data = { consumed: true };
  }
  return copy;
}
