import { describe, expect, it } from 'vitest';
import type { Participant } from '../src/index';
import type { SimUser, Simulation } from '../src/testing/index';
import golden from './fixtures/golden-payloads.json';
import { simulation } from './helpers/sim';

type Json = Record<string, unknown>;
const goldenData = (id: string): Json =>
  (golden.payloads as { id: string; dataParsed: Json }[]).find((x) => x.id === id)!.dataParsed;

const MEMBERS = ['alice', 'bob', 'carol', 'dave', 'eve', 'frank', 'grace', 'heidi', 'ivan', 'judy'];

/** A group `grp1` of MEMBERS, each logged in on one device. */
async function group(options: { timeout?: number; edition?: 'single' | 'group' } = {}) {
  const sim = await simulation(options);
  sim.group('grp1', MEMBERS);
  const u = Object.fromEntries(MEMBERS.map((id) => [id, sim.user(id)])) as Record<string, SimUser>;
  await sim.advance(100);
  return { sim, u };
}

function statusOf(user: SimUser, other: string): Participant['status'] | undefined {
  return user.getSnapshot().participants.find((p) => p.userID === other)?.status;
}

/** Statuses of the given users as `user` sees them. */
function view(user: SimUser, others: string[]): Record<string, string | undefined> {
  return Object.fromEntries(others.map((o) => [o, statusOf(user, o)]));
}

/** The group signaling messages the server stored, parsed (inner data). */
function groupMessages(sim: Simulation) {
  return sim.network
    .storedMessages()
    .filter((m) => m.conversationType === 'GROUP')
    .map((m) => {
      const env = JSON.parse(m.payloadData) as Json;
      return { from: m.from, env, data: JSON.parse(String(env.data)) as Json };
    });
}

function eventUsers(
  user: SimUser,
  name:
    | 'userAccepted'
    | 'userRejected'
    | 'userBusy'
    | 'userNoResponse'
    | 'userJoined'
    | 'userLeft'
    | 'userInvited',
) {
  return user.events(name).map((e) => e.payload.userID);
}

