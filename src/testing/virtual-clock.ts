import type { Clock } from '../clock';

interface Scheduled {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** Lets pending promise callbacks run: a macrotask runs only after the microtask queue is empty. */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => {
    const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
    if (typeof g.setImmediate === 'function') g.setImmediate(resolve);
    else globalThis.setTimeout(resolve, 0);
  });
}

/**
 * A clock that only moves when told to. Timers due at the same moment fire in the order they were
 * scheduled, and promise callbacks settle between timers, so a simulated run is fully deterministic.
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Scheduled[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer: Scheduled = { id: ++this.#seq, at: this.#now + delay, fn };
    // Keep the list sorted by due time, then by scheduling order.
    let i = this.#timers.length;
    while (i > 0 && (this.#timers[i - 1] as Scheduled).at > timer.at) i--;
    this.#timers.splice(i, 0, timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    const i = this.#timers.findIndex((t) => t.id === handle);
    if (i >= 0) this.#timers.splice(i, 1);
  }

  /** Number of timers not fired yet. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Due time of the next timer, or `null` when none is scheduled. */
  nextAt(): number | null {
    return this.#timers[0]?.at ?? null;
  }

  /** Fires the next timer (moving time to it) and lets its promise callbacks settle. */
  async step(): Promise<boolean> {
    const next = this.#timers.shift();
    if (!next) return false;
    this.#now = Math.max(this.#now, next.at);
    next.fn();
    await flushMicrotasks();
    return true;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const until = this.#now + Math.max(0, ms);
    await flushMicrotasks();
    for (let next = this.nextAt(); next !== null && next <= until; next = this.nextAt()) {
      await this.step();
    }
    this.#now = until;
    await flushMicrotasks();
  }
}
