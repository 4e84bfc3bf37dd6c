import { createHmac, randomBytes } from 'node:crypto';
import { type SigCheck, sameBytes } from './sig-check';
import { checkTlsUserSig, mintTlsUserSig } from './tls-sig';

/**
 * The default login check: UserSigs are HMAC-SHA256 signatures of the user and an expiry under a secret
 * only the server (and whoever you share it with) knows.
 */
export interface LocalUserSigAuth {
  /** The HMAC key. Default: 32 random bytes per server start, so UserSigs die with the server. */
  secret?: string | Uint8Array;
  /** Lifetime of the UserSigs the server mints, in seconds (default 86 400: one day). */
  userSigLifetimeSeconds?: number;
  /**
   * Serve `GET /usersig?userID=…` → `{ userID, userSig, expiresAt }` (default true), which is what
   * `connectLocalServer` and the web demo log in with. Anyone who can reach the server's HTTP port can
   * then get a UserSig for any user: right for a demo on 127.0.0.1, not for a shared network. There,
   * set it to false and mint UserSigs in your own backend with {@link mintLocalUserSig} and the same
   * `secret`.
   */
  issueUserSigs?: boolean;
}

/** Tencent's login check: TLS-Sig-API-v2 UserSigs (the `tls-sig-api-v2` package's) of one application. */
export interface TencentUserSigAuth {
  sdkAppId: number;
  /** The application's SecretKey; it never leaves the server. */
  secretKey: string;
  /** Lifetime of the UserSigs `/usersig` mints, in seconds (default 86 400). */
  userSigLifetimeSeconds?: number;
  /** Serve `GET /usersig?userID=…` (default false: anyone reaching it could log in as anyone). */
  issueUserSigs?: boolean;
}

/** How the local call server checks the `userSig` of each login (`LocalCallServerOptions.auth`). */
export type LocalCallServerAuth = LocalUserSigAuth | TencentUserSigAuth;

/** A UserSig the server minted. */
export interface IssuedUserSig {
  userID: string;
  userSig: string;
  /** When it stops being accepted, in seconds since the epoch. */
  expiresAt: number;
}

/** The server's login checker, built from its `auth` option. */
export interface Authenticator {
  /** Checks a login's `userSig` at `nowMs` (the server's clock). */
  check(userID: string, userSig: string | undefined, nowMs: number): SigCheck;
  /** Mints a UserSig for `userID`. */
  mint(userID: string): IssuedUserSig;
  /** Whether `GET /usersig` mints them for anyone who asks. */
  readonly issuesOverHttp: boolean;
}

const DAY_SECONDS = 86_400;
const VERSION = 'v1';

const macOf = (secret: string | Uint8Array, userID: string, expiresAt: number): Buffer =>
  createHmac('sha256', secret).update(`hce-local-usersig\n${VERSION}\n${expiresAt}\n${userID}`).digest();

/**
 * Mints a UserSig the local call server accepts for `userID` when it runs with the same `secret`
 * (`auth: { secret }`): `v1.<expiresAt>.<base64url HMAC-SHA256>`.
 */
export function mintLocalUserSig(
  secret: string | Uint8Array,
  userID: string,
  lifetimeSeconds = DAY_SECONDS,
  nowMs = Date.now(),
): string {
  const expiresAt = Math.floor(nowMs / 1000) + Math.max(0, Math.floor(lifetimeSeconds));
  return `${VERSION}.${expiresAt}.${macOf(secret, userID, expiresAt).toString('base64url')}`;
}

function checkLocalUserSig(
  secret: string | Uint8Array,
  userID: string,
  userSig: string,
  nowMs: number,
): SigCheck {
  const match = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(userSig);
  if (match === null)
    return { ok: false, expired: false, reason: 'userSig is not a local call server signature' };
  const expiresAt = Number(match[1]);
  // The MAC covers the user, so a signature for someone else fails here like a forged one.
  if (!sameBytes(Buffer.from(match[2] ?? '', 'base64url'), macOf(secret, userID, expiresAt))) {
    return { ok: false, expired: false, reason: 'userSig does not verify for this userID' };
  }
  if (nowMs / 1000 >= expiresAt) return { ok: false, expired: true, reason: 'userSig has expired' };
  return { ok: true, expiresAtMs: expiresAt * 1000 };
}

const isTencent = (auth: LocalCallServerAuth): auth is TencentUserSigAuth => 'secretKey' in auth;

/** Builds the login checker; throws a `TypeError` for an unusable configuration. */
export function createAuthenticator(auth: LocalCallServerAuth = {}): Authenticator {
  const lifetime = auth.userSigLifetimeSeconds ?? DAY_SECONDS;
  if (!Number.isFinite(lifetime) || lifetime <= 0) {
    throw new TypeError('auth.userSigLifetimeSeconds must be a positive number');
  }
  const missing = (userSig: string | undefined): SigCheck | undefined =>
    userSig === undefined || userSig === ''
      ? { ok: false, expired: false, reason: 'hello needs a userSig' }
      : undefined;
  const expiresAt = () => Math.floor(Date.now() / 1000) + Math.floor(lifetime);

  if (isTencent(auth)) {
    const { sdkAppId, secretKey } = auth;
    if (
      !Number.isSafeInteger(sdkAppId) ||
      sdkAppId <= 0 ||
      typeof secretKey !== 'string' ||
      secretKey === ''
    ) {
      throw new TypeError('auth needs a positive integer sdkAppId and a non-empty secretKey');
    }
    const app = { sdkAppId, secretKey };
    return {
      check: (userID, userSig, nowMs) =>
        missing(userSig) ?? checkTlsUserSig(app, userID, userSig as string, nowMs),
      mint: (userID) => ({
        userID,
        userSig: mintTlsUserSig(app, userID, Math.floor(lifetime)),
        expiresAt: expiresAt(),
      }),
      issuesOverHttp: auth.issueUserSigs === true,
    };
  }
  const secret = auth.secret ?? randomBytes(32);
  if (secret.length === 0) throw new TypeError('auth.secret must not be empty');
  return {
    check: (userID, userSig, nowMs) =>
      missing(userSig) ?? checkLocalUserSig(secret, userID, userSig as string, nowMs),
    mint: (userID) => ({
      userID,
      userSig: mintLocalUserSig(secret, userID, lifetime),
      expiresAt: expiresAt(),
    }),
    issuesOverHttp: auth.issueUserSigs !== false,
  };
}
