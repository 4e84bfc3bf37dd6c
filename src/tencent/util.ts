import { fieldsOf, isFiniteNumber, isNonEmpty, isString } from '../protocol/util';

/** An `Error` carrying a numeric vendor `code`, the shape the engine maps into `CallError`. */
export type VendorError = Error & { code: number };

export const codeError = (code: number, message: string, cause?: unknown): VendorError =>
  Object.assign(new Error(message, { cause }), { code });

/**
 * Runs a vendor call and re-throws its failure (a TRTC `RtcError`, Chat's plain `{ code, message }`, a
 * string…) as an `Error` with the original as `cause`, the vendor's numeric (or numeric string) `code`,
 * else `fallbackCode`, and the vendor's message, else "`what` failed".
 */
export async function vendorCall<T>(what: string, fallbackCode: number, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const { code, message } = fieldsOf(err);
    throw codeError(
      isFiniteNumber(code) ? code : isString(code) && /^-?\d+$/.test(code) ? Number(code) : fallbackCode,
      isNonEmpty(message) ? message : isNonEmpty(err) ? err : `${what} failed`,
      err,
    );
  }
}
