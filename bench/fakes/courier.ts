/**
 * Carries facts between fake ports in one process. Each delivery is its own microtask: no clock and no
 * event-loop turn, yet never re-entrant, so an engine is never called back while it is still sending.
 */
export class Courier {
  /** Deliveries queued and not yet run. */
  pending = 0;

  send(deliver: () => void): void {
    this.pending++;
    queueMicrotask(() => {
      this.pending--;
      deliver();
    });
  }

  /**
   * Delivers on the next event-loop turn instead, once every microtask queued now has run: a probe
   * then times the receiving engine alone, not the sender's work still queued ahead of it.
   */
  sendIsolated(deliver: () => void): void {
    this.pending++;
    setImmediate(() => {
      this.pending--;
      deliver();
    });
  }

  /** Resolves once nothing is in flight, including what the deliveries themselves caused. */
  async quiet(): Promise<void> {
    // Each await lets the queued microtasks (and the engines' promise continuations) run.
    for (let spins = 0; this.pending > 0 || spins < 4; spins++) {
      if (this.pending > 0 && spins > 1000) await new Promise(setImmediate);
      else await null;
    }
  }
}
