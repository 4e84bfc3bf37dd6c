import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SignalFact } from '../src/ports/signaling';
import type { CallDescriptor, OutboundSignal } from '../src/protocol/types';
import {
  type ChatEvent,
  type ChatInvitationHandleOptions,
  type ChatInviteInGroupOptions,
  type ChatInviteOptions,
  type ChatLike,
  type ChatSignalingResult,
  createChatSignaling,
  SIGNALING_EVENT,
} from '../src/tencent/index';
import golden from './fixtures/golden-payloads.json';

type Json = Record<string, unknown>;
interface GoldenEntry {
  readonly id: string;
  readonly data: string;
  readonly dataParsed: Json;
}
const goldenById = new Map((golden.payloads as readonly GoldenEntry[]).map((p) => [p.id, p]));
function g(id: string): GoldenEntry {
  const e = goldenById.get(id);
  if (e === undefined) throw new Error(`golden ${id} missing`);
  return e;
}
const roomOf = (id: string): number => g(id).dataParsed['room_id'] as number;
const A2 = golden.offlinePushInfo.invitation.value;

type Handler = (event: ChatEvent) => void;
type Method = 'invite' | 'inviteInGroup' | 'accept' | 'reject' | 'cancel' | 'modifyInvitation';

/** Records every call; `fail` makes a method reject with the given value; `fire` plays a listener event. */
class FakeChat implements ChatLike {
  readonly calls: { method: Method; options: Json }[] = [];
  readonly listeners = new Map<string, Set<Handler>>();
  readonly fail = new Map<Method, unknown>();
  inviteResult: ChatSignalingResult = { code: 0, inviteID: 'inv-1', data: { message: {} } };

  private respond(
    method: Method,
    options: object,
    result: ChatSignalingResult,
  ): Promise<ChatSignalingResult> {
    this.calls.push({ method, options: options as Json });
    return this.fail.has(method) ? Promise.reject(this.fail.get(method)) : Promise.resolve(result);
  }
  invite = (o: ChatInviteOptions) => this.respond('invite', o, this.inviteResult);
  inviteInGroup = (o: ChatInviteInGroupOptions) => this.respond('inviteInGroup', o, this.inviteResult);
  accept = (o: ChatInvitationHandleOptions) => this.respond('accept', o, { code: 0, inviteID: o.inviteID });
  reject = (o: ChatInvitationHandleOptions) => this.respond('reject', o, { code: 0, inviteID: o.inviteID });
  cancel = (o: ChatInvitationHandleOptions) => this.respond('cancel', o, { code: 0, inviteID: o.inviteID });
  modifyInvitation = (o: { inviteID: string; data: string }) =>
    this.respond('modifyInvitation', o, { code: 0 });
  addSignalingListener(name: string, h: Handler): void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(h);
    this.listeners.set(name, set);
  }
  removeSignalingListener(name: string, h: Handler): void {
    this.listeners.get(name)?.delete(h);
  }
  readonly chatListeners = new Map<string, Set<Handler>>();
  on(name: string, h: Handler): void {
    const set = this.chatListeners.get(name) ?? new Set();
    set.add(h);
    this.chatListeners.set(name, set);
  }
  off(name: string, h: Handler): void {
    this.chatListeners.get(name)?.delete(h);
  }
  receive(messages: unknown[]): void {
    for (const h of this.chatListeners.get('onMessageReceived') ?? [])
      h({ name: 'onMessageReceived', data: messages });
  }
  callExperimentalAPI(): Promise<unknown> {
    return Promise.resolve({});
  }
  setSelfStatus = () => Promise.resolve({});
  getUserStatus = () => Promise.resolve({});
  getGroupAttributes = () => Promise.resolve({});

  listenerCount(): number {
    return [...this.listeners.values()].reduce((n, s) => n + s.size, 0);
  }
  fire(name: string, data: unknown): void {
    for (const h of this.listeners.get(name) ?? []) h({ name, data });
  }
  sent(i: number): { method: Method; options: Json; data: Json } {
    const c = this.calls[i];
    if (c === undefined) throw new Error(`no call ${i}`);
    return { ...c, data: JSON.parse(String(c.options['data'])) as Json };
  }
}

