import { describe, expect, it } from 'vitest';
import { WeakNetworkPolicy } from '../src/engine/network-policy';
import { VirtualClock } from '../src/testing/virtual-clock';

function setup(holdMs?: number) {
  const clock = new VirtualClock();
  const log: string[] = [];
  const policy = new WeakNetworkPolicy({
    clock,
    ...(holdMs !== undefined && { holdMs }),
    onWeak: ({ userID, quality }) => log.push(`weak ${userID || 'local'} ${quality}`),
    onRecovered: ({ userID }) => log.push(`recovered ${userID || 'local'}`),
    onProfile: (profile) => log.push(`profile ${profile}`),
  });
  /** Samples every 2 s, as TRTC reports them. */
  const samples = async (userID: string, ...qualities: number[]) => {
    for (const q of qualities) {
      policy.sample(userID, q);
      await clock.advance(2000);
    }
  };
  return { clock, log, policy, samples };
}

describe('WeakNetworkPolicy', () => {
  it('reports a link weak once it stayed poor for the hold time, then lowers the profile', async () => {
    const { log, policy, samples, clock } = setup();
    await samples('bob', 2, 4, 5);
    expect(log).toEqual([]);
    await samples('bob', 4);
    expect(log).toEqual(['weak bob 5', 'profile low']);
    expect([policy.isWeak('bob'), policy.profile]).toEqual([true, 'low']);
    await samples('bob', 6, 5, 4, 6);
    expect(log).toHaveLength(2);
    expect(clock.pending).toBe(0);
  });

  it('does not flap: a dip or a short recovery changes nothing', async () => {
    const { log, samples } = setup();
    await samples('', 4, 4, 2, 5, 5, 1);
    expect(log).toEqual([]);
    await samples('', 5, 5, 5);
    expect(log).toEqual(['weak local 5', 'profile low']);
    await samples('', 3, 3, 4, 2, 2);
    expect(log).toHaveLength(2);
  });

  it('recovers after the hold time of good quality and restores the profile when no link is weak', async () => {
    const { log, samples } = setup(3000);
    await samples('', 5, 5, 5);
    await samples('bob', 4, 4, 4);
    expect(log).toEqual(['weak local 5', 'profile low', 'weak bob 4']);
    await samples('', 2, 2, 2);
    expect(log.slice(3)).toEqual(['recovered local']);
    await samples('bob', 1, 3, 3);
    expect(log.slice(4)).toEqual(['recovered bob', 'profile standard']);
  });

  it('ignores unknown and malformed samples', async () => {
    const { log, samples, policy, clock } = setup();
    await samples('bob', 0, 7, -1, 4.5, Number.NaN);
    policy.sample(7 as never, 5);
    expect([log, clock.pending]).toEqual([[], 0]);
    // 0 (unknown) neither confirms nor cancels a pending change.
    await samples('bob', 5, 0, 0);
    expect(log).toEqual(['weak bob 5', 'profile low']);
  });

  it('forget drops a participant who left; reset restores the profile and cancels pending changes', async () => {
    const { log, samples, policy, clock } = setup();
    await samples('bob', 5, 5, 5);
    policy.forget('bob');
    expect(log).toEqual(['weak bob 5', 'profile low', 'profile standard']);
    await samples('', 5, 5, 5);
    policy.sample('carol', 6);
    policy.reset();
    expect(log.slice(3)).toEqual(['weak local 5', 'profile low', 'profile standard']);
    expect(clock.pending).toBe(0);
    await clock.advance(10_000);
    expect(log).toHaveLength(6);
  });

  it('dispose clears the timers and ignores later samples', async () => {
    const { log, policy, clock } = setup();
    policy.sample('bob', 6);
    policy.dispose();
    policy.sample('bob', 6);
    expect(clock.pending).toBe(0);
    await clock.advance(10_000);
    expect(log).toEqual([]);
  });
});
