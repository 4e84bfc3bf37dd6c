/** Field checks for untrusted input, shared by the codec and the Tencent adapters. */

export type Fields = Readonly<Record<string, unknown>>;

/** Whether `v` is a non-null, non-array object, the only shape whose fields are read. */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `v` when it is a record, else an empty one, so fields of untrusted input read as `undefined`. */
export const fieldsOf = (v: unknown): Fields => (isRecord(v) ? v : {});

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isFiniteNumber = (v: unknown): v is number => Number.isFinite(v);
export const isNonEmpty = (v: unknown): v is string => isString(v) && v !== '';
/** `v` when it is a string, else ''. */
export const asString = (v: unknown): string => (isString(v) ? v : '');

/** A field check: the test a value must pass, and what it must be (completes "The x is not …"). */
export type Check<T> = readonly [test: (v: unknown) => v is T, what: string];

export const OBJECT: Check<Fields> = [isRecord, 'an object'];
export const STRING: Check<string> = [isString, 'a string'];
export const STRINGS: Check<string[]> = [
  (v): v is string[] => Array.isArray(v) && v.every(isString),
  'an array of strings',
];

/** A field failed its check; the message is a sentence naming it. Callers turn it into their failure code. */
export class FieldError extends Error {}

/** A required field: `obj[key]` when it passes `check`, else throws a {@link FieldError} naming it. */
export function required<T>(obj: Fields, key: string, [test, what]: Check<T>, name = key): T {
  const v = obj[key];
  if (test(v)) return v;
  throw new FieldError(`The ${name} is not ${what}.`);
}

/** An optional field: `undefined` when absent, else as {@link required}. */
export const field = <T>(obj: Fields, key: string, check: Check<T>, name = key): T | undefined =>
  obj[key] === undefined ? undefined : required(obj, key, check, name);
