import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type CallEngine, createCallEngine } from '../src/index';
import type { ServerLink } from '../src/local/frames';
import { createLocalNetwork, type LocalNetwork } from '../src/local/network';
import { createRemoteChat, type RemoteChat } from '../src/local/remote-chat';
import { openServerLink, type WebSocketConstructorLike } from '../src/local/server-link';
import {
  controllableSocket,
  later,
  link,
  linkState,
  RawClient,
  serverEvent,
  snapshotWhere,
  startServer,
} from './helpers/server-clients';

/** A separate in-test media network: TRTC is not what these tests are about. */
function mediaNetwork(): LocalNetwork {
  const network = createLocalNetwork();
  later(() => network.destroy());
  return network;
}

function engineFor(
  userID: string,
  l: ServerLink,
  media: LocalNetwork,
): { engine: CallEngine; chat: RemoteChat } {
  const chat = createRemoteChat(l);
  const engine = createCallEngine({ userID, chat, TRTC: media.TRTC, sdkAppId: 1, userSig: 'x' });
  later(() => engine.destroy());
  return { engine, chat };
}

const inCall = (s: { status: string; participants: readonly { status: string }[] }) =>
  s.status === 'accepted' && s.participants[0]?.status === 'joined';

describe('local call server: calls between processes', () => {
  it('two users call each other through the server: ring, accept, hang up, both sides agree', async () => {
    const server = await startServer();
    const media = mediaNetwork();
    const alice = engineFor('alice', await link(server, 'alice'), media).engine;
    const bob = engineFor('bob', await link(server, 'bob'), media).engine;

    const { callId } = await alice.call({ userID: 'bob', mediaType: 'video', userData: 'hi' });
    const ringing = await snapshotWhere(bob, (s) => s.status === 'ringing', 'ringing');
    expect(ringing).toMatchObject({
      callId,
      role: 'callee',
      callerId: 'alice',
      mediaType: 'video',
      userData: 'hi',
    });

    await bob.accept();
    const [a, b] = await Promise.all([
      snapshotWhere(alice, inCall, 'in call'),
      snapshotWhere(bob, inCall, 'in call'),
    ]);
    for (const s of [a, b]) expect(s).toMatchObject({ callId, mediaType: 'video', roomId: a.roomId });
    expect(a.participants[0]?.userID).toBe('bob');
    expect(b.participants[0]?.userID).toBe('alice');

    await alice.hangup();
    const [ea, eb] = await Promise.all([
      snapshotWhere(alice, (s) => s.status === 'ended', 'ended'),
      snapshotWhere(bob, (s) => s.status === 'ended', 'ended'),
    ]);
    expect(ea).toMatchObject({ callId, endReason: 'hangup', endReasonCode: 1 });
    expect(eb).toMatchObject({ callId, endReason: 'remoteHangup', endReasonCode: 1 });
  });

  it('a rejected call ends remoteRejected for the caller', async () => {
    const server = await startServer();
    const media = mediaNetwork();
    const alice = engineFor('alice', await link(server, 'alice'), media).engine;
    const bob = engineFor('bob', await link(server, 'bob'), media).engine;
    await alice.call({ userID: 'bob', mediaType: 'audio' });
    await snapshotWhere(bob, (s) => s.status === 'ringing');
    await bob.reject();
    expect(await snapshotWhere(alice, (s) => s.status === 'ended')).toMatchObject({
      endReason: 'remoteRejected',
    });
    expect(bob.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'rejected' });
  });

  it('a group invitation reaches the listed members only', async () => {
    const server = await startServer();
    const [alice, bob, carol, dave] = await Promise.all(
      ['alice', 'bob', 'carol', 'dave'].map(async (u) => createRemoteChat(await link(server, u))),
    );
    if (!alice || !bob || !carol || !dave) throw new Error('unreachable');
    await alice.createGroup('team', ['alice', 'bob', 'carol', 'dave']);
    const invited = (chat: RemoteChat) =>
      new Promise<unknown>((resolve) =>
        chat.addSignalingListener('newInvitationReceived', (e) => resolve(e.data)),
      );
    const daveSignaling: string[] = [];
    dave.addSignalingListener('newInvitationReceived', (e) => daveSignaling.push(e.name));
    const daveMessage = new Promise<void>((resolve) => dave.on('onMessageReceived', () => resolve()));
    const [toBob, toCarol] = [invited(bob), invited(carol)];

    const result = (await alice.inviteInGroup({
      groupID: 'team',
      inviteeList: ['bob', 'carol'],
      data: 'payload',
      timeout: 30,
    })) as { inviteID: string };
    for (const data of await Promise.all([toBob, toCarol])) {
      expect(data).toMatchObject({
        inviteID: result.inviteID,
        inviter: 'alice',
        groupID: 'team',
        inviteeList: ['bob', 'carol'],
        data: 'payload',
      });
    }
    // Dave sees the group message, but it is not an invitation for him.
    await daveMessage;
    expect(daveSignaling).toEqual([]);
    // Chat errors keep their numeric code.
    await expect(bob.accept({ inviteID: 'nope' })).rejects.toMatchObject({ code: 8010 });
    await expect(dave.inviteInGroup({ groupID: 'nope', inviteeList: ['bob'] })).rejects.toMatchObject({
      code: 10010,
    });
  });

  it('user status and the experimental API go through the server', async () => {
    const server = await startServer();
    const alice = createRemoteChat(await link(server, 'alice'));
    const bob = createRemoteChat(await link(server, 'bob'));
    await alice.setSelfStatus({ customStatus: 'call_wait' });
    expect(await bob.getUserStatus({ userIDList: ['alice', 'nobody'] })).toMatchObject({
      data: {
        successUserList: [
          { userID: 'alice', statusType: 1, customStatus: 'call_wait' },
          { userID: 'nobody', statusType: 2 },
        ],
      },
    });
    expect(await alice.callExperimentalAPI('isCommercialAbilityEnabled', 65536)).toMatchObject({
      data: { enabled: true },
    });
    expect(alice.getLoginUser()).toBe('alice');
    await alice.logout();
    expect(alice.getLoginUser()).toBe('');
    await expect(alice.getUserStatus({ userIDList: ['bob'] })).rejects.toMatchObject({ code: 2801 });
  });
});

