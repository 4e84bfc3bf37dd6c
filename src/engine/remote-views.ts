import type { MediaFact, MediaPort } from '../ports/media';

/**
 * Remote cameras the app asked to see: which view each user's camera goes to, whose camera is available,
 * and which are playing. The media session runs these operations in its queue.
 */
export class RemoteViews {
  readonly #port: MediaPort;
  /** userID → the view the app wants that user's camera in. */
  readonly #views = new Map<string, unknown>();
  /** Remote users whose camera is available, and those whose camera is being played. */
  readonly #available = new Set<string>();
  readonly #playing = new Set<string>();

  constructor(port: MediaPort) {
    this.#port = port;
  }

  /** Plays `userID`'s camera in `view` now if it is available (moving it from another view). */
  async show(userID: string, view: unknown): Promise<void> {
    const before = this.#views.get(userID);
    this.#views.set(userID, view);
    if (this.#playing.has(userID)) {
      if (before === view) return;
      this.#playing.delete(userID);
      await this.#port.stopRemoteVideo(userID);
    }
    if (this.#available.has(userID)) await this.play(userID);
  }

  async hide(userID: string): Promise<void> {
    this.#views.delete(userID);
    if (this.#playing.delete(userID)) await this.#port.stopRemoteVideo(userID);
  }

  async play(userID: string): Promise<void> {
    const view = this.#views.get(userID);
    // Checked when the queued operation runs: the camera or the view may have gone meanwhile.
    if (view === undefined || !this.#available.has(userID) || this.#playing.has(userID)) return;
    await this.#port.startRemoteVideo(userID, view);
    this.#playing.add(userID);
  }

  /** Follows the room; returns the user whose camera should start playing now, if any. */
  observe(fact: MediaFact): string | undefined {
    if (fact.type === 'remoteVideoAvailable' && fact.available) {
      this.#available.add(fact.userID);
      return this.#views.has(fact.userID) ? fact.userID : undefined;
    }
    if (fact.type === 'remoteVideoAvailable' || fact.type === 'remoteUserExit') {
      // TRTC stops the playback of a stream that went away by itself; the view stays for its return.
      this.#available.delete(fact.userID);
      this.#playing.delete(fact.userID);
    }
    return undefined;
  }

  /** The next call starts without views. */
  clear(): void {
    this.#views.clear();
    this.#available.clear();
    this.#playing.clear();
  }
}
