import type { CallEngine } from '../index';

/**
 * What the framework bindings need from an engine: its snapshot, change notifications and typed events.
 * Any `CallEngine` fits, and so does a simulator user (`sim.user(…)`) or a test double.
 */
export type CallSource = Pick<CallEngine, 'getSnapshot' | 'subscribe' | 'on'>;

/** Compares two selections: `true` keeps the previous one, so nothing re-renders. */
export type Equality<T> = (previous: T, next: T) => boolean;

/**
 * Equality for selections built fresh on every snapshot — `{ status, callId }`, `[a, b]`, a list of
 * user ids: same keys (or length) and `Object.is` for each value. Participant objects keep their
 * identity while unchanged, so a list of them compares cheaply too.
 */
export function shallowEqual<T>(previous: T, next: T): boolean {
  if (Object.is(previous, next)) return true;
  if (typeof previous !== 'object' || typeof next !== 'object' || previous === null || next === null) {
    return false;
  }
  if (Array.isArray(previous) !== Array.isArray(next)) return false;
  const a = previous as Record<string, unknown>;
  const b = next as Record<string, unknown>;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && Object.is(a[key], b[key]));
}
