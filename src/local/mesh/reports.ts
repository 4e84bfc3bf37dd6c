import type { Clock } from '../../clock';
import { TRTC_EVENT } from '../../tencent/trtc-types';
import type { ServerLink } from '../frames';
import type { LocalCapture } from './local-media';
import type { MeshRoom } from './mesh-room';
import { every, type VolumeMeter } from './volume';

/** How often `network-quality` is measured and emitted (TRTC: every 2 s after entering). */
export const QUALITY_INTERVAL_MS = 2000;

/** What {@link RoomReports} needs from its client. */
export interface ReportDeps {
  clock: Clock;
  link: ServerLink;
  meter: VolumeMeter;
  capture: LocalCapture;
  /** Measure network quality (only with WebRTC: there is nothing to measure without peers). */
  quality: boolean;
  emit(event: string, payload: object): void;
}

/**
 * The periodic events of a room: `network-quality` every 2 s (also sent to the server as
 * `rtc-quality`), and `audio-volume` at the interval of `enableAudioVolumeEvaluation`.
 */
export class RoomReports {
  readonly #d: ReportDeps;
  #room: MeshRoom | undefined;
  #volumeInterval = 0;
  #volumeTimer: { cancel(): void } | undefined;
  #qualityTimer: { cancel(): void } | undefined;

  constructor(deps: ReportDeps) {
    this.#d = deps;
  }

  /** Whether any report timer runs. */
  get running(): boolean {
    return this.#volumeTimer !== undefined || this.#qualityTimer !== undefined;
  }

  start(room: MeshRoom): void {
    this.stop();
    this.#room = room;
    if (this.#d.quality) {
      this.#qualityTimer = every(this.#d.clock, QUALITY_INTERVAL_MS, () => void this.#measureQuality(room));
    }
    this.#restartVolume();
  }

  stop(): void {
    this.#room = undefined;
    this.#qualityTimer?.cancel();
    this.#qualityTimer = undefined;
    this.#restartVolume();
    this.#d.meter.retain(new Set());
  }

  /** `enableAudioVolumeEvaluation`: an interval <= 0 turns the evaluation off, as in TRTC. */
  setVolumeInterval(ms: number): void {
    this.#volumeInterval = Number.isFinite(ms) && ms > 0 ? ms : 0;
    this.#restartVolume();
  }

  async #measureQuality(room: MeshRoom): Promise<void> {
    const q = await room.quality();
    if (this.#room !== room) return;
    this.#d.emit(TRTC_EVENT.NETWORK_QUALITY, {
      uplinkNetworkQuality: q.uplink,
      downlinkNetworkQuality: q.downlink,
      uplinkRTT: q.rttMs,
      uplinkLoss: q.loss,
      downlinkRTT: q.rttMs,
      downlinkLoss: q.loss,
      // Not in trtc-sdk-v5's payload: the per-user list native TRTC reports (`remoteQuality`), so the
      // engine can show every participant's link.
      remoteQuality: q.remote,
    });
    this.#d.link.send({ type: 'rtc-quality', uplink: q.uplink, downlink: q.downlink });
  }

  #restartVolume(): void {
    this.#volumeTimer?.cancel();
    this.#volumeTimer = undefined;
    const room = this.#room;
    if (this.#volumeInterval <= 0 || room === undefined) return;
    this.#volumeTimer = every(this.#d.clock, this.#volumeInterval, () => this.#emitVolumes(room));
  }

  #emitVolumes(room: MeshRoom): void {
    const { capture, meter } = this.#d;
    const mic = capture.available('audio') ? capture.audio.track : null;
    const result = [{ userId: '', volume: meter.level('', mic) }];
    for (const [userId, streams] of room.members) {
      result.push({ userId, volume: streams.audio ? meter.level(userId, room.remoteAudio(userId)) : 0 });
    }
    meter.retain(new Set(result.map((r) => r.userId)));
    // Loudest first, as TRTC orders it; sort is stable, so ties keep local-then-arrival order.
    result.sort((a, b) => b.volume - a.volume);
    this.#d.emit(TRTC_EVENT.AUDIO_VOLUME, {
      result: result.map((r) => ({ ...r, floatVolume: r.volume / 100 })),
    });
  }
}
