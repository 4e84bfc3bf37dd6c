import mitt, { type Emitter as Mitt } from 'mitt';

/** Receives errors thrown by listeners; the emitter itself never lets them escape. */
export type ListenerErrorHandler = (error: unknown, eventName: string) => void;

/**
 * A typed emitter over mitt that adds what a call engine needs: `on` returns an unsubscribe function,
 * `once`, and isolation — a throwing listener is reported and the other listeners still run.
 */
export class TypedEmitter<Events extends Record<string, unknown>> {
  readonly #mitt: Mitt<Events> = mitt<Events>();
  readonly #onListenerError: ListenerErrorHandler;

  constructor(onListenerError: ListenerErrorHandler) {
    this.#onListenerError = onListenerError;
  }

  on<K extends keyof Events & string>(name: K, handler: (payload: Events[K]) => void): () => void {
    const isolated = (payload: Events[K]) => {
      try {
        handler(payload);
      } catch (error) {
        this.#onListenerError(error, name);
      }
    };
    this.#mitt.on(name, isolated);
    return () => this.#mitt.off(name, isolated);
  }

  once<K extends keyof Events & string>(name: K, handler: (payload: Events[K]) => void): () => void {
    const off = this.on(name, (payload) => {
      off();
      handler(payload);
    });
    return off;
  }

  emit<K extends keyof Events & string>(name: K, payload: Events[K]): void {
    this.#mitt.emit(name, payload);
  }

  clear(): void {
    this.#mitt.all.clear();
  }
}
