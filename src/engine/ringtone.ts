/** Which tone: `dialing` while an outgoing call rings, `ringing` for an incoming call. */
export type RingtoneKind = 'dialing' | 'ringing';

/** The part of `HTMLAudioElement` the ringtone uses. */
export interface AudioLike {
  src: string;
  loop: boolean;
  currentTime: number;
  /** Old browsers return nothing instead of a promise. */
  play(): Promise<void> | undefined | void;
  pause(): void;
}

/** Where the ringtone waits for a user gesture after autoplay was blocked (a `document`). */
export interface GestureTarget {
  addEventListener(type: string, listener: () => void, options?: { capture?: boolean }): void;
  removeEventListener(type: string, listener: () => void, options?: { capture?: boolean }): void;
}

/** Options of {@link createRingtone}. */
export interface RingtoneOptions {
  /** URL of the dialing tone (default: a built-in ringback tone). */
  dialing?: string;
  /** URL of the incoming-call tone (default: a built-in ring). */
  ringing?: string;
  /** Start muted ("mute mode"): nothing sounds until `setMuted(false)`. */
  muted?: boolean;
  /** Creates the player (default: `new Audio(url)` where `Audio` exists, else the ringtone is silent). */
  audio?: (url: string) => AudioLike;
  /** Where to wait for a gesture after autoplay was blocked (default: the global `document`, if any). */
  gestureTarget?: GestureTarget;
}

/** Plays the looping call tones of a browser app. */
export interface Ringtone {
  /** Loops the tone of `kind` (replacing the other one); a no-op if it already plays. */
  play(kind: RingtoneKind): void;
  stop(): void;
  /**
   * Changes the URLs. A key given with an empty or `undefined` value restores the built-in tone; a key
   * left out keeps its URL. A tone that is playing restarts with its new URL.
   */
  setSources(sources: { dialing?: string | undefined; ringing?: string | undefined }): void;
  /** Mute mode: silences the tone without forgetting which one should play. */
  setMuted(muted: boolean): void;
  readonly muted: boolean;
  /** The tone that should sound now (even while muted or blocked), or `null`. */
  readonly playing: RingtoneKind | null;
  /**
   * Called when the browser refused to play (typically `NotAllowedError`: autoplay before any user
   * gesture). After a `NotAllowedError` the ringtone retries on the next `pointerdown` / `keydown`.
   * Returns the unsubscribe function.
   */
  onBlocked(listener: (info: { kind: RingtoneKind; error: unknown }) => void): () => void;
  /** Stops and releases everything; later calls do nothing. */
  dispose(): void;
}

const GESTURES = ['pointerdown', 'keydown'] as const;

/**
 * Creates a ringtone controller. Nothing touches the browser before the first `play`; in Node (no
 * `Audio`, no `audio` factory) it keeps its state but makes no sound.
 */
