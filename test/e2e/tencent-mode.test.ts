/**
 * Tencent mode of the web demo, without Tencent: the demo server mints real UserSigs with
 * tls-sig-api-v2 (checked here against a fixed key), never exposes the SecretKey, and the demo's Tencent
 * branch (examples/web/tencent-backend.ts) runs a call with the local Chat/TRTC stand-ins injected in
 * place of `@tencentcloud/chat` and `trtc-sdk-v5`.
 */
import { createHmac } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectTencent, type TencentChatModule, type TencentDeps } from '../../examples/web/tencent-backend';
import { type RunningDemo, startDemo, tencentFromEnv } from '../../scripts/demo-server';
import { createCallEngine } from '../../src/index';
import { createLocalNetwork, type LocalNetwork } from '../../src/local/index';

const SDK_APP_ID = 1400000123;
const SECRET = 'test-secret-key-0123456789abcdef0123456789abcdef';

/** tls-sig-api-v2's encoding, reversed: base64url (`*-_` for `+/=`) of a zlib-deflated JSON document. */
function decodeSig(sig: string): Record<string, unknown> {
  const base64 = sig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
  return JSON.parse(inflateSync(Buffer.from(base64, 'base64')).toString('utf8'));
}

/** The HMAC Tencent's servers check (same content string as the library signs). */
function expectedHmac(doc: Record<string, unknown>): string {
  const content =
    `TLS.identifier:${doc['TLS.identifier']}\n` +
    `TLS.sdkappid:${doc['TLS.sdkappid']}\n` +
    `TLS.time:${doc['TLS.time']}\n` +
    `TLS.expire:${doc['TLS.expire']}\n`;
  return createHmac('sha256', SECRET).update(content).digest('base64');
}

/** `@tencentcloud/chat` stand-in: each create() is a local Chat client, with Tencent's createGroup shape. */
function chatModuleOn(network: LocalNetwork): TencentChatModule {
  return {
    EVENT: { SDK_READY: 'sdkStateReady' },
    TYPES: { GRP_WORK: 'Private' },
    create: () => {
      const chat = network.createChat();
      return Object.assign(chat, {
        async createGroup(options: { groupID?: string; memberList?: { userID: string }[] }) {
          network.createGroup(options.groupID ?? '', [
            chat.getLoginUser(),
            ...(options.memberList ?? []).map((m) => m.userID),
          ]);
        },
      });
    },
  };
}

describe('web demo, Tencent mode', () => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo({ port: 0, tencent: { sdkAppId: SDK_APP_ID, secretKey: SECRET } });
  }, 60_000);
  afterAll(() => demo?.close());

  test('the environment turns Tencent mode on only with both variables', () => {
    expect(tencentFromEnv({})).toBeUndefined();
    expect(tencentFromEnv({ TENCENT_SDKAPPID: '1400000123', TENCENT_SECRETKEY: 'k' })).toEqual({
      sdkAppId: 1400000123,
      secretKey: 'k',
    });
    expect(() => tencentFromEnv({ TENCENT_SDKAPPID: '1400000123' })).toThrow(/both/);
    expect(() => tencentFromEnv({ TENCENT_SDKAPPID: 'abc', TENCENT_SECRETKEY: 'k' })).toThrow(
      /positive integer/,
    );
  });

  test('the page is told Tencent mode and never sees the SecretKey', async () => {
    expect(demo.mode).toBe('tencent');
    const config = await (await fetch(new URL('/demo-config.json', demo.url))).json();
    expect(config).toEqual({ mode: 'tencent', sdkAppId: SDK_APP_ID, sigPath: '/api/usersig' });
    for (const path of ['/', '/index.html', '/style.css', '/app/main.js', '/demo-config.json']) {
      const response = await fetch(new URL(path, demo.url));
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).not.toContain(SECRET);
    }
  });

  test('/api/usersig mints a UserSig that verifies with the SecretKey', async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await fetch(new URL('/api/usersig?userID=alice_1', demo.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { sdkAppId: number; userSig: string };
    expect(body.sdkAppId).toBe(SDK_APP_ID);
    const doc = decodeSig(body.userSig);
    expect(doc).toMatchObject({
      'TLS.ver': '2.0',
      'TLS.identifier': 'alice_1',
      'TLS.sdkappid': SDK_APP_ID,
      'TLS.expire': 86_400,
    });
    expect(doc['TLS.time']).toBeGreaterThanOrEqual(before);
    expect(doc['TLS.time']).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(doc['TLS.sig']).toBe(expectedHmac(doc));
    // A different key does not verify: the check above is not vacuous.
    expect(createHmac('sha256', 'other').update('x').digest('base64')).not.toBe(doc['TLS.sig']);
  });

  test('/api/usersig refuses bad user IDs and other methods', async () => {
    for (const query of [
      '',
      '?userID=',
      '?userID=a%20b',
      `?userID=${'x'.repeat(33)}`,
      '?userID=%3Cscript%3E',
    ]) {
      expect((await fetch(new URL(`/api/usersig${query}`, demo.url))).status, query).toBe(400);
    }
    expect((await fetch(new URL('/api/usersig?userID=bob', demo.url), { method: 'POST' })).status).toBe(405);
    expect((await fetch(new URL('/nope', demo.url))).status).toBe(404);
  });

  test("the demo's Tencent branch places a call with injected Chat and TRTC stand-ins", async () => {
    const network = createLocalNetwork({ latencyMs: 5 });
    const deps: TencentDeps = {
      loadChat: async () => chatModuleOn(network),
      loadTRTC: async () => network.TRTC,
      // The real endpoint of the demo server.
      fetchUserSig: async (userID) =>
        (await fetch(new URL(`/api/usersig?userID=${userID}`, demo.url))).json(),
    };
    const alice = await connectTencent('alice', deps);
    const bob = await connectTencent('bob', deps);
    expect(alice.mode).toBe('tencent');
    expect(alice.sdkAppId).toBe(SDK_APP_ID);
    expect(decodeSig(alice.userSig)['TLS.identifier']).toBe('alice');

    const engines = [alice, bob].map((b, i) =>
      createCallEngine({
        userID: ['alice', 'bob'][i] as string,
        chat: b.chat,
        TRTC: b.TRTC,
        sdkAppId: b.sdkAppId,
        userSig: b.userSig,
      }),
    );
    const [aliceEngine, bobEngine] = engines as [
      ReturnType<typeof createCallEngine>,
      ReturnType<typeof createCallEngine>,
    ];
    await Promise.all([alice.login(), bob.login()]);

    await aliceEngine.call({ userID: 'bob', mediaType: 'audio' });
    await expect.poll(() => bobEngine.getSnapshot().status).toBe('ringing');
    await bobEngine.accept();
    await expect.poll(() => aliceEngine.getSnapshot().status).toBe('accepted');
    await aliceEngine.hangup();
    await expect.poll(() => bobEngine.getSnapshot().endReason).toBe('remoteHangup');

    // Groups go through Tencent's createGroup({ type, groupID, memberList }).
    await expect(alice.createGroup('team', ['alice', 'bob'])).resolves.toBeUndefined();

    for (const engine of engines) await engine.destroy();
    await Promise.all([alice.close(), bob.close()]);
    network.destroy();
  });
});