function setup(options: { rememberLimit?: number } = {}) {
  const chat = new FakeChat();
  const port = createChatSignaling(chat, { userID: 'alice', platform: 'Linux', ...options });
  const facts: SignalFact[] = [];
  port.listen((f) => facts.push(f));
  return { chat, port, facts };
}

const call = (over: Partial<CallDescriptor> = {}): CallDescriptor => ({
  mediaType: 'audio',
  roomId: 1234,
  strRoomId: '',
  inviter: 'alice',
  group: false,
  ...over,
});
const dataWith = (id: string, patch: (d: Json) => void): string => {
  const d = structuredClone(g(id).dataParsed);
  patch(d);
  return JSON.stringify(d);
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createChatSignaling: listeners', () => {
  it('registers one listener per signaling event and destroy removes exactly those', () => {
    const { chat, port, facts } = setup();
    expect([...chat.listeners.keys()].sort()).toEqual(Object.values(SIGNALING_EVENT).sort());
    expect(chat.listenerCount()).toBe(6);
    const foreign: Handler = () => {};
    chat.addSignalingListener(SIGNALING_EVENT.NEW_INVITATION_RECEIVED, foreign);
    port.destroy();
    port.destroy();
    expect(chat.listenerCount()).toBe(1);
    expect(chat.listeners.get(SIGNALING_EVENT.NEW_INVITATION_RECEIVED)?.has(foreign)).toBe(true);
    chat.fire(SIGNALING_EVENT.INVITATION_CANCELLED, {
      inviteID: 'x',
      inviter: 'a',
      groupID: '',
      data: g('H').data,
    });
    expect(facts).toEqual([]);
  });

  it('drops facts while no handler is listening, and unsubscribe only removes its own handler', () => {
    const chat = new FakeChat();
    const port = createChatSignaling(chat, { userID: 'bob' });
    const env = { inviteID: 'i', inviter: 'alice', groupID: '', data: g('H').data };
    expect(() => chat.fire(SIGNALING_EVENT.INVITATION_CANCELLED, env)).not.toThrow();
    const first: SignalFact[] = [];
    const second: SignalFact[] = [];
    const off1 = port.listen((f) => first.push(f));
    port.listen((f) => second.push(f));
    off1();
    chat.fire(SIGNALING_EVENT.INVITATION_CANCELLED, { ...env, inviteID: 'j' });
    expect(first).toHaveLength(0);
    expect(second).toHaveLength(1);
  });

  it('learns of a cancel from the message itself when Chat already forgot the invitation, once', () => {
    const chat = new FakeChat();
    const port = createChatSignaling(chat, { userID: 'bob' });
    const facts: SignalFact[] = [];
    port.listen((f) => facts.push(f));
    chat.fire(SIGNALING_EVENT.NEW_INVITATION_RECEIVED, {
      inviteID: 'inv',
      inviter: 'alice',
      groupID: '',
      inviteeList: ['bob'],
      data: g('A').data,
    });
    const envelope = {
      businessID: 1,
      inviteID: 'inv',
      inviter: 'alice',
      actionType: 2,
      inviteeList: ['bob'],
      data: g('H').data,
      timeout: 30,
      groupID: '',
    };
    const message = { type: 'TIMCustomElem', payload: { data: JSON.stringify(envelope) } };
    chat.receive([{ type: 'TIMTextElem', payload: { text: 'hi' } }, message]);
    chat.fire(SIGNALING_EVENT.INVITATION_CANCELLED, {
      inviteID: 'inv',
      inviter: 'alice',
      groupID: '',
      data: g('H').data,
    });
    chat.receive([message]);
    expect(facts.map((f) => f.kind)).toEqual(['invited', 'cancelled']);
    // Cancels of invitations this device never saw are not reported.
    chat.receive([{ ...message, payload: { data: JSON.stringify({ ...envelope, inviteID: 'other' }) } }]);
    expect(facts).toHaveLength(2);
    port.destroy();
    expect(chat.chatListeners.get('onMessageReceived')?.size).toBe(0);
  });

  it('never lets a handler exception unwind into the Chat SDK; it is rethrown in a microtask', () => {
    const tasks: (() => void)[] = [];
    vi.stubGlobal('queueMicrotask', (cb: () => void) => tasks.push(cb));
    const chat = new FakeChat();
    const port = createChatSignaling(chat, { userID: 'bob' });
    port.listen(() => {
      throw new Error('boom');
    });
    const env = { inviteID: 'i', inviter: 'alice', groupID: '', data: g('H').data };
    expect(() => chat.fire(SIGNALING_EVENT.INVITATION_CANCELLED, env)).not.toThrow();
    expect(tasks).toHaveLength(1);
    expect(() => tasks[0]?.()).toThrow('boom');
  });
});

