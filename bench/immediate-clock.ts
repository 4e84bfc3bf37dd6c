import { type Clock, systemClock } from '../src/clock';

/**
 * The wall clock, except that a 0 ms timer runs on the next event-loop turn (`setImmediate`) instead of
 * Node's `setTimeout(fn, 0)`, which waits at least 1 ms. The local network with 0 ms latency schedules
 * every message leg as such a timer, so this shows what the relay costs without that floor.
 */
export const immediateClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => (ms <= 0 ? { immediate: setImmediate(fn) } : systemClock.setTimeout(fn, ms)),
  clearTimeout: (handle) => {
    if (handle !== null && typeof handle === 'object' && 'immediate' in handle)
      clearImmediate((handle as { immediate: NodeJS.Immediate }).immediate);
    else systemClock.clearTimeout(handle);
  },
};
