import { describe, expect, it } from 'vitest';
import { createChatSignaling } from '../src/tencent/chat-signaling';
import { pair, simulation } from './helpers/sim';

/**
 * Follow-ups (cancel, reject, accept, time-out) whose inner data is empty or not TUICallKit data: Chat
 * only delivers them for invitations it knows, from the parties of that invitation, so the envelope is
 * enough to act on when it matches the current call. Anything else is still dropped with a warning.
 */

const codes = (user: { events(name: 'warning'): { payload: { code: string } }[] }) =>
  user.events('warning').map((e) => e.payload.code);

async function ringing() {
  const { sim, alice, bob } = await pair();
  const { callId } = await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
  await sim.advance(200);
  expect(bob.getSnapshot().status).toBe('ringing');
  return { sim, alice, bob, callId };
}

describe('follow-ups without call data', () => {
  it('a cancel with empty data from the caller ends the ring as remoteCanceled, with a sparse-data warning', async () => {
    const { sim, alice, bob, callId } = await ringing();
    // The caller's client sends the cancel through the real Chat path, but with no inner data.
    await sim.run(alice.chat.cancel({ inviteID: callId, data: '' }));
    await sim.advance(200);
    expect(bob.getSnapshot().status).toBe('ended');
    expect(bob.getSnapshot().endReason).toBe('remoteCanceled');
    expect(codes(bob)).toContain('sparse-data');
    const warning = bob.events('warning').find((e) => e.payload.code === 'sparse-data');
    expect(warning?.payload.inviteID).toBe(callId);
  });

  it.each([
    ['empty', ''],
    ['not TUICallKit data', JSON.stringify({ businessID: 'other_app', cmd: 'cancel' })],
    ['not JSON', '{oops'],
  ])('a cancel whose data is %s still ends the ring', async (_what, data) => {
    const { sim, bob, callId } = await ringing();
    sim.network.injectSignalingEvent('bob', 'ts_invitation_cancelled', {
      inviteID: callId,
      inviter: 'alice',
      groupID: '',
      data,
    });
    await sim.advance(10);
    expect(bob.getSnapshot().endReason).toBe('remoteCanceled');
    expect(codes(bob)).toEqual(['sparse-data']);
  });

  it('a sparse cancel from someone other than the caller, or for another invitation, changes nothing', async () => {
    const { sim, bob, callId } = await ringing();
    const before = bob.getSnapshot();
    sim.network.injectSignalingEvent('bob', 'ts_invitation_cancelled', {
      inviteID: callId,
      inviter: 'mallory',
      groupID: '',
      data: '',
    });
    sim.network.injectSignalingEvent('bob', 'ts_invitation_cancelled', {
      inviteID: 'another-invitation',
      inviter: 'alice',
      groupID: '',
      data: '',
    });
    await sim.advance(10);
    expect(bob.getSnapshot()).toBe(before);
    expect(codes(bob)).toEqual(['not-json', 'not-json']);
  });

  it('a reject with empty data from the callee ends the caller as remoteRejected', async () => {
    const { sim, alice, callId } = await ringing();
    sim.network.injectSignalingEvent('alice', 'ts_invitee_rejected', {
      inviteID: callId,
      inviter: 'alice',
      groupID: '',
      invitee: 'bob',
      data: '',
    });
    await sim.advance(10);
    expect(alice.getSnapshot().status).toBe('ended');
    expect(alice.getSnapshot().endReason).toBe('remoteRejected');
    expect(codes(alice)).toEqual(['sparse-data']);
  });

  it('an accept with empty data from the callee puts the caller in the call; one from a stranger does not', async () => {
    const { sim, alice, callId } = await ringing();
    const accepted = { inviteID: callId, inviter: 'alice', groupID: '', invitee: 'mallory', data: '' };
    sim.network.injectSignalingEvent('alice', 'ts_invitee_accepted', accepted);
    await sim.advance(10);
    expect(alice.getSnapshot().status).toBe('calling');
    sim.network.injectSignalingEvent('alice', 'ts_invitee_accepted', { ...accepted, invitee: 'bob' });
    await sim.advance(10);
    expect(alice.getSnapshot().status).toBe('accepted');
    expect(alice.events('userAccepted').map((e) => e.payload.userID)).toEqual(['bob']);
    expect(codes(alice)).toEqual(['not-json', 'sparse-data']);
  });

  it("a time-out with empty data for this device's ring ends it as noResponse", async () => {
    const { sim, bob, callId } = await ringing();
    sim.network.injectSignalingEvent('bob', 'ts_invitation_timeout', {
      inviteID: callId,
      inviter: 'alice',
      groupID: '',
      inviteeList: ['bob'],
      isSelfTimeout: true,
      data: '',
    });
    await sim.advance(10);
    expect(bob.getSnapshot().endReason).toBe('noResponse');
    expect(codes(bob)).toEqual(['sparse-data']);
  });

  it('a sparse follow-up while no call is live is dropped with the decoder warning', async () => {
    const { sim, bob } = await pair();
    const before = bob.getSnapshot();
    sim.network.injectSignalingEvent('bob', 'ts_invitation_cancelled', {
      inviteID: 'old',
      inviter: 'alice',
      groupID: '',
      data: '',
    });
    await sim.advance(10);
    expect(bob.getSnapshot()).toBe(before);
    expect(codes(bob)).toEqual(['not-json']);
  });

  it('in a group call, a sparse cancel of the invitation this device rings for ends the ring', async () => {
    const sim = await simulation();
    const [alice, bob] = [sim.user('alice'), sim.user('bob'), sim.user('carol')];
    sim.group('team', ['alice', 'bob', 'carol']);
    await sim.advance(100);
    const { callId } = await sim.run(
      alice!.groupCall({ groupID: 'team', userIDList: ['bob', 'carol'], mediaType: 'audio' }),
    );
    await sim.advance(200);
    expect(bob!.getSnapshot().status).toBe('ringing');
    sim.network.injectSignalingEvent('bob', 'ts_invitation_cancelled', {
      inviteID: callId,
      inviter: 'alice',
      groupID: 'team',
      data: '',
    });
    await sim.advance(10);
    expect(bob!.getSnapshot().endReason).toBe('remoteCanceled');
    expect(codes(bob!)).toContain('sparse-data');
  });

  it('the adapter marks a follow-up without data as sparse, but still drops an invitation without data', async () => {
    const sim = await simulation();
    const chat = sim.network.createChat({ deviceId: 'raw' });
    const facts: unknown[] = [];
    const signaling = createChatSignaling(chat, { userID: 'bob' });
    signaling.listen((fact) => facts.push(fact));
    await sim.run(chat.login({ userID: 'bob', userSig: 'sig-bob' }));
    sim.network.injectSignalingEvent('bob', 'ts_invitation_cancelled', {
      inviteID: 'i-1',
      inviter: 'alice',
      groupID: '',
      data: '',
    });
    sim.network.injectSignalingEvent('bob', 'newInvitationReceived', {
      inviteID: 'i-2',
      inviter: 'alice',
      groupID: '',
      inviteeList: ['bob'],
      data: '',
    });
    await sim.advance(10);
    expect(facts).toMatchObject([
      { kind: 'cancelled', inviteID: 'i-1', inviter: 'alice', sparse: { code: 'not-json' } },
      { kind: 'dropped', code: 'not-json', inviteID: 'i-2' },
    ]);
    signaling.destroy();
    await chat.destroy();
  });
});
