/**
 * `headless-call-engine/vue`: composables for Vue 3. Snapshots are immutable, so a `shallowRef` holding
 * the current one is all the reactivity needed; the refs handed out are read-only. Call them in `setup()`
 * (or inside an `effectScope`): the subscriptions end when that scope is disposed. In a server render
 * they read the current snapshot and do not subscribe.
 */
import {
  getCurrentInstance,
  getCurrentScope,
  inject,
  onScopeDispose,
  type ShallowRef,
  shallowReadonly,
  shallowRef,
  ssrContextKey,
} from 'vue';
import { type CallSource, type Equality, shallowEqual } from '../bindings/source';
import type { CallEngineEvents, CallSnapshot, Participant } from '../index';

export { type CallSource, type Equality, shallowEqual };

/** A ref the caller can read and watch but not assign. */
export type ReadonlyRef<T> = Readonly<ShallowRef<T>>;

/**
 * Subscribes, tied to the current effect scope; outside one, the subscription lasts as long as the
 * engine. Not at all during server rendering: a server render never disposes its components' scopes
 * (each request would leave a listener behind), and it reads each value once anyway.
 */
function untilDisposed(subscribe: () => () => void): void {
  const rendersOnServer = getCurrentInstance() !== null && inject(ssrContextKey, null) !== null;
  if (rendersOnServer) return;
  const stop = subscribe();
  if (getCurrentScope()) onScopeDispose(stop);
}

// shallowReadonly, not readonly: a deep read-only proxy would wrap the participant objects and break the
// identity that tells an unchanged participant from a changed one.
function expose<T>(ref: ShallowRef<T>): ReadonlyRef<T> {
  return shallowReadonly(ref) as ReadonlyRef<T>;
}

/** The whole snapshot as a read-only ref; it changes on every snapshot change, volume ticks included. */
export function useCallSnapshot(engine: CallSource): ReadonlyRef<CallSnapshot> {
  const snapshot = shallowRef(engine.getSnapshot());
  untilDisposed(() =>
    engine.subscribe((next) => {
      snapshot.value = next;
    }),
  );
  return expose(snapshot);
}

/**
 * A slice of the snapshot as a read-only ref. It is assigned (and its dependents re-run) only when
 * `isEqual(previous, next)` is false: default `Object.is`; {@link shallowEqual} suits a selector that
 * builds an object or array.
 *
 * @example const status = useCallState(engine, (s) => s.status);
 */
export function useCallState<T>(
  engine: CallSource,
  selector: (snapshot: CallSnapshot) => T,
  isEqual: Equality<T> = Object.is,
): ReadonlyRef<T> {
  const selection = shallowRef(selector(engine.getSnapshot())) as ShallowRef<T>;
  untilDisposed(() =>
    engine.subscribe((snapshot) => {
      const next = selector(snapshot);
      if (!isEqual(selection.value, next)) selection.value = next;
    }),
  );
  return expose(selection);
}

/**
 * One participant of the current call (`undefined` when not in `participants`). The ref changes only
 * when that participant's object does, so a component per participant re-renders only for its user.
 */
export function useParticipant(engine: CallSource, userID: string): ReadonlyRef<Participant | undefined> {
  return useCallState(engine, (s) => s.participants.find((p) => p.userID === userID));
}

/** Runs `handler` for every `name` event of the engine until the current scope is disposed. */
export function useCallEvent<K extends keyof CallEngineEvents>(
  engine: CallSource,
  name: K,
  handler: (payload: CallEngineEvents[K]) => void,
): void {
  untilDisposed(() => engine.on(name, handler));
}