export function createRingtone(options: RingtoneOptions = {}): Ringtone {
  const urls: Partial<Record<RingtoneKind, string>> = {};
  const blocked = new Set<(info: { kind: RingtoneKind; error: unknown }) => void>();
  let muted = options.muted === true;
  let kind: RingtoneKind | null = null;
  let element: AudioLike | undefined;
  let src = '';
  // Bumped by every start and stop, so a late play() rejection of an older start is ignored.
  let attempt = 0;
  let unwatch: (() => void) | undefined;
  let disposed = false;

  const setSources = (sources: { dialing?: string | undefined; ringing?: string | undefined }): void => {
    for (const k of ['dialing', 'ringing'] as const) {
      if (!Object.hasOwn(sources, k)) continue;
      const url = sources[k];
      urls[k] = typeof url === 'string' && url !== '' ? url : undefined;
    }
  };

  const halt = (): void => {
    attempt++;
    unwatch?.();
    unwatch = undefined;
    if (element === undefined) return;
    element.pause();
    element.currentTime = 0;
  };

  const attemptPlay = (player: AudioLike, token: number, k: RingtoneKind): void => {
    let result: unknown;
    try {
      result = player.play();
    } catch (error) {
      result = Promise.reject(error);
    }
    Promise.resolve(result).catch((error: unknown) => {
      if (token !== attempt) return;
      for (const listener of [...blocked]) {
        try {
          listener({ kind: k, error });
        } catch {
          // A failing listener must not stop the others or the retry.
        }
      }
      if ((error as { name?: unknown } | null)?.name === 'NotAllowedError') watchGesture(player, token, k);
    });
  };

  /** Retries once on the next user gesture: browsers allow playback started from one. */
  const watchGesture = (player: AudioLike, token: number, k: RingtoneKind): void => {
    const target =
      options.gestureTarget ??
      (typeof document === 'object' && document !== null ? (document as GestureTarget) : undefined);
    if (target === undefined) return;
    unwatch?.();
    const retry = (): void => {
      unwatch?.();
      unwatch = undefined;
      // play() must run inside the gesture's handler to count as user-initiated.
      if (token === attempt) attemptPlay(player, token, k);
    };
    for (const type of GESTURES) target.addEventListener(type, retry, { capture: true });
    unwatch = () => {
      for (const type of GESTURES) target.removeEventListener(type, retry, { capture: true });
    };
  };

  const start = (): void => {
    halt();
    if (kind === null || muted || disposed) return;
    const url = urls[kind] ?? defaultRingtoneUrl(kind);
    if (element === undefined) {
      const make =
        options.audio ?? (typeof Audio === 'function' ? (u: string): AudioLike => new Audio(u) : undefined);
      if (make === undefined) return;
      element = make(url);
      src = url;
    } else if (src !== url) {
      element.src = url;
      src = url;
    }
    element.loop = true;
    element.currentTime = 0;
    attemptPlay(element, attempt, kind);
  };

  setSources(options);

  return {
    play(next) {
      if (disposed || (next !== 'dialing' && next !== 'ringing') || next === kind) return;
      kind = next;
      start();
    },
    stop() {
      kind = null;
      halt();
    },
    setSources(sources) {
      if (typeof sources !== 'object' || sources === null) return;
      const before = kind === null ? undefined : urls[kind];
      setSources(sources);
      if (kind !== null && urls[kind] !== before) start();
    },
    setMuted(next) {
      if (next === muted) return;
      muted = next === true;
      if (muted) halt();
      else start();
    },
    get muted() {
      return muted;
    },
    get playing() {
      return kind;
    },
    onBlocked(listener) {
      blocked.add(listener);
      return () => {
        blocked.delete(listener);
      };
    },
    dispose() {
      kind = null;
      halt();
      disposed = true;
      blocked.clear();
      element = undefined;
    },
  };
}

/** Built-in tones as [frequencies in Hz (none = silence), duration in ms] segments of one loop. */
const PATTERNS: Readonly<Record<RingtoneKind, readonly (readonly [readonly number[], number])[]>> = {
  // Ringback: one second of 440 + 480 Hz, then two seconds of silence.
  dialing: [
    [[440, 480], 1000],
    [[], 2000],
  ],
  // Two short bursts, then a pause.
  ringing: [
    [[660, 880], 400],
    [[], 200],
    [[660, 880], 400],
    [[], 1500],
  ],
};

const RATE = 8000;
const cache: Partial<Record<RingtoneKind, string>> = {};

/**
 * The built-in tone of `kind`: a `data:` URL of an 8 kHz 8-bit mono WAV synthesised on first use, so
 * the package ships no audio files.
 */
export function defaultRingtoneUrl(kind: RingtoneKind): string {
  const cached = cache[kind];
  if (cached !== undefined) return cached;
  const samples: number[] = [];
  for (const [freqs, ms] of PATTERNS[kind]) {
    const n = (RATE * ms) / 1000;
    for (let i = 0; i < n; i++) {
      // A 10 ms ramp at both ends of each burst avoids clicks.
      const envelope = Math.min(1, i / 80, (n - i) / 80);
      let s = 0;
      for (const f of freqs) s += Math.sin((2 * Math.PI * f * i) / RATE) / freqs.length;
      samples.push(128 + Math.round(60 * envelope * s));
    }
  }
  const bytes = new Uint8Array(44 + samples.length);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) bytes[at + i] = s.charCodeAt(i);
  };
  // RIFF/WAVE header of 8-bit PCM, mono: byte rate = sample rate, block align 1.
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples.length, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, RATE, true);
  view.setUint32(28, RATE, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  text(36, 'data');
  view.setUint32(40, samples.length, true);
  bytes.set(samples, 44);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  const url = `data:audio/wav;base64,${btoa(binary)}`;
  cache[kind] = url;
  return url;
}