describe('createChatSignaling: inbound facts', () => {
  it('invited: decodes the payload; a missing groupID is ""', () => {
    const { chat, facts } = setup();
    chat.fire(SIGNALING_EVENT.NEW_INVITATION_RECEIVED, {
      inviteID: 'inv-9',
      inviter: 'alice',
      data: g('A').data,
      inviteeList: ['bob'],
    });
    expect(facts).toHaveLength(1);
    const f = facts[0];
    if (f?.kind !== 'invited') throw new Error(`unexpected ${f?.kind}`);
    expect(f).toMatchObject({ inviteID: 'inv-9', inviter: 'alice', groupID: '', inviteeList: ['bob'] });
    expect(f.payload).toMatchObject({
      mediaType: 'video',
      cmd: 'videoCall',
      roomId: roomOf('A'),
      inviter: 'alice',
    });
    expect(f.payload.raw).toEqual(g('A').dataParsed);
  });

  it('accepted, rejected, cancelled, timeout and modified', () => {
    const { chat, facts } = setup();
    const base = { inviteID: 'in-1', inviter: 'bob', groupID: 'grp1' };
    chat.fire(SIGNALING_EVENT.INVITEE_ACCEPTED, { ...base, data: g('D').data, invitee: 'alice' });
    chat.fire(SIGNALING_EVENT.INVITEE_REJECTED, { ...base, data: g('G').data, invitee: 'carol' });
    chat.fire(SIGNALING_EVENT.INVITATION_CANCELLED, { ...base, data: g('H').data });
    chat.fire(SIGNALING_EVENT.INVITATION_TIMEOUT, {
      ...base,
      data: g('B').data,
      inviteeList: ['bob', 'carol'],
      isSelfTimeout: false,
      message: { anything: true },
    });
    chat.fire(SIGNALING_EVENT.INVITATION_MODIFIED, { inviteID: 'in-1', data: g('E').data });
    expect(facts.map((f) => f.kind)).toEqual(['accepted', 'rejected', 'cancelled', 'timeout', 'modified']);
    expect(facts[0]).toMatchObject({ ...base, invitee: 'alice', payload: { cmd: '', inviter: 'bob' } });
    expect(facts[1]).toMatchObject({ ...base, invitee: 'carol', payload: { lineBusy: true } });
    expect(facts[2]).toMatchObject({ ...base, payload: { cmd: 'audioCall' } });
    expect(facts[3]).toMatchObject({ ...base, inviteeList: ['bob', 'carol'], isSelfTimeout: false });
    expect(facts[4]).toMatchObject({ inviteID: 'in-1', payload: { consumed: true } });
  });

  const ok = { inviteID: 'inv-7', inviter: 'bob', groupID: '', data: g('A').data, inviteeList: ['alice'] };
  const cases: [string, string, unknown, string, boolean][] = [
    [
      'non-av_call',
      'invited',
      { ...ok, data: dataWith('A', (d) => (d['businessID'] = 'other')) },
      'not-av-call',
      true,
    ],
    [
      'version 5',
      'invited',
      { ...ok, data: dataWith('A', (d) => (d['version'] = 5)) },
      'unsupported-version',
      true,
    ],
    ['malformed JSON', 'invited', { ...ok, data: '{"businessID":"av_call",' }, 'not-json', true],
    ['data missing', 'invited', { ...ok, data: undefined }, 'not-json', true],
    [
      'inner field of the wrong type',
      'invited',
      { ...ok, data: dataWith('A', (d) => (d['call_type'] = 'x')) },
      'invalid-field',
      true,
    ],
    ['inviteeList not an array', 'invited', { ...ok, inviteeList: 'alice' }, 'invalid-envelope', true],
    ['inviteeList with a number', 'invited', { ...ok, inviteeList: ['alice', 7] }, 'invalid-envelope', true],
    ['inviter missing', 'invited', { ...ok, inviter: undefined }, 'invalid-envelope', true],
    ['groupID not a string', 'invited', { ...ok, groupID: 5 }, 'invalid-envelope', true],
    ['invitee missing', 'accepted', { ...ok, data: g('D').data }, 'invalid-envelope', true],
    ['isSelfTimeout not boolean', 'timeout', { ...ok, isSelfTimeout: 'yes' }, 'invalid-envelope', true],
    ['inviteID empty', 'cancelled', { ...ok, inviteID: '' }, 'invalid-envelope', false],
    ['inviteID not a string', 'modified', { ...ok, inviteID: 42 }, 'invalid-envelope', false],
    ['listener data null', 'cancelled', null, 'invalid-envelope', false],
    ['listener data an array', 'invited', [ok], 'invalid-envelope', false],
  ];
  const eventOf: Record<string, string> = {
    invited: SIGNALING_EVENT.NEW_INVITATION_RECEIVED,
    accepted: SIGNALING_EVENT.INVITEE_ACCEPTED,
    cancelled: SIGNALING_EVENT.INVITATION_CANCELLED,
    timeout: SIGNALING_EVENT.INVITATION_TIMEOUT,
    modified: SIGNALING_EVENT.INVITATION_MODIFIED,
  };
  it.each(cases)('drops %s', (_label, kind, data, code, hasId) => {
    const { chat, facts } = setup();
    expect(() => chat.fire(eventOf[kind] ?? '', data)).not.toThrow();
    expect(facts).toHaveLength(1);
    const f = facts[0];
    if (f?.kind !== 'dropped') throw new Error(`unexpected ${f?.kind}`);
    expect(f.code).toBe(code);
    expect(f.reason).toEqual(expect.any(String));
    expect(f.inviteID).toBe(hasId ? 'inv-7' : undefined);
  });

  it('drops an event whose listener argument is not an object', () => {
    const { chat, facts } = setup();
    for (const h of chat.listeners.get(SIGNALING_EVENT.INVITATION_CANCELLED) ?? []) {
      (h as (e: unknown) => void)(undefined);
    }
    expect(facts).toMatchObject([{ kind: 'dropped', code: 'invalid-envelope' }]);
  });
});

