import type { MediaType } from '../machine/types';
import type { CallPayload, DecodeFailure, DecodeResult, WireCmd } from './types';
import {
  asString,
  type Check,
  FieldError,
  type Fields,
  field,
  isFiniteNumber,
  isRecord,
  isString,
  OBJECT,
  STRING,
  STRINGS,
} from './util';

/** `call_type` → media type; 0 means none. */
const MEDIA = [undefined, 'audio', 'video'] as const;

const NUMBER: Check<number> = [isFiniteNumber, 'a number'];
const CALL_TYPE: Check<0 | 1 | 2> = [(v): v is 0 | 1 | 2 => v === 0 || v === 1 || v === 2, '0, 1 or 2'];
const CMD: Check<WireCmd> = [
  (v): v is WireCmd =>
    (['audioCall', 'videoCall', 'hangup', 'switchToAudio', 'switchToVideo', ''] as unknown[]).includes(v),
  'a known command',
];
/** TRTC's numeric room range is 32-bit unsigned; anything else is not a room (wire-protocol §11). */
const ROOM: Check<number> = [
  (v): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 4294967295,
  'a 32-bit unsigned integer',
];
/** trtc-sdk-v5 limit for `strRoomId`, in UTF-8 bytes. */
const STR_ROOM: Check<string> = [
  (v): v is string => isString(v) && new TextEncoder().encode(v).length <= 64,
  'a string of up to 64 UTF-8 bytes',
];

const fail = (code: DecodeFailure, reason: string): DecodeResult => ({ ok: false, code, reason });

/**
 * Decodes TUICallKit inner call data (version 4 and the pre-v4 shape) with the tolerant rules of
 * wire-protocol §7: key order, extra keys, `platform` and a trailing newline are insignificant, and
 * fields that older producers put at the top level or inside `data` are read from either place.
 * The input comes from the network, so every field is type-checked before use.
 *
 * Never throws.
 *
 * @param input the Chat signaling `data` string, or an already parsed plain object.
 * @returns the normalised payload, or a failure code with a human-readable reason.
 */
export function decodeCallData(input: unknown): DecodeResult {
  try {
    let raw = input;
    if (isString(input)) {
      try {
        // JSON.parse already ignores surrounding whitespace, including the core's trailing "\n".
        raw = JSON.parse(input);
      } catch {
        return fail('not-json', 'The call data is not valid JSON.');
      }
    } else if (!isRecord(input) || ![Object.prototype, null].includes(Object.getPrototypeOf(input))) {
      return fail('not-json', 'The call data is not a string or a plain object.');
    }
    if (!isRecord(raw)) return fail('not-object', 'The call data is not a JSON object.');

    // iOS TUICalling reads a missing version as 0, i.e. old and acceptable.
    const version = field(raw, 'version', NUMBER) ?? 0;
    const mediaType = MEDIA[field(raw, 'call_type', CALL_TYPE) ?? 0];
    const block = field(raw, 'data', OBJECT);
    // Pre-v4 messages have no data block; TUICalling derives it from the top-level markers (§7.3).
    const data = block ?? legacyData(raw, mediaType);
    const { businessID } = raw;
    // Pre-v4 senders may omit businessID; the message counts as a call when a command could be derived.
    if (businessID !== 'av_call' && !(block === undefined && businessID === undefined && data.cmd !== '')) {
      return fail('not-av-call', 'The businessID is not av_call.');
    }
    if (version > 4) return fail('unsupported-version', `Version ${version} is newer than 4.`);

    const inner = <T>(key: string, check: Check<T>) => field(data, key, check, `data.${key}`);
    // Each key is read and checked at both levels, even when one wins, so a malformed value never
    // slips through. The 3.3.4 core writes inCallUserIDs inside data, TCE317 at the top level (§7.2).
    const both = <T>(key: string, check: Check<T>) => [field(raw, key, check), inner(key, check)];
    const switchMarker = raw.switch_to_audio_call !== undefined;
    // A switch reply may carry only the top-level marker (§7.1 rule 7); normalise so callers can
    // dispatch on cmd alone.
    const cmd = inner('cmd', CMD) || (switchMarker ? 'switchToAudio' : '');
    const message = asString(data.message);
    const [room, dataRoom] = both('room_id', ROOM);
    const [strRoom, dataStrRoom] = both('str_room_id', STR_ROOM);
    const [inCall, dataInCall] = both('inCallUserIDs', STRINGS);
    const [callId, dataCallId] = both('initialCallId', STRING);
    const inCallUserIDs = dataInCall ?? inCall;

    return {
      ok: true,
      payload: {
        version,
        platform: asString(raw.platform),
        mediaType,
        cmd,
        roomId: room || dataRoom || 0,
        strRoomId: strRoom || dataStrRoom || '',
        inviter: inner('inviter', STRING) ?? '',
        userIDs: [...(inner('userIDs', STRINGS) ?? [])],
        inCallUserIDs: inCallUserIDs && [...inCallUserIDs],
        initialCallId: dataCallId ?? callId,
        consumed: raw.consumed === true || data.consumed === true,
        // Busy reject (§7.1 rule 6).
        lineBusy: raw.line_busy === 'line_busy' || raw.line_busy === '' || message === 'lineBusy',
        switchToAudio: switchMarker || cmd === 'switchToAudio',
        callEnd: callEnd(raw.call_end, cmd === 'hangup' ? data.cmdInfo : undefined),
        userData: asString(raw.userData),
        message,
        raw,
      },
    };
  } catch (e) {
    // A field check failed, or (defensive) a getter of an exotic input object threw.
    return fail('invalid-field', e instanceof FieldError ? e.message : 'The call data could not be read.');
  }
}

/** TUICalling's `convertOldSignalingToNewSignaling`: the first marker present decides the command. */
function legacyData(raw: Fields, mediaType: MediaType | undefined): Fields {
  return {
    cmd:
      raw.switch_to_audio_call !== undefined
        ? 'switchToAudio'
        : raw.call_end !== undefined
          ? 'hangup'
          : mediaType
            ? `${mediaType}Call`
            : '',
    message: raw.line_busy === undefined ? '' : 'lineBusy',
  };
}

/** Duration is informational only (history bubbles), so a bad value reads as 0 instead of failing. */
function callEnd(seconds: unknown, cmdInfo: unknown): number {
  if (isFiniteNumber(seconds) && seconds > 0) return seconds;
  // Old native clients put the seconds into data.cmdInfo and may send call_end 0 (§7.2).
  if (isString(cmdInfo) && /^\s*\d{1,10}\s*$/.test(cmdInfo)) return Number(cmdInfo);
  return 0;
}

/**
 * The payload of a follow-up whose inner data could not be read: nothing beyond what the envelope says
 * (no room, no busy flag, no command).
 */
export const NEUTRAL_PAYLOAD: CallPayload = /* @__PURE__ */ Object.freeze({
  version: 0,
  platform: '',
  mediaType: undefined,
  cmd: '',
  roomId: 0,
  strRoomId: '',
  inviter: '',
  userIDs: /* @__PURE__ */ Object.freeze([]),
  inCallUserIDs: undefined,
  initialCallId: undefined,
  consumed: false,
  lineBusy: false,
  switchToAudio: false,
  callEnd: 0,
  userData: '',
  message: '',
  raw: /* @__PURE__ */ Object.freeze({}),
});
