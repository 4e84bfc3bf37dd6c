/**
 * Plays one soak scenario on the simulator: logs every device in, runs the script under the scenario's
 * faults, then lets every timer run out so the invariants can be checked on the final state.
 */
import { isCallError } from '../../src/index';
import { createSimulation, type SimUser, type Simulation } from '../../src/testing/index';
import { type Command, GROUP, NAMES, type Scenario } from './scenario';
import { watch } from './watch';

export interface World {
  readonly sim: Simulation;
  readonly devices: SimUser[];
  /** Devices crashed by the script: dead, so their frozen state is not checked. */
  readonly crashed: Set<SimUser>;
  /** Errors out of commands that are not a CallError, and commands that never settled. */
  readonly unexpected: string[];
  /** What the watch saw during the run (see `watch.ts`). */
  readonly watched: string[];
  /** The callIds of 1v1 calls placed by the script. */
  readonly singleCalls: Set<string>;
  /** What happened, for counterexample reports (only filled when `verbose`). */
  readonly log: string[];
}

/** Longer than every timer the engine and Chat arm (ringing 30 s, Chat 35 s, safety nets, media). */
export const SETTLE_MS = 150_000;
const COMMAND_LIMIT_MS = 200_000;
const ACTIONS: Record<number, string> = { 1: 'invite', 2: 'cancel', 3: 'accept', 4: 'reject', 5: 'timeout' };

const live = (w: World) => w.devices.filter((d) => !w.crashed.has(d));

/** Whether a device's state suits the command, so `who` picks a device that can act. */
function apt(kind: Command['kind'], d: SimUser): boolean {
  const { status } = d.getSnapshot();
  if (kind === 'call' || kind === 'groupCall' || kind === 'join')
    return !['calling', 'ringing', 'accepted'].includes(status);
  if (kind === 'switch') return status === 'accepted';
  if (kind === 'invite' || kind === 'hangup') return status === 'accepted' || status === 'calling';
  return status === 'ringing';
}

function actor(w: World, s: Command): SimUser | undefined {
  const devices = live(w);
  const fit = devices.filter((d) => apt(s.kind, d));
  const pool = fit.length > 0 ? fit : devices;
  return pool[s.who % pool.length];
}

/** User ids for the indexes, without the actor and indexes past the last user. */
function others(names: string[], self: string, indexes: number[]): string[] {
  return [...new Set(indexes.map((i) => names[i]).filter((n): n is string => !!n && n !== self))];
}

function command(names: string[], d: SimUser, s: Command): Promise<unknown> {
  switch (s.kind) {
    case 'call': {
      const peers = names.filter((n) => n !== d.userID);
      return d.call({ userID: peers[s.target % peers.length]!, mediaType: s.mediaType });
    }
    case 'groupCall':
      return d.groupCall({
        groupID: GROUP,
        userIDList: others(names, d.userID, s.invitees),
        mediaType: s.mediaType,
      });
    case 'invite':
      return d.inviteUser({ userIDList: others(names, d.userID, s.invitees) });
    case 'switch':
      return d.switchCallMediaType(s.mediaType);
    case 'join':
      return (async () => {
        const info = await d.getGroupCallInfo(GROUP);
        if (!info) return 'no call to join';
        const room = info.strRoomId ? { strRoomID: info.strRoomId } : { roomID: info.roomId };
        await d.joinInGroupCall({ groupID: GROUP, ...room, mediaType: info.mediaType });
        return 'ok';
      })();
    case 'ignore':
      return (async () => d.ignore())();
    default:
      return d[s.kind]();
  }
}

/** Runs `scenario`; the caller checks the invariants on the world and destroys `world.sim`. */
export async function play(scenario: Scenario, verbose = false): Promise<World> {
  const sim = createSimulation({ latencyMs: 20 });
  const names = NAMES.slice(0, scenario.devices.length);
  sim.group(GROUP, names);
  const devices = names.flatMap((name, i) =>
    Array.from({ length: scenario.devices[i]! }, (_, k) => sim.user(name, { deviceId: `${name}-${k + 1}` })),
  );
  const w: World = {
    sim,
    devices,
    crashed: new Set(),
    singleCalls: new Set(),
    unexpected: [],
    watched: [],
    log: [],
  };
  const note = (line: string) => verbose && w.log.push(line);
  await sim.advance(100);

  const watcher = watch(sim, () => live(w));
  for (const d of devices) d.subscribe(watcher.check);

  let n = 0;
  sim.network.setInterceptor((delivery) => {
    const fault = scenario.faults[n++ % scenario.faults.length]!;
    const env = delivery.envelope;
    if (verbose && env) {
      const action = env.actionType === 1 && env.timeout === 0 ? 'hangup' : ACTIONS[env.actionType];
      note(
        `  t=${sim.clock.now()} ${delivery.fromDeviceId}→${delivery.deviceId} ${action} ${env.inviteID.slice(0, 8)} [${env.inviteeList}] ${JSON.stringify(fault)}`,
      );
    }
    return fault;
  });

  const inFlight: { what: string; settled: () => boolean }[] = [];
  for (const s of scenario.steps) {
    if (s.kind === 'wait') {
      await sim.advance(s.ms);
      continue;
    }
    if (s.kind === 'latency') {
      sim.network.setLatency(s.ms);
      note(`t=${sim.clock.now()} latency ${s.ms} ms`);
      continue;
    }
    if (s.kind === 'crash') {
      const d = live(w)[s.who % live(w).length];
      if (!d) continue;
      sim.network.crashDevice(d.userID, d.deviceId);
      w.crashed.add(d);
      watcher.check();
      note(`t=${sim.clock.now()} ${d.deviceId} crashes`);
      continue;
    }
    await sim.advance(s.pause);
    const d = actor(w, s);
    if (!d) continue;
    const what = `t=${sim.clock.now()} ${d.deviceId} ${s.kind}${'invitees' in s ? ` ${s.invitees}` : ''}`;
    let done = false;
    const outcome = command(names, d, s).then(
      (value) => {
        done = true;
        if (s.kind === 'call') w.singleCalls.add((value as { callId: string }).callId);
        note(`${what} → ${typeof value === 'string' ? value : 'ok'}`);
      },
      (error: unknown) => {
        done = true;
        note(`${what} → ${isCallError(error) ? error.code : `UNEXPECTED ${String(error)}`}`);
        if (!isCallError(error)) w.unexpected.push(`${what}: ${String(error)}`);
      },
    );
    if (s.overlap) {
      inFlight.push({ what, settled: () => done });
      continue;
    }
    try {
      await sim.run(outcome, COMMAND_LIMIT_MS);
    } catch (error) {
      w.unexpected.push(`${what}: ${String(error)}`);
    }
  }
  await sim.advance(SETTLE_MS);
  watcher.check();
  w.watched.push(...watcher.problems);
  for (const f of inFlight) if (!f.settled()) w.unexpected.push(`${f.what}: never settled`);
  return w;
}
