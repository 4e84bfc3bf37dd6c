// biome-ignore lint/suspicious/noExplicitAny: listeners of vendor-shaped emitters take any payload
export type Listener = (payload: any) => void;

/** Receives errors thrown by listeners; the emitter itself never lets them escape. */
export type ListenerErrorHandler = (error: unknown, eventName: string) => void;

/**
 * The one event emitter of the package, used by the engine (through `TypedEmitter`) and by the local
 * vendor-shaped clients. Listeners of a name run in registration order over a copy of the list (a
 * listener may add or remove others), and one throwing listener does not stop the others: its error
 * goes to `onListenerError`. `off(name)` without a listener removes every listener of that name, and
 * `off('*')` removes all of them, as the vendor SDKs do.
 */
export class Emitter {
  readonly #listeners = new Map<string, Listener[]>();
  readonly #onListenerError: ListenerErrorHandler;

  constructor(onListenerError: ListenerErrorHandler) {
    this.#onListenerError = onListenerError;
  }

  on(name: string, listener: Listener): void {
    const list = this.#listeners.get(name);
    if (list) list.push(listener);
    else this.#listeners.set(name, [listener]);
  }

  off(name: string, listener?: Listener): void {
    if (listener === undefined) {
      if (name === '*') this.#listeners.clear();
      else this.#listeners.delete(name);
      return;
    }
    const list = this.#listeners.get(name);
    if (!list) return;
    const rest = list.filter((l) => l !== listener);
    if (rest.length > 0) this.#listeners.set(name, rest);
    else this.#listeners.delete(name);
  }

  count(name: string): number {
    return this.#listeners.get(name)?.length ?? 0;
  }

  emit(name: string, payload?: unknown): void {
    const list = this.#listeners.get(name);
    if (!list) return;
    for (const listener of [...list]) {
      try {
        listener(payload);
      } catch (error) {
        this.#onListenerError(error, name);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
