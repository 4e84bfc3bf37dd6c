import tlsSig from 'tls-sig-api-v2';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type CallEngine, createCallEngine } from '../src/index';
import { connectLocalServer, fetchLocalUserSig } from '../src/local/connect';
import { FRAME_ERROR, LINK_CLOSE, type ServerFrame } from '../src/local/frames';
import { createLocalNetwork } from '../src/local/network';
import type { WebSocketConstructorLike } from '../src/local/server-link';
import { type LocalCallServer, mintLocalUserSig } from '../src/server/index';
import { VirtualClock } from '../src/testing/virtual-clock';
import { later, RawClient, snapshotWhere, startServer } from './helpers/server-clients';

const SDK_APP_ID = 1400000001;
const SECRET_KEY = 'test-secret-key';

/** Call data naming a TRTC room, as a TUICallKit invitation carries it. */
const callData = (roomId: number) =>
  JSON.stringify({
    businessID: 'av_call',
    version: 4,
    call_type: 1,
    room_id: roomId,
    data: { cmd: 'audioCall' },
  });

/** Sends a hello with this userSig and resolves with the server's answer to it. */
async function helloWith(server: LocalCallServer, userID: string, userSig?: string): Promise<RawClient> {
  const client = await RawClient.connect(server.url);
  client.send({ type: 'hello', id: 1, version: 1, userID, deviceId: `${userID}-d`, userSig });
  return client;
}

/** A refused login: the error frame names the reason, then the server closes the connection (4003). */
async function expectRefused(client: RawClient, code: string): Promise<void> {
  const closed = client.closed();
  expect(await client.next((f) => f.type === 'error' || f.type === 'welcome')).toMatchObject({
    type: 'error',
    id: 1,
    code,
  });
  expect(await closed).toMatchObject({ code: LINK_CLOSE.UNAUTHORIZED });
}