describe('group calls: groupCall, per-participant state, leaving', () => {
  it('one group invitation (golden B); each invitee answers on their own; accepted as soon as one accepts', async () => {
    const { sim, u } = await group();
    const { alice, bob, carol, dave } = u as Record<string, SimUser>;
    const { callId } = await sim.run(
      alice!.groupCall({ groupID: 'grp1', userIDList: ['bob', 'carol', 'dave'], mediaType: 'audio' }),
    );
    const sent = groupMessages(sim);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.env).toMatchObject({
      actionType: 1,
      inviteeList: ['bob', 'carol', 'dave'],
      groupID: 'grp1',
    });
    const b = structuredClone(goldenData('B')) as Json & { data: Json };
    const room = alice!.getSnapshot().roomId;
    expect({ ...sent[0]!.data, platform: 'x' }).toEqual({
      ...b,
      platform: 'x',
      room_id: room,
      data: { ...b.data, room_id: room, userIDs: ['bob', 'carol', 'dave'] },
    });

    await sim.advance(1000);
    for (const callee of [bob, carol, dave]) {
      expect(callee!.getSnapshot()).toMatchObject({
        status: 'ringing',
        scene: 'group',
        groupId: 'grp1',
        callId,
      });
      expect(callee!.events('callReceived')[0]?.payload).toMatchObject({
        callId,
        callerId: 'alice',
        calleeIds: ['bob', 'carol', 'dave'],
        groupId: 'grp1',
      });
    }
    // Everyone who rings sees the whole call: the caller in it, the other invitees invited.
    expect(view(carol!, ['alice', 'bob', 'dave'])).toEqual({
      alice: 'accepted',
      bob: 'invited',
      dave: 'invited',
    });

    await sim.run(carol!.reject());
    await sim.advance(1000);
    expect(alice!.getSnapshot().status).toBe('calling');
    expect(statusOf(alice!, 'carol')).toBe('rejected');
    expect(statusOf(bob!, 'carol')).toBe('rejected');
    expect(carol!.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'rejected' });

    await sim.run(bob!.accept());
    await sim.advance(1000);
    expect(alice!.getSnapshot().status).toBe('accepted');
    expect(view(alice!, ['bob', 'carol', 'dave'])).toEqual({
      bob: 'joined',
      carol: 'rejected',
      dave: 'invited',
    });
    expect(view(bob!, ['alice', 'carol', 'dave'])).toEqual({
      alice: 'joined',
      carol: 'rejected',
      dave: 'invited',
    });
    // dave still rings and sees bob's answer.
    expect(view(dave!, ['alice', 'bob', 'carol'])).toEqual({
      alice: 'accepted',
      bob: 'accepted',
      carol: 'rejected',
    });

    // dave never answers: his own Chat timer tells the group at the timeout.
    await sim.advance(30_000);
    expect(dave!.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'noResponse' });
    for (const x of [alice, bob]) {
      expect(statusOf(x!, 'dave')).toBe('noResponse');
      expect(x!.getSnapshot().status).toBe('accepted');
    }
    expect(eventUsers(alice!, 'userRejected')).toEqual(['carol']);
    expect(eventUsers(alice!, 'userAccepted')).toEqual(['bob']);
    expect(eventUsers(alice!, 'userJoined')).toEqual(['bob']);
    expect(eventUsers(alice!, 'userNoResponse')).toEqual(['dave']);
    expect(eventUsers(bob!, 'userNoResponse')).toEqual(['dave']);

    await sim.run(alice!.hangup());
    await sim.advance(1000);
    expect(alice!.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'hangup' });
    expect(bob!.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'remoteHangup' });
  });

  it('an accept that arrives after its member is already in the room is no news: no warning, one userAccepted', async () => {
    const { sim, u } = await group();
    const { alice, bob, carol } = u as Record<string, SimUser>;
    await sim.run(alice!.groupCall({ groupID: 'grp1', userIDList: ['bob', 'carol'], mediaType: 'audio' }));
    await sim.advance(200);
    await sim.run(bob!.accept());
    await sim.advance(1000);
    // Carol's accept reaches the others 2 s late, long after her room entry (media overtakes signaling).
    sim.network.setInterceptor((d) =>
      d.from === 'carol' && d.envelope?.actionType === 3 ? { delayMs: 2000 } : 'deliver',
    );
    await sim.run(carol!.accept());
    await sim.advance(500);
    expect(view(alice!, ['carol'])).toEqual({ carol: 'joined' });
    await sim.advance(2000);
    for (const member of [alice!, bob!]) {
      expect(member.events('warning')).toEqual([]);
      expect(eventUsers(member, 'userAccepted').filter((id) => id === 'carol')).toEqual(['carol']);
      expect(statusOf(member, 'carol')).toBe('joined');
    }
    // The same accept delivered twice in a 1v1 call still warns (bad-input.test.ts): this is only the
    // group race.
  });

  it('an invitee busy in another call shows as busy; the call goes on for the others', async () => {
    const { sim, u } = await group();
    const { alice, bob, carol, eve } = u as Record<string, SimUser>;
    await sim.run(eve!.call({ userID: 'carol', mediaType: 'audio' }));
    await sim.advance(500);
    await sim.run(carol!.accept());
    await sim.run(alice!.groupCall({ groupID: 'grp1', userIDList: ['bob', 'carol'], mediaType: 'video' }));
    await sim.advance(1000);
    expect(statusOf(alice!, 'carol')).toBe('busy');
    expect(eventUsers(alice!, 'userBusy')).toEqual(['carol']);
    expect(carol!.getSnapshot()).toMatchObject({ status: 'accepted', callerId: 'eve' });
    expect(alice!.getSnapshot().status).toBe('calling');
    await sim.run(bob!.accept());
    await sim.advance(500);
    expect(alice!.getSnapshot().status).toBe('accepted');
  });

  it('everyone declining ends the call for the caller (lineBusy only when the last answer was busy)', async () => {
    const { sim, u } = await group();
    const { alice, bob, carol } = u as Record<string, SimUser>;
    await sim.run(alice!.groupCall({ groupID: 'grp1', userIDList: ['bob', 'carol'], mediaType: 'audio' }));
    await sim.advance(500);
    await sim.run(bob!.reject());
    await sim.advance(500);
    expect(alice!.getSnapshot().status).toBe('calling');
    await sim.run(carol!.reject());
    await sim.advance(500);
    expect(alice!.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'remoteRejected' });
  });

  it('the caller leaving first cancels pending invitations (golden H, group: no consumed marker); the others continue', async () => {
    const { sim, u } = await group();
    const { alice, bob, carol, dave } = u as Record<string, SimUser>;
    await sim.run(
      alice!.groupCall({ groupID: 'grp1', userIDList: ['bob', 'carol', 'dave'], mediaType: 'video' }),
    );
    await sim.advance(500);
    await sim.run(bob!.accept());
    await sim.run(carol!.accept());
    await sim.advance(2000);
    expect(view(bob!, ['alice', 'carol', 'dave'])).toEqual({
      alice: 'joined',
      carol: 'joined',
      dave: 'invited',
    });

    const before = groupMessages(sim).length;
    await sim.run(alice!.hangup());
    await sim.advance(1000);
    const sent = groupMessages(sim).slice(before);
    // A cancel for dave's pending invitation, and one hangup record (L) to those still in the call.
    expect(sent.map((m) => m.env.actionType).sort()).toEqual([1, 2]);
    const hangup = sent.find((m) => m.env.actionType === 1)!;
    expect(hangup.env).toMatchObject({ timeout: 0 });
    expect([...(hangup.env.inviteeList as string[])].sort()).toEqual(['bob', 'carol', 'dave']);
    const l = goldenData('L') as Json & { data: Json };
    const room = bob!.getSnapshot().roomId;
    expect({ ...hangup.data, platform: 'x', call_end: 0 }).toEqual({
      ...l,
      platform: 'x',
      call_end: 0,
      call_type: 2,
      room_id: room,
      data: { ...l.data, cmd: 'hangup', room_id: room },
    });
    expect(sim.network.storedMessages().some((m) => m.conversationType === 'C2C')).toBe(false);

    expect(alice!.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'hangup' });
    expect(dave!.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'remoteCanceled' });
    for (const x of [bob, carol]) {
      expect(x!.getSnapshot().status).toBe('accepted');
      expect(view(x!, ['alice', 'dave'])).toEqual({ alice: 'left', dave: 'canceled' });
      expect(eventUsers(x!, 'userLeft')).toEqual(['alice']);
    }
    await sim.advance(5000);
    await sim.run(carol!.hangup());
    await sim.advance(1000);
    expect(bob!.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'remoteHangup' });
    for (const x of [bob, carol]) expect(x!.events('callEnded')[0]?.payload.connected).toBe(true);
  });

  it('a member whose device dies is dropped after the media timeout; the rest continue', async () => {
    const { sim, u } = await group();
    const { alice, bob, carol } = u as Record<string, SimUser>;
    await sim.run(alice!.groupCall({ groupID: 'grp1', userIDList: ['bob', 'carol'], mediaType: 'audio' }));
    await sim.advance(500);
    await sim.run(bob!.accept());
    await sim.run(carol!.accept());
    await sim.advance(1000);
    sim.network.crashDevice('carol', carol!.deviceId);
    await sim.advance(12_000);
    for (const x of [alice, bob]) {
      expect(statusOf(x!, 'carol')).toBe('left');
      expect(x!.getSnapshot().status).toBe('accepted');
    }
  });

  it('switching media in a group call is refused clearly (-1205), as in TUICallKit', async () => {
    const { sim, u } = await group();
    const { alice, bob } = u as Record<string, SimUser>;
    await sim.run(alice!.groupCall({ groupID: 'grp1', userIDList: ['bob'], mediaType: 'video' }));
    await sim.advance(500);
    await sim.run(bob!.accept());
    await sim.advance(500);
    await expect(alice!.switchCallMediaType('audio')).rejects.toMatchObject({ code: -1205 });
    expect(alice!.getSnapshot()).toMatchObject({ status: 'accepted', mediaType: 'video' });
  });
});

