import type { EngineCore } from './engine-core';

/** Five minutes: enough for an app to reach its backend for a new UserSig. */
const DEFAULT_REFRESH_MS = 300_000;

/**
 * Warns (`userSigExpiring`) ahead of the UserSig's expiry, so the app can mint a new one and hand it to
 * `updateUserSig` without recreating the engine. Its timer is its own: ending a call clears the
 * call's timers, not this one.
 */
export class UserSigWatch {
  readonly #core: EngineCore;
  readonly #refreshMs: number;
  #timer: unknown;

  constructor(core: EngineCore) {
    this.#core = core;
    this.#refreshMs = core.options.userSigRefreshMs ?? DEFAULT_REFRESH_MS;
    if (core.options.userSigExpiresAt !== undefined) this.watch(core.options.userSigExpiresAt);
  }

  /** Replaces the watched expiry (`undefined`: the new UserSig's expiry is unknown, nothing to warn). */
  watch(expiresAt: number | undefined): void {
    this.dispose();
    if (expiresAt === undefined) return;
    const clock = this.#core.clock;
    const delay = Math.max(0, expiresAt - this.#refreshMs - clock.now());
    this.#timer = clock.setTimeout(() => {
      this.#timer = undefined;
      this.#core.emit('userSigExpiring', { expiresAt });
    }, delay);
  }

  dispose(): void {
    if (this.#timer === undefined) return;
    this.#core.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
