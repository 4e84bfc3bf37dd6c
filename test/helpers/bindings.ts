import type { SimUser, Simulation } from '../../src/testing/index';
import { pair, simulation } from './sim';

/** alice and bob logged in; the framework tests render their UIs while the call goes on. */
export { pair };

/**
 * alice in a group video call with bob, carol and dave, everyone joined, so alice's snapshot has three
 * participants whose volume the test can move with `sim.network.setVolume`.
 */
export async function groupInCall(): Promise<{ sim: Simulation; alice: SimUser; others: string[] }> {
  const sim = await simulation();
  const others = ['bob', 'carol', 'dave'];
  sim.group('team', ['alice', ...others]);
  const alice = sim.user('alice');
  const callees = others.map((id) => sim.user(id));
  await sim.advance(100);
  await sim.run(alice.groupCall({ groupID: 'team', userIDList: others, mediaType: 'video' }));
  await sim.advance(1000);
  for (const callee of callees) await sim.run(callee.accept());
  // Joined everywhere, and a few volume ticks (every 500 ms) so the levels have settled at 0.
  await sim.advance(3000);
  return { sim, alice, others };
}
