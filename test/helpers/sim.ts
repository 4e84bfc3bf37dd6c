import { afterEach } from 'vitest';
import { createSimulation, type Simulation, type SimulationOptions } from '../../src/testing/index';

const open: Simulation[] = [];

afterEach(async () => {
  for (const sim of open.splice(0)) await sim.destroy();
});

/** A simulation that is destroyed after the test; devices are logged in before it is returned. */
export async function simulation(options: SimulationOptions = {}): Promise<Simulation> {
  const sim = createSimulation(options);
  open.push(sim);
  return sim;
}

/** alice and bob logged in on one device each. */
export async function pair(options: SimulationOptions = {}) {
  const sim = await simulation(options);
  const alice = sim.user('alice');
  const bob = sim.user('bob');
  await sim.advance(100);
  return { sim, alice, bob };
}

/** The names of the events a device raised, in order, optionally without noisy ones. */
export function names(user: { events(): { name: string }[] }, skip: string[] = []): string[] {
  return user
    .events()
    .map((e) => e.name)
    .filter((n) => !skip.includes(n));
}
