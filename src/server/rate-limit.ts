/** Per-connection frame rate limit (`LocalCallServerOptions.rateLimit`). */
export interface FrameRateLimit {
  /** Frames a connection may send at once after being quiet (default 400). */
  burst?: number;
  /** Frames per second it may keep sending (default 200). */
  perSecond?: number;
}

/** What the limiter decides for one incoming frame. */
export type RateVerdict = 'accept' | 'refuse' | 'disconnect';

/**
 * A token bucket that may run into debt: a frame beyond the bucket is refused (the client is told), and
 * a client that keeps sending until it owes another full burst is disconnected. So a brief excess costs
 * a few refused frames, a flood ends the connection, and neither grows anything on the server.
 */
export class TokenBucket {
  readonly #burst: number;
  readonly #perMs: number;
  readonly #now: () => number;
  #tokens: number;
  #at: number;

  constructor(limit: FrameRateLimit = {}, now: () => number = () => performance.now()) {
    this.#burst = Math.max(1, Math.floor(limit.burst ?? 400));
    this.#perMs = Math.max(0.001, limit.perSecond ?? 200) / 1000;
    this.#now = now;
    this.#tokens = this.#burst;
    this.#at = now();
  }

  take(): RateVerdict {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#at) * this.#perMs);
    this.#at = now;
    this.#tokens -= 1;
    if (this.#tokens >= 0) return 'accept';
    return this.#tokens < -this.#burst ? 'disconnect' : 'refuse';
  }
}