describe('local call server: reconnects', () => {
  it('a callee that reconnects within the grace window still gets the invitation and can accept it', async () => {
    const server = await startServer();
    const media = mediaNetwork();
    const net = controllableSocket();
    const alice = engineFor('alice', await link(server, 'alice'), media).engine;
    const bobLink = await link(server, 'bob', { WebSocket: net.WebSocket });
    const bob = engineFor('bob', bobLink, media).engine;

    net.block();
    const detached = serverEvent(server, 'session-detach', (e) => e.userID === 'bob');
    net.drop();
    await detached;
    await linkState(bobLink, 'reconnecting');

    // The invitation arrives while bob's device is away; the server keeps it for him.
    const { callId } = await alice.call({ userID: 'bob', mediaType: 'audio' });
    expect(bob.getSnapshot().status).not.toBe('ringing');

    net.unblock();
    await linkState(bobLink, 'connected');
    await snapshotWhere(bob, (s) => s.status === 'ringing' && s.callId === callId, 'ringing after resume');
    await bob.accept();
    await Promise.all([snapshotWhere(alice, inCall), snapshotWhere(bob, inCall)]);
    expect(server.sessionCount()).toBe(2);
  });

  it('requests made while reconnecting wait for the link', async () => {
    const server = await startServer();
    const net = controllableSocket();
    const l = await link(server, 'alice', { WebSocket: net.WebSocket });
    const chat = createRemoteChat(l);
    net.block();
    net.drop();
    await linkState(l, 'reconnecting');
    const pending = chat.getUserStatus({ userIDList: ['alice'] });
    net.unblock();
    expect(await pending).toMatchObject({ data: { successUserList: [{ userID: 'alice', statusType: 1 }] } });
  });

  it('after the grace window the device is logged out; a later connection starts a fresh session', async () => {
    const server = await startServer({ resumeGraceMs: 100 });
    const net = controllableSocket();
    const watcher = createRemoteChat(await link(server, 'alice'));
    const bobLink = await link(server, 'bob', { WebSocket: net.WebSocket });
    net.block();
    const ended = serverEvent(server, 'session-end', (e) => e.userID === 'bob');
    net.drop();
    expect(await ended).toMatchObject({ deviceId: 'bob-dev', reason: 'expired' });
    expect(await watcher.getUserStatus({ userIDList: ['bob'] })).toMatchObject({
      data: { successUserList: [{ userID: 'bob', statusType: 2 }] },
    });

    expect(bobLink.state).toBe('reconnecting');
    net.unblock();
    await linkState(bobLink, 'connected');
    expect(await watcher.getUserStatus({ userIDList: ['bob'] })).toMatchObject({
      data: { successUserList: [{ userID: 'bob', statusType: 1 }] },
    });
  });

  it('a device away for longer than its frame buffer allows loses its session (and logs in fresh later)', async () => {
    const server = await startServer({ maxBufferedFrames: 1 });
    const net = controllableSocket();
    const alice = createRemoteChat(await link(server, 'alice'));
    await link(server, 'bob', { WebSocket: net.WebSocket });
    net.block();
    const detached = serverEvent(server, 'session-detach', (e) => e.userID === 'bob');
    net.drop();
    await detached;
    const ended = serverEvent(server, 'session-end', (e) => e.userID === 'bob');
    // The invitation and its message are two frames: one more than the buffer holds.
    await alice.invite({ userID: 'bob', data: 'x', timeout: 30 });
    expect(await ended).toMatchObject({ reason: 'overflow' });
  });

  it('a link replaced by another connection of the same device closes for good and rejects with 2801', async () => {
    const server = await startServer();
    const first = await link(server, 'alice');
    await RawClient.hello(server.url, 'alice', 'alice-dev');
    await linkState(first, 'closed');
    await expect(first.request({ type: 'ping' })).rejects.toMatchObject({ code: 2801 });
  });
});

describe('local call server: shutdown', () => {
  it('close() ends every session and connection and frees the port', async () => {
    const server = await startServer();
    const l = await link(server, 'alice');
    const raw = await RawClient.hello(server.url, 'bob');
    expect(server.clientCount()).toBe(2);
    const rawClosed = raw.closed();
    await server.close();
    expect(await rawClosed).toMatchObject({ code: 1001 });
    expect(server.clientCount()).toBe(0);
    expect(server.sessionCount()).toBe(0);
    await l.close();
    // Nothing listens any more.
    const refused = new Promise<string>((resolve) => {
      const ws = new WebSocket(server.url);
      ws.on('error', (err) => resolve((err as NodeJS.ErrnoException).code ?? 'error'));
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
    });
    expect(await refused).toBe('ECONNREFUSED');
    await server.close();
  });

  it('openServerLink rejects with 2801 when no server listens', async () => {
    await expect(
      openServerLink({
        url: 'ws://127.0.0.1:1/',
        userID: 'alice',
        WebSocket: WebSocket as unknown as WebSocketConstructorLike,
      }),
    ).rejects.toMatchObject({ code: 2801 });
  });
});