describe('group calls: inviting mid-call (golden C) and joining', () => {
  it('anyone in the call can invite; the invitee sees everyone; the others see userInvited, then the answer', async () => {
    const { sim, u } = await group();
    const { alice, bob, carol, dave, eve } = u as Record<string, SimUser>;
    const { callId } = await sim.run(
      alice!.groupCall({ groupID: 'grp1', userIDList: ['bob', 'carol'], mediaType: 'audio' }),
    );
    await sim.advance(500);
    await sim.run(bob!.accept());
    await sim.advance(1000);

    // bob (a callee) invites dave, eve, and alice who is already in the call.
    const before = groupMessages(sim).length;
    expect(await sim.run(bob!.inviteUser({ userIDList: ['dave', 'alice', 'eve'] }))).toEqual({
      invited: ['dave', 'eve'],
    });
    const [c] = groupMessages(sim).slice(before);
    expect(c!.env).toMatchObject({ actionType: 1, inviteeList: ['dave', 'eve'], inviter: 'bob' });
    const golden = goldenData('C') as Json & { data: Json };
    const room = alice!.getSnapshot().roomId;
    expect({ ...c!.data, platform: 'x' }).toEqual({
      ...golden,
      platform: 'x',
      room_id: room,
      data: {
        ...golden.data,
        inCallUserIDs: ['alice', 'carol'],
        initialCallId: callId,
        room_id: room,
        userIDs: ['dave', 'eve'],
      },
    });

    await sim.advance(1000);
    expect(dave!.getSnapshot()).toMatchObject({
      status: 'ringing',
      callId,
      callerId: 'alice',
      scene: 'group',
    });
    // The sender and the caller are in the call; carol (named in inCallUserIDs) still rings for the
    // first invitation, which dave cannot tell from the list: she stays invited until the room says.
    expect(view(dave!, ['alice', 'bob', 'carol', 'eve'])).toEqual({
      alice: 'accepted',
      bob: 'accepted',
      carol: 'invited',
      eve: 'invited',
    });
    for (const x of [alice, bob, carol]) expect(eventUsers(x!, 'userInvited')).toEqual(['dave', 'eve']);

    await sim.run(dave!.accept());
    await sim.run(eve!.reject());
    await sim.advance(1000);
    for (const x of [alice, bob]) {
      expect(view(x!, ['dave', 'eve'])).toEqual({ dave: 'joined', eve: 'rejected' });
      expect(eventUsers(x!, 'userAccepted')).toContain('dave');
      expect(eventUsers(x!, 'userRejected')).toEqual(['eve']);
    }
    // carol is still ringing for the first invitation, and sees it all too.
    expect(view(carol!, ['dave', 'eve'])).toEqual({ dave: 'accepted', eve: 'rejected' });
    expect(dave!.getSnapshot().status).toBe('accepted');
    expect(view(dave!, ['alice', 'bob'])).toEqual({ alice: 'joined', bob: 'joined' });

    // Already in the call: nothing is sent.
    const count = groupMessages(sim).length;
    expect(await sim.run(alice!.inviteUser({ userIDList: ['bob', 'dave'] }))).toEqual({ invited: [] });
    expect(groupMessages(sim)).toHaveLength(count);
  });

  it('inviteUser is refused outside a group call and for bad input', async () => {
    const { sim, u } = await group();
    const { alice, bob } = u as Record<string, SimUser>;
    await expect(alice!.inviteUser({ userIDList: ['bob'] })).rejects.toMatchObject({ code: -1203 });
    await sim.run(alice!.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(500);
    await sim.run(bob!.accept());
    await expect(alice!.inviteUser({ userIDList: ['carol'] })).rejects.toMatchObject({ code: -1205 });
    await expect(alice!.inviteUser({ userIDList: [] })).rejects.toMatchObject({ code: -1202 });
    await expect(alice!.inviteUser({ userIDList: ['alice'] })).rejects.toMatchObject({ code: -1202 });
  });

  it('the ongoing call is discoverable (inner_attr_kit_info) and joinable without signaling', async () => {
    const { sim, u } = await group();
    const { alice, bob, frank } = u as Record<string, SimUser>;
    const seen: (string | null)[] = [];
    const stop = frank!.watchGroupCall('grp1', (info) => seen.push(info ? info.userIDs.join(',') : null));
    await sim.advance(100);
    expect(await sim.run(frank!.getGroupCallInfo('grp1'))).toBeNull();

    const { callId } = await sim.run(
      alice!.groupCall({ groupID: 'grp1', userIDList: ['bob'], mediaType: 'video', strRoomID: 'room-x' }),
    );
    await sim.advance(500);
    await sim.run(bob!.accept());
    await sim.advance(500);
    const attr = JSON.parse(sim.network.groupAttributes('grp1').inner_attr_kit_info!) as Json;
    expect(attr).toEqual({
      call_id: callId,
      group_id: 'grp1',
      room_id: 'room-x',
      room_id_type: 2,
      call_media_type: 'video',
      user_list: [{ userid: 'alice' }, { userid: 'bob' }],
    });
    const info = await sim.run(frank!.getGroupCallInfo('grp1'));
    expect(info).toEqual({
      callId,
      groupId: 'grp1',
      roomId: 0,
      strRoomId: 'room-x',
      mediaType: 'video',
      userIDs: ['alice', 'bob'],
    });

    const sentBefore = sim.network.storedMessages().length;
    await sim.run(frank!.joinInGroupCall({ groupID: 'grp1', strRoomID: 'room-x', mediaType: 'video' }));
    await sim.advance(500);
    expect(sim.network.storedMessages()).toHaveLength(sentBefore);
    expect(frank!.getSnapshot()).toMatchObject({
      status: 'accepted',
      scene: 'group',
      callId,
      groupId: 'grp1',
    });
    expect(view(frank!, ['alice', 'bob'])).toEqual({ alice: 'joined', bob: 'joined' });
    for (const x of [alice, bob]) {
      expect(statusOf(x!, 'frank')).toBe('joined');
      expect(eventUsers(x!, 'userJoined')).toContain('frank');
    }
    expect(seen.at(-1)).toBe('alice,bob,frank');

    // frank leaves (L to the others); then bob; alice is alone and the call is over for everyone.
    await sim.run(frank!.hangup());
    await sim.advance(500);
    expect(statusOf(alice!, 'frank')).toBe('left');
    await sim.run(bob!.hangup());
    await sim.advance(500);
    expect(alice!.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'remoteHangup' });
    expect(seen.at(-1)).toBeNull();
    expect(sim.network.groupAttributes('grp1')).toEqual({});
    stop();
  });

  it('joinInGroupCall validates its input and needs a free line', async () => {
    const { sim, u } = await group();
    const { alice, bob } = u as Record<string, SimUser>;
    await expect(alice!.joinInGroupCall({ groupID: 'grp1', mediaType: 'audio' })).rejects.toMatchObject({
      code: -1202,
    });
    await expect(
      alice!.joinInGroupCall({ groupID: '', roomID: 5, mediaType: 'audio' }),
    ).rejects.toMatchObject({
      code: -1202,
    });
    await sim.run(alice!.call({ userID: 'bob', mediaType: 'audio' }));
    await expect(
      alice!.joinInGroupCall({ groupID: 'grp1', roomID: 5, mediaType: 'audio' }),
    ).rejects.toMatchObject({
      code: -1203,
    });
    expect(bob).toBeDefined();
  });
});

