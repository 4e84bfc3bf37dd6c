import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchLocalUserSig } from '../src/local/connect';
import { FRAME_ERROR, LINK_CLOSE, MAX_FRAME_BYTES } from '../src/local/frames';
import { later, RawClient, startServer } from './helpers/server-clients';

describe('local call server: frame validation', () => {
  it('answers every bad frame with an error frame and keeps the connection and the server working', async () => {
    const server = await startServer();
    const c = await RawClient.hello(server.url, 'alice');
    const cases: [string, string | object, string, number | undefined][] = [
      ['not JSON', '{"type": "ping", ', FRAME_ERROR.BAD_JSON, undefined],
      ['a JSON array', '[1, 2]', FRAME_ERROR.BAD_JSON, undefined],
      [
        'too large',
        JSON.stringify({ type: 'ping', id: 1, pad: 'x'.repeat(MAX_FRAME_BYTES) }),
        FRAME_ERROR.TOO_LARGE,
        undefined,
      ],
      ['unknown type', { type: 'teleport', id: 3 }, FRAME_ERROR.UNKNOWN_TYPE, 3],
      [
        'id of the wrong type',
        { type: 'chat', id: '4', method: 'invite', args: [] },
        FRAME_ERROR.BAD_FRAME,
        undefined,
      ],
      [
        'args of the wrong type',
        { type: 'chat', id: 5, method: 'invite', args: 'bob' },
        FRAME_ERROR.BAD_FRAME,
        5,
      ],
      [
        'unknown method',
        { type: 'chat', id: 6, method: 'deleteAllUsers', args: [] },
        FRAME_ERROR.UNKNOWN_METHOD,
        6,
      ],
      [
        'publish flags not booleans',
        { type: 'rtc-publish', id: 7, audio: 'yes', video: false },
        FRAME_ERROR.BAD_FRAME,
        7,
      ],
      ['room id out of range', { type: 'rtc-enter', id: 8, room: { roomId: -1 } }, FRAME_ERROR.BAD_FRAME, 8],
      [
        'quality out of range',
        { type: 'rtc-quality', uplink: 9, downlink: 1 },
        FRAME_ERROR.BAD_FRAME,
        undefined,
      ],
      [
        'a second hello',
        { type: 'hello', id: 9, version: 1, userID: 'alice', deviceId: 'x' },
        FRAME_ERROR.ALREADY_GREETED,
        9,
      ],
      [
        'rtc-signal outside a room',
        { type: 'rtc-signal', to: 'bob', data: {} },
        FRAME_ERROR.NOT_IN_ROOM,
        undefined,
      ],
    ];
    for (const [what, frame, code, id] of cases) {
      c.send(frame);
      const error = await c.next((f) => f.type === 'error');
      expect(error, what).toMatchObject({ type: 'error', code });
      expect((error as { id?: number }).id, what).toBe(id);
      // Still usable: a ping is answered.
      c.send({ type: 'ping', id: 100 });
      await c.next((f) => f.type === 'pong' && f.id === 100);
    }
    // A well-formed request with arguments Chat refuses is a failed reply with Chat's code, not an error frame.
    const reply = await c.request({ type: 'chat', method: 'invite', args: [] });
    expect(reply).toMatchObject({ ok: false, error: { code: 6017 } });
    const bad = await c.request({ type: 'chat', method: 'invite', args: [{ userID: '' }] });
    expect(bad).toMatchObject({ ok: false, error: { code: 6017 } });
    // Other connections are unaffected.
    const other = await RawClient.hello(server.url, 'bob');
    other.send({ type: 'ping', id: 1 });
    expect(await other.next((f) => f.type === 'pong')).toEqual({ type: 'pong', id: 1 });
    expect(server.clientCount()).toBe(2);
  });

  it('refuses everything but hello and ping before hello, and a hello of another protocol version', async () => {
    const server = await startServer();
    const c = await RawClient.connect(server.url);
    c.send({ type: 'chat', id: 1, method: 'getUserStatus', args: [{ userIDList: ['bob'] }] });
    expect(await c.next((f) => f.type === 'error')).toMatchObject({
      id: 1,
      code: FRAME_ERROR.HELLO_REQUIRED,
    });
    c.send({ type: 'rtc-signal', to: 'bob', data: 1 });
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ code: FRAME_ERROR.HELLO_REQUIRED });
    c.send({ type: 'hello', id: 2, version: 99, userID: 'alice', deviceId: 'd' });
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ id: 2, code: FRAME_ERROR.BAD_VERSION });
    const userSig = await fetchLocalUserSig(server.url, 'alice');
    c.send({ type: 'hello', id: 3, version: 1, userID: 'alice', deviceId: 'd', userSig });
    expect(await c.next((f) => f.type === 'welcome')).toMatchObject({ id: 3, resumed: false });
    const status = await c.request({
      type: 'chat',
      method: 'getUserStatus',
      args: [{ userIDList: ['alice'] }],
    });
    expect(status).toMatchObject({ ok: true, result: { data: { successUserList: [{ statusType: 1 }] } } });
  });

  it('a second connection of the same device without the token replaces the first one', async () => {
    const server = await startServer();
    const first = await RawClient.hello(server.url, 'alice', 'phone');
    const closed = first.closed();
    await RawClient.hello(server.url, 'alice', 'phone');
    expect(await closed).toMatchObject({
      code: LINK_CLOSE.REPLACED,
      reason: expect.stringContaining('replaced'),
    });
    expect(server.sessionCount()).toBe(1);
  });

  it('createGroup and getGroupAttributes go through (or fail with a numeric code)', async () => {
    const server = await startServer();
    const c = await RawClient.hello(server.url, 'alice');
    expect(
      await c.request({ type: 'chat', method: 'createGroup', args: ['g1', ['alice', 'bob']] }),
    ).toMatchObject({
      ok: true,
    });
    expect(await c.request({ type: 'chat', method: 'createGroup', args: ['g1', 'bob'] })).toMatchObject({
      ok: false,
      error: { code: 6017 },
    });
    const attrs = await c.request({
      type: 'chat',
      method: 'getGroupAttributes',
      args: [{ groupID: 'g1', keyList: [] }],
    });
    if (attrs.ok) expect(attrs.result).toMatchObject({ code: 0, data: { groupAttributes: {} } });
    else expect(typeof attrs.error.code).toBe('number');
  });
});

