/**
 * Invariants watched while a soak scenario runs, on every snapshot change of every device, because the
 * final state cannot show them: how long a device stayed calling or ringing, and how long two devices
 * of one user were in the same call.
 */
import type { SimUser, Simulation } from '../../src/testing/index';

/**
 * Invariant 1 bounds calling and ringing: Chat's own timers fire at the timeout (30 s, invitee) and
 * timeout + 5 s (inviter), the engine's safety net 3 s after that. 2 s more covers the time-out
 * message's trip at the campaign's worst latency. A caller counts from the last invitation it sent.
 */
export const PENDING_LIMIT_MS = 30_000 + 5_000 + 3_000 + 2_000;

/**
 * A second device of a user may join a group call its sibling is in (the user moves the call); TRTC
 * kicks the sibling out (same userId entered the room) one latency later, and the campaign's
 * latencies stay under 1.5 s. Only an overlap longer than this is a violation.
 */
export const DOUBLE_GRACE_MS = 5_000;

export interface Watch {
  /** Re-reads every live device; call it after a device was marked crashed too. */
  readonly check: () => void;
  readonly problems: string[];
}

export function watch(sim: Simulation, live: () => SimUser[]): Watch {
  const problems: string[] = [];
  const pendingSince = new Map<SimUser, { status: string; at: number; callId: string | null }>();
  const doubleSince = new Map<string, number>();

  const pending = (now: number) => {
    const devices = live();
    for (const [d, p] of pendingSince) {
      const s = d.getSnapshot();
      if (devices.includes(d) && s.status === p.status) continue;
      pendingSince.delete(d);
      // A caller that invites more people while still calling waits for them on their own clock.
      const invited = d.events('userInvited').filter((e) => e.at >= p.at);
      const from = p.status === 'calling' ? Math.max(p.at, ...invited.map((e) => e.at)) : p.at;
      // A crashed device's timers stop: only live devices must leave in time.
      if (devices.includes(d) && now - from > PENDING_LIMIT_MS)
        problems.push(`${d.deviceId} was ${p.status} in ${p.callId} for ${now - from} ms from t=${from}`);
    }
    for (const d of devices) {
      const s = d.getSnapshot();
      if ((s.status === 'calling' || s.status === 'ringing') && !pendingSince.has(d))
        pendingSince.set(d, { status: s.status, at: now, callId: s.callId });
    }
  };

  const doubles = (now: number) => {
    const devices = live();
    const current = new Set<string>();
    for (const a of devices) {
      for (const b of devices) {
        const [s, t] = [a.getSnapshot(), b.getSnapshot()];
        if (a.deviceId >= b.deviceId || a.userID !== b.userID) continue;
        if (s.status === 'accepted' && t.status === 'accepted' && s.callId === t.callId)
          current.add(`${a.deviceId} and ${b.deviceId} in call ${s.callId}`);
      }
    }
    for (const key of current) if (!doubleSince.has(key)) doubleSince.set(key, now);
    for (const [key, start] of doubleSince) {
      if (current.has(key)) continue;
      doubleSince.delete(key);
      if (now - start > DOUBLE_GRACE_MS)
        problems.push(`two devices: ${key} for ${now - start} ms from t=${start}`);
    }
  };

  const check = () => {
    const now = sim.clock.now();
    pending(now);
    doubles(now);
  };
  return { check, problems };
}
