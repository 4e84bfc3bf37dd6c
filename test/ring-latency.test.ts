import { describe, expect, it } from 'vitest';
import { createCallEngine } from '../src/index';
import { createChatAccount } from '../src/tencent/chat-account';
import { simulation } from './helpers/sim';

/**
 * With multi-device calling on, a callee used to read the user status (one Chat round trip) before
 * ringing. Now the status is mirrored from Chat's status notifications, so the device rings as soon
 * as the invitation arrives; a read in the background still catches a missed notification.
 */

const LATENCY = 20;

describe('ringing without a status round trip', () => {
  it('the callee rings one network hop after the server took the invitation, on every call', async () => {
    const sim = await simulation({ latencyMs: LATENCY });
    const alice = sim.user('alice');
    const bobs = [sim.user('bob', { deviceId: 'b1' }), sim.user('bob', { deviceId: 'b2' })];
    await sim.advance(200);
    for (let round = 0; round < 2; round++) {
      const { callId } = await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
      await sim.advance(500);
      const stored = sim.network.storedMessages().find((m) => m.payloadData.includes(callId));
      for (const bob of bobs) {
        const rang = bob.events('callReceived').find((e) => e.payload.callId === callId);
        expect(rang?.at).toBe((stored?.serverTime ?? Number.NaN) + LATENCY);
      }
      await sim.run(alice.hangup());
      await sim.advance(500);
    }
  });

  it('a device busy on another device still does not ring at all', async () => {
    const sim = await simulation({ latencyMs: LATENCY });
    const [alice, carol] = [sim.user('alice'), sim.user('carol')];
    const [b1, b2] = [sim.user('bob', { deviceId: 'b1' }), sim.user('bob', { deviceId: 'b2' })];
    await sim.advance(200);
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    await sim.run(b1.accept());
    await sim.advance(500);
    const before = b2.events().length;
    await sim.run(carol.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(1000);
    expect(carol.getSnapshot().endReason).toBe('lineBusy');
    expect(b2.events().slice(before)).toEqual([]);
  });

  it('when a status notification was missed, the ringing device stops without a word once the read says busy', async () => {
    const sim = await simulation({ latencyMs: LATENCY });
    const [alice, carol] = [sim.user('alice'), sim.user('carol')];
    const b1 = sim.user('bob', { deviceId: 'b1' });
    // b2 never hears of status changes: its mirror only learns from reads.
    const chat = sim.network.createChat({ deviceId: 'b2' });
    const account = { ...createChatAccount(chat, { userID: 'bob' }), onSelfStatus: undefined };
    const b2 = createCallEngine({
      userID: 'bob',
      chat,
      TRTC: sim.network.trtcForDevice('b2'),
      sdkAppId: 1,
      userSig: 'sig',
      clock: sim.clock,
      account,
    });
    const b2Events: string[] = [];
    for (const name of ['callReceived', 'callEnded'] as const) b2.on(name, () => b2Events.push(name));
    void chat.login({ userID: 'bob', userSig: 'sig' });
    await sim.advance(200);
    // The first call primes b2's mirror with a read ('' = free); b1 takes it and becomes busy.
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    await sim.run(b1.accept());
    await sim.advance(500);
    expect(b2.getSnapshot().endReason).toBe('otherDeviceAccepted');
    // b2 still believes bob is free: it rings, the read says busy, it stops; b1 answers carol busy.
    await sim.run(carol.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(1000);
    expect(carol.getSnapshot().endReason).toBe('lineBusy');
    expect(b2Events.slice(-2)).toEqual(['callReceived', 'callEnded']);
    expect(b2.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'noResponse' });
    expect(b1.getSnapshot().status).toBe('accepted');
    await sim.run(b2.destroy());
    await chat.destroy();
  });
});