describe('call server: login authentication (default HMAC UserSigs)', () => {
  it('refuses a missing, forged or foreign userSig and closes the connection; accepts its own', async () => {
    const server = await startServer();
    await expectRefused(await helloWith(server, 'alice'), FRAME_ERROR.UNAUTHORIZED);
    await expectRefused(await helloWith(server, 'alice', 'not-a-sig'), FRAME_ERROR.UNAUTHORIZED);
    // Well-formed, but signed with another secret.
    await expectRefused(
      await helloWith(server, 'alice', mintLocalUserSig('guess', 'alice')),
      FRAME_ERROR.UNAUTHORIZED,
    );
    // Bob's genuine UserSig does not let anyone log in as alice.
    const bobSig = await fetchLocalUserSig(server.url, 'bob');
    await expectRefused(await helloWith(server, 'alice', bobSig), FRAME_ERROR.UNAUTHORIZED);
    expect(server.sessionCount()).toBe(0);

    const alice = await helloWith(server, 'alice', await fetchLocalUserSig(server.url, 'alice'));
    expect(await alice.next((f) => f.type === 'welcome' || f.type === 'error')).toMatchObject({
      type: 'welcome',
    });
    expect(server.sessionCount()).toBe(1);
  });

  it('ends a session when its UserSig expires: kickedOut with userSigExpired, closed 4003, no resume', async () => {
    // The server's clock is the network's: a virtual one, started at the wall clock's now so that
    // UserSigs minted for the wall clock read right. Socket traffic is real, so waiting for a frame
    // runs the clock's due tasks (0 ms hops) on each turn of the event loop, and no more.
    const clock = new VirtualClock(Date.now());
    const network = createLocalNetwork({ clock, latencyMs: 0 });
    later(() => network.destroy());
    const server = await startServer({ network, auth: { secret: 'shared' } });
    const settle = async <T>(promise: Promise<T>): Promise<T> => {
      let done = false;
      void promise.finally(() => (done = true)).catch(() => undefined);
      while (!done) {
        await clock.advance(0);
        await new Promise(setImmediate);
      }
      return promise;
    };
    const login = async (userID: string, lifetimeS: number) => {
      const client = await helloWith(
        server,
        userID,
        mintLocalUserSig('shared', userID, lifetimeS, clock.now()),
      );
      const first = await settle(client.next((f) => f.type === 'welcome' || f.type === 'error'));
      expect(first).toMatchObject({ type: 'welcome' });
      return { client, token: (first as { resume: string }).resume };
    };
    const alice = await login('alice', 60);
    await login('bob', 3600);
    expect(server.sessionCount()).toBe(2);

    const closed = alice.client.closed();
    const kicked = alice.client.next((f) => f.type === 'chat-event');
    await clock.advance(59_000);
    expect(server.sessionCount()).toBe(2);
    await clock.advance(1_000);
    expect(await settle(kicked)).toEqual({
      type: 'chat-event',
      name: 'kickedOut',
      data: { type: 'userSigExpired' },
    });
    expect(await settle(closed)).toMatchObject({ code: LINK_CLOSE.UNAUTHORIZED });
    // Bob's longer UserSig keeps his session; alice's token no longer resumes anything.
    expect(server.sessionCount()).toBe(1);
    const resume = await RawClient.connect(server.url);
    resume.send({
      type: 'hello',
      id: 1,
      version: 1,
      userID: 'alice',
      deviceId: 'alice-d',
      resume: alice.token,
    });
    await settle(expectRefused(resume, FRAME_ERROR.UNAUTHORIZED));
  });

  it('tells an expired UserSig apart, and verifies UserSigs minted elsewhere with a shared secret', async () => {
    const server = await startServer({ auth: { secret: 'shared', issueUserSigs: false } });
    // With issueUserSigs off, the endpoint mints nothing; the app's backend does, with the secret.
    expect((await fetch(`${server.httpUrl}usersig?userID=alice`)).status).toBe(404);
    await expectRefused(
      await helloWith(server, 'alice', mintLocalUserSig('shared', 'alice', 0)),
      FRAME_ERROR.SIG_EXPIRED,
    );
    const ok = await helloWith(server, 'alice', mintLocalUserSig('shared', 'alice', 60));
    expect(await ok.next((f) => f.type === 'welcome' || f.type === 'error')).toMatchObject({
      type: 'welcome',
    });
    const viaServer = await helloWith(server, 'bob', server.userSigFor('bob'));
    expect(await viaServer.next((f) => f.type === 'welcome' || f.type === 'error')).toMatchObject({
      type: 'welcome',
    });
  });

  it('connectLocalServer fetches its UserSig; a refused one rejects with Chat code 70003 and never retries', async () => {
    const server = await startServer();
    const ws = WebSocket as unknown as WebSocketConstructorLike;
    const alice = await connectLocalServer({ url: server.url, userID: 'alice', WebSocket: ws });
    later(() => alice.close());
    expect(alice.link.state).toBe('connected');
    expect(alice.userSig).toMatch(/^v1\./);
    const sessionStarts: string[] = [];
    server.on('session-start', (e) => sessionStarts.push(e.userID));
    let sockets = 0;
    class CountingSocket extends WebSocket {
      constructor(url: string) {
        super(url);
        sockets++;
      }
    }
    await expect(
      connectLocalServer({
        url: server.url,
        userID: 'mallory',
        userSig: alice.userSig,
        WebSocket: CountingSocket as unknown as WebSocketConstructorLike,
        reconnect: { initialDelayMs: 1 },
      }),
    ).rejects.toMatchObject({ code: 70003, frameCode: FRAME_ERROR.UNAUTHORIZED });
    // The link gave up for good: a retry (1 ms back-off) would have been made during these round trips.
    for (let i = 0; i < 5; i++) await alice.link.request({ type: 'ping' });
    expect(sockets).toBe(1);
    expect(sessionStarts).toEqual([]);
  });
});

