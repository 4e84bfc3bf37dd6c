import { createVideoElement, mediaStreamClass, removeElement, resolveView } from './dom';

/** Reports an `autoplay-failed` for one element, with the way to retry it. */
export type AutoplayFailed = (
  userId: string,
  mediaType: 'audio' | 'video',
  resume: () => Promise<void>,
) => void;

const GESTURES = ['pointerdown', 'keydown', 'touchend'] as const;

/**
 * Browsers refuse to start audible playback before the user interacted with the page. Like TRTC, the
 * blocked elements are retried on the next user gesture, and each failure is reported once with a
 * `resume()` the app can call from its own button.
 */
export class AutoplayGuard {
  readonly #doc: Document;
  readonly #blocked = new Set<HTMLMediaElement>();
  #listening = false;

  constructor(doc: Document) {
    this.#doc = doc;
  }

  /** Plays `el`; on an autoplay refusal, reports it and retries on the next gesture. */
  play(el: HTMLMediaElement, userId: string, mediaType: 'audio' | 'video', failed: AutoplayFailed): void {
    const attempt = el.play?.();
    if (attempt === undefined) return;
    attempt.then(
      () => this.#blocked.delete(el),
      (err: unknown) => {
        // AbortError only means a newer srcObject / play() superseded this one.
        if ((err as { name?: unknown })?.name !== 'NotAllowedError' || !el.isConnected) return;
        this.#blocked.add(el);
        this.#listen();
        failed(userId, mediaType, async () => {
          await el.play();
          this.#blocked.delete(el);
        });
      },
    );
  }

  forget(el: HTMLMediaElement): void {
    this.#blocked.delete(el);
  }

  readonly #onGesture = (): void => {
    for (const el of this.#blocked) {
      el.play().then(
        () => this.#blocked.delete(el),
        () => {
          // Still blocked: keep it for the next gesture.
        },
      );
    }
    if (this.#blocked.size === 0) this.dispose();
  };

  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    for (const type of GESTURES) this.#doc.addEventListener(type, this.#onGesture, true);
  }

  dispose(): void {
    this.#blocked.clear();
    if (!this.#listening) return;
    this.#listening = false;
    for (const type of GESTURES) this.#doc.removeEventListener(type, this.#onGesture, true);
  }
}

/** What a {@link RemoteUser} needs from its client. */
export interface RemoteEnv {
  doc: Document;
  guard: AutoplayGuard;
  failed: AutoplayFailed;
  /** Output device for audio (`setCurrentSpeaker`), if one was chosen. */
  sinkId(): string | undefined;
}

type SinkElement = HTMLMediaElement & { setSinkId?: (id: string) => Promise<void> };

/**
 * The media of one remote member in the page: its audio always plays from a hidden autoplaying
 * `<audio>` (created when the member enters), its video plays only into the view `startRemoteVideo`
 * gave, from a muted `<video>` (so video never needs a gesture and audio never plays twice).
 */
export class RemoteUser {
  readonly userId: string;
  /** Every remote track of this member, for playback and for volume evaluation. */
  readonly stream: MediaStream | undefined;
  readonly #env: RemoteEnv;
  readonly #audio: HTMLAudioElement;
  #video: HTMLVideoElement | undefined;
  #view: HTMLElement | null = null;

  constructor(userId: string, env: RemoteEnv) {
    this.userId = userId;
    this.#env = env;
    const Stream = mediaStreamClass(env.doc);
    this.stream = Stream ? new Stream() : undefined;
    const audio = env.doc.createElement('audio');
    audio.autoplay = true;
    audio.setAttribute('autoplay', '');
    audio.style.display = 'none';
    audio.dataset.trtcUser = userId;
    env.doc.body?.appendChild(audio);
    this.#audio = audio;
    this.#applySink(audio);
  }

  /** A track of this member arrived (a new connection replaces the old tracks of the same kind). */
  addTrack(track: MediaStreamTrack): void {
    const stream = this.stream;
    if (stream === undefined) return;
    for (const old of stream.getTracks())
      if (old.kind === track.kind && old !== track) stream.removeTrack(old);
    if (!stream.getTracks().includes(track)) stream.addTrack(track);
    if (track.kind === 'audio') {
      this.#audio.srcObject = stream;
      this.#env.guard.play(this.#audio, this.userId, 'audio', this.#env.failed);
    } else if (this.#view) {
      this.#render();
    }
  }

  /** Plays the member's video into `view` (an element or its id). */
  startVideo(view: unknown): void {
    this.#view = resolveView(this.#env.doc, view);
    this.#render();
  }

  stopVideo(): void {
    this.#view = null;
    this.#removeVideo();
  }

  /** Routes audio to `deviceId` where the browser supports `setSinkId`. */
  applySink(): void {
    this.#applySink(this.#audio);
    if (this.#video) this.#applySink(this.#video);
  }

  destroy(): void {
    this.stopVideo();
    this.#env.guard.forget(this.#audio);
    removeElement(this.#audio);
  }

  #render(): void {
    const view = this.#view;
    const stream = this.stream;
    if (!view || !stream || stream.getVideoTracks().length === 0) return;
    if (this.#video?.parentElement === view) return;
    this.#removeVideo();
    const video = createVideoElement(this.#env.doc, stream, { muted: true });
    view.appendChild(video);
    this.#video = video;
    this.#applySink(video);
    this.#env.guard.play(video, this.userId, 'video', this.#env.failed);
  }

  #removeVideo(): void {
    if (this.#video) this.#env.guard.forget(this.#video);
    removeElement(this.#video);
    this.#video = undefined;
  }

  #applySink(el: SinkElement): void {
    const id = this.#env.sinkId();
    if (id === undefined || typeof el.setSinkId !== 'function') return;
    el.setSinkId(id).catch(() => {
      // An unknown or forbidden device leaves the default output, which still plays.
    });
  }
}
