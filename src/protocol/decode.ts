import type { MediaType } from '../machine/types';
import type { CallPayload, DecodeFailure, DecodeResult, WireCmd } from './types';

type Obj = Record<string, unknown>;

/** Raised inside the decoder only; turned into a failed result at the boundary. */
class Invalid {
  constructor(
    readonly code: DecodeFailure,
    readonly reason: string,
  ) {}
}

const CMDS: readonly string[] = ['audioCall', 'videoCall', 'hangup', 'switchToAudio', 'switchToVideo', ''];
/** TRTC's numeric room range is 32-bit unsigned; anything else is not a room (wire-protocol §11). */
const MAX_ROOM_ID = 4294967295;
/** trtc-sdk-v5 limit for `strRoomId`, in UTF-8 bytes. */
const MAX_STR_ROOM_BYTES = 64;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Decodes TUICallKit inner call data (version 4 and the pre-v4 shape) with the tolerant rules of
 * wire-protocol §7: key order, extra keys, `platform` and a trailing newline are insignificant, and
 * fields that older producers put at the top level or inside `data` are read from either place.
 * The input comes from the network, so every field is type-checked before use.
 *
 * Never throws.
 *
 * @param data the Chat signaling `data` string, or an already parsed plain object.
 * @returns the normalised payload, or a failure code with a human-readable reason.
 */
export function decodeCallData(data: unknown): DecodeResult {
  try {
    return { ok: true, payload: normalise(parse(data)) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, code: e.code, reason: e.reason };
    // Defensive: getters on exotic input objects could throw anything.
    return { ok: false, code: 'invalid-field', reason: `The call data could not be read: ${String(e)}.` };
  }
}

function parse(data: unknown): Obj {
  let value: unknown = data;
  if (typeof data === 'string') {
    try {
      // JSON.parse already ignores surrounding whitespace, including the core's trailing "\n".
      value = JSON.parse(data);
    } catch {
      throw new Invalid('not-json', 'The call data is not valid JSON.');
    }
  } else if (!isPlainObject(data)) {
    throw new Invalid(
      'not-json',
      `The call data is a ${describe(data)}, not a JSON string or a plain object.`,
    );
  }
  if (!isObj(value)) {
    throw new Invalid('not-object', `The call data is JSON ${describe(value)}, not a JSON object.`);
  }
  return value;
}

function normalise(raw: Obj): CallPayload {
  const version = raw.version;
  if (version !== undefined && (typeof version !== 'number' || !Number.isFinite(version))) {
    throw new Invalid('invalid-field', 'The version field is not a number.');
  }
  // iOS TUICalling reads a missing version as 0, i.e. old and acceptable.
  const versionNumber = version ?? 0;
  const mediaType = readMediaType(raw.call_type);
  const legacy = !isObj(raw.data);
  if (raw.data !== undefined && legacy) {
    throw new Invalid('invalid-field', 'The data field is not a JSON object.');
  }
  // Pre-v4 messages have no data block; TUICalling derives it from the top-level markers (§7.3).
  const data = legacy ? legacyData(raw, mediaType) : (raw.data as Obj);

  const businessID = raw.businessID;
  // Pre-v4 senders may omit businessID; the message counts as a call when a command could be derived.
  const impliedAvCall = legacy && businessID === undefined && data.cmd !== '';
  if (businessID !== 'av_call' && !impliedAvCall) {
    throw new Invalid(
      'not-av-call',
      `The businessID is ${businessID === undefined ? 'missing' : show(businessID)}, so this is not a TUICallKit call message.`,
    );
  }
  if (versionNumber > 4) {
    throw new Invalid(
      'unsupported-version',
      `Version ${versionNumber} is newer than the supported version 4.`,
    );
  }

  const switchMarker = raw.switch_to_audio_call !== undefined;
  let cmd = readCmd(data.cmd);
  // A switch reply may carry only the top-level marker (§7.1 rule 7); normalise so callers can
  // dispatch on cmd alone.
  if (cmd === '' && switchMarker) cmd = 'switchToAudio';
  const message = typeof data.message === 'string' ? data.message : '';
  const lineBusy = raw.line_busy === 'line_busy' || raw.line_busy === '' || message === 'lineBusy';

  // Every field is validated even when another one wins, so a malformed value never slips through.
  const roomIds = [readRoomId(raw.room_id, 'room_id'), readRoomId(data.room_id, 'data.room_id')];
  const strRoomIds = [
    readStrRoomId(raw.str_room_id, 'str_room_id'),
    readStrRoomId(data.str_room_id, 'data.str_room_id'),
  ];
  // The 3.3.4 core writes these inside data, TCE317 at the top level (§7.2); check both.
  const inCall = [
    readUserIDs(data.inCallUserIDs, 'data.inCallUserIDs'),
    readUserIDs(raw.inCallUserIDs, 'inCallUserIDs'),
  ];
  const initialIds = [
    readOptionalString(data.initialCallId, 'data.initialCallId'),
    readOptionalString(raw.initialCallId, 'initialCallId'),
  ];

  return {
    version: versionNumber,
    platform: typeof raw.platform === 'string' ? raw.platform : '',
    mediaType,
    cmd,
    roomId: roomIds[0] || roomIds[1] || 0,
    strRoomId: strRoomIds[0] || strRoomIds[1] || '',
    inviter: readUserID(data.inviter, 'data.inviter'),
    userIDs: readUserIDs(data.userIDs, 'data.userIDs') ?? [],
    inCallUserIDs: inCall[0] ?? inCall[1],
    initialCallId: initialIds[0] ?? initialIds[1],
    consumed: raw.consumed === true || data.consumed === true,
    lineBusy,
    switchToAudio: switchMarker || cmd === 'switchToAudio',
    callEnd: readCallEnd(raw.call_end, cmd === 'hangup' ? data.cmdInfo : undefined),
    userData: typeof raw.userData === 'string' ? raw.userData : '',
    message,
    raw,
  };
}

