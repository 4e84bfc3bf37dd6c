/**
 * Why a capture failed, from the browser's `DOMException` name anywhere in the error's chain (`cause`,
 * or TRTC's `originError`): `'permission'` (NotAllowedError, SecurityError) or `'device'` (no such
 * device, or it is busy); `undefined` for anything else.
 */
export function deviceFailureOf(error: unknown): 'permission' | 'device' | undefined {
  let e = error as { name?: unknown; cause?: unknown; originError?: unknown } | null | undefined;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
    if (e.name === 'NotAllowedError' || e.name === 'SecurityError') return 'permission';
    if (e.name === 'NotFoundError' || e.name === 'NotReadableError' || e.name === 'OverconstrainedError')
      return 'device';
    e = (e.cause ?? e.originError) as typeof e;
  }
  return undefined;
}
