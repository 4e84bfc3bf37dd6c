// biome-ignore lint/suspicious/noExplicitAny: listeners of vendor-shaped emitters take any payload
type Listener = (...args: any[]) => void;

/**
 * A minimal event emitter with the vendor semantics the clients need: `off(name)` without a handler
 * removes every listener of that name, and one throwing listener neither stops the others nor unwinds
 * into the network's timers (the error is re-thrown on a microtask so tests still see it).
 */
export class Emitter {
  readonly #listeners = new Map<string, Listener[]>();

  on(name: string, listener: Listener): void {
    const list = this.#listeners.get(name);
    if (list) list.push(listener);
    else this.#listeners.set(name, [listener]);
  }

  off(name: string, listener?: Listener): void {
    if (name === '*' && listener === undefined) {
      this.#listeners.clear();
      return;
    }
    if (listener === undefined) {
      this.#listeners.delete(name);
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

  emit(name: string, ...args: unknown[]): void {
    const list = this.#listeners.get(name);
    if (!list) return;
    // Copy: a listener may add or remove listeners while we iterate.
    for (const listener of [...list]) {
      try {
        listener(...args);
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
