import { LocalBackendError } from '../errors';

/** An `RtcError`-shaped error (TRTC's `code`, optional `extraCode`, the original as `cause`). */
export function rtcError(
  code: number,
  message: string,
  cause?: unknown,
  extraCode?: number,
): LocalBackendError {
  const err = new LocalBackendError(code, message, 'RtcError');
  if (cause !== undefined) (err as { cause?: unknown }).cause = cause;
  if (extraCode !== undefined) (err as { extraCode?: number }).extraCode = extraCode;
  return err;
}