describe('call server: login authentication (TLS-Sig-API-v2)', () => {
  it('accepts tls-sig-api-v2 UserSigs of its app and user only, and refuses expired ones distinctly', async () => {
    const server = await startServer({ auth: { sdkAppId: SDK_APP_ID, secretKey: SECRET_KEY } });
    const api = new tlsSig.Api(SDK_APP_ID, SECRET_KEY);
    const good = await helloWith(server, 'alice', api.genUserSig('alice', 600));
    expect(await good.next((f) => f.type === 'welcome' || f.type === 'error')).toMatchObject({
      type: 'welcome',
    });

    await expectRefused(await helloWith(server, 'bob', api.genUserSig('bob', -60)), FRAME_ERROR.SIG_EXPIRED);
    await expectRefused(
      await helloWith(server, 'bob', api.genUserSig('carol', 600)),
      FRAME_ERROR.UNAUTHORIZED,
    );
    const otherApp = new tlsSig.Api(SDK_APP_ID + 1, SECRET_KEY);
    await expectRefused(
      await helloWith(server, 'bob', otherApp.genUserSig('bob', 600)),
      FRAME_ERROR.UNAUTHORIZED,
    );
    const otherKey = new tlsSig.Api(SDK_APP_ID, 'guessed-key');
    await expectRefused(
      await helloWith(server, 'bob', otherKey.genUserSig('bob', 600)),
      FRAME_ERROR.UNAUTHORIZED,
    );
    await expectRefused(
      await helloWith(server, 'bob', 'eJyrVspSsjI0NTfVUcrMSy0uTkxX'),
      FRAME_ERROR.UNAUTHORIZED,
    );
    // A SecretKey is a cloud credential: this server does not mint UserSigs for whoever asks.
    expect((await fetch(`${server.httpUrl}usersig?userID=bob`)).status).toBe(404);
    expect(server.sessionCount()).toBe(1);
  });
});

