import { describe, expect, it } from 'vitest';
import {
  createLocalNetwork,
  type LocalDelivery,
  type LocalMessage,
  type LocalNetworkOptions,
  type LocalVerdict,
} from '../src/local/index';
import { CHAT_EVENT, type ChatEvent, type ChatLike, SIGNALING_EVENT } from '../src/tencent/chat-types';
import { VirtualClock } from '../src/testing/virtual-clock';

const L = 20;
type Json = Record<string, unknown>;

/** A network on a manual clock, with helpers to log users in and read what each device saw. */
function setup(options: LocalNetworkOptions = {}) {
  const clock = new VirtualClock();
  const network = createLocalNetwork({ clock, latencyMs: L, ...options });

  async function device(userID: string, deviceId = `${userID}-1`, listenFirst = true) {
    const chat = network.createChat({ deviceId });
    const events: ChatEvent[] = [];
    const listen = () => {
      for (const name of Object.values(SIGNALING_EVENT))
        chat.addSignalingListener(name, (e) => events.push(e));
      chat.on(CHAT_EVENT.MESSAGE_RECEIVED, (e) => events.push(e));
    };
    if (listenFirst) listen();
    const login = chat.login({ userID });
    await clock.advance(L);
    await expect(login).resolves.toEqual({ code: 0, data: { repeatLogin: false } });
    if (!listenFirst) listen();
    const of = (name: string) => events.filter((e) => e.name === name).map((e) => e.data as Json);
    return { chat, events, of, userID, deviceId };
  }

  /** Runs a request to completion on the virtual clock. */
  async function run<T>(promise: Promise<T>, ms = L): Promise<T> {
    promise.catch(() => undefined);
    await clock.advance(ms);
    return promise;
  }

  return { clock, network, device, run };
}

const envelopeOf = (message: unknown) => JSON.parse((message as LocalMessage).payload.data) as Json;

