import { describe, expect, it } from 'vitest';
import golden from './fixtures/golden-payloads.json';
import { pair } from './helpers/sim';

const data = (id: string) =>
  (golden.payloads as { id: string; data: string }[]).find((p) => p.id === id)!.data;

describe('bad, duplicate and late inbound signals: a warning and nothing else', () => {
  it('drops what is not a TUICallKit v4 call message, says why, and changes nothing', async () => {
    const { sim, bob } = await pair();
    const before = bob.getSnapshot();
    const invite = (payload: unknown) => ({
      inviteID: 'x-1',
      inviter: 'mallory',
      groupID: '',
      inviteeList: ['bob'],
      data: payload,
    });
    const cases: [unknown, string][] = [
      [invite('{not json'), 'not-json'],
      [invite(JSON.stringify({ businessID: 'other_app', version: 4 })), 'not-av-call'],
      [invite(data('A').replace('"version":4', '"version":5')), 'unsupported-version'],
      [
        invite(data('A').replace('"room_id":1258947667,"userData"', '"room_id":-5,"userData"')),
        'invalid-field',
      ],
      [
        invite(JSON.stringify({ ...JSON.parse(data('A')), data: { cmd: 'videoCall', userIDs: [1, 2] } })),
        'invalid-field',
      ],
      [{ inviteID: 42, inviter: 'mallory', data: data('A') }, 'invalid-envelope'],
      [
        { inviteID: 'x-2', inviter: 'mallory', groupID: '', inviteeList: 'bob', data: data('A') },
        'invalid-envelope',
      ],
      [null, 'invalid-envelope'],
    ];
    for (const [payload] of cases) sim.network.injectSignalingEvent('bob', 'newInvitationReceived', payload);
    await sim.advance(100);
    const warnings = bob.events('warning').map((e) => e.payload.code);
    expect(warnings).toEqual(cases.map(([, code]) => code));
    for (const w of bob.events('warning')) expect(w.payload.message.length).toBeGreaterThan(10);
    expect(bob.getSnapshot()).toBe(before);
    expect(bob.events().filter((e) => e.name !== 'warning')).toEqual([]);
  });

  it('an invitation that does not list this user, or for an unknown command, is ignored with a warning', async () => {
    const { sim, bob } = await pair();
    const before = bob.getSnapshot();
    sim.network.injectSignalingEvent('bob', 'newInvitationReceived', {
      inviteID: 'x-3',
      inviter: 'mallory',
      groupID: '',
      inviteeList: ['carol'],
      data: data('A'),
    });
    await sim.advance(100);
    expect(bob.events('warning').map((e) => e.payload.code)).toEqual(['not-invited']);
    expect(bob.getSnapshot()).toBe(before);
  });

  it('duplicate and late follow-ups for the current or a finished call: warnings, no state change, no second event', async () => {
    const { sim, alice, bob } = await pair();
    const { callId } = await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    await sim.run(bob.accept());
    await sim.advance(200);
    const inCall = alice.getSnapshot();
    const eventsBefore = alice.events().length;
    const accepted = { inviteID: callId, inviter: 'alice', groupID: '', invitee: 'bob', data: data('D') };
    // A duplicated accept, a reject and a cancel that do not apply any more, and an accept for an
    // invitation nobody sent.
    sim.network.injectSignalingEvent('alice', 'ts_invitee_accepted', accepted);
    sim.network.injectSignalingEvent('alice', 'ts_invitee_rejected', { ...accepted, data: data('F') });
    sim.network.injectSignalingEvent('alice', 'ts_invitee_accepted', {
      ...accepted,
      inviteID: 'never-sent',
      inviter: 'mallory',
    });
    await sim.advance(100);
    expect(alice.getSnapshot()).toBe(inCall);
    const added = alice.events().slice(eventsBefore);
    expect(added.map((e) => e.name)).toEqual(['warning', 'warning', 'warning']);
    expect(added.map((e) => (e.payload as { code: string }).code)).toEqual([
      'stale',
      'stale',
      'unknown-call',
    ]);

    await sim.run(alice.hangup());
    await sim.advance(500);
    const ended = bob.getSnapshot();
    const bobBefore = bob.events().length;
    sim.network.injectSignalingEvent('bob', 'ts_invitation_cancelled', {
      inviteID: callId,
      inviter: 'alice',
      groupID: '',
      data: data('H'),
    });
    sim.network.injectSignalingEvent('bob', 'newInvitationReceived', {
      inviteID: 'sw-1',
      inviter: 'alice',
      groupID: '',
      inviteeList: ['bob'],
      data: data('M'),
    });
    await sim.advance(100);
    expect(bob.getSnapshot()).toBe(ended);
    expect(
      bob
        .events()
        .slice(bobBefore)
        .map((e) => e.name),
    ).toEqual(['warning', 'warning']);
    expect(bob.events('callEnded')).toHaveLength(1);
  });

  it('a user who is not part of the call cannot end it', async () => {
    const { sim, alice, bob } = await pair();
    const { callId } = await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    await sim.run(bob.accept());
    await sim.advance(200);
    sim.network.injectSignalingEvent('alice', 'ts_invitee_rejected', {
      inviteID: callId,
      inviter: 'alice',
      groupID: '',
      invitee: 'mallory',
      data: data('F'),
    });
    sim.network.injectSignalingEvent('bob', 'newInvitationReceived', {
      inviteID: 'k-1',
      inviter: 'mallory',
      groupID: '',
      inviteeList: ['bob'],
      data: JSON.stringify({ ...JSON.parse(data('K')), room_id: bob.getSnapshot().roomId }),
    });
    await sim.advance(100);
    expect(alice.getSnapshot().status).toBe('accepted');
    expect(bob.getSnapshot().status).toBe('accepted');
  });
});
