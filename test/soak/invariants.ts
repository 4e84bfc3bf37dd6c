/**
 * The invariants of the fault campaign, checked once every timer ran out (see docs/testing.md,
 * "Fault campaign"). Crashed devices are dead: their frozen state is never checked, and they never
 * count as someone's partner in a call.
 */
import type { CallSnapshot } from '../../src/index';
import type { SimUser } from '../../src/testing/index';
import { historyProblems } from './history';
import type { World } from './play';

const sameCall = (a: CallSnapshot, b: CallSnapshot) =>
  (a.callId !== null && a.callId === b.callId) ||
  ((a.roomId !== 0 || a.strRoomId !== '') && a.roomId === b.roomId && a.strRoomId === b.strRoomId);

const PENDING = ['invited', 'ringing', 'accepted'];

interface Device {
  readonly d: SimUser;
  readonly s: CallSnapshot;
}

/** (1) Every call ends: nobody calling or ringing, nobody accepted without a live partner in the call. */
function endProblems(devices: Device[]): string[] {
  const problems: string[] = [];
  for (const { d, s } of devices) {
    if (s.status === 'calling' || s.status === 'ringing') problems.push(`${d.deviceId} is left ${s.status}`);
    if (s.status !== 'accepted') continue;
    const partner = devices.some(
      (o) => o.d.userID !== d.userID && o.s.status === 'accepted' && sameCall(s, o.s),
    );
    if (!partner) problems.push(`${d.deviceId} is accepted alone in ${s.callId}`);
  }
  return problems;
}

/** (2) At most one device of a user in a given call, at the end (during the run: `watch.ts`). */
function deviceProblems(devices: Device[]): string[] {
  const problems: string[] = [];
  for (const a of devices) {
    for (const b of devices) {
      if (a.d.deviceId >= b.d.deviceId || a.d.userID !== b.d.userID) continue;
      if (a.s.status === 'accepted' && b.s.status === 'accepted' && sameCall(a.s, b.s))
        problems.push(`${a.d.deviceId} and ${b.d.deviceId} are both in ${a.s.callId}`);
    }
  }
  return problems;
}

/**
 * (3) Both sides agree, where no message was lost (no drop, no crash; duplicates and delays allowed):
 * - two devices of different users accepted in the same call see each other `joined`;
 * - a device in a call shows someone `joined` only if a device of that user is in that call (nobody
 *   is believed in the call after they ended), and shows nobody still pending (invited, ringing,
 *   accepted without media) once every timer ran out;
 * - with messages in order too, what each device's events tell: see `history.ts`.
 * Device-level end reasons are not compared: a device whose reject loses the race against its
 * sibling's accept ends `rejected` (its reject is not sent, the sibling's accept stands), while the
 * user, on the sibling, is in the call. The user's side agrees with the peer; that device's record of
 * its own command does too.
 * With loss these do not hold by design: a lost hang-up leaves the peer in the call until the TRTC
 * room tells it (that is (1)), and a lost answer can leave a third party's status stale.
 */
function agreementProblems(devices: Device[]): string[] {
  const problems: string[] = [];
  const accepted = devices.filter((x) => x.s.status === 'accepted');
  for (const a of accepted) {
    for (const b of accepted) {
      if (a.d.userID === b.d.userID || !sameCall(a.s, b.s)) continue;
      const seen = a.s.participants.find((p) => p.userID === b.d.userID)?.status;
      if (seen !== 'joined') problems.push(`${a.d.deviceId} sees ${b.d.deviceId} ${seen} in the call`);
    }
    for (const p of a.s.participants) {
      if (PENDING.includes(p.status)) problems.push(`${a.d.deviceId} still sees ${p.userID} ${p.status}`);
      const there = accepted.some((b) => b.d.userID === p.userID && sameCall(a.s, b.s));
      if (p.status === 'joined' && !there)
        problems.push(`${a.d.deviceId} sees ${p.userID} joined, but no device of ${p.userID} is in the call`);
    }
  }
  return problems;
}

/** Every invariant that can be read off the final state, and the agreement ones the delivery allows. */
export function finalProblems(
  world: World,
  { lossless, inOrder }: { lossless: boolean; inOrder: boolean },
): string[] {
  const alive = world.devices.filter((d) => !world.crashed.has(d));
  const devices = alive.map((d) => ({ d, s: d.getSnapshot() }));
  return [
    ...world.unexpected.map((u) => `command error: ${u}`),
    ...world.watched,
    ...endProblems(devices),
    ...deviceProblems(devices),
    ...(lossless ? agreementProblems(devices) : []),
    ...(inOrder ? historyProblems(world, alive) : []),
  ];
}

/** One line per device for reports: status, call, room, end reason and how it sees the others. */
export function describeWorld(world: World): string {
  return world.devices
    .map((d) => {
      const s = d.getSnapshot();
      const seen = s.participants.map((p) => `${p.userID}:${p.status}`).join(' ');
      const dead = world.crashed.has(d) ? ' (crashed)' : '';
      return `${d.deviceId}${dead} ${s.status} ${s.scene} call=${s.callId} room=${s.roomId}${s.strRoomId} end=${s.endReason} [${seen}]`;
    })
    .join('\n');
}
