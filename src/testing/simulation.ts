import { type CallEngine, createCallEngine } from '../engine/call-engine';
import { CALL_ENGINE_EVENT_NAMES, type CallEngineEventName, type CallEngineEvents } from '../engine/events';
import type { CallEngineOptions } from '../engine/options';
import { createLocalNetwork, type LocalChat, type LocalNetwork } from '../local/index';
import { VirtualClock } from './virtual-clock';

/** Options of {@link createSimulation}. */
export interface SimulationOptions {
  /** One-way network latency of the simulated backend in ms (default 20). */
  latencyMs?: number;
  /** Default ringing timeout of every engine, in seconds (default 30). */
  timeout?: number;
  /** TUICallKit edition the local backend grants (default 'group'). */
  edition?: 'none' | 'trial' | 'single' | 'group';
  /** Virtual start time in ms (default 0). */
  startTime?: number;
}

/** One recorded engine event, stamped with virtual time and the device that raised it. */
export interface TimelineEntry<K extends CallEngineEventName = CallEngineEventName> {
  readonly at: number;
  readonly userID: string;
  readonly deviceId: string;
  readonly name: K;
  readonly payload: CallEngineEvents[K];
}

/** An engine logged in on the simulated network, with its chat client and device id. */
export type SimUser = CallEngine & {
  readonly userID: string;
  readonly deviceId: string;
  readonly chat: LocalChat;
  /** The events this device raised so far, oldest first. */
  events<K extends CallEngineEventName>(name?: K): TimelineEntry<K>[];
};

/** A deterministic world for scripting calls: users, devices, a network and a virtual clock. */
export interface Simulation {
  readonly clock: VirtualClock;
  readonly network: LocalNetwork;
  /** Every engine event of every device, in the order they happened. */
  readonly timeline: readonly TimelineEntry[];
  /** Logs `userID` in on a new device (or returns the existing one for the same device id). */
  user(userID: string, options?: { deviceId?: string; engine?: Partial<CallEngineOptions> }): SimUser;
  /** Creates (or replaces) a Chat group with these members, for group calls. */
  group(groupID: string, memberIDs: readonly string[]): void;
  /** Moves virtual time forward by `ms`, delivering messages and firing timers on the way. */
  advance(ms: number): Promise<void>;
  /**
   * Advances time until `promise` settles (at most `limitMs` of virtual time), then returns its
   * result: `await sim.run(alice.call({ … }))`.
   */
  run<T>(promise: Promise<T>, limitMs?: number): Promise<T>;
  /** Destroys every engine and the network; no timers remain. */
  destroy(): Promise<void>;
}

const SDK_APP_ID = 1400000000;

/** The object's methods (own prototype chain, not Object's), bound to it. */
function bindMethods(target: CallEngine): CallEngine {
  const out: Record<string, unknown> = {};
  for (
    let proto = Object.getPrototypeOf(target);
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const value = (target as unknown as Record<string, unknown>)[key];
      if (key !== 'constructor' && !(key in out) && typeof value === 'function')
        out[key] = value.bind(target);
    }
  }
  return out as unknown as CallEngine;
}

/** Creates a simulation: the same engine and adapters as production, on an in-memory backend. */
export function createSimulation(options: SimulationOptions = {}): Simulation {
  const clock = new VirtualClock(options.startTime ?? 0);
  const network = createLocalNetwork({
    clock,
    latencyMs: options.latencyMs ?? 20,
    edition: options.edition ?? 'group',
  });
  const timeline: TimelineEntry[] = [];
  const users = new Map<string, SimUser>();
  let seed = 1;
  // A small deterministic PRNG so room numbers are reproducible run to run.
  const random = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };

  function user(
    userID: string,
    opts: { deviceId?: string; engine?: Partial<CallEngineOptions> } = {},
  ): SimUser {
    const deviceId = opts.deviceId ?? `${userID}-device-1`;
    const key = `${userID}\u0000${deviceId}`;
    const existing = users.get(key);
    if (existing) return existing;
    const chat = network.createChat({ deviceId });
    const engine = createCallEngine({
      userID,
      chat,
      TRTC: network.trtcForDevice(deviceId),
      sdkAppId: SDK_APP_ID,
      userSig: `sig-${userID}`,
      clock,
      random,
      ...(options.timeout ? { timeout: options.timeout } : {}),
      ...opts.engine,
    });
    // Listeners are registered before login so Chat's history replay reaches this device.
    void chat.login({ userID, userSig: `sig-${userID}` });
    const own: TimelineEntry[] = [];
    for (const name of CALL_ENGINE_EVENT_NAMES) {
      engine.on(name, (payload) => {
        const entry = { at: clock.now(), userID, deviceId, name, payload } as TimelineEntry;
        own.push(entry);
        timeline.push(entry);
      });
    }
    const simUser: SimUser = {
      userID,
      deviceId,
      chat,
      events: <K extends CallEngineEventName>(name?: K) =>
        (name ? own.filter((e) => e.name === name) : own.slice()) as TimelineEntry<K>[],
      // Every engine method, bound: new commands show up here without a list to keep in step.
      ...bindMethods(engine),
    };
    users.set(key, simUser);
    return simUser;
  }

  async function run<T>(promise: Promise<T>, limitMs = 120_000): Promise<T> {
    let settled = false;
    const watched = promise.then(
      (value) => {
        settled = true;
        return value;
      },
      (error: unknown) => {
        settled = true;
        throw error;
      },
    );
    watched.catch(() => undefined);
    const deadline = clock.now() + limitMs;
    await clock.advance(0);
    while (!settled) {
      const next = clock.nextAt();
      if (next === null || next > deadline) {
        throw new Error(`simulation: the promise did not settle within ${limitMs} ms of virtual time`);
      }
      await clock.step();
    }
    return watched;
  }

  return {
    clock,
    network,
    timeline,
    user,
    group: (groupID, memberIDs) => network.createGroup(groupID, [...memberIDs]),
    advance: (ms) => clock.advance(ms),
    run,
    async destroy() {
      for (const u of users.values()) {
        await run(u.destroy()).catch(() => undefined);
        await u.chat.destroy();
      }
      users.clear();
      network.destroy();
    },
  };
}
