import { Emitter } from '../emitter';

export type { Emitter };

/**
 * The emitter of the vendor-shaped local clients (the package's one emitter): a throwing listener
 * neither stops the others nor unwinds into the network's timers; its error is re-thrown on a microtask
 * so tests still see it.
 */
export function createClientEmitter(): Emitter {
  return new Emitter((error) =>
    queueMicrotask(() => {
      throw error;
    }),
  );
}