describe('call server: authorization', () => {
  it('a device acts only as its own user', async () => {
    const server = await startServer();
    const alice = await RawClient.hello(server.url, 'alice');
    const carol = await RawClient.hello(server.url, 'carol');
    alice.send({
      type: 'hello',
      id: 7,
      version: 1,
      userID: 'bob',
      deviceId: 'x',
      userSig: server.userSigFor('bob'),
    });
    expect(await alice.next((f) => f.type === 'error')).toMatchObject({
      id: 7,
      code: FRAME_ERROR.ALREADY_GREETED,
    });
    // A payload claiming another inviter changes nothing: the invitation is alice's.
    const sent = await alice.request({
      type: 'chat',
      method: 'invite',
      args: [{ userID: 'carol', data: callData(5), timeout: 30, inviter: 'bob' }],
    });
    expect(sent).toMatchObject({ ok: true });
    const invited = await carol.next((f) => f.type === 'signaling' && f.name === 'newInvitationReceived');
    expect(invited).toMatchObject({ data: { inviter: 'alice' } });
  });

  it('only an invitee answers an invitation, only its inviter cancels it', async () => {
    const server = await startServer();
    const alice = await RawClient.hello(server.url, 'alice');
    const bob = await RawClient.hello(server.url, 'bob');
    const mallory = await RawClient.hello(server.url, 'mallory');
    const sent = await alice.request({
      type: 'chat',
      method: 'invite',
      args: [{ userID: 'bob', data: callData(42), timeout: 30 }],
    });
    const { inviteID } = (sent as { result: { inviteID: string } }).result;
    await bob.next((f) => f.type === 'signaling' && f.name === 'newInvitationReceived');

    const answer = (c: RawClient, method: string) =>
      c.request({ type: 'chat', method, args: [{ inviteID }] });
    expect(await answer(mallory, 'accept')).toMatchObject({ ok: false, error: { code: 8010 } });
    expect(await answer(mallory, 'reject')).toMatchObject({ ok: false, error: { code: 8010 } });
    expect(await answer(mallory, 'cancel')).toMatchObject({ ok: false, error: { code: 8020 } });
    expect(await answer(bob, 'cancel')).toMatchObject({ ok: false, error: { code: 8011 } });
    expect(await answer(alice, 'accept')).toMatchObject({ ok: false, error: { code: 8011 } });
    // The invitation is untouched: bob still accepts it, and alice hears so.
    expect(await answer(bob, 'accept')).toMatchObject({ ok: true });
    expect(await alice.next((f) => f.type === 'signaling' && f.name === 'ts_invitee_accepted')).toMatchObject(
      {
        data: { inviteID, invitee: 'bob' },
      },
    );
  });

  it('a device enters only the rooms of calls it is part of, and signals only peers in its room', async () => {
    const server = await startServer();
    const [alice, bob, mallory, eve] = await Promise.all(
      ['alice', 'bob', 'mallory', 'eve'].map((u) => RawClient.hello(server.url, u)),
    );
    if (!alice || !bob || !mallory || !eve) throw new Error('unreachable');
    // The caller enters its fresh room first, then invites.
    expect(await alice.request({ type: 'rtc-enter', room: { roomId: 42 } })).toMatchObject({ ok: true });
    await alice.request({
      type: 'chat',
      method: 'invite',
      args: [{ userID: 'bob', data: callData(42), timeout: 30 }],
    });

    const enter = async (c: RawClient, id: number) => {
      c.send({ type: 'rtc-enter', id, room: { roomId: 42 } });
      return c.next((f) => ('id' in f && f.id === id) as boolean);
    };
    expect(await enter(mallory, 900)).toMatchObject({ type: 'error', code: FRAME_ERROR.FORBIDDEN });
    // An invitation of her own naming that room does not get mallory (or her accomplice) in either.
    await mallory.request({
      type: 'chat',
      method: 'invite',
      args: [{ userID: 'eve', data: callData(42), timeout: 30 }],
    });
    await eve.next((f) => f.type === 'signaling' && f.name === 'newInvitationReceived');
    expect(await enter(mallory, 901)).toMatchObject({ type: 'error', code: FRAME_ERROR.FORBIDDEN });
    expect(await enter(eve, 902)).toMatchObject({ type: 'error', code: FRAME_ERROR.FORBIDDEN });
    expect(await enter(bob, 903)).toMatchObject({ type: 'reply', ok: true });

    // Mallory sits in a room of her own: nothing she sends reaches alice.
    expect(await mallory.request({ type: 'rtc-enter', room: { roomId: 66 } })).toMatchObject({ ok: true });
    mallory.send({ type: 'rtc-signal', to: 'alice', data: { sdp: 'sneaky' } });
    expect(await mallory.next((f) => f.type === 'error')).toMatchObject({ code: FRAME_ERROR.NOT_IN_ROOM });
    bob.send({ type: 'rtc-signal', to: 'alice', data: { sdp: 'offer' } });
    expect(await alice.next((f) => f.type === 'rtc-signal')).toEqual({
      type: 'rtc-signal',
      from: 'bob',
      data: { sdp: 'offer' },
    });
  });

  it('group members join the group’s call room; outsiders cannot take the group over', async () => {
    const server = await startServer();
    const [alice, carol, mallory] = await Promise.all(
      ['alice', 'carol', 'mallory'].map((u) => RawClient.hello(server.url, u)),
    );
    if (!alice || !carol || !mallory) throw new Error('unreachable');
    const group = (c: RawClient, id: string, members: string[]) =>
      c.request({ type: 'chat', method: 'createGroup', args: [id, members] });
    expect(await group(alice, 'team', ['alice', 'bob', 'carol'])).toMatchObject({ ok: true });
    await alice.request({ type: 'rtc-enter', room: { roomId: 77 } });
    await alice.request({
      type: 'chat',
      method: 'inviteInGroup',
      args: [{ groupID: 'team', inviteeList: ['bob'], data: callData(77), timeout: 30 }],
    });
    // carol was not invited, but joinInGroupCall lets a member into the group's call.
    expect(await carol.request({ type: 'rtc-enter', room: { roomId: 77 } })).toMatchObject({ ok: true });

    mallory.send({ type: 'chat', id: 1, method: 'createGroup', args: ['team', ['mallory']] });
    expect(await mallory.next((f) => f.type === 'error')).toMatchObject({
      id: 1,
      code: FRAME_ERROR.FORBIDDEN,
    });
    mallory.send({ type: 'chat', id: 2, method: 'createGroup', args: ['mine', ['alice']] });
    expect(await mallory.next((f) => f.type === 'error')).toMatchObject({
      id: 2,
      code: FRAME_ERROR.FORBIDDEN,
    });
    expect(server.network.groupMembers('team')).toEqual(['alice', 'bob', 'carol']);
    mallory.send({ type: 'rtc-enter', id: 3, room: { roomId: 77 } });
    expect(await mallory.next((f) => f.type === 'error')).toMatchObject({
      id: 3,
      code: FRAME_ERROR.FORBIDDEN,
    });
  });
});

