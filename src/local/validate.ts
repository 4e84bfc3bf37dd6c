import { CHAT_ERROR, LocalBackendError } from './errors';

const invalid = (message: string) => new LocalBackendError(CHAT_ERROR.INVALID_PARAMETER, message);

/** A required non-empty string parameter (else Chat's 6017). */
export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw invalid(`${name} must be a non-empty string`);
  return value;
}

/** An optional string parameter; absent means `''`, like the Chat SDK's defaults. */
export function optionalString(value: unknown, name: string): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw invalid(`${name} must be a string`);
  return value;
}

/** A non-empty list of non-empty strings. */
export function requireStringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && v !== '')) {
    throw invalid(`${name} must be a non-empty array of non-empty strings`);
  }
  return [...(value as string[])];
}

/** Invitation timeout in seconds; absent means 0 (no timer), the Chat SDK's default. */
export function timeoutOf(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalid('timeout must be a number of seconds >= 0');
  }
  return value;
}

/** `isCommercialAbilityEnabled` takes a positive integer bit mask (a number or its decimal string). */
export function checkMask(value: unknown): number | undefined {
  const mask = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof mask === 'number' && Number.isSafeInteger(mask) && mask > 0 ? mask : undefined;
}
