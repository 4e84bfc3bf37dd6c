import { type Actor, createActor } from 'xstate';
import { type CallMachine, getCallMachine } from '../machine/call-machine';
import type { CallEvent } from '../machine/events';
import { TypedEmitter } from './emitter';
import { diffEvents } from './event-diff';
import type { CallEngineEvents } from './events';
import { type CallSnapshot, sameSnapshot, statusOf, toSnapshot, type UiState } from './snapshot';

/** Runs on every snapshot change, before apps hear of it: timers and media follow the call status. */
export type Reaction = (prev: CallSnapshot, next: CallSnapshot) => void;

/**
 * The single source of the engine's state: the call machine, the UI state kept beside it, and the
 * snapshot built from both. App listeners and typed events are dispatched one after another through
 * one queue, so a listener that triggers more changes never sees them out of order.
 */
export class CallStore {
  readonly #actor: Actor<CallMachine>;
  readonly #emitter: TypedEmitter<CallEngineEvents>;
  readonly #listeners = new Set<(snapshot: CallSnapshot) => void>();
  readonly #reactions: Reaction[] = [];
  readonly #queue: (() => void)[] = [];
  readonly #onListenerError: (error: unknown, name: string) => void;
  #draining = false;
  #stopped = false;
  #ui: UiState = {
    minimized: false,
    cameraOn: false,
    microphoneOn: false,
    connection: 'disconnected',
    networkQuality: 0,
  };
  #snapshot: CallSnapshot;
  /** The machine state the snapshot was built from: an event that changed neither needs no new one. */
  #builtFrom: { context: unknown; status: string } = { context: undefined, status: '' };

  constructor(
    selfId: string,
    onListenerError: (error: unknown, name: string) => void,
    inspect?: (event: unknown) => void,
  ) {
    this.#onListenerError = onListenerError;
    this.#emitter = new TypedEmitter<CallEngineEvents>(onListenerError);
    this.#actor = createActor(getCallMachine(), { input: { selfId }, ...(inspect ? { inspect } : {}) });
    this.#snapshot = this.#build();
    this.#actor.subscribe((s) => {
      // Unhandled events and moves inside `ringing` leave both as they were: nothing to build or diff.
      if (s.context === this.#builtFrom.context && statusOf(s.value) === this.#builtFrom.status) return;
      this.#changed(this.#build());
    });
    this.#actor.start();
  }

  get snapshot(): CallSnapshot {
    return this.#snapshot;
  }

  can(event: CallEvent): boolean {
    return this.#actor.getSnapshot().can(event);
  }

  send(event: CallEvent): void {
    if (!this.#stopped) this.#actor.send(event);
  }

  /** Registers a side effect of state changes; reactions run in registration order. */
  react(reaction: Reaction): void {
    this.#reactions.push(reaction);
  }

  /** Changes UI-facing state outside the call machine (camera, microphone, connection, minimized). */
  setUi(patch: Partial<UiState>): void {
    let same = true;
    for (const key in patch) if (patch[key as keyof UiState] !== this.#ui[key as keyof UiState]) same = false;
    if (same) return;
    this.#ui = { ...this.#ui, ...patch };
    this.#changed(this.#build());
  }

  /** Changes UI state without publishing it: for resets the next snapshot already reflects. */
  resetUi(patch: Partial<UiState>): void {
    this.#ui = { ...this.#ui, ...patch };
  }

  subscribe(listener: (snapshot: CallSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  on<K extends keyof CallEngineEvents>(name: K, handler: (payload: CallEngineEvents[K]) => void): () => void {
    return this.#emitter.on(name, handler);
  }

  once<K extends keyof CallEngineEvents>(
    name: K,
    handler: (payload: CallEngineEvents[K]) => void,
  ): () => void {
    return this.#emitter.once(name, handler);
  }

  /** Emits an event after whatever is being dispatched now. */
  emit<K extends keyof CallEngineEvents>(name: K, payload: CallEngineEvents[K]): void {
    this.#enqueue(() => this.#emitter.emit(name, payload));
  }

  /** Emits at once: for reports about listeners themselves, which must not wait behind them. */
  emitNow<K extends keyof CallEngineEvents>(name: K, payload: CallEngineEvents[K]): void {
    this.#emitter.emit(name, payload);
  }

  /** Stops the machine and forgets every listener. */
  stop(): void {
    this.#stopped = true;
    this.#actor.stop();
    this.#emitter.clear();
    this.#listeners.clear();
  }

  #build(): CallSnapshot {
    const s = this.#actor.getSnapshot();
    const status = statusOf(s.value);
    this.#builtFrom = { context: s.context, status };
    return toSnapshot(status, s.context, this.#ui);
  }

  #changed(next: CallSnapshot): void {
    const prev = this.#snapshot;
    if (sameSnapshot(prev, next)) return;
    this.#snapshot = next;
    for (const reaction of this.#reactions) reaction(prev, next);
    const events = diffEvents(prev, next);
    this.#enqueue(() => {
      for (const listener of [...this.#listeners]) {
        try {
          listener(next);
        } catch (error) {
          this.#onListenerError(error, 'subscribe');
        }
      }
      for (const e of events) this.#emitter.emit(e.name, e.payload as never);
    });
  }

  /** Runs emissions one after another, even when a listener triggers more changes. */
  #enqueue(task: () => void): void {
    this.#queue.push(task);
    if (this.#draining) return;
    this.#draining = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) next();
    } finally {
      this.#draining = false;
    }
  }
}
