import type { Clock } from '../../clock';

interface Meter {
  readonly track: MediaStreamTrack;
  readonly source: MediaStreamAudioSourceNode;
  readonly analyser: AnalyserNode;
  readonly samples: Float32Array<ArrayBuffer>;
}

/** Quietest level that still counts (dBFS); 0 dBFS is a full-scale signal. */
const FLOOR_DB = -60;

/**
 * TRTC volume 0–100 from an RMS amplitude: linear in decibels between -60 dBFS (0) and 0 dBFS (100).
 * Normal speech close to a microphone lands around 50–70.
 */
export function volumeOf(rms: number): number {
  if (!(rms > 0)) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(100, Math.max(0, Math.round(((db - FLOOR_DB) / -FLOOR_DB) * 100)));
}

/**
 * Audio levels of local and remote tracks through WebAudio `AnalyserNode`s, one per track, created on
 * first use. Without WebAudio (Node) every level is 0.
 */
export class VolumeMeter {
  readonly #AudioContext: typeof AudioContext | undefined;
  readonly #MediaStream: typeof MediaStream | undefined;
  #ctx: AudioContext | undefined;
  readonly #meters = new Map<string, Meter>();

  constructor(AudioContextClass: typeof AudioContext | undefined, Stream: typeof MediaStream | undefined) {
    this.#AudioContext = AudioContextClass;
    this.#MediaStream = Stream;
  }

  /** Level 0–100 of `track`, metered under `key` (a userId; '' for the microphone). */
  level(key: string, track: MediaStreamTrack | null | undefined): number {
    const meter = this.#meter(key, track);
    if (meter === undefined) return 0;
    meter.analyser.getFloatTimeDomainData(meter.samples);
    let sum = 0;
    for (const s of meter.samples) sum += s * s;
    return volumeOf(Math.sqrt(sum / meter.samples.length));
  }

  /** Stops metering every key not in `keep`. */
  retain(keep: ReadonlySet<string>): void {
    for (const key of [...this.#meters.keys()]) if (!keep.has(key)) this.#drop(key);
  }

  close(): void {
    for (const key of [...this.#meters.keys()]) this.#drop(key);
    this.#ctx?.close().catch(() => {});
    this.#ctx = undefined;
  }

  #meter(key: string, track: MediaStreamTrack | null | undefined): Meter | undefined {
    const current = this.#meters.get(key);
    if (current?.track === track && track?.readyState === 'live') return current;
    this.#drop(key);
    if (track?.readyState !== 'live' || !this.#AudioContext || !this.#MediaStream) return undefined;
    try {
      this.#ctx ??= new this.#AudioContext();
      // A context created before any user gesture starts suspended; resuming is allowed once one happened.
      if (this.#ctx.state === 'suspended') this.#ctx.resume().catch(() => {});
      const source = this.#ctx.createMediaStreamSource(new this.#MediaStream([track]));
      const analyser = this.#ctx.createAnalyser();
      analyser.fftSize = 1024;
      source.connect(analyser);
      const meter = { track, source, analyser, samples: new Float32Array(analyser.fftSize) };
      this.#meters.set(key, meter);
      return meter;
    } catch {
      // Volume levels are cosmetic: a browser that cannot meter reports silence.
      return undefined;
    }
  }

  #drop(key: string): void {
    const meter = this.#meters.get(key);
    if (meter === undefined) return;
    this.#meters.delete(key);
    meter.source.disconnect();
  }
}

/** Runs `fn` every `ms` on `clock` until cancelled. */
export function every(clock: Clock, ms: number, fn: () => void): { cancel(): void } {
  let handle: unknown;
  let live = true;
  const tick = () => {
    if (!live) return;
    handle = clock.setTimeout(tick, ms);
    fn();
  };
  handle = clock.setTimeout(tick, ms);
  return {
    cancel() {
      live = false;
      clock.clearTimeout(handle);
    },
  };
}
