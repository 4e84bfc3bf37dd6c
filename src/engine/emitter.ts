import { Emitter, type ListenerErrorHandler } from '../emitter';

export type { ListenerErrorHandler };

/**
 * The package's emitter, typed by an event map, with what a call engine needs: `on` returns an
 * unsubscribe function (of that registration only, even when one handler is registered twice), `once`,
 * and isolation — a throwing listener is reported and the other listeners still run.
 */
export class TypedEmitter<Events extends Record<string, unknown>> {
  readonly #emitter: Emitter;

  constructor(onListenerError: ListenerErrorHandler) {
    this.#emitter = new Emitter(onListenerError);
  }

  on<K extends keyof Events & string>(name: K, handler: (payload: Events[K]) => void): () => void {
    const registration = (payload: Events[K]) => handler(payload);
    this.#emitter.on(name, registration);
    return () => this.#emitter.off(name, registration);
  }

  once<K extends keyof Events & string>(name: K, handler: (payload: Events[K]) => void): () => void {
    const off = this.on(name, (payload) => {
      off();
      handler(payload);
    });
    return off;
  }

  emit<K extends keyof Events & string>(name: K, payload: Events[K]): void {
    this.#emitter.emit(name, payload);
  }

  clear(): void {
    this.#emitter.clear();
  }
}