describe('createChatSignaling: outbound calls', () => {
  const push = { title: 'T', description: 'D', extension: 'E' };

  it('invite (1v1) sends golden A with the A2 push info and resolves the inviteID', async () => {
    const { chat, port } = setup();
    const signal: OutboundSignal = {
      type: 'invite',
      call: call({ mediaType: 'video', roomId: roomOf('A') }),
      userIDs: ['bob'],
      userData: '',
    };
    await expect(
      port.invite({ userID: 'bob' }, signal, { timeout: 30, offlinePushInfo: push }),
    ).resolves.toBe('inv-1');
    const sent = chat.sent(0);
    expect(sent.method).toBe('invite');
    expect(sent.data).toEqual(g('A').dataParsed);
    expect(sent.options).toEqual({
      userID: 'bob',
      data: expect.any(String),
      timeout: 30,
      onlineUserOnly: false,
      offlinePushInfo: A2,
    });
  });

  it('inviteInGroup sends golden B', async () => {
    const { chat, port } = setup();
    chat.inviteResult = { code: 0, inviteID: 'g-1' };
    const signal: OutboundSignal = {
      type: 'invite',
      call: call({ group: true }),
      userIDs: ['bob', 'carol'],
      userData: '',
    };
    const target = { groupID: 'grp1', inviteeList: ['bob', 'carol'] };
    await expect(port.invite(target, signal, { timeout: 30 })).resolves.toBe('g-1');
    const sent = chat.sent(0);
    expect(sent.method).toBe('inviteInGroup');
    expect(sent.data).toEqual(g('B').dataParsed);
    expect(sent.options).toMatchObject({
      groupID: 'grp1',
      inviteeList: ['bob', 'carol'],
      timeout: 30,
      onlineUserOnly: false,
    });
    expect(sent.options['offlinePushInfo']).toMatchObject({ title: '', description: '', disablePush: false });
  });

  it('hangup records (K) and switch requests (M) carry the record push info (extension "")', async () => {
    const { chat, port } = setup();
    const hangup: OutboundSignal = { type: 'hangup', call: call({ roomId: roomOf('K') }), durationSec: 2 };
    const sw: OutboundSignal = {
      type: 'switchToAudio',
      call: call({ mediaType: 'video', roomId: roomOf('M'), inviter: '' }),
    };
    await port.invite({ userID: 'bob' }, hangup, { timeout: 0, offlinePushInfo: push });
    await port.invite({ userID: 'bob' }, sw, { timeout: 30, offlinePushInfo: push });
    expect(chat.sent(0).data).toEqual(g('K').dataParsed);
    expect(chat.sent(0).options).toMatchObject({ timeout: 0, offlinePushInfo: { ...A2, extension: '' } });
    expect(chat.sent(1).data).toEqual(g('M').dataParsed);
    expect(chat.sent(1).options).toMatchObject({ timeout: 30, offlinePushInfo: { ...A2, extension: '' } });
  });

  it('accept (D), reject (F) and cancel (H) send { inviteID, data }', async () => {
    const { chat, port } = setup();
    const room55555 = call({ mediaType: 'video', roomId: roomOf('D'), inviter: 'bob' });
    await port.accept('in-1', { type: 'accept', call: room55555 });
    await port.reject('in-1', { type: 'reject', call: { ...room55555, mediaType: 'audio' } });
    await port.cancel('inv-1', { type: 'cancel', call: call({ roomId: roomOf('H') }) });
    expect(chat.calls.map((c) => [c.method, Object.keys(c.options).sort(), c.options['inviteID']])).toEqual([
      ['accept', ['data', 'inviteID'], 'in-1'],
      ['reject', ['data', 'inviteID'], 'in-1'],
      ['cancel', ['data', 'inviteID'], 'inv-1'],
    ]);
    expect(chat.sent(0).data).toEqual(g('D').dataParsed);
    expect(chat.sent(1).data).toEqual(g('F').dataParsed);
    expect(chat.sent(2).data).toEqual(g('H').dataParsed);
  });
});