describe('group calls: limits and editions', () => {
  it("more than 9 people including the caller (the default, TUICallKit's) is refused with -1202 and nothing is sent", async () => {
    const { sim, u } = await group();
    const { alice } = u as Record<string, SimUser>;
    const others = MEMBERS.filter((m) => m !== 'alice' && m !== 'judy'); // 8: with alice, 9 people
    sim.group('grp1', [...MEMBERS, 'zed']);
    await expect(
      alice!.groupCall({ groupID: 'grp1', userIDList: [...others, 'judy'], mediaType: 'audio' }),
    ).rejects.toMatchObject({ code: -1202, message: expect.stringMatching(/9 people/) });
    expect(sim.network.storedMessages()).toHaveLength(0);
    expect(alice!.getSnapshot().status).toBe('idle');

    // Exactly 9 people works; inviting a 10th mid-call is refused the same way.
    await sim.run(alice!.groupCall({ groupID: 'grp1', userIDList: others, mediaType: 'audio' }));
    await sim.advance(500);
    await sim.run(u.bob!.accept());
    await sim.advance(500);
    const count = sim.network.storedMessages().length;
    await expect(sim.run(u.bob!.inviteUser({ userIDList: ['zed'] }))).rejects.toMatchObject({ code: -1202 });
    expect(sim.network.storedMessages()).toHaveLength(count);
  });

  it('without the group edition groupCall, inviteUser and joinInGroupCall reject with -1002 before sending', async () => {
    const { sim, u } = await group({ edition: 'single' });
    const { alice } = u as Record<string, SimUser>;
    await expect(
      sim.run(alice!.groupCall({ groupID: 'grp1', userIDList: ['bob'], mediaType: 'audio' })),
    ).rejects.toMatchObject({ code: -1002 });
    await expect(
      sim.run(alice!.joinInGroupCall({ groupID: 'grp1', roomID: 7, mediaType: 'audio' })),
    ).rejects.toMatchObject({ code: -1002 });
    expect(sim.network.storedMessages()).toHaveLength(0);
    expect(alice!.getSnapshot().status).toBe('idle');
  });

  it('a group that does not exist is a parameter error (-1202)', async () => {
    const { sim, u } = await group();
    await expect(
      sim.run(u.alice!.groupCall({ groupID: 'nope', userIDList: ['bob'], mediaType: 'audio' })),
    ).rejects.toMatchObject({ code: -1202 });
    expect(u.alice!.getSnapshot().status).not.toBe('calling');
  });

  it('maxGroupParticipants counts people including this user, from 2 to 300', async () => {
    const sim = await simulation();
    for (const bad of [0, 1, 301, 2.5]) {
      expect(() => sim.user(`x${bad}`, { engine: { maxGroupParticipants: bad } })).toThrow(
        expect.objectContaining({ code: -1202, message: expect.stringMatching(/maxGroupParticipants/) }),
      );
    }
    // Two people: a "group" call of the caller and one invitee, and no more.
    sim.group('duo', ['ann', 'ben', 'cid']);
    const ann = sim.user('ann', { engine: { maxGroupParticipants: 2 } });
    sim.user('ben');
    sim.user('cid');
    sim.user('max', { engine: { maxGroupParticipants: 300 } });
    await sim.advance(100);
    await expect(
      sim.run(ann.groupCall({ groupID: 'duo', userIDList: ['ben', 'cid'], mediaType: 'audio' })),
    ).rejects.toMatchObject({ code: -1202 });
    await sim.run(ann.groupCall({ groupID: 'duo', userIDList: ['ben'], mediaType: 'audio' }));
    expect(ann.getSnapshot().status).toBe('calling');
    await expect(sim.run(ann.inviteUser({ userIDList: ['cid'] }))).rejects.toMatchObject({ code: -1202 });
  });
});

