import type { Clock } from '../clock';

/** A scheduled callback that can be cancelled. */
export interface TimerHandle {
  cancel(): void;
}

interface Entry extends TimerHandle {
  readonly counted: boolean;
  handle: unknown;
}

/**
 * Owns every timer of one local network, so `destroy()` can cancel them all and `pending()` can tell a
 * simulator whether the network is idle. "Counted" timers are in-flight network work (deliveries, server
 * acks, presence time-outs); client-side timers (invitation time-outs, volume ticks) are not counted,
 * since a ringing call would otherwise never let the network look idle.
 */
export class Scheduler {
  readonly clock: Clock;
  readonly #live = new Set<Entry>();
  #destroyed = false;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  schedule(fn: () => void, ms: number, counted: boolean): TimerHandle {
    const live = this.#live;
    const clock = this.clock;
    const entry: Entry = {
      counted,
      handle: undefined,
      cancel() {
        if (live.delete(entry)) clock.clearTimeout(entry.handle);
      },
    };
    if (this.#destroyed) return entry;
    live.add(entry);
    entry.handle = clock.setTimeout(
      () => {
        if (live.delete(entry)) fn();
      },
      Math.max(0, ms),
    );
    return entry;
  }

  /** Counted timers that have not fired yet. */
  pending(): number {
    let n = 0;
    for (const entry of this.#live) if (entry.counted) n++;
    return n;
  }

  /** Cancels everything and refuses new timers. */
  destroy(): void {
    this.#destroyed = true;
    for (const entry of [...this.#live]) entry.cancel();
  }
}

/** The timers of one client, cancellable together (logout, exitRoom, destroy). */
export class TimerGroup {
  readonly #scheduler: Scheduler;
  readonly #handles = new Set<TimerHandle>();

  constructor(scheduler: Scheduler) {
    this.#scheduler = scheduler;
  }

  schedule(fn: () => void, ms: number, counted = false): TimerHandle {
    const handles = this.#handles;
    const inner = this.#scheduler.schedule(
      () => {
        handles.delete(handle);
        fn();
      },
      ms,
      counted,
    );
    const handle: TimerHandle = {
      cancel() {
        handles.delete(handle);
        inner.cancel();
      },
    };
    handles.add(handle);
    return handle;
  }

  cancelAll(): void {
    for (const handle of [...this.#handles]) handle.cancel();
  }
}
