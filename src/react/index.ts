/**
 * `headless-call-engine/react`: hooks over `useSyncExternalStore`. The engine's snapshot is immutable
 * and keeps its identity until something changes, so React can compare it with `Object.is`; a selector
 * narrows that to the slice a component shows. Works with React 18 and 19, on the server too.
 */
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { type CallSource, type Equality, shallowEqual } from '../bindings/source';
import type { CallEngineEvents, CallSnapshot, Participant } from '../index';

export { type CallSource, type Equality, shallowEqual };

/** The engine's `subscribe`, stable per engine so React does not re-subscribe on every render. */
function useSubscribe(engine: CallSource): (onChange: () => void) => () => void {
  return useCallback((onChange: () => void) => engine.subscribe(() => onChange()), [engine]);
}

/**
 * The whole snapshot. The component re-renders on every change, volume ticks included; prefer
 * {@link useCallState} for anything shown in many places.
 */
export function useCallSnapshot(engine: CallSource): CallSnapshot {
  const getSnapshot = useCallback(() => engine.getSnapshot(), [engine]);
  return useSyncExternalStore(useSubscribe(engine), getSnapshot, getSnapshot);
}

interface Selection<T> {
  readonly snapshot: CallSnapshot;
  readonly selector: (snapshot: CallSnapshot) => T;
  readonly value: T;
}

/**
 * A slice of the snapshot. The component re-renders only when `isEqual(previous, next)` is false
 * (default `Object.is`; pass {@link shallowEqual} for a selector that builds an object or array).
 * The selection is computed once per snapshot, and an equal one keeps the previous value's identity.
 *
 * @example const status = useCallState(engine, (s) => s.status);
 * @example const ids = useCallState(engine, (s) => s.participants.map((p) => p.userID), shallowEqual);
 */
export function useCallState<T>(
  engine: CallSource,
  selector: (snapshot: CallSnapshot) => T,
  isEqual: Equality<T> = Object.is,
): T {
  // A plain cache, not state: React calls `select` during render and after every change, and expects the
  // same value back for the same snapshot. Keyed on the selector too, since an inline selector may close
  // over props that changed.
  const last = useRef<Selection<T> | null>(null);
  const select = (): T => {
    const snapshot = engine.getSnapshot();
    const cached = last.current;
    if (cached && cached.snapshot === snapshot && cached.selector === selector) return cached.value;
    const next = selector(snapshot);
    const value = cached && isEqual(cached.value, next) ? cached.value : next;
    last.current = { snapshot, selector, value };
    return value;
  };
  return useSyncExternalStore(useSubscribe(engine), select, select);
}

/**
 * One participant of the current call (`undefined` when not in `participants`). Participant objects
 * keep their identity while unchanged, so only the component showing the user who changed re-renders.
 */
export function useParticipant(engine: CallSource, userID: string): Participant | undefined {
  const select = useCallback((s: CallSnapshot) => s.participants.find((p) => p.userID === userID), [userID]);
  return useCallState(engine, select);
}

/**
 * Runs `handler` for every `name` event of the engine while the component is mounted. It subscribes
 * once per engine and name; the latest `handler` is called, so an inline function is fine.
 */
export function useCallEvent<K extends keyof CallEngineEvents>(
  engine: CallSource,
  name: K,
  handler: (payload: CallEngineEvents[K]) => void,
): void {
  const latest = useRef(handler);
  // Declared before the subscribing effect, so it has run before any event can reach `latest`.
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => engine.on(name, (payload) => latest.current(payload)), [engine, name]);
}