describe('local call server: media rooms', () => {
  it('relays rtc-signal and rtc-quality within a room, refuses them across rooms, and shares rooms with in-process users', async () => {
    const server = await startServer();
    const u1 = await RawClient.hello(server.url, 'u1');
    const u2 = await RawClient.hello(server.url, 'u2');
    const u3 = await RawClient.hello(server.url, 'u3');

    expect(await u1.request({ type: 'rtc-publish', audio: true, video: false })).toMatchObject({ ok: true });
    expect(await u1.request({ type: 'rtc-enter', room: { roomId: 42 } })).toMatchObject({ ok: true });
    expect(await u1.next((f) => f.type === 'rtc-members')).toEqual({ type: 'rtc-members', members: [] });
    // Only the parties of a call may enter its room: u1 calls u2 in room 42.
    const data = JSON.stringify({
      businessID: 'av_call',
      version: 4,
      call_type: 1,
      room_id: 42,
      data: { cmd: 'audioCall' },
    });
    expect(
      await u1.request({ type: 'chat', method: 'invite', args: [{ userID: 'u2', data, timeout: 30 }] }),
    ).toMatchObject({ ok: true });

    expect(await u2.request({ type: 'rtc-enter', room: { roomId: 42 } })).toMatchObject({ ok: true });
    expect(await u2.next((f) => f.type === 'rtc-members')).toEqual({
      type: 'rtc-members',
      members: [{ userId: 'u1', audio: true, video: false }],
    });
    expect(await u1.next((f) => f.type === 'rtc-peer-enter')).toEqual({
      type: 'rtc-peer-enter',
      userId: 'u2',
    });

    // The string room '42' is another room.
    expect(await u3.request({ type: 'rtc-enter', room: { strRoomId: '42' } })).toMatchObject({ ok: true });

    u1.send({ type: 'rtc-signal', to: 'u2', data: { sdp: 'offer', n: 1 } });
    expect(await u2.next((f) => f.type === 'rtc-signal')).toEqual({
      type: 'rtc-signal',
      from: 'u1',
      data: { sdp: 'offer', n: 1 },
    });
    u3.send({ type: 'rtc-signal', to: 'u1', data: { sdp: 'sneaky' } });
    expect(await u3.next((f) => f.type === 'error')).toMatchObject({ code: FRAME_ERROR.NOT_IN_ROOM });
    u1.send({ type: 'rtc-quality', uplink: 2, downlink: 3 });
    expect(await u2.next((f) => f.type === 'rtc-peer-quality')).toEqual({
      type: 'rtc-peer-quality',
      userId: 'u1',
      uplink: 2,
      downlink: 3,
    });

    // An in-process user of the hosted network is in the same room.
    const sim = server.network.TRTC.create();
    await sim.enterRoom({ sdkAppId: 1, userId: 'sim', userSig: '', roomId: 42 });
    await sim.startLocalVideo({ publish: true });
    expect(await u2.next((f) => f.type === 'rtc-peer-enter')).toEqual({
      type: 'rtc-peer-enter',
      userId: 'sim',
    });
    expect(await u2.next((f) => f.type === 'rtc-peer-publish')).toEqual({
      type: 'rtc-peer-publish',
      userId: 'sim',
      audio: false,
      video: true,
    });
    sim.destroy();
    expect(await u2.next((f) => f.type === 'rtc-peer-exit' && f.userId === 'sim')).toMatchObject({
      reason: 0,
    });

    expect(await u1.request({ type: 'rtc-exit' })).toMatchObject({ ok: true });
    expect(await u2.next((f) => f.type === 'rtc-peer-publish' && f.userId === 'u1')).toMatchObject({
      audio: false,
    });
    expect(await u2.next((f) => f.type === 'rtc-peer-exit')).toMatchObject({ userId: 'u1' });
    u2.send({ type: 'rtc-signal', to: 'u1', data: 'late' });
    expect(await u2.next((f) => f.type === 'error')).toMatchObject({ code: FRAME_ERROR.NOT_IN_ROOM });
  });

  it('the same user entering the room from another device kicks the first one', async () => {
    const server = await startServer();
    const a = await RawClient.hello(server.url, 'alice', 'phone');
    const b = await RawClient.hello(server.url, 'alice', 'laptop');
    await a.request({ type: 'rtc-enter', room: { roomId: 7 } });
    await b.request({ type: 'rtc-enter', room: { roomId: 7 } });
    expect(await a.next((f) => f.type === 'rtc-kicked')).toEqual({ type: 'rtc-kicked', reason: 'kick' });
  });
});

describe('local call server: static files', () => {
  it('serves the files of staticDir read-only, and nothing outside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'call-server-'));
    later(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'index.html'), '<h1>demo</h1>');
    const server = await startServer({ staticDir: dir });
    const index = await fetch(server.httpUrl);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toBe('<h1>demo</h1>');
    expect((await fetch(`${server.httpUrl}missing.js`)).status).toBe(404);
    expect((await fetch(`${server.httpUrl}%2e%2e%2f%2e%2e%2fetc%2fpasswd`)).status).toBe(400);
    expect((await fetch(server.httpUrl, { method: 'POST' })).status).toBe(405);
    // The WebSocket endpoint shares the port.
    await RawClient.hello(server.url, 'alice');
  });
});
