/**
 * The Svelte stores against Svelte's own store contract (`get` and `derived` from `svelte/store`) while
 * the simulator runs calls on its virtual clock: values follow the call, and a selector store notifies
 * only when its slice changes.
 */
import { derived, get } from 'svelte/store';
import { describe, expect, it } from 'vitest';
import { callSnapshotStore, callStateStore, participantStore, shallowEqual } from '../src/svelte/index';
import { groupInCall, pair } from './helpers/bindings';

describe('svelte stores', () => {
  it('subscribe calls back at once with the current value, then on changes; the unsubscriber stops it', async () => {
    const { sim, alice, bob } = await pair();
    const seen: string[] = [];
    const stop = callStateStore(bob, (s) => s.status).subscribe((status) => seen.push(status));
    expect(seen).toEqual(['idle']);

    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(500);
    await sim.run(bob.accept());
    await sim.advance(500);
    expect(seen).toEqual(['idle', 'ringing', 'accepted']);

    stop();
    await sim.run(alice.hangup());
    await sim.advance(500);
    expect(seen).toEqual(['idle', 'ringing', 'accepted']);
    expect(bob.getSnapshot().status).toBe('ended');
  });

  it('get and derived from svelte/store follow a 1v1 call from ringing to its end', async () => {
    const { sim, alice, bob } = await pair();
    const call = callSnapshotStore(bob);
    expect(get(call)).toBe(bob.getSnapshot());
    const banner = derived(call, (s) =>
      s.status === 'ringing'
        ? `${s.callerId} is calling`
        : s.status === 'ended'
          ? `ended: ${s.endReason}`
          : s.status,
    );
    const shown: string[] = [];
    const stop = banner.subscribe((text) => shown.push(text));

    await sim.run(alice.call({ userID: 'bob', mediaType: 'video' }));
    await sim.advance(500);
    expect(get(banner)).toBe('alice is calling');
    await sim.run(bob.accept());
    await sim.advance(500);
    expect(get(banner)).toBe('accepted');
    await sim.run(alice.hangup());
    await sim.advance(500);
    expect(get(banner)).toBe('ended: remoteHangup');
    // derived passes on each distinct value once.
    expect(shown).toEqual(['idle', 'alice is calling', 'accepted', 'ended: remoteHangup']);
    stop();
  });

  it('group call: a volume change notifies only the store of the participant who changed', async () => {
    const { sim, alice, others } = await groupInCall();
    const notified: Record<string, number> = {};
    const volumes: Record<string, number | undefined> = {};
    const stops = others.map((id) =>
      participantStore(alice, id).subscribe((p) => {
        notified[id] = (notified[id] ?? 0) + 1;
        volumes[id] = p?.volume;
      }),
    );
    let listNotified = 0;
    stops.push(
      callStateStore(alice, (s) => s.participants.map((p) => p.userID), shallowEqual).subscribe(() => {
        listNotified++;
      }),
    );
    expect(notified).toEqual({ bob: 1, carol: 1, dave: 1 });

    sim.network.setVolume('carol', 60);
    await sim.advance(1000);
    expect(volumes).toEqual({ bob: 0, carol: 60, dave: 0 });
    expect(notified).toEqual({ bob: 1, carol: 2, dave: 1 });
    expect(listNotified).toBe(1);
    for (const stop of stops) stop();
  });
});