describe('room rule of the network (LocalNetwork.admitToRoom)', () => {
  it('a room is claimed while its call lasts and fresh again once everyone left', async () => {
    const network = createLocalNetwork({ latencyMs: 0 });
    later(() => network.destroy());
    const room = { roomId: 9 };
    expect(network.admitToRoom('mallory', room)).toBe(true);
    // Checking claims nothing: alice can still start her call there.
    const alice = network.TRTC.create();
    await alice.enterRoom({ sdkAppId: 1, userId: 'alice', userSig: '', ...room });
    expect(network.admitToRoom('mallory', room)).toBe(false);
    expect(network.admitToRoom('alice', room)).toBe(true);
    await alice.exitRoom();
    expect(network.admitToRoom('mallory', room)).toBe(true);
  });

  it('an invitation into an empty room holds it for the ring window only', async () => {
    const clock = new VirtualClock();
    const network = createLocalNetwork({ clock, latencyMs: 0 });
    later(() => network.destroy());
    const alice = network.createChat();
    const login = alice.login({ userID: 'alice' });
    await clock.advance(0);
    await login;
    const sent = alice.invite({ userID: 'bob', data: callData(11), timeout: 30 });
    await clock.advance(0);
    await sent;
    expect(network.admitToRoom('bob', { roomId: 11 })).toBe(true);
    expect(network.admitToRoom('mallory', { roomId: 11 })).toBe(false);
    await clock.advance(5 * 60_000);
    expect(network.admitToRoom('mallory', { roomId: 11 })).toBe(true);
  });
});

/** Frames of a client until the server closes it, counted by type. */
function countUntilClosed(client: RawClient): Promise<{ code: number; counts: Record<string, number> }> {
  const counts: Record<string, number> = {};
  client.ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as ServerFrame;
    const key = frame.type === 'error' ? `error:${frame.code}` : frame.type;
    counts[key] = (counts[key] ?? 0) + 1;
  });
  return client.closed().then(({ code }) => ({ code, counts }));
}

