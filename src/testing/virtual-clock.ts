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
  /** Binary min-heap by (due time, scheduling order); cancelled timers are skipped lazily. */
  readonly #heap: Scheduled[] = [];
  readonly #live = new Set<number>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer: Scheduled = { id: ++this.#seq, at: this.#now + delay, fn };
    this.#live.add(timer.id);
    const heap = this.#heap;
    heap.push(timer);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.#live.delete(handle as number);
  }

  /** Number of timers not fired yet. */
  get pending(): number {
    return this.#live.size;
  }

  /** Due time of the next timer, or `null` when none is scheduled. */
  nextAt(): number | null {
    return this.#peek()?.at ?? null;
  }

  #peek(): Scheduled | undefined {
    while (this.#heap.length > 0 && !this.#live.has(this.#heap[0]!.id)) this.#pop();
    return this.#heap[0];
  }

  #pop(): Scheduled | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }

  /** Fires the next timer (moving time to it) and lets its promise callbacks settle. */
  async step(): Promise<boolean> {
    const next = this.#peek();
    if (!next) return false;
    this.#pop();
    this.#live.delete(next.id);
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

/** Earlier due time first; equal times fire in scheduling order. */
function before(a: Scheduled, b: Scheduled): boolean {
  return a.at < b.at || (a.at === b.at && a.id < b.id);
}