describe('local chat: structure and lifecycle', () => {
  it('is a ChatLike and logs in with SDK_READY', async () => {
    const { network, clock } = setup();
    const chat = network.createChat();
    const typed: ChatLike = chat;
    expect(typed).toBe(chat);
    expect(chat.deviceId).toBe('device-1');
    expect(network.createChat().deviceId).toBe('device-2');
    const ready: string[] = [];
    chat.on(CHAT_EVENT.SDK_READY, (e) => ready.push(e.name));
    chat.on(CHAT_EVENT.SDK_NOT_READY, (e) => ready.push(e.name));
    await expect(chat.invite({ userID: 'bob' })).rejects.toMatchObject({ code: 2024 });
    const login = chat.login({ userID: 'alice', userSig: 'sig' });
    expect(chat.isReady()).toBe(false);
    await clock.advance(L);
    await expect(login).resolves.toEqual({ code: 0, data: { repeatLogin: false } });
    expect(chat.isReady()).toBe(true);
    expect(chat.getLoginUser()).toBe('alice');
    await expect(chat.login({ userID: 'alice' })).resolves.toEqual({ code: 0, data: { repeatLogin: true } });
    await chat.logout();
    expect(chat.getLoginUser()).toBe('');
    expect(ready).toEqual(['sdkStateReady', 'sdkStateNotReady']);
    await chat.destroy();
    await expect(chat.login({ userID: 'alice' })).rejects.toMatchObject({ code: 2903 });
  });

  it('makes UUID-like inviteIDs that are the same on every run', async () => {
    const ids: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const { device, run: go } = setup();
      const alice = await device('alice');
      const list: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await go(alice.chat.invite({ userID: 'bob', data: 'x', timeout: 30 }));
        list.push(res.inviteID as string);
      }
      ids.push(list);
    }
    expect(ids[0]).toEqual(ids[1]);
    expect(new Set(ids[0]).size).toBe(3);
    for (const id of ids[0] ?? [])
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('local chat: 1v1 signaling', () => {
  it('delivers an invitation to every invitee device and syncs it to the inviter’s other devices', async () => {
    const { device, clock, network } = setup();
    const alice = await device('alice');
    const alice2 = await device('alice', 'alice-2');
    const bob = await device('bob');
    const bob2 = await device('bob', 'bob-2');
    const sent = alice.chat.invite({ userID: 'bob', data: '{"v":4}', timeout: 30 });
    await clock.advance(L);
    const res = await sent;
    expect(res).toMatchObject({ code: 0, inviteID: expect.any(String), data: { message: { flow: 'out' } } });
    expect(bob.of(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)).toEqual([]);
    await clock.advance(L);
    const expected = {
      inviteID: res.inviteID,
      inviter: 'alice',
      groupID: '',
      data: '{"v":4}',
      inviteeList: ['bob'],
      timeout: 30,
    };
    expect(bob.of(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)).toEqual([expected]);
    expect(bob2.of(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)).toEqual([expected]);
    expect(alice2.of(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)).toEqual([expected]);
    expect(alice.events).toEqual([]);

    const [message] = bob.of(CHAT_EVENT.MESSAGE_RECEIVED) as unknown as LocalMessage[][];
    expect(message?.[0]).toMatchObject({
      type: 'TIMCustomElem',
      from: 'alice',
      to: 'bob',
      conversationType: 'C2C',
      conversationID: 'C2Calice',
      time: 0,
      cloudCustomData: '{"type":"tsignaling"}',
    });
    expect(envelopeOf(message?.[0])).toEqual({
      businessID: 1,
      inviteID: res.inviteID,
      inviter: 'alice',
      actionType: 1,
      inviteeList: ['bob'],
      data: '{"v":4}',
      timeout: 30,
      groupID: '',
    });
    expect(bob.chat.getSignalingInfo(message?.[0])).toMatchObject({ actionType: 1 });
    expect(network.storedMessages()).toHaveLength(1);
  });

  it('accept: the inviter and every device holding it learn; the invitee’s other device sees invitee === self', async () => {
    const { device, run, clock } = setup();
    const alice = await device('alice');
    const alice2 = await device('alice', 'alice-2');
    const bob = await device('bob');
    const bob2 = await device('bob', 'bob-2');
    const { inviteID } = await run(alice.chat.invite({ userID: 'bob', data: 'inv', timeout: 30 }));
    await clock.advance(L);
    const accepted = await run(bob.chat.accept({ inviteID: inviteID as string, data: 'ok' }));
    expect(accepted).toMatchObject({ code: 0, inviteID, data: { message: { from: 'bob', to: 'alice' } } });
    await clock.advance(L);
    const payload = { inviteID, inviter: 'alice', groupID: '', data: 'ok', invitee: 'bob' };
    expect(alice.of(SIGNALING_EVENT.INVITEE_ACCEPTED)).toEqual([payload]);
    expect(alice2.of(SIGNALING_EVENT.INVITEE_ACCEPTED)).toEqual([payload]);
    expect(bob2.of(SIGNALING_EVENT.INVITEE_ACCEPTED)).toEqual([payload]);
    expect(bob.of(SIGNALING_EVENT.INVITEE_ACCEPTED)).toEqual([]);
    // Everyone forgot it: follow-ups are refused locally, and no timer fires later.
    await expect(bob2.chat.accept({ inviteID: inviteID as string })).rejects.toMatchObject({ code: 8010 });
    await expect(alice.chat.cancel({ inviteID: inviteID as string })).rejects.toMatchObject({ code: 8020 });
    await clock.advance(60_000);
    for (const d of [alice, alice2, bob, bob2]) expect(d.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toEqual([]);
  });

  it('reject and cancel reach the devices holding the invitation', async () => {
    const { device, run, clock } = setup();
    const alice = await device('alice');
    const bob = await device('bob');
    const bob2 = await device('bob', 'bob-2');
    const first = await run(alice.chat.invite({ userID: 'bob', data: 'a', timeout: 30 }));
    await clock.advance(L);
    await run(bob2.chat.reject({ inviteID: first.inviteID as string, data: 'busy' }));
    await clock.advance(L);
    const rejected = {
      inviteID: first.inviteID,
      inviter: 'alice',
      groupID: '',
      data: 'busy',
      invitee: 'bob',
    };
    expect(alice.of(SIGNALING_EVENT.INVITEE_REJECTED)).toEqual([rejected]);
    expect(bob.of(SIGNALING_EVENT.INVITEE_REJECTED)).toEqual([rejected]);

    const second = await run(alice.chat.invite({ userID: 'bob', data: 'b', timeout: 30 }));
    await clock.advance(L);
    const cancel = await run(alice.chat.cancel({ inviteID: second.inviteID as string, data: 'bye' }));
    expect(envelopeOf(cancel.data.message)).toMatchObject({
      actionType: 2,
      inviteeList: ['bob'],
      timeout: 0,
    });
    await clock.advance(L);
    const cancelled = { inviteID: second.inviteID, inviter: 'alice', groupID: '', data: 'bye' };
    expect(bob.of(SIGNALING_EVENT.INVITATION_CANCELLED)).toEqual([cancelled]);
    expect(bob2.of(SIGNALING_EVENT.INVITATION_CANCELLED)).toEqual([cancelled]);
    await expect(bob.chat.accept({ inviteID: second.inviteID as string })).rejects.toMatchObject({
      code: 8010,
    });
  });

  it('invitee timer: fires at timeout after the server time and sends a type-5 message to the inviter', async () => {
    const { device, run, clock } = setup();
    const alice = await device('alice');
    const bob = await device('bob');
    const start = clock.now();
    const { inviteID } = await run(alice.chat.invite({ userID: 'bob', data: 'orig', timeout: 30 }));
    // Server time is start + L (now); bob's timer ends at server time + 30 s.
    await clock.advance(30_000 - 1);
    expect(bob.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toEqual([]);
    await clock.advance(1);
    expect(clock.now()).toBe(start + L + 30_000);
    await clock.advance(L); // the type-5 message's server ack
    const [self] = bob.of(SIGNALING_EVENT.INVITATION_TIMEOUT);
    expect(self).toMatchObject({
      inviteID,
      inviter: 'alice',
      data: 'orig',
      inviteeList: ['bob'],
      isSelfTimeout: true,
    });
    expect(envelopeOf(self?.['message'])).toMatchObject({
      actionType: 5,
      inviteeList: ['bob'],
      data: 'orig',
    });
    expect(self?.['message']).toMatchObject({ to: 'alice', conversationType: 'C2C' });
    await clock.advance(L);
    expect(alice.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toEqual([
      { inviteID, inviter: 'alice', groupID: '', data: 'orig', inviteeList: ['bob'], isSelfTimeout: false },
    ]);
    // The inviter forgot it, so its own timer (timeout + 5 s) stays silent.
    await clock.advance(10_000);
    expect(alice.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toHaveLength(1);
    expect(bob.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toHaveLength(1);
  });

  it('inviter timer: fires at timeout + 5 s only while an invitee is still pending', async () => {
    const { device, run, clock, network } = setup();
    const alice = await device('alice');
    const bob = await device('bob');
    // The invitation never reaches bob; the timeout notice does.
    network.setInterceptor((d) => (d.envelope?.actionType === 1 ? 'drop' : 'deliver'));
    const { inviteID } = await run(alice.chat.invite({ userID: 'bob', data: 'orig', timeout: 10 }));
    await clock.advance(10_000 + 5000 - 1);
    expect(alice.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toEqual([]);
    await clock.advance(1 + L);
    const [self] = alice.of(SIGNALING_EVENT.INVITATION_TIMEOUT);
    expect(self).toMatchObject({ inviteID, inviteeList: ['bob'], isSelfTimeout: true, data: 'orig' });
    expect(envelopeOf(self?.['message'])).toMatchObject({
      actionType: 5,
      inviter: 'alice',
      inviteeList: ['bob'],
    });
    await clock.advance(L);
    // Bob never held it: the notice arrives as a message but raises no signaling event.
    expect(bob.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toEqual([]);
    expect(bob.of(CHAT_EVENT.MESSAGE_RECEIVED)).toHaveLength(1);

    // Answered in time: no inviter timeout.
    network.setInterceptor(undefined);
    const second = await run(alice.chat.invite({ userID: 'bob', timeout: 10 }));
    await clock.advance(L);
    await run(bob.chat.accept({ inviteID: second.inviteID as string }));
    await clock.advance(20_000);
    expect(alice.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toHaveLength(1);
  });

  it('timeout 0 arms no timer; follow-ups for unknown inviteIDs are inert', async () => {
    const { device, run, clock } = setup();
    const alice = await device('alice');
    const bob = await device('bob');
    const { inviteID } = await run(alice.chat.invite({ userID: 'bob', data: 'record', timeout: 0 }));
    await clock.advance(L);
    expect(bob.of(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)).toHaveLength(1);
    await clock.advance(120_000);
    expect(alice.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toEqual([]);
    expect(bob.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toEqual([]);

    // bob-late logs in without invitation listeners, so it replays nothing and holds nothing.
    const late = await device('bob', 'bob-late', false);
    await run(alice.chat.cancel({ inviteID: inviteID as string }));
    await clock.advance(L);
    expect(bob.of(SIGNALING_EVENT.INVITATION_CANCELLED)).toHaveLength(1);
    expect(late.of(SIGNALING_EVENT.INVITATION_CANCELLED)).toEqual([]);
    expect(late.of(CHAT_EVENT.MESSAGE_RECEIVED)).toHaveLength(1);
  });

  it('answers the Chat error codes', async () => {
    const { device, run, clock } = setup();
    const alice = await device('alice');
    const alice2 = await device('alice', 'alice-2');
    const bob = await device('bob');
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 0,
        (e: { code: number }) => e.code,
      );
    expect(await code(alice.chat.invite({} as never))).toBe(6017);
    expect(await code(alice.chat.invite({ userID: 'bob', data: 5 as never }))).toBe(6017);
    expect(await code(alice.chat.invite({ userID: 'bob', timeout: -1 }))).toBe(6017);
    expect(await code(alice.chat.inviteInGroup({ groupID: '', inviteeList: ['bob'] }))).toBe(6017);
    expect(await code(alice.chat.inviteInGroup({ groupID: 'nope', inviteeList: ['bob'] }))).toBe(10010);
    expect(await code(bob.chat.accept({ inviteID: 'unknown' }))).toBe(8010);
    expect(await code(bob.chat.reject({ inviteID: 'unknown' }))).toBe(8010);
    expect(await code(alice.chat.cancel({ inviteID: 'unknown' }))).toBe(8020);
    expect(await code(alice.chat.modifyInvitation({ inviteID: 'unknown', data: 'x' }))).toBe(8010);

    const { inviteID } = await run(alice.chat.invite({ userID: 'bob', timeout: 30 }));
    const id = inviteID as string;
    await clock.advance(L);
    expect(await code(alice.chat.modifyInvitation({ inviteID: id, data: 5 as never }))).toBe(6017);
    expect(await code(bob.chat.cancel({ inviteID: id }))).toBe(8011);
    // alice-2 holds the synced invitation but is not an invitee.
    expect(await code(alice2.chat.accept({ inviteID: id }))).toBe(8011);
    // One accept / reject / cancel at a time per instance.
    const first = bob.chat.accept({ inviteID: id });
    expect(await code(bob.chat.reject({ inviteID: id }))).toBe(8010);
    await expect(run(first)).resolves.toMatchObject({ code: 0, inviteID: id });
  });
});

describe('local chat: modifyInvitation and history replay', () => {
  it('two devices modifying the same invitation at once: the first wins, the second gets 2480', async () => {
    const { device, run, clock } = setup();
    const alice = await device('alice');
    const bob = await device('bob');
    const bob2 = await device('bob', 'bob-2');
    const { inviteID } = await run(alice.chat.invite({ userID: 'bob', data: '{"a":1}', timeout: 30 }));
    await clock.advance(L);
    const first = bob.chat.modifyInvitation({ inviteID: inviteID as string, data: '{"by":1}' });
    const second = bob2.chat.modifyInvitation({ inviteID: inviteID as string, data: '{"by":2}' });
    const outcomes = Promise.allSettled([first, second]);
    const [won, lost] = await run(outcomes);
    expect(won).toMatchObject({ status: 'fulfilled', value: { code: 0 } });
    expect(lost).toMatchObject({ status: 'rejected', reason: { code: 2480 } });
    // A device that has seen the latest version can modify again.
    await clock.advance(L);
    await expect(
      run(bob2.chat.modifyInvitation({ inviteID: inviteID as string, data: '{"by":3}' })),
    ).resolves.toMatchObject({ code: 0 });
  });

  it('modifyInvitation rewrites the stored invitation and notifies the other holding devices', async () => {
    const { device, run, clock, network: net } = setup();
    const alice = await device('alice');
    const alice2 = await device('alice', 'alice-2');
    const bob = await device('bob');
    const bob2 = await device('bob', 'bob-2');
    const { inviteID } = await run(alice.chat.invite({ userID: 'bob', data: '{"a":1}', timeout: 30 }));
    await clock.advance(L);
    const res = await run(
      bob.chat.modifyInvitation({ inviteID: inviteID as string, data: '{"a":1,"consumed":true}' }),
    );
    expect(res).toMatchObject({ code: 0, inviteID });
    await clock.advance(L);
    const modified = { inviteID, data: '{"a":1,"consumed":true}' };
    for (const d of [alice, alice2, bob2])
      expect(d.of(SIGNALING_EVENT.INVITATION_MODIFIED)).toEqual([modified]);
    expect(bob.of(SIGNALING_EVENT.INVITATION_MODIFIED)).toEqual([]);
    expect(envelopeOf({ payload: { data: net.storedMessages()[0]?.payloadData } })).toMatchObject({
      actionType: 1,
      data: '{"a":1,"consumed":true}',
    });
    // Held data follows the modification: a later timeout carries it.
    await clock.advance(31_000);
    expect(bob2.of(SIGNALING_EVENT.INVITATION_TIMEOUT)[0]).toMatchObject({ data: '{"a":1,"consumed":true}' });
  });

  it('a device logging in during the ring window rings, with the remaining time', async () => {
    const { device, run, clock } = setup();
    const alice = await device('alice');
    const { inviteID } = await run(alice.chat.invite({ userID: 'bob', data: 'ring', timeout: 30 }));
    const serverTime = clock.now();
    await clock.advance(10_000);
    const bob = await device('bob');
    expect(bob.of(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)).toEqual([
      { inviteID, inviter: 'alice', groupID: '', data: 'ring', inviteeList: ['bob'], timeout: 30 },
    ]);
    expect(bob.of(CHAT_EVENT.MESSAGE_RECEIVED)).toEqual([]);
    // Server time + 30 s is when the replayed invitation times out.
    await clock.advance(serverTime + 30_000 - clock.now() - 1);
    expect(bob.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toEqual([]);
    await clock.advance(1 + L);
    expect(bob.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toMatchObject([{ isSelfTimeout: true }]);
    // The inviter does not replay its own invitation on a new device.
    const alice2 = await device('alice', 'alice-2');
    expect(alice2.of(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)).toEqual([]);
  });

  it('keeps messages for replay and modification only: older than the retention, or beyond the count, they are dropped', async () => {
    const { device, run, clock, network } = setup({ messageRetention: { maxAgeMs: 400_000, maxCount: 50 } });
    const alice = await device('alice');
    const bob = await device('bob');
    // Records (time-out 0): no timers, so nothing but these three is stored.
    const old = await run(alice.chat.invite({ userID: 'bob', data: 'old', timeout: 0 }));
    await clock.advance(300_000);
    await run(alice.chat.invite({ userID: 'bob', data: 'recent', timeout: 0 }));
    expect(
      network.storedMessages().map((m) => envelopeOf({ payload: { data: m.payloadData } }).data),
    ).toEqual(['old', 'recent']);
    // The next message comes after the first is 400 s old: it goes, the recent one stays.
    await clock.advance(100_001);
    await run(alice.chat.invite({ userID: 'bob', data: 'next', timeout: 0 }));
    const kept = () =>
      network.storedMessages().map((m) => envelopeOf({ payload: { data: m.payloadData } }).data);
    expect(kept()).toEqual(['recent', 'next']);
    // A modification of a dropped invitation still reaches the devices online; nothing is stored again.
    await expect(
      run(bob.chat.modifyInvitation({ inviteID: old.inviteID as string, data: 'late' })),
    ).resolves.toMatchObject({ code: 0 });
    expect(kept()).toEqual(['recent', 'next']);
    // The count bound: 60 more records leave the newest 50.
    for (let i = 0; i < 60; i++) await run(alice.chat.invite({ userID: 'bob', data: `r${i}`, timeout: 0 }));
    expect(kept()).toEqual(Array.from({ length: 50 }, (_, i) => `r${i + 10}`));
  });

  it('never keeps less than the 300 s replay window: a device logging in rings for an invitation sent 299 s earlier', async () => {
    const { device, run, clock } = setup({ messageRetention: { maxAgeMs: 1000 } });
    const alice = await device('alice');
    const { inviteID } = await run(alice.chat.invite({ userID: 'bob', data: 'ring', timeout: 600 }));
    await clock.advance(299_000);
    await run(alice.chat.invite({ userID: 'carol', data: 'other', timeout: 0 }));
    const bob = await device('bob');
    expect(bob.of(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)).toMatchObject([{ inviteID, data: 'ring' }]);
  });

  it('does not replay an answered or expired invitation, and shows the consumed marker', async () => {
    const { device, run, clock } = setup();
    const alice = await device('alice');
    const bob = await device('bob');
    const answered = await run(alice.chat.invite({ userID: 'bob', data: 'one', timeout: 30 }));
    await clock.advance(L);
    await run(bob.chat.accept({ inviteID: answered.inviteID as string }));

    const marked = await run(alice.chat.invite({ userID: 'bob', data: '{"n":2}', timeout: 30 }));
    await clock.advance(L);
    await run(
      bob.chat.modifyInvitation({ inviteID: marked.inviteID as string, data: '{"n":2,"consumed":true}' }),
    );

    const bob2 = await device('bob', 'bob-2');
    expect(bob2.of(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)).toEqual([
      {
        inviteID: marked.inviteID,
        inviter: 'alice',
        groupID: '',
        data: '{"n":2,"consumed":true}',
        inviteeList: ['bob'],
        timeout: 30,
      },
    ]);
    await clock.advance(40_000);
    const bob3 = await device('bob', 'bob-3');
    expect(bob3.of(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)).toEqual([]);
  });
});

describe('local chat: groups', () => {
  it('raises group signaling only for the inviter and the listed invitees', async () => {
    const { device, run, clock, network } = setup();
    network.createGroup('grp1', ['alice', 'bob', 'carol', 'dave']);
    const alice = await device('alice');
    const bob = await device('bob');
    const carol = await device('carol');
    const dave = await device('dave');
    const { inviteID } = await run(
      alice.chat.inviteInGroup({ groupID: 'grp1', inviteeList: ['bob', 'carol'], data: 'g', timeout: 30 }),
    );
    await clock.advance(L);
    const invited = {
      inviteID,
      inviter: 'alice',
      groupID: 'grp1',
      data: 'g',
      inviteeList: ['bob', 'carol'],
      timeout: 30,
    };
    expect(bob.of(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)).toEqual([invited]);
    expect(carol.of(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)).toEqual([invited]);
    expect(dave.of(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)).toEqual([]);
    const groupMessages = dave.of(CHAT_EVENT.MESSAGE_RECEIVED) as unknown as LocalMessage[][];
    expect(groupMessages[0]?.[0]).toMatchObject({
      conversationType: 'GROUP',
      to: 'grp1',
      conversationID: 'GROUPgrp1',
    });

    const accept = await run(bob.chat.accept({ inviteID: inviteID as string }));
    expect(accept.data.message).toMatchObject({ conversationType: 'GROUP', to: 'grp1' });
    await clock.advance(L);
    const accepted = { inviteID, inviter: 'alice', groupID: 'grp1', data: '', invitee: 'bob' };
    expect(alice.of(SIGNALING_EVENT.INVITEE_ACCEPTED)).toEqual([accepted]);
    expect(carol.of(SIGNALING_EVENT.INVITEE_ACCEPTED)).toEqual([accepted]);
    expect(dave.of(SIGNALING_EVENT.INVITEE_ACCEPTED)).toEqual([]);

    await run(carol.chat.reject({ inviteID: inviteID as string }));
    await clock.advance(L);
    expect(alice.of(SIGNALING_EVENT.INVITEE_REJECTED)).toMatchObject([{ invitee: 'carol' }]);
    // Bob still holds it (as in the Chat SDK, a group accept keeps the invitation while others are pending).
    expect(bob.of(SIGNALING_EVENT.INVITEE_REJECTED)).toMatchObject([{ invitee: 'carol' }]);
    // No invitee is pending any more: the inviter forgot it.
    await expect(alice.chat.cancel({ inviteID: inviteID as string })).rejects.toMatchObject({ code: 8020 });
    await clock.advance(60_000);
    expect(alice.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toEqual([]);
  });

  it('group timeouts: each invitee times out for itself, the inviter for everyone still pending', async () => {
    const { device, run, clock, network } = setup();
    network.createGroup('grp1', ['alice', 'bob', 'carol']);
    const alice = await device('alice');
    const bob = await device('bob');
    const carol = await device('carol');
    // Carol never gets the invitation, so only bob's own timer fires on the invitee side.
    network.setInterceptor((d) => (d.to === 'carol' && d.envelope?.actionType === 1 ? 'drop' : 'deliver'));
    const { inviteID } = await run(
      alice.chat.inviteInGroup({ groupID: 'grp1', inviteeList: ['bob', 'carol'], data: 'g', timeout: 10 }),
    );
    await clock.advance(10_000 + L);
    expect(bob.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toMatchObject([
      { inviteeList: ['bob'], isSelfTimeout: true },
    ]);
    await clock.advance(L);
    expect(alice.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toMatchObject([
      { inviteeList: ['bob'], isSelfTimeout: false },
    ]);
    await clock.advance(5000);
    const inviterSelf = alice.of(SIGNALING_EVENT.INVITATION_TIMEOUT)[1];
    expect(inviterSelf).toMatchObject({ inviteID, inviteeList: ['carol'], isSelfTimeout: true });
    expect(inviterSelf?.['message']).toMatchObject({ to: 'grp1', conversationType: 'GROUP' });
    expect(carol.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toEqual([]);
  });

  it('refuses to post to a group the sender is not in', async () => {
    const { device, network } = setup();
    network.createGroup('grp1', ['bob']);
    const alice = await device('alice');
    await expect(alice.chat.inviteInGroup({ groupID: 'grp1', inviteeList: ['bob'] })).rejects.toMatchObject({
      code: 10007,
    });
  });
});

describe('local chat: editions and user status', () => {
  it('answers isCommercialAbilityEnabled per edition', async () => {
    const { network, device } = setup({ edition: 'trial' });
    const alice = await device('alice');
    const enabled = async (mask: number) =>
      (
        (await alice.chat.callExperimentalAPI('isCommercialAbilityEnabled', mask)) as {
          data: { enabled: boolean };
        }
      ).data.enabled;
    expect([await enabled(65536), await enabled(131072), await enabled(262144)]).toEqual([true, true, true]);
    network.setEdition('single');
    expect([await enabled(65536), await enabled(131072), await enabled(262144)]).toEqual([
      true,
      false,
      false,
    ]);
    network.setEdition('group');
    expect([await enabled(65536), await enabled(131072), await enabled(262144)]).toEqual([true, true, false]);
    expect(await enabled(65536 + 131072)).toBe(true);
    expect(await enabled(2 ** 31)).toBe(false);
    await expect(alice.chat.callExperimentalAPI('getServerConfig', {})).rejects.toMatchObject({ code: 2903 });
  });

  it('keeps a custom status per user until the user’s last device logs out', async () => {
    const { device, run } = setup();
    const alice = await device('alice');
    const alice2 = await device('alice', 'alice-2');
    const bob = await device('bob');
    await run(alice.chat.setSelfStatus({ customStatus: 'call_wait' }));
    const status = async () =>
      (
        (await run(bob.chat.getUserStatus({ userIDList: ['alice', 'nobody'] }))) as {
          data: { successUserList: unknown[]; failureUserList: unknown[] };
        }
      ).data;
    expect(await status()).toEqual({
      successUserList: [
        { userID: 'alice', statusType: 1, customStatus: 'call_wait' },
        { userID: 'nobody', statusType: 2, customStatus: '' },
      ],
      failureUserList: [],
    });
    await alice.chat.logout();
    expect((await status()).successUserList[0]).toEqual({
      userID: 'alice',
      statusType: 1,
      customStatus: 'call_wait',
    });
    await alice2.chat.logout();
    expect((await status()).successUserList[0]).toEqual({ userID: 'alice', statusType: 2, customStatus: '' });
    await expect(alice.chat.setSelfStatus({ customStatus: 'x' })).rejects.toMatchObject({ code: 2024 });
  });
});

describe('local chat: faults', () => {
  it('interceptor: duplicate and delay', async () => {
    const { device, run, clock, network } = setup();
    const alice = await device('alice');
    const bob = await device('bob');
    const seen: LocalDelivery[] = [];
    let verdict: LocalVerdict = 'duplicate';
    network.setInterceptor((d) => {
      seen.push(d);
      return verdict;
    });
    await run(alice.chat.invite({ userID: 'bob', data: 'dup', timeout: 30 }));
    await clock.advance(L);
    expect(seen).toMatchObject([{ kind: 'message', from: 'alice', to: 'bob', deviceId: 'bob-1' }]);
    expect(bob.of(CHAT_EVENT.MESSAGE_RECEIVED)).toHaveLength(2);
    expect(bob.of(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)).toHaveLength(1);

    verdict = { delayMs: 1000 };
    await run(alice.chat.invite({ userID: 'bob', data: 'late', timeout: 30 }));
    await clock.advance(L + 999);
    expect(bob.of(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)).toHaveLength(1);
    await clock.advance(1);
    expect(bob.of(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)).toHaveLength(2);
  });

  it('crashDevice: the chat stops receiving and sending; the peer’s timer takes over', async () => {
    const { device, run, clock, network } = setup();
    const alice = await device('alice');
    const bob = await device('bob');
    await run(alice.chat.invite({ userID: 'bob', timeout: 10 }));
    network.crashDevice('bob', 'bob-1');
    await clock.advance(L);
    expect(bob.events).toEqual([]);
    await expect(bob.chat.invite({ userID: 'alice' })).rejects.toMatchObject({ code: 2801 });
    await clock.advance(15_000);
    expect(alice.of(SIGNALING_EVENT.INVITATION_TIMEOUT)).toMatchObject([{ isSelfTimeout: true }]);
    expect(bob.events).toEqual([]);
  });

  it('injectSignalingEvent raises raw events on the chosen device only', async () => {
    const { device, network } = setup();
    const bob = await device('bob');
    const bob2 = await device('bob', 'bob-2');
    network.injectSignalingEvent('bob', SIGNALING_EVENT.INVITEE_ACCEPTED, { junk: true }, 'bob-2');
    expect(bob2.events).toEqual([{ name: 'ts_invitee_accepted', data: { junk: true } }]);
    expect(bob.events).toEqual([]);
  });

  it('destroy leaves no timers behind', async () => {
    const { device, clock, network } = setup();
    const alice = await device('alice');
    await device('bob');
    void alice.chat.invite({ userID: 'bob', timeout: 30 });
    await clock.advance(L + 1);
    const late = network.createChat();
    void late.login({ userID: 'carol' }).catch(() => undefined);
    expect(network.pendingDeliveries()).toBeGreaterThan(0);
    expect(clock.pending).toBeGreaterThan(0);
    network.destroy();
    expect(network.pendingDeliveries()).toBe(0);
    expect(clock.pending).toBe(0);
  });
});

describe('local chat: login edge cases', () => {
  it('an aborted login rejects for awaiting callers only', async () => {
    const { network, clock } = setup();
    const chat = network.createChat();
    const first = chat.login({ userID: 'alice' });
    expect(chat.login({ userID: 'alice' })).toBe(first);
    await expect(chat.login({ userID: 'bob' })).rejects.toMatchObject({ code: 2903 });
    await chat.logout();
    await expect(first).rejects.toMatchObject({ code: 2903 });
    void chat.login({ userID: 'alice' });
    await chat.destroy();
    await clock.advance(L);
    expect(chat.isReady()).toBe(false);
    expect(network.pendingDeliveries()).toBe(0);
  });
});
