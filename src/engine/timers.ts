import type { Clock } from '../clock';

/** Named one-shot timers on the injected clock; scheduling a name again replaces the old timer. */
export class Timers {
  readonly #clock: Clock;
  readonly #handles = new Map<string, unknown>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  set(name: string, ms: number, fn: () => void): void {
    this.clear(name);
    const handle = this.#clock.setTimeout(() => {
      this.#handles.delete(name);
      fn();
    }, ms);
    this.#handles.set(name, handle);
  }

  clear(name: string): void {
    const handle = this.#handles.get(name);
    if (handle === undefined) return;
    this.#clock.clearTimeout(handle);
    this.#handles.delete(name);
  }

  clearAll(): void {
    for (const name of [...this.#handles.keys()]) this.clear(name);
  }
}