describe('createChatSignaling: markConsumed', () => {
  it('rewrites an invitation it sent as golden E', async () => {
    const { chat, port } = setup();
    const signal: OutboundSignal = {
      type: 'invite',
      call: call({ roomId: roomOf('E') }),
      userIDs: ['bob'],
      userData: '',
    };
    const id = await port.invite({ userID: 'bob' }, signal, { timeout: 30 });
    await port.markConsumed(id);
    const sent = chat.sent(1);
    expect(sent.method).toBe('modifyInvitation');
    expect(sent.options['inviteID']).toBe('inv-1');
    expect(sent.data).toEqual(g('E').dataParsed);
  });

  it('rewrites a received invitation keeping its platform, and follows later modifications', async () => {
    const { chat, port } = setup();
    const received = dataWith('A', (d) => (d['platform'] = 'Android'));
    chat.fire(SIGNALING_EVENT.NEW_INVITATION_RECEIVED, {
      inviteID: 'in-1',
      inviter: 'bob',
      groupID: '',
      data: received,
      inviteeList: ['alice'],
    });
    await port.markConsumed('in-1');
    const expected = JSON.parse(received) as { data: Json };
    expected.data['consumed'] = true;
    expect(chat.sent(0).data).toEqual(expected);
    chat.fire(SIGNALING_EVENT.INVITATION_MODIFIED, {
      inviteID: 'in-1',
      data: dataWith('A', (d) => (d['userData'] = 'v2')),
    });
    await port.markConsumed('in-1');
    expect(chat.sent(1).data).toMatchObject({ userData: 'v2', data: { consumed: true } });
  });

  it('rejects an unknown inviteID with code 8010 without calling Chat', async () => {
    const { chat, port } = setup();
    const err = await port.markConsumed('nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: 8010 });
    expect(chat.calls).toHaveLength(0);
  });

  it('forgets the oldest invitations beyond the limit', async () => {
    const { chat, port } = setup({ rememberLimit: 2 });
    for (const id of ['a', 'b', 'c']) {
      chat.fire(SIGNALING_EVENT.NEW_INVITATION_RECEIVED, {
        inviteID: id,
        inviter: 'bob',
        groupID: '',
        data: g('A').data,
        inviteeList: ['alice'],
      });
    }
    await expect(port.markConsumed('a')).rejects.toMatchObject({ code: 8010 });
    await expect(port.markConsumed('b')).resolves.toBeUndefined();
    await expect(port.markConsumed('c')).resolves.toBeUndefined();
  });

  it('remembers 200 invitations by default', async () => {
    const { chat, port } = setup();
    for (let i = 0; i <= 200; i++) {
      chat.fire(SIGNALING_EVENT.NEW_INVITATION_RECEIVED, {
        inviteID: `i${i}`,
        inviter: 'bob',
        groupID: '',
        data: g('A').data,
        inviteeList: ['alice'],
      });
    }
    await expect(port.markConsumed('i0')).rejects.toMatchObject({ code: 8010 });
    await expect(port.markConsumed('i1')).resolves.toBeUndefined();
  });
});

describe('createChatSignaling: vendor failures', () => {
  const hangup: OutboundSignal = { type: 'hangup', call: call(), durationSec: 1 };

  it('re-throws plain { code, message } rejections as Error with code and cause', async () => {
    const { chat, port } = setup();
    const vendor = { code: 2024, message: 'not logged in' };
    chat.fail.set('accept', vendor);
    const err = await port.accept('x', { type: 'accept', call: call() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: 2024, message: 'not logged in', cause: vendor });
  });

  it('uses 2903 when the failure carries no usable code', async () => {
    const { chat, port } = setup();
    chat.fail.set('invite', 'socket closed');
    await expect(port.invite({ userID: 'bob' }, hangup, { timeout: 0 })).rejects.toMatchObject({
      code: 2903,
      message: 'socket closed',
    });
    chat.fail.set('modifyInvitation', new Error('odd'));
    chat.fail.delete('invite');
    await port.invite({ userID: 'bob' }, hangup, { timeout: 0 });
    await expect(port.markConsumed('inv-1')).rejects.toMatchObject({ code: 2903, message: 'odd' });
  });

  it('rejects when Chat resolves without an inviteID', async () => {
    const { chat, port } = setup();
    chat.inviteResult = { code: 0 };
    await expect(port.invite({ userID: 'bob' }, hangup, { timeout: 0 })).rejects.toBeInstanceOf(Error);
  });
});