/** Everyone in `users` who is still in the call agrees on the status of everyone else. */
function expectAgreement(users: SimUser[]) {
  const inCall = users.filter(
    (x) => x.getSnapshot().status === 'accepted' && x.getSnapshot().groupId === 'grp1',
  );
  for (const a of inCall) {
    for (const b of inCall) {
      if (a === b) continue;
      // b is in the call, so a sees b joined.
      expect(`${a.userID} sees ${b.userID}: ${statusOf(a, b.userID)}`).toBe(
        `${a.userID} sees ${b.userID}: joined`,
      );
    }
  }
  for (const subject of users.map((x) => x.userID)) {
    // A late joiner only knows who is in the room, not earlier answers: compare those who know.
    const views = new Set(
      inCall
        .filter((x) => x.userID !== subject)
        .map((x) => statusOf(x, subject))
        .filter((v) => v !== undefined),
    );
    expect([subject, [...views]]).toEqual([subject, [...views].slice(0, 1)]);
  }
}

describe('group calls: larger scenarios', () => {
  it('a 9-person call: accept, reject, busy, time out, accept late, join, mid-call invite, leave in mixed order', async () => {
    const { sim, u } = await group();
    const zed = sim.user('zed');
    await sim.advance(100);
    const { alice, bob, carol, dave, eve, frank, grace, heidi, ivan } = u as Record<string, SimUser>;
    const everyone = [alice, bob, carol, dave, eve, frank, grace, heidi, ivan] as SimUser[];
    // grace is busy in a 1v1 call with someone outside the group.
    await sim.run(zed.call({ userID: 'grace', mediaType: 'audio' }));
    await sim.advance(200);
    await sim.run(grace!.accept());

    await sim.run(
      alice!.groupCall({
        groupID: 'grp1',
        userIDList: ['bob', 'carol', 'dave', 'eve', 'frank', 'grace'],
        mediaType: 'video',
      }),
    );
    await sim.advance(1000);
    await sim.run(bob!.accept());
    await sim.run(dave!.reject());
    await sim.advance(2000);
    await sim.run(carol!.accept());
    await sim.advance(2000);
    expectAgreement(everyone);
    expect(view(alice!, ['bob', 'carol', 'dave', 'grace'])).toEqual({
      bob: 'joined',
      carol: 'joined',
      dave: 'rejected',
      grace: 'busy',
    });

    // heidi joins without an invitation; bob invites ivan.
    const info = await sim.run(heidi!.getGroupCallInfo('grp1'));
    await sim.run(heidi!.joinInGroupCall({ groupID: 'grp1', roomID: info!.roomId, mediaType: 'video' }));
    await sim.run(bob!.inviteUser({ userIDList: ['ivan'] }));
    await sim.advance(2000);
    await sim.run(ivan!.accept());
    await sim.advance(2000);
    expectAgreement(everyone);

    // frank accepts late (the ring lasts 30 s); eve never answers.
    await sim.advance(15_000);
    await sim.run(frank!.accept());
    await sim.advance(15_000);
    expect(eve!.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'noResponse' });
    expectAgreement(everyone);
    const inCall = ['alice', 'bob', 'carol', 'frank', 'heidi', 'ivan'];
    for (const id of inCall) expect(u[id]!.getSnapshot().status).toBe('accepted');
    expect(view(alice!, ['eve', 'heidi', 'ivan', 'frank'])).toEqual({
      eve: 'noResponse',
      heidi: 'joined',
      ivan: 'joined',
      frank: 'joined',
    });

    // Leave in mixed order: carol, the caller, heidi, frank, ivan — bob is left alone last.
    for (const leaver of [carol, alice, heidi, frank, ivan]) {
      await sim.run(leaver!.hangup());
      await sim.advance(1000);
      expect(leaver!.getSnapshot().endReason).toBe('hangup');
      expectAgreement(everyone);
    }
    expect(bob!.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'remoteHangup' });
    for (const id of inCall) {
      const ended = u[id]!.events('callEnded');
      expect(ended).toHaveLength(1);
      expect(ended[0]?.payload.connected).toBe(true);
    }
    // Events fired once per change: bob saw each newcomer join exactly once.
    expect(eventUsers(bob!, 'userJoined').sort()).toEqual(['alice', 'carol', 'frank', 'heidi', 'ivan']);
    expect(grace!.getSnapshot()).toMatchObject({ status: 'accepted', callerId: 'zed' });
    expect(sim.network.groupAttributes('grp1')).toEqual({});
  });
});

describe('group calls: cancelling while nobody has answered', () => {
  it('the caller hanging up while calling withdraws the first invitation and its own mid-call ones', async () => {
    const { sim, u } = await group();
    const { alice, bob, carol, dave } = u as Record<string, SimUser>;
    await sim.run(alice!.groupCall({ groupID: 'grp1', userIDList: ['bob', 'carol'], mediaType: 'audio' }));
    await sim.advance(500);
    expect(await sim.run(alice!.inviteUser({ userIDList: ['dave'] }))).toEqual({ invited: ['dave'] });
    await sim.advance(500);
    expect(dave!.getSnapshot().status).toBe('ringing');
    const before = groupMessages(sim).length;
    await sim.run(alice!.hangup());
    await sim.advance(500);
    // Two cancels (B and C), no hangup record: nobody was in the call yet.
    expect(
      groupMessages(sim)
        .slice(before)
        .map((m) => m.env.actionType),
    ).toEqual([2, 2]);
    expect(alice!.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'canceled' });
    for (const x of [bob, carol, dave]) {
      expect(x!.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'remoteCanceled' });
    }
  });
});
