import type { MediaPort, RoomRef } from '../ports/media';

/**
 * Serialises every media operation of one engine and remembers what is running (room, microphone,
 * camera), so teardown is always complete and never races a late enterRoom.
 */
export class MediaSession {
  readonly #port: MediaPort;
  readonly #onError: (error: unknown, operation: string) => void;
  #queue: Promise<unknown> = Promise.resolve();
  #room: RoomRef | null = null;
  #audio = false;
  #video = false;
  /** Remote users currently in the room, whatever the call state says. */
  readonly present = new Set<string>();
  /** Remote users seen in the room since this device entered it, including those who left again. */
  readonly seen = new Set<string>();

  constructor(port: MediaPort, onError: (error: unknown, operation: string) => void) {
    this.#port = port;
    this.#onError = onError;
  }

  get room(): RoomRef | null {
    return this.#room;
  }

  #run<T>(op: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(op, op);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Enters `room`, leaving any other room first. Rejects when TRTC refuses. */
  enter(room: RoomRef): Promise<void> {
    return this.#run(async () => {
      if (this.#room && sameRoom(this.#room, room)) return;
      if (this.#room) await this.#exitQuietly();
      await this.#port.enterRoom(room);
      this.#room = room;
    });
  }

  /** Starts publishing: microphone always, camera for video calls. Failures are reported, not thrown. */
  publish(video: boolean): Promise<void> {
    return this.#run(async () => {
      if (!this.#room) return;
      if (!this.#audio)
        await this.#attempt(
          'startLocalAudio',
          () => this.#port.startLocalAudio(),
          () => (this.#audio = true),
        );
      if (video && !this.#video) {
        await this.#attempt(
          'startLocalVideo',
          () => this.#port.startLocalVideo({ publish: true }),
          () => (this.#video = true),
        );
      }
    });
  }

  stopVideo(): Promise<void> {
    return this.#run(async () => {
      if (!this.#video) return;
      this.#video = false;
      await this.#attempt('stopLocalVideo', () => this.#port.stopLocalVideo());
    });
  }

  /** Stops capture and leaves the room; safe to call any number of times. */
  leave(): Promise<void> {
    return this.#run(() => this.#exitQuietly());
  }

  /** Resolves once every queued operation has finished. */
  settled(): Promise<void> {
    return this.#queue.then(() => undefined);
  }

  async destroy(): Promise<void> {
    await this.leave();
    await this.#attempt('destroy', () => this.#port.destroy());
  }

  async #exitQuietly(): Promise<void> {
    if (this.#video) {
      this.#video = false;
      await this.#attempt('stopLocalVideo', () => this.#port.stopLocalVideo());
    }
    if (this.#audio) {
      this.#audio = false;
      await this.#attempt('stopLocalAudio', () => this.#port.stopLocalAudio());
    }
    if (this.#room) {
      this.#room = null;
      this.present.clear();
      this.seen.clear();
      await this.#attempt('exitRoom', () => this.#port.exitRoom());
    }
  }

  async #attempt(operation: string, op: () => Promise<unknown>, onSuccess?: () => void): Promise<void> {
    try {
      await op();
      onSuccess?.();
    } catch (error) {
      this.#onError(error, operation);
    }
  }
}

function sameRoom(a: RoomRef, b: RoomRef): boolean {
  return a.roomId === b.roomId && a.strRoomId === b.strRoomId;
}
