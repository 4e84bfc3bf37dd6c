/**
 * Network quality of the WebRTC mesh on TRTC's 0–6 scale, computed from `RTCPeerConnection.getStats()`.
 * Everything here is pure (numbers in, numbers out) so the thresholds are testable without WebRTC.
 *
 * Scale (trtc-sdk-v5 `NETWORK_QUALITY`): 0 unknown, 1 excellent, 2 good, 3 average, 4 poor,
 * 5 very poor, 6 disconnected.
 *
 * A direction is rated on each of round-trip time, packet loss and jitter separately, and gets the worst
 * of those ratings. A metric rates level N when it is strictly below the bound of row N:
 *
 * | level | RTT (ms) | loss  | jitter (ms) |
 * | ----- | -------- | ----- | ----------- |
 * | 1     | < 100    | < 1 % | < 20        |
 * | 2     | < 200    | < 3 % | < 40        |
 * | 3     | < 300    | < 7 % | < 60        |
 * | 4     | < 500    | < 15 %| < 100       |
 * | 5     | anything worse                 |
 *
 * No measured metric → 0 (unknown). 6 never comes from numbers: it is a peer whose ICE connection is
 * `failed`/`disconnected`/`closed` ({@link PEER_DOWN}). Across peers, the uplink is the worst peer (our
 * upload to each peer is separate, and a bad one spoils what that peer sees) and the downlink is the mean
 * of the per-peer levels rounded up (TRTC's downlink is the average of all downlinks); unknown peers
 * (0) are left out of both.
 */

/** One direction of one link; a metric that could not be measured is `undefined`. */
export interface LinkSample {
  rttMs?: number | undefined;
  /** Fraction of packets lost, 0..1. */
  lossRate?: number | undefined;
  jitterMs?: number | undefined;
}

/** Upper bounds (exclusive) of levels 1–4; see the table above. */
export const QUALITY_THRESHOLDS: readonly {
  readonly level: number;
  readonly rttMs: number;
  readonly lossRate: number;
  readonly jitterMs: number;
}[] = Object.freeze([
  { level: 1, rttMs: 100, lossRate: 0.01, jitterMs: 20 },
  { level: 2, rttMs: 200, lossRate: 0.03, jitterMs: 40 },
  { level: 3, rttMs: 300, lossRate: 0.07, jitterMs: 60 },
  { level: 4, rttMs: 500, lossRate: 0.15, jitterMs: 100 },
]);

/** The level of a peer whose connection is down. */
export const PEER_DOWN = 6;

const measured = (v: number | undefined): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** TRTC quality 0–5 of one direction from its measurements (0 when nothing was measured). */
export function qualityOf(sample: LinkSample | undefined): number {
  if (sample === undefined) return 0;
  let worst = 0;
  for (const key of ['rttMs', 'lossRate', 'jitterMs'] as const) {
    const value = sample[key];
    if (!measured(value)) continue;
    const row = QUALITY_THRESHOLDS.find((t) => value < t[key]);
    worst = Math.max(worst, row?.level ?? 5);
  }
  return worst;
}

/** Uplink and downlink of the whole mesh from per-peer levels (0 unknown … 6 down). */
export function combineQuality(peers: readonly { uplink: number; downlink: number }[]): {
  uplink: number;
  downlink: number;
} {
  const known = (levels: number[]) => levels.filter((l) => l > 0);
  const up = known(peers.map((p) => p.uplink));
  const down = known(peers.map((p) => p.downlink));
  return {
    uplink: up.length === 0 ? 0 : Math.max(...up),
    downlink: down.length === 0 ? 0 : Math.ceil(down.reduce((a, b) => a + b, 0) / down.length),
  };
}

/** Cumulative inbound packet counters of one peer, kept between samples to turn them into a loss rate. */
export interface InboundCounters {
  packetsLost: number;
  packetsReceived: number;
}

/** What one `getStats()` report says about a peer, plus the counters for the next sample. */
export interface PeerSample {
  uplink: LinkSample;
  downlink: LinkSample;
  counters: InboundCounters;
}

type Stat = Readonly<Record<string, unknown>>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const maxOf = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);
const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : seconds * 1000);

/**
 * Reads an `RTCStatsReport` (any iterable of stats objects, e.g. `report.values()`):
 * - RTT: the selected ICE candidate pair's `currentRoundTripTime` (both directions), else the
 *   `remote-inbound-rtp` `roundTripTime`;
 * - uplink loss and jitter: what the peer reported about our streams (`remote-inbound-rtp`
 *   `fractionLost`, `jitter`), worst of audio and video;
 * - downlink loss: lost / (lost + received) of our `inbound-rtp` streams since `previous`, jitter the
 *   worst `inbound-rtp` `jitter`.
 */
export function readPeerStats(stats: Iterable<unknown>, previous?: InboundCounters): PeerSample {
  const all = [...stats].filter((s): s is Stat => typeof s === 'object' && s !== null);
  const selectedPairIds = new Set(
    all.filter((s) => s.type === 'transport').map((s) => s.selectedCandidatePairId),
  );
  const pair = all.find(
    (s) =>
      s.type === 'candidate-pair' &&
      (s.selected === true || selectedPairIds.has(s.id) || (s.nominated === true && s.state === 'succeeded')),
  );
  let remoteRtt: number | undefined;
  let upLoss: number | undefined;
  let upJitter: number | undefined;
  let downJitter: number | undefined;
  const counters: InboundCounters = { packetsLost: 0, packetsReceived: 0 };
  for (const s of all) {
    if (s.type === 'remote-inbound-rtp') {
      remoteRtt = maxOf(remoteRtt, num(s.roundTripTime));
      upLoss = maxOf(upLoss, num(s.fractionLost));
      upJitter = maxOf(upJitter, num(s.jitter));
    } else if (s.type === 'inbound-rtp') {
      counters.packetsLost += Math.max(0, num(s.packetsLost) ?? 0);
      counters.packetsReceived += num(s.packetsReceived) ?? 0;
      downJitter = maxOf(downJitter, num(s.jitter));
    }
  }
  const rttMs = ms(num(pair?.currentRoundTripTime) ?? remoteRtt);
  let downLoss: number | undefined;
  if (previous !== undefined) {
    const lost = counters.packetsLost - previous.packetsLost;
    const total = lost + counters.packetsReceived - previous.packetsReceived;
    if (total > 0 && lost >= 0) downLoss = lost / total;
  }
  return {
    uplink: { rttMs, lossRate: upLoss, jitterMs: ms(upJitter) },
    downlink: { rttMs, lossRate: downLoss, jitterMs: ms(downJitter) },
    counters,
  };
}
