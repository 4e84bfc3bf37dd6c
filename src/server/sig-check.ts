import { timingSafeEqual } from 'node:crypto';

/** The outcome of checking a login's `userSig`. */
export type SigCheck =
  /** A valid login; the session ends (`userSigExpired`) at `expiresAtMs`, on the server's clock. */
  { ok: true; expiresAtMs: number } | { ok: false; expired: boolean; reason: string };

/** Compares two secrets in time independent of where they differ (lengths are not secret). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}
