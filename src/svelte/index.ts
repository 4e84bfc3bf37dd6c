/**
 * `headless-call-engine/svelte`: readable stores following Svelte's store contract — `subscribe(run)`
 * calls `run` at once, synchronously, with the current value, then after every change, and returns the
 * unsubscriber. So `$call` works in components, and `get` / `derived` from `svelte/store` work on them.
 * It implements the contract directly: nothing from Svelte is imported.
 */
import { type CallSource, type Equality, shallowEqual } from '../bindings/source';
import type { CallSnapshot, Participant } from '../index';

export { type CallSource, type Equality, shallowEqual };

/** Svelte's readable store contract (structurally the same as `Readable` of `svelte/store`). */
export interface Readable<T> {
  subscribe(run: (value: T) => void, invalidate?: () => void): () => void;
}

/** The whole snapshot as a store: it notifies on every snapshot change, volume ticks included. */
export function callSnapshotStore(engine: CallSource): Readable<CallSnapshot> {
  return {
    subscribe(run) {
      run(engine.getSnapshot());
      return engine.subscribe(run);
    },
  };
}

/**
 * A slice of the snapshot as a store. Each subscriber is notified only when `isEqual(previous, next)` is
 * false: default `Object.is`; {@link shallowEqual} suits a selector that builds an object or array.
 *
 * @example const status = callStateStore(engine, (s) => s.status);   // {$status} in a component
 */
export function callStateStore<T>(
  engine: CallSource,
  selector: (snapshot: CallSnapshot) => T,
  isEqual: Equality<T> = Object.is,
): Readable<T> {
  return {
    subscribe(run) {
      let current = selector(engine.getSnapshot());
      run(current);
      return engine.subscribe((snapshot) => {
        const next = selector(snapshot);
        if (isEqual(current, next)) return;
        current = next;
        run(next);
      });
    },
  };
}

/**
 * One participant of the current call (`undefined` when not in `participants`). It notifies only when
 * that participant's object changes, so a component per participant updates only for its user.
 */
export function participantStore(engine: CallSource, userID: string): Readable<Participant | undefined> {
  return callStateStore(engine, (s) => s.participants.find((p) => p.userID === userID));
}
