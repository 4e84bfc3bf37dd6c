import { describe, expect, it, vi } from 'vitest';
import type { TRTCClassLike } from '../src/index';
import type { SimUser, Simulation } from '../src/testing/index';
import { simulation } from './helpers/sim';

const L = 20; // network latency of the simulations below

/** Logs a user in on a device whose TRTC client records every room it enters. */
function device(sim: Simulation, userID: string, deviceId: string, engine: object = {}) {
  const rooms: unknown[] = [];
  const base = sim.network.trtcForDevice(deviceId);
  const TRTC: TRTCClassLike = {
    create: () => {
      const trtc = base.create();
      const enter = trtc.enterRoom.bind(trtc);
      trtc.enterRoom = (options) => {
        rooms.push(options.roomId ?? options.strRoomId);
        return enter(options);
      };
      return trtc;
    },
  };
  const user = sim.user(userID, { deviceId, engine: { TRTC, ...engine } });
  return Object.assign(user, { rooms });
}

async function world(
  options: { bobDevices?: number; edition?: 'none' | 'trial' | 'single' | 'group'; engine?: object } = {},
) {
  const sim = await simulation({ latencyMs: L, ...(options.edition ? { edition: options.edition } : {}) });
  const alice = device(sim, 'alice', 'alice-phone');
  const bobs = Array.from({ length: options.bobDevices ?? 2 }, (_, i) =>
    device(sim, 'bob', `bob-${i + 1}`, options.engine),
  );
  await sim.advance(100);
  return { sim, alice, bobs };
}

const statusOf = (u: SimUser) => u.getSnapshot().status;
const reasonOf = (u: SimUser) => u.getSnapshot().endReason;

