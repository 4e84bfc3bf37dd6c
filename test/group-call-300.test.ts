import { describe, expect, it } from 'vitest';
import type { SimUser } from '../src/testing/index';
import { simulation } from './helpers/sim';

// Its own file, so it runs in parallel with the rest of the suite: 300 engines in one room.
describe('group calls at TRTC scale', () => {
  it('a 300-person call completes (maxGroupParticipants: 300); a 301st person is refused', async () => {
    const sim = await simulation({ latencyMs: 10 });
    const ids = Array.from({ length: 300 }, (_, i) => `user${String(i).padStart(3, '0')}`);
    sim.group('big', [...ids, 'user300']);
    const users = ids.map((id) => sim.user(id, { engine: { maxGroupParticipants: 300 } }));
    await sim.advance(100);
    const [caller, ...callees] = users as [SimUser, ...SimUser[]];
    await expect(
      caller.groupCall({ groupID: 'big', userIDList: [...ids.slice(1), 'user300'], mediaType: 'audio' }),
    ).rejects.toMatchObject({ code: -1202 });
    await sim.run(caller.groupCall({ groupID: 'big', userIDList: ids.slice(1), mediaType: 'audio' }));
    await sim.advance(500);
    for (const c of callees) expect(c.getSnapshot().status).toBe('ringing');

    await sim.run(Promise.all(callees.map((c) => c.accept())));
    await sim.advance(500);
    for (const u of users) {
      expect(u.getSnapshot().status).toBe('accepted');
      expect(u.getSnapshot().participants.filter((p) => p.status === 'joined')).toHaveLength(299);
    }

    // The caller leaves first; the others continue, then leave all at once except the last.
    await sim.run(caller.hangup());
    await sim.advance(500);
    for (const c of callees) expect(c.getSnapshot().status).toBe('accepted');
    const last = callees.at(-1)!;
    await sim.run(Promise.all(callees.slice(0, -1).map((c) => c.hangup())));
    await sim.advance(500);
    expect(last.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'remoteHangup' });
    for (const u of users) {
      const ended = u.events('callEnded');
      expect(ended).toHaveLength(1);
      expect(ended[0]?.payload.connected).toBe(true);
    }
  }, 180_000);
});
