import type { VideoEncoding } from '../ports/media';
import { CallError, CallErrorCode } from './errors';
import type { CallEngineOptions } from './options';

/** Validation of command input: every failure is a CallError -1202 that names the bad field. */
function invalid(message: string): CallError {
  return new CallError(CallErrorCode.PARAM_INVALID, message);
}

const MAX_USER_ID_BYTES = 45; // Chat's UserID limit
const MAX_USER_DATA_BYTES = 8192;
const MAX_STR_ROOM_BYTES = 64;
export const MAX_NUMERIC_ROOM = 2_147_483_647; // TUICallKit's MAX_NUMBER_ROOM_ID

function utf8Length(value: string): number {
  return new TextEncoder().encode(value).length;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw invalid(`${what} must be an object`);
  return value;
}

export function requireUserID(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(`${field} must be a non-empty string`);
  if (utf8Length(value) > MAX_USER_ID_BYTES)
    throw invalid(`${field} is longer than ${MAX_USER_ID_BYTES} bytes`);
  return value;
}

export function requireMediaType(value: unknown, field = 'mediaType'): 'audio' | 'video' {
  if (value !== 'audio' && value !== 'video') throw invalid(`${field} must be 'audio' or 'video'`);
  return value;
}

export function optionalTimeout(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 3600) {
    throw invalid('timeout must be an integer number of seconds between 1 and 3600');
  }
  return value;
}

export function optionalUserData(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw invalid('userData must be a string');
  if (utf8Length(value) > MAX_USER_DATA_BYTES)
    throw invalid(`userData is longer than ${MAX_USER_DATA_BYTES} bytes`);
  return value;
}

export function optionalRoom(
  roomID: unknown,
  strRoomID: unknown,
): { roomId: number; strRoomId: string } | null {
  if (roomID !== undefined && strRoomID !== undefined) throw invalid('give roomID or strRoomID, not both');
  if (roomID !== undefined) {
    if (typeof roomID !== 'number' || !Number.isInteger(roomID) || roomID < 1 || roomID > MAX_NUMERIC_ROOM) {
      throw invalid(`roomID must be an integer between 1 and ${MAX_NUMERIC_ROOM}`);
    }
    return { roomId: roomID, strRoomId: '' };
  }
  if (strRoomID !== undefined) {
    if (
      typeof strRoomID !== 'string' ||
      strRoomID.length === 0 ||
      utf8Length(strRoomID) > MAX_STR_ROOM_BYTES
    ) {
      throw invalid(`strRoomID must be a non-empty string of at most ${MAX_STR_ROOM_BYTES} bytes`);
    }
    return { roomId: 0, strRoomId: strRoomID };
  }
  return null;
}

export function optionalPlainObject(value: unknown, field: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) throw invalid(`${field} must be an object`);
  return value;
}

const MAX_GROUP_ID_BYTES = 48; // Chat's GroupID limit

export function requireGroupID(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid('groupID must be a non-empty string');
  if (utf8Length(value) > MAX_GROUP_ID_BYTES)
    throw invalid(`groupID is longer than ${MAX_GROUP_ID_BYTES} bytes`);
  return value;
}

/** A non-empty list of user IDs, duplicates and `selfId` removed. */
export function requireUserIDList(value: unknown, selfId: string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('userIDList must be a non-empty array');
  const ids = new Set<string>();
  for (const id of value) ids.add(requireUserID(id, 'every userIDList entry'));
  ids.delete(selfId);
  if (ids.size === 0) throw invalid('userIDList names nobody but yourself');
  return [...ids];
}

/** People in a group call, the caller included: TUICallKit's documented 9, and TRTC's rtc-scene 300. */
export const DEFAULT_GROUP_LIMIT = 9;
export const MAX_GROUP_LIMIT = 300;

/** Checks `createCallEngine` options before anything is built; throws -1202 naming the bad one. */
export function requireEngineOptions(options: unknown): CallEngineOptions {
  const o = requireObject(options, 'options') as unknown as CallEngineOptions;
  requireUserID(o.userID, 'userID');
  if (typeof o.chat !== 'object' || o.chat === null) throw invalid('chat must be a Chat instance');
  if (!o.media && typeof (o.TRTC as { create?: unknown } | null)?.create !== 'function') {
    throw invalid('TRTC must be the TRTC class (with a static create())');
  }
  if (!o.media && (typeof o.sdkAppId !== 'number' || !Number.isInteger(o.sdkAppId) || o.sdkAppId <= 0)) {
    throw invalid('sdkAppId must be a positive integer');
  }
  if (!o.media && typeof o.userSig !== 'string') throw invalid('userSig must be a string');
  optionalTimeout(o.timeout, 30);
  if (o.networkPolicy !== undefined && typeof o.networkPolicy !== 'function') {
    throw invalid('networkPolicy must be a policy factory such as weakNetworkPolicy()');
  }
  if (o.videoProfile !== undefined) requireVideoEncoding(o.videoProfile, 'videoProfile');
  if (o.userSigExpiresAt !== undefined) requireTime(o.userSigExpiresAt, 'userSigExpiresAt');
  if (o.userSigRefreshMs !== undefined) requireTime(o.userSigRefreshMs, 'userSigRefreshMs');
  const max = o.maxGroupParticipants ?? DEFAULT_GROUP_LIMIT;
  if (!Number.isInteger(max) || max < 2 || max > MAX_GROUP_LIMIT) {
    throw invalid(
      `maxGroupParticipants must be an integer between 2 and ${MAX_GROUP_LIMIT} (people, you included)`,
    );
  }
  return o;
}

/** A TRTC profile name ('720p') or `{width, height, frameRate, bitrate}` of positive integers. */
export function requireVideoEncoding(value: unknown, field: string): VideoEncoding {
  if (typeof value === 'string' && value.length > 0 && value.length <= 32) return value;
  if (isPlainObject(value)) {
    const keys = ['width', 'height', 'frameRate', 'bitrate'] as const;
    if (keys.every((k) => Number.isInteger(value[k]) && (value[k] as number) > 0)) {
      const [width, height, frameRate, bitrate] = keys.map((k) => value[k] as number);
      return { width: width!, height: height!, frameRate: frameRate!, bitrate: bitrate! };
    }
  }
  throw invalid(
    `${field} must be a TRTC profile name or {width, height, frameRate, bitrate} of positive integers`,
  );
}

/** A non-negative finite number of milliseconds. */
export function requireTime(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalid(`${field} must be a non-negative number of milliseconds`);
  }
  return value;
}
