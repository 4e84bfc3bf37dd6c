import {
  CHAT_RPC_METHODS,
  type ChatRpcMethod,
  type ClientFrame,
  FRAME_ERROR,
  type FrameErrorCode,
  type FrameRoom,
} from '../local/frames';

/** Why a client frame was refused: the `error` frame to answer with. */
export interface FrameProblem {
  readonly id?: number;
  readonly code: FrameErrorCode;
  readonly message: string;
}

export type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; problem: FrameProblem };

/** Longest userID / deviceId / resume token / rtc-signal target the server accepts. */
const MAX_NAME = 128;
/** Longest userSig (a real one is a few hundred bytes; locally it is not checked). */
const MAX_SIG = 4096;
/** TRTC room limits (dependencies.md §3.2). */
const MAX_ROOM_ID = 4294967294;
const MAX_STR_ROOM_BYTES = 64;
/** No Chat method the server forwards takes more arguments than this. */
const MAX_ARGS = 4;

class Refusal extends Error {
  constructor(
    readonly code: FrameErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type Fields = Record<string, unknown>;

const bad = (message: string) => new Refusal(FRAME_ERROR.BAD_FRAME, message);

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

function id(f: Fields): number {
  const v = f.id;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw bad('id must be an integer >= 0');
  return v;
}

function name(f: Fields, key: string, max = MAX_NAME): string {
  const v = f[key];
  if (typeof v !== 'string' || v === '' || v.length > max) {
    throw bad(`${key} must be a non-empty string of at most ${max} characters`);
  }
  return v;
}

function optionalText(f: Fields, key: string, max: number): string | undefined {
  const v = f[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length > max)
    throw bad(`${key} must be a string of at most ${max} characters`);
  return v;
}

function bool(f: Fields, key: string): boolean {
  const v = f[key];
  if (typeof v !== 'boolean') throw bad(`${key} must be a boolean`);
  return v;
}

function quality(f: Fields, key: string): number {
  const v = f[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 6) {
    throw bad(`${key} must be an integer 0..6 (TRTC network quality)`);
  }
  return v;
}

function room(v: unknown): FrameRoom {
  if (!isObject(v)) throw bad('room must be an object');
  // As in TRTC, a numeric roomId wins over strRoomId when both are given.
  if (v.roomId !== undefined) {
    const n = v.roomId;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_ROOM_ID) {
      throw bad(`room.roomId must be an integer 1..${MAX_ROOM_ID}`);
    }
    return { roomId: n };
  }
  const s = v.strRoomId;
  const bytes = typeof s === 'string' ? new TextEncoder().encode(s).length : 0;
  if (typeof s !== 'string' || bytes < 1 || bytes > MAX_STR_ROOM_BYTES) {
    throw bad(`room needs roomId, or strRoomId of 1..${MAX_STR_ROOM_BYTES} bytes`);
  }
  return { strRoomId: s };
}

const isMethod = (v: unknown): v is ChatRpcMethod =>
  typeof v === 'string' && (CHAT_RPC_METHODS as readonly string[]).includes(v);

/** Builds a clean frame of a known type, copying only the fields the protocol defines. */
function shape(f: Fields): ClientFrame {
  switch (f.type) {
    case 'hello':
      return {
        type: 'hello',
        id: id(f),
        version: typeof f.version === 'number' ? f.version : Number.NaN,
        userID: name(f, 'userID'),
        deviceId: name(f, 'deviceId'),
        userSig: optionalText(f, 'userSig', MAX_SIG),
        resume: optionalText(f, 'resume', MAX_NAME),
      };
    case 'chat': {
      const frameId = id(f);
      if (!isMethod(f.method)) {
        throw new Refusal(
          FRAME_ERROR.UNKNOWN_METHOD,
          `method must be one of ${CHAT_RPC_METHODS.join(', ')} (got ${JSON.stringify(f.method)})`,
        );
      }
      const args = f.args ?? [];
      if (!Array.isArray(args) || args.length > MAX_ARGS) {
        throw bad(`args must be an array of at most ${MAX_ARGS} arguments`);
      }
      return { type: 'chat', id: frameId, method: f.method, args };
    }
    case 'logout':
    case 'rtc-exit':
    case 'ping':
      return { type: f.type, id: id(f) };
    case 'rtc-enter':
      return { type: 'rtc-enter', id: id(f), room: room(f.room) };
    case 'rtc-publish':
      return { type: 'rtc-publish', id: id(f), audio: bool(f, 'audio'), video: bool(f, 'video') };
    case 'rtc-signal':
      if (f.data === undefined) throw bad('data is required');
      return { type: 'rtc-signal', to: name(f, 'to'), data: f.data };
    case 'rtc-quality':
      return { type: 'rtc-quality', uplink: quality(f, 'uplink'), downlink: quality(f, 'downlink') };
    default:
      throw new Refusal(FRAME_ERROR.UNKNOWN_TYPE, `unknown frame type ${JSON.stringify(f.type)}`);
  }
}

/**
 * Parses one untrusted WebSocket message into a client frame. Never throws: a message that cannot be
 * used comes back as the problem to answer with (carrying the frame's `id` when it had a usable one).
 */
export function parseClientFrame(
  data: string | Uint8Array,
  isBinary: boolean,
  maxBytes: number,
): ParsedFrame {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  if (size > maxBytes) {
    return {
      ok: false,
      problem: { code: FRAME_ERROR.TOO_LARGE, message: `frame of ${size} bytes exceeds ${maxBytes}` },
    };
  }
  if (isBinary) {
    return { ok: false, problem: { code: FRAME_ERROR.BAD_JSON, message: 'binary frames are not supported' } };
  }
  let value: unknown;
  try {
    value = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data));
  } catch {
    return { ok: false, problem: { code: FRAME_ERROR.BAD_JSON, message: 'frame is not valid JSON' } };
  }
  if (!isObject(value)) {
    return { ok: false, problem: { code: FRAME_ERROR.BAD_JSON, message: 'frame must be a JSON object' } };
  }
  try {
    return { ok: true, frame: shape(value) };
  } catch (err) {
    const refusal = err instanceof Refusal ? err : bad('frame could not be read');
    const frameId = value.id;
    const usableId = typeof frameId === 'number' && Number.isSafeInteger(frameId) && frameId >= 0;
    return {
      ok: false,
      problem: {
        ...(usableId ? { id: frameId } : {}),
        code: refusal.code,
        message: `${String(value.type)}: ${refusal.message}`,
      },
    };
  }
}
