import { describe, expect, it, vi } from 'vitest';
import golden from './fixtures/golden-payloads.json';
import { pair } from './helpers/sim';

type Json = Record<string, unknown>;
const payload = (id: string): Json => {
  const p = (golden.payloads as { id: string; dataParsed: Json }[]).find((x) => x.id === id);
  if (!p) throw new Error(`no golden payload ${id}`);
  return p.dataParsed;
};

/** Replaces the fields golden vectors treat as variable (platform, room numbers, durations). */
function normalise(data: Json, room: number): Json {
  const copy = structuredClone(data) as Json & { data?: Json };
  copy.platform = '<platform>';
  for (const target of [copy, copy.data ?? {}]) {
    if (target.room_id === room && room !== 0) target.room_id = '<room>';
  }
  return copy;
}

function goldenFor(id: string, goldenRoom: number): Json {
  return normalise(payload(id), goldenRoom);
}

/** Records the data of every Chat signaling call a device makes, parsed. */
function recordChat(chat: object) {
  const calls: { method: string; params: Json; data: Json }[] = [];
  for (const method of [
    'invite',
    'inviteInGroup',
    'accept',
    'reject',
    'cancel',
    'modifyInvitation',
  ] as const) {
    const target = chat as Record<string, (params: Json) => Promise<unknown>>;
    const original = target[method]!.bind(chat);
    vi.spyOn(target, method).mockImplementation((params: Json) => {
      calls.push({ method, params, data: JSON.parse(String(params.data)) as Json });
      return original(params);
    });
  }
  return calls;
}

describe('on the wire: what the engine hands to the Chat SDK matches TUICallKit (golden payloads)', () => {
  it('1v1 video: invite (A + A2 push), callee consumed marker (E) → accept (D), hangup record (K)', async () => {
    const { sim, alice, bob } = await pair();
    const aliceWire = recordChat(alice.chat);
    const bobWire = recordChat(bob.chat);
    await sim.run(
      alice.call({
        userID: 'bob',
        mediaType: 'video',
        offlinePushInfo: { title: 'T', description: 'D', extension: 'E' },
      }),
    );
    const room = alice.getSnapshot().roomId;
    const invite = aliceWire[0]!;
    expect(invite.method).toBe('invite');
    expect(invite.params).toMatchObject({ userID: 'bob', timeout: 30, onlineUserOnly: false });
    expect(invite.params.offlinePushInfo).toEqual(golden.offlinePushInfo.invitation.value);
    expect(normalise(invite.data, room)).toEqual(goldenFor('A', 1258947667));

    await sim.advance(300);
    await sim.run(bob.accept());
    expect(bobWire.map((c) => c.method)).toEqual(['modifyInvitation', 'accept']);
    expect(bobWire[0]!.data).toMatchObject({ data: { consumed: true, inviter: 'alice', userIDs: ['bob'] } });
    expect(normalise(bobWire[1]!.data, room)).toEqual(
      normalise(
        { ...goldenFor('D', 55555), data: { ...(payload('D').data as Json), inviter: 'alice' } },
        55555,
      ),
    );

    await sim.advance(5000);
    await sim.run(alice.hangup());
    await sim.advance(500);
    // The side that remains (bob) sends the hangup record K; the one who hung up sends nothing.
    expect(aliceWire.map((c) => c.method)).toEqual(['invite']);
    const record = bobWire[2]!;
    expect(record.method).toBe('invite');
    expect(record.params).toMatchObject({ userID: 'alice', timeout: 0 });
    expect((record.params.offlinePushInfo as Json).extension).toBe('');
    expect(record.data).toMatchObject({
      call_end: 5,
      call_type: 2,
      data: { cmd: 'hangup', inviter: 'alice' },
    });
    const k = goldenFor('K', 51735622);
    expect(normalise({ ...record.data, call_end: 2, call_type: 1 }, room)).toEqual(k);
  });

  it('reject (E then F), busy reject (G, no consumed marker), cancel (E then H)', async () => {
    const { sim, alice, bob } = await pair();
    const carol = sim.user('carol');
    await sim.advance(100);
    const aliceWire = recordChat(alice.chat);
    const bobWire = recordChat(bob.chat);

    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    const room1 = alice.getSnapshot().roomId;
    await sim.advance(300);
    await sim.run(bob.reject());
    expect(bobWire.map((c) => c.method)).toEqual(['modifyInvitation', 'reject']);
    expect(normalise(bobWire[1]!.data, room1)).toEqual(
      normalise(
        { ...payload('F'), room_id: room1, data: { ...(payload('F').data as Json), inviter: 'alice' } },
        room1,
      ),
    );

    await sim.advance(300);
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(300);
    await sim.run(bob.accept());
    await sim.advance(300);
    await sim.run(carol.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(300);
    const busy = bobWire.filter((c) => c.method === 'reject').at(-1)!;
    expect(normalise(busy.data, 0)).toEqual(goldenFor('G', 0));
    expect(bobWire.filter((c) => c.method === 'modifyInvitation')).toHaveLength(2); // reject + accept, not busy

    await sim.run(alice.hangup());
    await sim.advance(300);
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    const room3 = alice.getSnapshot().roomId;
    await sim.advance(300);
    const before = aliceWire.length;
    await sim.run(alice.hangup());
    const cancelFlow = aliceWire.slice(before);
    expect(cancelFlow.map((c) => c.method)).toEqual(['modifyInvitation', 'cancel']);
    expect(normalise(cancelFlow[0]!.data, room3)).toEqual(goldenFor('E', 1699930376));
    expect(normalise(cancelFlow[1]!.data, 0)).toEqual(normalise({ ...payload('H'), room_id: room3 }, 0));
  });

  it('switch video → audio: request (M) and automatic reply (N)', async () => {
    const { sim, alice, bob } = await pair();
    await sim.run(alice.call({ userID: 'bob', mediaType: 'video' }));
    const room = alice.getSnapshot().roomId;
    await sim.advance(300);
    await sim.run(bob.accept());
    await sim.advance(300);
    const aliceWire = recordChat(alice.chat);
    const bobWire = recordChat(bob.chat);
    await sim.run(alice.switchCallMediaType('audio'));
    expect(aliceWire[0]!.params).toMatchObject({ userID: 'bob', timeout: 30 });
    expect(normalise(aliceWire[0]!.data, room)).toEqual(goldenFor('M', 1258947667));
    expect(bobWire[0]!.method).toBe('accept');
    expect(normalise(bobWire[0]!.data, 0)).toEqual(goldenFor('N', 0));
  });
});
