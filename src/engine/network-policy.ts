import type { Clock } from '../clock';
import type { VideoProfile } from '../ports/media';

/** Options of {@link WeakNetworkPolicy}. */
export interface WeakNetworkPolicyOptions {
  clock: Clock;
  /** How long a quality must last before it counts (default 5000 ms): short dips change nothing. */
  holdMs?: number;
  /** A participant's link (`userID` '' = the local uplink) has been poor (≥ 4) for `holdMs`. */
  onWeak?(info: { userID: string; quality: number }): void;
  /** A weak link has been fine again (1–3) for `holdMs`. */
  onRecovered?(info: { userID: string }): void;
  /** The camera profile to use: `'low'` while any link is weak, `'standard'` once none is. */
  onProfile?(profile: VideoProfile): void;
}

/** What the engine hands a network policy: its clock, and where to report decisions. */
export type NetworkPolicyHooks = Required<
  Pick<WeakNetworkPolicyOptions, 'onWeak' | 'onRecovered' | 'onProfile'>
> &
  Pick<WeakNetworkPolicyOptions, 'clock'>;

/** What the engine asks of a network policy (`WeakNetworkPolicy` is one). */
export interface NetworkPolicy {
  /** One quality sample while the call is accepted; `userID` '' is the local uplink. */
  sample(userID: string, quality: number): void;
  /** A participant left the media room. */
  forget(userID: string): void;
  /** The call ended. */
  reset(): void;
  /** The engine was destroyed: no callback may run afterwards. */
  dispose(): void;
}

/**
 * Builds the engine's network policy from the engine's hooks: the value of
 * `CallEngineOptions.networkPolicy`, e.g. `weakNetworkPolicy()`.
 */
export type NetworkPolicyFactory = (hooks: NetworkPolicyHooks) => NetworkPolicy;

/**
 * The weak-network policy as an engine option (`networkPolicy: weakNetworkPolicy()`): the engine then
 * emits `networkWeak` / `networkRecovered` and lowers the camera to its low profile while a link is weak.
 * Imported from `headless-call-engine/network-policy`, so apps that do not use it do not carry it.
 */
export function weakNetworkPolicy(settings: { holdMs?: number } = {}): NetworkPolicyFactory {
  return (hooks) => new WeakNetworkPolicy({ ...hooks, ...settings });
}

/** TRTC quality from which a link counts as weak (4 poor, 5 very poor, 6 down). */
const WEAK_FROM = 4;

interface Link {
  weak: boolean;
  /** Timer of the pending change to the other state, if the samples currently point there. */
  timer: unknown;
  /** The worst quality seen while a change to weak is pending, reported with `onWeak`. */
  worst: number;
}

/**
 * Turns TRTC network-quality samples (0 unknown, 1 excellent … 6 down) into weak / recovered
 * decisions with hysteresis: a link changes state only after every sample for `holdMs` pointed to the
 * new state, so a link flapping around the threshold reports nothing. Unknown (0) and malformed
 * samples are ignored. Everything runs on the injected clock.
 */
export class WeakNetworkPolicy implements NetworkPolicy {
  readonly #options: WeakNetworkPolicyOptions;
  readonly #holdMs: number;
  readonly #links = new Map<string, Link>();
  #profile: VideoProfile = 'standard';
  #disposed = false;

  constructor(options: WeakNetworkPolicyOptions) {
    this.#options = options;
    const hold = options.holdMs ?? 5000;
    this.#holdMs = Number.isFinite(hold) && hold >= 0 ? hold : 5000;
  }

  /** The profile last asked for. */
  get profile(): VideoProfile {
    return this.#profile;
  }

  /** Whether `userID`'s link ('' = local) currently counts as weak. */
  isWeak(userID: string): boolean {
    return this.#links.get(userID)?.weak === true;
  }

  /** One quality sample; `userID` '' is the local uplink. */
  sample(userID: string, quality: number): void {
    if (this.#disposed || typeof userID !== 'string') return;
    if (!Number.isInteger(quality) || quality < 1 || quality > 6) return;
    let link = this.#links.get(userID);
    if (link === undefined) {
      link = { weak: false, timer: undefined, worst: 0 };
      this.#links.set(userID, link);
    }
    const weak = quality >= WEAK_FROM;
    if (weak === link.weak) {
      // Back where it was before the hold ran out: the pending change is off.
      this.#cancel(link);
      return;
    }
    link.worst = Math.max(link.worst, quality);
    if (link.timer !== undefined) return;
    const current = link;
    link.timer = this.#options.clock.setTimeout(() => {
      current.timer = undefined;
      current.weak = weak;
      if (weak) this.#options.onWeak?.({ userID, quality: current.worst });
      else this.#options.onRecovered?.({ userID });
      current.worst = 0;
      this.#updateProfile();
    }, this.#holdMs);
  }

  /** Drops a participant who left; the profile is restored if it was the only weak link. */
  forget(userID: string): void {
    const link = this.#links.get(userID);
    if (link === undefined) return;
    this.#cancel(link);
    this.#links.delete(userID);
    this.#updateProfile();
  }

  /** Forgets every link (the call ended); asks for `'standard'` again if the profile was lowered. */
  reset(): void {
    for (const link of this.#links.values()) this.#cancel(link);
    this.#links.clear();
    this.#updateProfile();
  }

  /** Clears every timer; no callback runs afterwards and later samples are ignored. */
  dispose(): void {
    this.#disposed = true;
    for (const link of this.#links.values()) this.#cancel(link);
    this.#links.clear();
  }

  #cancel(link: Link): void {
    if (link.timer !== undefined) this.#options.clock.clearTimeout(link.timer);
    link.timer = undefined;
    link.worst = 0;
  }

  #updateProfile(): void {
    const profile: VideoProfile = [...this.#links.values()].some((l) => l.weak) ? 'low' : 'standard';
    if (profile === this.#profile) return;
    this.#profile = profile;
    this.#options.onProfile?.(profile);
  }
}
