import { isRecord } from '../../protocol/util';

/**
 * The `data` of an `rtc-signal` frame between two mesh peers. `sid` names the sending
 * RTCPeerConnection, so a peer that rejoined (new connection) is told apart from late messages of its
 * previous one.
 */
export type SignalData =
  | { sid: string; description: RTCSessionDescriptionInit }
  | { sid: string; candidate: RTCIceCandidateInit };

const MAX_SDP = 60 * 1024;
const MAX_CANDIDATE = 2048;
const MAX_SID = 64;

const optional = (v: unknown, test: (v: unknown) => boolean) => v === undefined || v === null || test(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** Validates signal data received from another client; `undefined` when it is not usable. */
export function parseSignal(data: unknown): SignalData | undefined {
  if (!isRecord(data)) return undefined;
  const { sid, description, candidate } = data;
  if (!isString(sid) || sid === '' || sid.length > MAX_SID) return undefined;
  if (isRecord(description) && candidate === undefined) {
    const { type, sdp } = description;
    if ((type !== 'offer' && type !== 'answer') || !isString(sdp) || sdp.length > MAX_SDP) return undefined;
    return { sid, description: { type, sdp } };
  }
  if (isRecord(candidate) && description === undefined) {
    const { candidate: line, sdpMid, sdpMLineIndex, usernameFragment } = candidate;
    if (!isString(line) || line.length > MAX_CANDIDATE) return undefined;
    if (!optional(sdpMid, isString) || !optional(usernameFragment, isString)) return undefined;
    if (!optional(sdpMLineIndex, (v) => Number.isInteger(v) && (v as number) >= 0)) return undefined;
    return {
      sid,
      candidate: {
        candidate: line,
        sdpMid: sdpMid as string | null | undefined,
        sdpMLineIndex: sdpMLineIndex as number | null | undefined,
        ...(isString(usernameFragment) && { usernameFragment }),
      },
    };
  }
  return undefined;
}

/** A random id for a peer connection (not a secret: it only tells connections apart). */
export function randomSid(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