describe('multi-device: every device rings, exactly one answers', () => {
  it('an incoming call rings on every device; the first accept wins, the others end otherDeviceAccepted without media', async () => {
    const { sim, alice, bobs } = await world({ bobDevices: 3 });
    const [b1, b2, b3] = bobs as [(typeof bobs)[0], (typeof bobs)[0], (typeof bobs)[0]];
    const { callId } = await sim.run(alice.call({ userID: 'bob', mediaType: 'video' }));
    await sim.advance(200);
    for (const b of bobs) {
      expect(statusOf(b)).toBe('ringing');
      expect(b.events('callReceived')[0]?.payload.callId).toBe(callId);
    }
    await sim.run(b2.accept());
    await sim.advance(500);
    expect(statusOf(alice)).toBe('accepted');
    expect(alice.getSnapshot().participants).toMatchObject([{ userID: 'bob', status: 'joined' }]);
    expect(statusOf(b2)).toBe('accepted');
    for (const other of [b1, b3]) {
      expect(reasonOf(other)).toBe('otherDeviceAccepted');
      expect(other.getSnapshot().endReasonCode).toBe(7);
      expect(other.rooms).toEqual([]);
    }
    expect(b2.rooms).toHaveLength(1);
    expect(alice.events('userAccepted')).toHaveLength(1);
  });

  it('rejecting on one device stops the others with otherDeviceRejected; the caller sees one reject', async () => {
    const { sim, alice, bobs } = await world({ bobDevices: 3 });
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    await sim.run(bobs[0]!.reject());
    await sim.advance(500);
    expect(reasonOf(bobs[0]!)).toBe('rejected');
    expect(reasonOf(bobs[1]!)).toBe('otherDeviceRejected');
    expect(reasonOf(bobs[2]!)).toBe('otherDeviceRejected');
    expect(reasonOf(alice)).toBe('remoteRejected');
    expect(alice.events('userRejected')).toHaveLength(1);
  });

  /**
   * Every ordering the simulator can produce for two devices answering: the second device starts its
   * accept at every offset from 3 latencies before to 3 latencies after the first (in half-latency
   * steps, so exact ties and both sides of every message are covered), and each device's messages
   * may additionally be delayed by half a latency on the way. Between those points nothing changes
   * order, so this enumerates every distinct interleaving.
   */
  const offsets = Array.from({ length: 13 }, (_, i) => (i - 6) * (L / 2));
  const delays = [
    [0, 0],
    [L / 2, 0],
    [0, L / 2],
    [L / 2, L / 2],
  ] as const;
  for (const offset of offsets) {
    for (const [d1, d2] of delays) {
      it(`two devices accept ${offset} ms apart (extra delay ${d1}/${d2} ms): one stays, the other ends otherDeviceAccepted`, async () => {
        const { sim, alice, bobs } = await world();
        const [b1, b2] = bobs as [(typeof bobs)[0], (typeof bobs)[0]];
        sim.network.setInterceptor((d) => {
          if (d.from !== 'bob') return 'deliver';
          const extra = d.fromDeviceId === 'bob-1' ? d1 : d.fromDeviceId === 'bob-2' ? d2 : 0;
          return extra ? { delayMs: extra } : 'deliver';
        });
        await sim.run(alice.call({ userID: 'bob', mediaType: 'video' }));
        await sim.advance(200);
        const first = offset >= 0 ? b1 : b2;
        const second = offset >= 0 ? b2 : b1;
        const answers = [first.accept().catch(() => 'lost')];
        await sim.advance(Math.abs(offset));
        answers.push(second.accept().catch(() => 'lost'));
        await sim.run(Promise.all(answers));
        await sim.advance(3000);

        const inCall = bobs.filter((b) => statusOf(b) === 'accepted');
        expect(inCall).toHaveLength(1);
        const loser = bobs.find((b) => b !== inCall[0])!;
        expect(reasonOf(loser)).toBe('otherDeviceAccepted');
        expect(statusOf(alice)).toBe('accepted');
        expect(alice.getSnapshot().participants[0]?.status).toBe('joined');
        expect(alice.events('userAccepted')).toHaveLength(1);
        // The winner's media is live with alice; the loser left (or never entered) the room.
        expect(inCall[0]!.getSnapshot().participants[0]?.status).toBe('joined');
        await sim.advance(20_000);
        expect(statusOf(alice)).toBe('accepted');
        expect(statusOf(inCall[0]!)).toBe('accepted');
      });
    }
  }

  for (const offset of [-L, -L / 2, 0, L / 2, L]) {
    it(`one device accepts while another rejects ${offset} ms later: the first to mark the call wins everywhere`, async () => {
      const { sim, alice, bobs } = await world();
      const [b1, b2] = bobs as [(typeof bobs)[0], (typeof bobs)[0]];
      await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
      await sim.advance(200);
      const acceptFirst = offset >= 0;
      const answers = [acceptFirst ? b1.accept().catch(() => 'lost') : b2.reject()];
      await sim.advance(Math.abs(offset));
      answers.push(acceptFirst ? b2.reject() : b1.accept().catch(() => 'lost'));
      await sim.run(Promise.all(answers));
      await sim.advance(20_000);
      const aliceStatus = statusOf(alice);
      if (aliceStatus === 'accepted') {
        expect(statusOf(b1)).toBe('accepted');
        expect(alice.events('userRejected')).toEqual([]);
      } else {
        expect(reasonOf(alice)).toBe('remoteRejected');
        expect(statusOf(b1)).toBe('ended');
        expect(b1.getSnapshot().connectedAt).toBeNull();
      }
      // Whoever marked the invitation first decided; with accept first in time, that is the accept.
      if (offset > 0) expect(aliceStatus).toBe('accepted');
      if (offset < 0) expect(aliceStatus).toBe('ended');
    });
  }

  it("the caller's own other devices never ring for its outgoing call and stay free, without warnings", async () => {
    const sim = await simulation({ latencyMs: L });
    const alice1 = sim.user('alice', { deviceId: 'alice-1' });
    const alice2 = sim.user('alice', { deviceId: 'alice-2' });
    const bob = sim.user('bob');
    await sim.advance(100);
    await sim.run(alice1.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(500);
    await sim.run(alice1.hangup());
    await sim.run(alice1.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(500);
    await sim.run(bob.accept());
    await sim.advance(1000);
    await sim.run(bob.hangup());
    await sim.advance(1000);
    expect(alice2.getSnapshot().status).toBe('idle');
    expect(alice2.events()).toEqual([]);
  });

  it('a device that logs in while the call rings rings too; one that logs in after it was answered does not', async () => {
    const sim = await simulation({ latencyMs: L });
    const alice = sim.user('alice');
    const bob1 = sim.user('bob', { deviceId: 'bob-1' });
    await sim.advance(100);
    const { callId } = await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(5000);
    const bob2 = sim.user('bob', { deviceId: 'bob-2' });
    await sim.advance(500);
    expect(bob2.getSnapshot()).toMatchObject({ status: 'ringing', callId });
    await sim.run(bob1.accept());
    await sim.advance(500);
    expect(bob2.getSnapshot().endReason).toBe('otherDeviceAccepted');
    const bob3 = sim.user('bob', { deviceId: 'bob-3' });
    await sim.advance(1000);
    expect(bob3.getSnapshot().status).toBe('idle');
    expect(bob3.events()).toEqual([]);
    // The handled invitation is marked consumed on the server, as TUICallKit does.
    const stored = sim.network.storedMessages().find((m) => m.payloadData.includes(callId));
    expect(JSON.parse(JSON.parse(stored!.payloadData).data).data.consumed).toBe(true);
  });

  it('cross-device busy: a call to a user in a call on one device is answered busy once and rings nowhere', async () => {
    const { sim, alice, bobs } = await world();
    const carol = sim.user('carol');
    await sim.advance(100);
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    await sim.run(bobs[0]!.accept());
    await sim.advance(500);
    const idleBob = bobs[1]!;
    const before = idleBob.events().length;
    await sim.run(carol.call({ userID: 'bob', mediaType: 'video' }));
    await sim.advance(1000);
    expect(carol.getSnapshot().endReason).toBe('lineBusy');
    expect(carol.events('userBusy')).toHaveLength(1);
    expect(
      idleBob
        .events()
        .slice(before)
        .map((e) => e.name),
    ).toEqual([]);
    expect(bobs[0]!.getSnapshot().status).toBe('accepted');
    // The busy device may not place a call from another device either.
    await expect(sim.run(idleBob.call({ userID: 'carol', mediaType: 'audio' }))).rejects.toMatchObject({
      code: -1203,
    });
    // Once the call is over, the other device rings again.
    await sim.run(bobs[0]!.hangup());
    await sim.advance(500);
    await sim.run(carol.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(500);
    expect(idleBob.getSnapshot().status).toBe('ringing');
  });

  it('multiDevice: false behaves like TUICallKit without the ability: other devices keep ringing', async () => {
    const { sim, alice, bobs } = await world({ engine: { multiDevice: false } });
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio', timeout: 20 }));
    await sim.advance(200);
    await sim.run(bobs[0]!.reject());
    await sim.advance(1000);
    expect(reasonOf(alice)).toBe('remoteRejected');
    expect(statusOf(bobs[1]!)).toBe('ringing');
    // Answering there now finds the call already handled and ends like the other device did.
    await expect(sim.run(bobs[1]!.accept())).rejects.toMatchObject({ code: -1203 });
    expect(reasonOf(bobs[1]!)).toBe('otherDeviceRejected');
  });
});

describe('editions: capabilities are checked before anything is sent', () => {
  it('without a call package, call() rejects with -1001 and sends nothing', async () => {
    const sim = await simulation({ edition: 'none' });
    const alice = sim.user('alice');
    sim.user('bob');
    await sim.advance(100);
    const invite = vi.spyOn(alice.chat, 'invite');
    await expect(sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }))).rejects.toMatchObject({
      code: -1001,
    });
    expect(invite).not.toHaveBeenCalled();
    expect(alice.getSnapshot().status).toBe('idle');
  });

  it('the 1v1 edition calls but has no multi-device: enabling it rejects with -1002, asking it explicitly reports -1002', async () => {
    const sim = await simulation({ edition: 'single' });
    const alice = sim.user('alice');
    const bob1 = sim.user('bob', { deviceId: 'bob-1' });
    const bob2 = sim.user('bob', { deviceId: 'bob-2', engine: { multiDevice: true } });
    await sim.advance(100);
    expect(bob2.events('error').map((e) => e.payload.code)).toEqual([-1002]);
    await expect(sim.run(bob1.enableMultiDeviceAbility(true))).rejects.toMatchObject({ code: -1002 });
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    await sim.run(bob1.reject());
    await sim.advance(500);
    expect(bob2.getSnapshot().status).toBe('ringing');
  });

  for (const edition of ['trial', 'group'] as const) {
    it(`the ${edition} edition has multi-device on by default`, async () => {
      const { sim, alice, bobs } = await world({ edition });
      await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
      await sim.advance(200);
      await sim.run(bobs[0]!.accept());
      await sim.advance(500);
      expect(reasonOf(bobs[1]!)).toBe('otherDeviceAccepted');
    });
  }

  it('abilities are asked once per login and cached', async () => {
    const sim = await simulation();
    const alice = sim.user('alice');
    const bob = sim.user('bob');
    const ask = vi.spyOn(alice.chat, 'callExperimentalAPI');
    await sim.advance(100);
    for (let i = 0; i < 3; i++) {
      await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
      await sim.advance(100);
      await sim.run(bob.reject());
      await sim.advance(100);
    }
    const bits = ask.mock.calls.map((c) => c[1]);
    expect(bits.filter((b) => b === 65536)).toHaveLength(1);
    expect(new Set(bits).size).toBe(bits.length);
  });
});