/** TUICalling's `convertOldSignalingToNewSignaling`: the first marker present decides the command. */
function legacyData(raw: Obj, mediaType: MediaType | undefined): Obj {
  let cmd: WireCmd = '';
  if (raw.switch_to_audio_call !== undefined) cmd = 'switchToAudio';
  else if (raw.call_end !== undefined) cmd = 'hangup';
  else if (mediaType !== undefined) cmd = mediaType === 'video' ? 'videoCall' : 'audioCall';
  return { cmd, message: raw.line_busy === undefined ? '' : 'lineBusy' };
}

function readMediaType(v: unknown): MediaType | undefined {
  if (v === undefined || v === 0) return undefined;
  if (v === 1) return 'audio';
  if (v === 2) return 'video';
  throw new Invalid('invalid-field', `The call_type ${show(v)} is not 0, 1 (audio) or 2 (video).`);
}

function readCmd(v: unknown): WireCmd {
  if (v === undefined) return '';
  if (typeof v === 'string' && CMDS.includes(v)) return v as WireCmd;
  throw new Invalid('invalid-field', `The command ${show(v)} is not a known TUICallKit command.`);
}

function readRoomId(v: unknown, field: string): number {
  if (v === undefined) return 0;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_ROOM_ID) return v;
  throw new Invalid('invalid-field', `The ${field} ${show(v)} is not an integer from 0 to ${MAX_ROOM_ID}.`);
}

function readStrRoomId(v: unknown, field: string): string {
  if (v === undefined) return '';
  if (typeof v !== 'string') throw new Invalid('invalid-field', `The ${field} is not a string.`);
  if (utf8Length(v) > MAX_STR_ROOM_BYTES) {
    throw new Invalid('invalid-field', `The ${field} is longer than ${MAX_STR_ROOM_BYTES} UTF-8 bytes.`);
  }
  return v;
}

function readUserID(v: unknown, field: string): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  throw new Invalid('invalid-field', `The ${field} is not a string.`);
}

function readOptionalString(v: unknown, field: string): string | undefined {
  return v === undefined ? undefined : readUserID(v, field);
}

function readUserIDs(v: unknown, field: string): readonly string[] | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v) && v.every((id) => typeof id === 'string')) return [...v] as string[];
  throw new Invalid('invalid-field', `The ${field} is not an array of user ID strings.`);
}

/** Duration is informational only (history bubbles), so a bad value reads as 0 instead of failing. */
function readCallEnd(callEnd: unknown, cmdInfo: unknown): number {
  if (typeof callEnd === 'number' && Number.isFinite(callEnd) && callEnd > 0) return callEnd;
  // Old native clients put the seconds into data.cmdInfo and may send call_end 0 (§7.2).
  if (typeof cmdInfo === 'string' && /^\s*\d{1,10}\s*$/.test(cmdInfo)) return Number(cmdInfo);
  return 0;
}

function utf8Length(s: string): number {
  let bytes = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

function isPlainObject(v: unknown): v is Obj {
  if (!isObj(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Quotes a field value for a failure reason, short and without throwing (BigInt, cycles). */
function show(v: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = typeof v;
  }
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'non-plain object' : typeof v;
}