describe('call server: per-connection limits', () => {
  it('a flood gets rate-limited errors, then the connection is closed; the server stays responsive', async () => {
    const server = await startServer({ rateLimit: { burst: 20, perSecond: 1 } });
    const bystander = await RawClient.hello(server.url, 'bob');
    const flooder = await RawClient.hello(server.url, 'mallory');
    const outcome = countUntilClosed(flooder);
    for (let i = 0; i < 5000; i++) flooder.send({ type: 'ping', id: i });
    const { code, counts } = await outcome;
    expect(code).toBe(LINK_CLOSE.FLOODING);
    // The server answered about one burst and refused about one more, whatever was sent: nothing piles up.
    expect(counts.pong ?? 0).toBeGreaterThan(0);
    expect(counts.pong ?? 0).toBeLessThanOrEqual(25);
    expect(counts[`error:${FRAME_ERROR.RATE_LIMITED}`] ?? 0).toBeGreaterThan(0);
    expect(counts[`error:${FRAME_ERROR.RATE_LIMITED}`] ?? 0).toBeLessThanOrEqual(25);
    bystander.send({ type: 'ping', id: 1 });
    expect(await bystander.next((f) => f.type === 'pong')).toEqual({ type: 'pong', id: 1 });
    expect(server.clientCount()).toBe(1);
  });

  it('requests beyond the in-flight limit are refused as busy; the others are answered', async () => {
    // A slow hosted network keeps the first requests open while the rest arrive.
    const network = createLocalNetwork({ latencyMs: 300 });
    later(() => network.destroy());
    const server = await startServer({ network, maxRequestsInFlight: 2 });
    const c = await RawClient.hello(server.url, 'alice');
    for (let id = 1; id <= 5; id++) {
      c.send({ type: 'chat', id, method: 'getUserStatus', args: [{ userIDList: ['alice'] }] });
    }
    const answers = await Promise.all([1, 2, 3, 4, 5].map((id) => c.next((f) => 'id' in f && f.id === id)));
    expect(answers.map((f) => (f.type === 'error' ? f.code : f.type))).toEqual([
      'reply',
      'reply',
      FRAME_ERROR.BUSY,
      FRAME_ERROR.BUSY,
      FRAME_ERROR.BUSY,
    ]);
  });

  it('an oversized frame gets an error; one far beyond the limit closes the connection (1009)', async () => {
    const server = await startServer({ maxFrameBytes: 2048 });
    const c = await RawClient.hello(server.url, 'alice');
    c.send({ type: 'ping', id: 1, pad: 'x'.repeat(4000) });
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ code: FRAME_ERROR.TOO_LARGE });
    c.send({ type: 'ping', id: 2 });
    expect(await c.next((f) => f.type === 'pong')).toEqual({ type: 'pong', id: 2 });
    const closed = c.closed();
    c.send({ type: 'ping', id: 3, pad: 'x'.repeat(20_000) });
    expect(await closed).toMatchObject({ code: 1009 });
  });
});

describe('call server: legitimate calls keep working', () => {
  async function device(server: LocalCallServer, userID: string): Promise<CallEngine> {
    const conn = await connectLocalServer({
      url: server.url,
      userID,
      WebSocket: WebSocket as unknown as WebSocketConstructorLike,
    });
    const engine = createCallEngine({
      userID,
      chat: conn.chat,
      TRTC: conn.TRTC,
      sdkAppId: conn.sdkAppId,
      userSig: conn.userSig,
    });
    later(() => conn.close());
    later(() => engine.destroy());
    return engine;
  }
  const joined =
    (userID: string) =>
    (s: { status: string; participants: readonly { userID: string; status: string }[] }) =>
      s.status === 'accepted' && s.participants.some((p) => p.userID === userID && p.status === 'joined');

  it('a 1v1 call and a group call with a member joining later, with media rooms through the server', async () => {
    const server = await startServer();
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((u) => device(server, u)));
    if (!alice || !bob || !carol) throw new Error('unreachable');

    await alice.call({ userID: 'bob', mediaType: 'audio' });
    await snapshotWhere(bob, (s) => s.status === 'ringing', 'ringing');
    await bob.accept();
    await Promise.all([
      snapshotWhere(alice, joined('bob'), 'bob joined'),
      snapshotWhere(bob, joined('alice'), 'alice joined'),
    ]);
    await alice.hangup();
    await snapshotWhere(bob, (s) => s.status === 'ended', 'ended');

    const admin = await RawClient.hello(server.url, 'alice', 'alice-admin');
    await admin.request({ type: 'chat', method: 'createGroup', args: ['team', ['alice', 'bob', 'carol']] });
    await alice.groupCall({ groupID: 'team', userIDList: ['bob'], mediaType: 'audio' });
    await snapshotWhere(bob, (s) => s.status === 'ringing', 'group ringing');
    await bob.accept();
    const inCall = await snapshotWhere(alice, joined('bob'), 'bob joined the group call');
    // carol was not invited: she joins the group's ongoing call by its room.
    await carol.joinInGroupCall({ groupID: 'team', roomID: inCall.roomId ?? 0, mediaType: 'audio' });
    await Promise.all([
      snapshotWhere(carol, joined('alice'), 'carol in'),
      snapshotWhere(alice, joined('carol'), 'carol joined'),
    ]);
  });
});
