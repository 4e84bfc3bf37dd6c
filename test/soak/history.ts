/**
 * Agreement checks read from each device's events rather than its final snapshot, since a device may
 * have moved on to another call. They need messages in order (duplicates only): with delays, a cancel
 * or a sibling's accept can overtake the invitation it follows; Chat drops a follow-up of an
 * invitation it does not hold (as the Chat SDK does), so the late invitation then rings until its
 * own timeout. Invariant 1 still bounds that (see `watch.ts`).
 */
import type { SimUser, TimelineEntry } from '../../src/testing/index';
import type { World } from './play';

/**
 * How long a device may keep ringing once its call is over for it: the news travels two hops
 * (≤ 1.5 s each at the campaign's worst latency), and the device may first read its user status.
 */
const GRACE_MS = 5_000;

/** The call an event is about, if it names one. */
const callOf = (e: TimelineEntry) => (e.payload as { callId?: unknown }).callId;

/** One stretch of a device in a call: ringing from `rang` (if it rang), in the call from `accepted`. */
interface Session {
  readonly device: SimUser;
  readonly rang: number | null;
  readonly accepted: number | null;
  /** `null`: still in the call at the end. */
  readonly ended: number | null;
  readonly caller: boolean;
}

function sessions(devices: SimUser[], callId: string): Session[] {
  const out: Session[] = [];
  for (const device of devices) {
    let open = null as { rang: number | null; accepted: number | null; caller: boolean } | null;
    for (const e of device.events()) {
      if (callOf(e) !== callId) continue;
      const role = (e.payload as { role?: unknown }).role;
      if (e.name === 'callReceived') open = { rang: e.at, accepted: null, caller: false };
      else if (e.name === 'callAccepted')
        open = { rang: open?.rang ?? null, accepted: e.at, caller: open ? open.caller : role === 'caller' };
      else if (e.name === 'callEnded') {
        // A caller's session has no opening event: it began when the call was placed.
        out.push({
          device,
          rang: open?.rang ?? null,
          accepted: open?.accepted ?? null,
          ended: e.at,
          caller: open ? open.caller : role === 'caller',
        });
        open = null;
      }
    }
    if (open) out.push({ device, ...open, ended: null });
  }
  return out;
}

/**
 * - A device stops ringing soon after another device of its user accepted the call
 *   (`otherDeviceAccepted`, invariant 2), and soon after every other user's device left the call.
 * - 1v1: at most one device of the callee accepted; the caller's device and that one agree on whether
 *   media connected (a caller never connects to nobody). With delays this does not hold by design: an
 *   accept crossing the caller's cancel has the callee enter the room while the caller, still calling,
 *   is there; the callee hears the caller for a moment (connected), the caller never saw the accept.
 *   The same crossing happens in order when the callee hangs up within one latency of that cancel.
 */
/** The simulator's latency in the scenarios (play.ts). */
const LATENCY_MS = 20;

export function historyProblems(world: World, devices: SimUser[]): string[] {
  const problems: string[] = [];
  const calls = new Set(devices.flatMap((d) => d.events().map(callOf)).filter((c) => typeof c === 'string'));
  for (const callId of calls as Set<string>) {
    const all = sessions(devices, callId);
    for (const ring of all) {
      const rang = ring.rang;
      if (rang === null) continue;
      const stopped = ring.accepted ?? ring.ended ?? Number.POSITIVE_INFINITY;
      const sibling = all.find(
        (s) =>
          s.device !== ring.device &&
          s.device.userID === ring.device.userID &&
          s.accepted !== null &&
          (s.ended === null || s.ended >= rang) &&
          stopped - Math.max(s.accepted, rang) > GRACE_MS,
      );
      if (sibling)
        problems.push(
          `${ring.device.deviceId} rang for ${callId} until t=${stopped}, ${sibling.device.deviceId} accepted it at t=${sibling.accepted}`,
        );
      const others = all.filter((s) => s.device.userID !== ring.device.userID);
      const over = Math.max(...others.map((s) => s.ended ?? Number.POSITIVE_INFINITY));
      if (others.length > 0 && stopped - Math.max(over, rang) > GRACE_MS)
        problems.push(
          `${ring.device.deviceId} rang for ${callId} until t=${stopped}, everyone else had left at t=${over}`,
        );
    }
    if (!world.singleCalls.has(callId)) continue;
    const caller = all.find((s) => s.caller);
    const answered = all.filter((s) => !s.caller && s.accepted !== null);
    const callees = new Set(answered.map((s) => s.device.deviceId));
    if (callees.size > 1) problems.push(`1v1 ${callId}: ${[...callees].join(' and ')} all accepted it`);
    if (!caller || caller.ended === null) continue;
    const ending = (s: Session) =>
      s.device.events('callEnded').find((e) => e.at === s.ended && e.payload.callId === callId)?.payload;
    const connected = (s: Session) => ending(s)?.connected;
    const callee = answered[0];
    // The same crossing without any delay: the callee accepts and hangs up herself within one latency
    // of the caller's cancel, which Chat took. Her hang-up came before that cancel could reach her, the
    // caller never saw her accept: she heard the caller for less than a round trip, he heard nobody.
    const crossedCancel =
      callee?.ended != null &&
      ending(caller)?.reason === 'canceled' &&
      ending(callee)?.reason === 'hangup' &&
      callee.ended < caller.ended + LATENCY_MS;
    if (callee && callee.ended !== null && !crossedCancel && connected(callee) !== connected(caller))
      problems.push(
        `1v1 ${callId}: ${caller.device.deviceId} ended connected=${connected(caller)}, ${callee.device.deviceId} connected=${connected(callee)}`,
      );
    if (!callee && connected(caller))
      problems.push(
        `1v1 ${callId}: ${caller.device.deviceId} connected, but no device of the callee accepted`,
      );
  }
  return problems;
}
