import { createHmac } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { type SigCheck, sameBytes } from './sig-check';

/** A decoded TLS-Sig-API-v2 document fits in far less; a bigger one is refused before parsing. */
const MAX_DOCUMENT_BYTES = 4096;

// Tencent's base64url: '+' → '*', '/' → '-', '=' → '_'.
const toTencentBase64url = (base64: string) =>
  base64.replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
const fromTencentBase64url = (sig: string) => sig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');

/** The string TLS-Sig-API-v2 signs (HMAC-SHA256 with the app's SecretKey, base64). */
function signature(
  secretKey: string,
  fields: { identifier: string; sdkAppId: number; time: number; expire: number; userbuf?: string },
): string {
  let content = `TLS.identifier:${fields.identifier}\nTLS.sdkappid:${fields.sdkAppId}\n`;
  content += `TLS.time:${fields.time}\nTLS.expire:${fields.expire}\n`;
  if (fields.userbuf !== undefined) content += `TLS.userbuf:${fields.userbuf}\n`;
  return createHmac('sha256', secretKey).update(content).digest('base64');
}

/** Mints a UserSig the way the `tls-sig-api-v2` package's `genUserSig` does. */
export function mintTlsUserSig(
  app: { sdkAppId: number; secretKey: string },
  userID: string,
  expireSeconds: number,
  nowMs = Date.now(),
): string {
  const time = Math.floor(nowMs / 1000);
  const fields = { identifier: userID, sdkAppId: app.sdkAppId, time, expire: expireSeconds };
  const doc = {
    'TLS.ver': '2.0',
    'TLS.identifier': userID,
    'TLS.sdkappid': app.sdkAppId,
    'TLS.time': time,
    'TLS.expire': expireSeconds,
    'TLS.sig': signature(app.secretKey, fields),
  };
  return toTencentBase64url(deflateSync(Buffer.from(JSON.stringify(doc))).toString('base64'));
}

function decode(userSig: string): Record<string, unknown> | undefined {
  try {
    const packed = Buffer.from(fromTencentBase64url(userSig), 'base64');
    // maxOutputLength: a tiny compressed input must not inflate into megabytes.
    const json = inflateSync(packed, { maxOutputLength: MAX_DOCUMENT_BYTES }).toString('utf8');
    const doc: unknown = JSON.parse(json);
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc)
      ? (doc as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/**
 * Checks a TLS-Sig-API-v2 UserSig: its HMAC under the SecretKey, then that it names this SDKAppID and
 * `userID`, then that `TLS.time + TLS.expire` has not passed.
 */
export function checkTlsUserSig(
  app: { sdkAppId: number; secretKey: string },
  userID: string,
  userSig: string,
  nowMs = Date.now(),
): SigCheck {
  const doc = decode(userSig);
  const identifier = doc?.['TLS.identifier'];
  const sdkAppId = doc?.['TLS.sdkappid'];
  const time = doc?.['TLS.time'];
  const expire = doc?.['TLS.expire'];
  const sig = doc?.['TLS.sig'];
  const userbuf = doc?.['TLS.userbuf'];
  if (
    typeof identifier !== 'string' ||
    !isInteger(sdkAppId) ||
    !isInteger(time) ||
    !isInteger(expire) ||
    typeof sig !== 'string' ||
    (userbuf !== undefined && typeof userbuf !== 'string')
  ) {
    return { ok: false, expired: false, reason: 'userSig is not a TLS-Sig-API-v2 signature' };
  }
  const expected = signature(app.secretKey, {
    identifier,
    sdkAppId,
    time,
    expire,
    ...(userbuf === undefined ? {} : { userbuf }),
  });
  if (!sameBytes(Buffer.from(sig, 'base64'), Buffer.from(expected, 'base64'))) {
    return { ok: false, expired: false, reason: 'userSig signature does not verify' };
  }
  if (sdkAppId !== app.sdkAppId) {
    return { ok: false, expired: false, reason: `userSig was issued for SDKAppID ${sdkAppId}` };
  }
  if (identifier !== userID) {
    return { ok: false, expired: false, reason: 'userSig was issued for another user' };
  }
  if (nowMs / 1000 >= time + expire) {
    return { ok: false, expired: true, reason: 'userSig has expired' };
  }
  return { ok: true, expiresAtMs: (time + expire) * 1000 };
}
