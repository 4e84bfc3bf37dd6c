/** Error codes the local backend answers with, named after the vendor constants they mirror. */
export const CHAT_ERROR = Object.freeze({
  /** The instance is not logged in (wire-protocol §3.11). */
  NOT_LOGGED_IN: 2024,
  /** Chat's request time-out; used for every call on a device crashed by `crashDevice`. */
  REQUEST_TIMEOUT: 2801,
  /** Chat's "uncaught error" (§3.11); also answers unknown `callExperimentalAPI` keys. */
  UNCAUGHT: 2903,
  /** Invalid parameter (§13.1). */
  INVALID_PARAMETER: 6017,
  /** Unknown inviteID, or another accept / reject / cancel in flight (§3.11). */
  INVALID_INVITE_ID: 8010,
  /** accept / reject when not an invitee, cancel when not the inviter (§3.11). */
  NO_PERMISSION: 8011,
  /** cancel on an unknown or in-flight invitation (§3.11). */
  INVALID_CANCEL: 8020,
  /**
   * `MSG_MODIFY_CONFLICT`: the message was modified by someone else since this device last saw it
   * (server code 20027). This is what makes the consumed marker an atomic "first device wins".
   */
  MESSAGE_MODIFY_CONFLICT: 2480,
  /** Sender is not a member of the group (Chat server code). */
  NOT_GROUP_MEMBER: 10007,
  /** The group does not exist (Chat server code). */
  GROUP_NOT_FOUND: 10010,
  /** Login refused: the UserSig has expired (Chat login code). */
  USER_SIG_EXPIRED: 70001,
  /** Login refused: the UserSig is missing, forged, or issued for another user or app (Chat login code). */
  USER_SIG_INVALID: 70003,
} as const);

/** `TRTC.ERROR_CODE` values (dependencies.md §3.2). */
export const TRTC_ERROR = Object.freeze({
  INVALID_PARAMETER: 5000,
  INVALID_OPERATION: 5100,
  ENV_NOT_SUPPORTED: 5200,
  DEVICE_ERROR: 5300,
  SERVER_ERROR: 5400,
  OPERATION_FAILED: 5500,
  OPERATION_ABORT: 5998,
  UNKNOWN_ERROR: 5999,
} as const);

/**
 * What the local clients reject with: an `Error` (for a stack trace) that also has the vendor's
 * `{ code, message }` shape, like Chat's and TRTC's own error classes.
 */
export class LocalBackendError extends Error {
  readonly code: number;

  constructor(code: number, message: string, name = 'LocalBackendError') {
    super(message);
    this.name = name;
    this.code = code;
  }
}

/** A rejected promise carrying a {@link LocalBackendError}. */
export function fail(code: number, message: string, name?: string): Promise<never> {
  return Promise.reject(new LocalBackendError(code, message, name));
}
