import { describe, expect, it, vi } from 'vitest';
import { CallError, CallErrorCode, createCallEngine, isCallError } from '../src/index';
import { createLocalNetwork } from '../src/local/index';
import { pair, simulation } from './helpers/sim';

async function expectCallError(
  promise: Promise<unknown> | (() => unknown),
  code: number,
): Promise<CallError> {
  let error: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (e) {
    error = e;
  }
  expect(isCallError(error), `expected a CallError ${code}, got ${String(error)}`).toBe(true);
  expect((error as CallError).code).toBe(code);
  expect((error as CallError).message.length).toBeGreaterThan(5);
  return error as CallError;
}

describe('engine facade: commands validate input and refuse cleanly', () => {
  it('rejects bad call parameters with -1202 and changes nothing', async () => {
    const { sim, alice } = await pair();
    const before = alice.getSnapshot();
    const bad: unknown[] = [
      undefined,
      null,
      'bob',
      {},
      { userID: '', mediaType: 'audio' },
      { userID: 42, mediaType: 'audio' },
      { userID: 'bob' },
      { userID: 'bob', mediaType: 'screen' },
      { userID: 'alice', mediaType: 'audio' },
      { userID: 'bob', mediaType: 'audio', timeout: 0 },
      { userID: 'bob', mediaType: 'audio', timeout: 1.5 },
      { userID: 'bob', mediaType: 'audio', timeout: '30' },
      { userID: 'bob', mediaType: 'audio', userData: 7 },
      { userID: 'bob', mediaType: 'audio', userData: 'x'.repeat(9000) },
      { userID: 'bob', mediaType: 'audio', roomID: 0 },
      { userID: 'bob', mediaType: 'audio', roomID: 2 ** 31 },
      { userID: 'bob', mediaType: 'audio', strRoomID: '' },
      { userID: 'bob', mediaType: 'audio', strRoomID: 'r'.repeat(65) },
      { userID: 'bob', mediaType: 'audio', roomID: 5, strRoomID: 'r' },
      { userID: 'bob', mediaType: 'audio', offlinePushInfo: 'push' },
      { userID: 'b'.repeat(46), mediaType: 'audio' },
    ];
    for (const params of bad) {
      await expectCallError(sim.run(alice.call(params as never)), CallErrorCode.PARAM_INVALID);
    }
    expect(alice.getSnapshot()).toBe(before);
    await expectCallError(sim.run(alice.switchCallMediaType('fax' as never)), CallErrorCode.PARAM_INVALID);
  });

  it('refuses commands the current state does not allow with -1203, changing nothing', async () => {
    const { sim, alice, bob } = await pair();
    const idle = alice.getSnapshot();
    await expectCallError(sim.run(alice.accept()), CallErrorCode.REQUEST_REFUSED);
    await expectCallError(sim.run(alice.reject()), CallErrorCode.REQUEST_REFUSED);
    await expectCallError(() => alice.ignore(), CallErrorCode.REQUEST_REFUSED);
    await expectCallError(sim.run(alice.switchCallMediaType('audio')), CallErrorCode.REQUEST_REFUSED);
    expect(alice.getSnapshot()).toBe(idle);

    await sim.run(alice.call({ userID: 'bob', mediaType: 'video' }));
    const calling = alice.getSnapshot();
    await expectCallError(
      sim.run(alice.call({ userID: 'carol', mediaType: 'audio' })),
      CallErrorCode.REQUEST_REFUSED,
    );
    await expectCallError(sim.run(alice.accept()), CallErrorCode.REQUEST_REFUSED);
    expect(alice.getSnapshot()).toBe(calling);
    await sim.advance(200);
    await expectCallError(
      sim.run(bob.call({ userID: 'carol', mediaType: 'audio' })),
      CallErrorCode.REQUEST_REFUSED,
    );
  });

  it('a second accept while the first is in flight answers -1204 and accepts once', async () => {
    const { sim, alice, bob } = await pair();
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    const first = bob.accept();
    await expectCallError(bob.accept(), CallErrorCode.REQUEST_REPEATED);
    await sim.run(first);
    await sim.advance(200);
    expect(bob.getSnapshot().status).toBe('accepted');
    expect(bob.events('callAccepted')).toHaveLength(1);
    expect(alice.events('userAccepted')).toHaveLength(1);
  });

  it('hangup is idempotent: twice at once sends one cancel; with no call it resolves and changes nothing', async () => {
    const { sim, alice, bob } = await pair();
    const idle = alice.getSnapshot();
    await sim.run(alice.hangup());
    expect(alice.getSnapshot()).toBe(idle);
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    const cancel = vi.spyOn(alice.chat, 'cancel');
    await sim.run(Promise.all([alice.hangup(), alice.hangup()]));
    expect(cancel).toHaveBeenCalledTimes(1);
    await sim.advance(200);
    expect(bob.getSnapshot().endReason).toBe('remoteCanceled');
  });

  it('hangup() while call() is still checking the edition stops the call before anything is sent', async () => {
    const { sim, alice, bob } = await pair();
    const invite = vi.spyOn(alice.chat, 'invite');
    const placing = alice.call({ userID: 'bob', mediaType: 'audio' });
    await sim.run(alice.hangup());
    await expectCallError(sim.run(placing), CallErrorCode.REQUEST_REFUSED);
    await sim.advance(1000);
    expect(invite).not.toHaveBeenCalled();
    expect(alice.getSnapshot().status).toBe('idle');
    expect(bob.getSnapshot().status).toBe('idle');
  });

  it('switching to video or to the current media type is refused clearly', async () => {
    const { sim, alice, bob } = await pair();
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    await sim.run(bob.accept());
    await sim.advance(200);
    await expectCallError(sim.run(alice.switchCallMediaType('audio')), CallErrorCode.REQUEST_REPEATED);
    await expectCallError(sim.run(alice.switchCallMediaType('video')), CallErrorCode.PARAM_INVALID);
  });

  it('createCallEngine validates its options', () => {
    expect(() => createCallEngine(undefined as never)).toThrow(CallError);
    expect(() => createCallEngine({ userID: '' } as never)).toThrow(CallError);
    expect(() => createCallEngine({ userID: 'a', chat: null } as never)).toThrow(/chat/);
  });

  it('every bad option is a -1202 naming it, a TRTC without a static create() included', () => {
    const network = createLocalNetwork();
    const good = { userID: 'a', chat: network.createChat(), TRTC: network.TRTC, sdkAppId: 1, userSig: 's' };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ chat: 'chat' }, /chat/],
      [{ TRTC: undefined }, /TRTC/],
      [{ TRTC: {} }, /create\(\)/],
      [{ TRTC: { create: 'no' } }, /create\(\)/],
      [{ sdkAppId: 0 }, /sdkAppId/],
      [{ sdkAppId: '1400000000' }, /sdkAppId/],
      [{ userSig: 42 }, /userSig/],
      [{ timeout: 0 }, /timeout/],
      [{ networkPolicy: {} }, /networkPolicy/],
    ];
    for (const [patch, message] of cases) {
      expect(() => createCallEngine({ ...good, ...patch } as never)).toThrow(
        expect.objectContaining({
          code: CallErrorCode.PARAM_INVALID,
          message: expect.stringMatching(message),
        }),
      );
    }
    network.destroy();
  });
});

describe('engine facade: snapshot, subscribe and events', () => {
  it('the snapshot is frozen and the same object until something changes', async () => {
    const { sim, alice } = await pair();
    const s1 = alice.getSnapshot();
    expect(Object.isFrozen(s1)).toBe(true);
    expect(alice.getSnapshot()).toBe(s1);
    await sim.advance(5000);
    expect(alice.getSnapshot()).toBe(s1);
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    expect(alice.getSnapshot()).not.toBe(s1);
    expect(s1.status).toBe('idle');
  });

  it('subscribe gets every change and stops after unsubscribe', async () => {
    const { sim, alice, bob } = await pair();
    const seen: string[] = [];
    const off = alice.subscribe((s) => seen.push(s.status));
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    await sim.run(bob.reject());
    await sim.advance(200);
    off();
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    expect(seen[0]).toBe('calling');
    expect(seen.at(-1)).toBe('ended');
    expect(alice.getSnapshot().status).toBe('calling');
  });

  it('on() returns an unsubscribe, once() fires once, and a throwing listener never breaks the engine', async () => {
    const { sim, alice, bob } = await pair();
    const errors: string[] = [];
    bob.on('error', (e) => errors.push(e.message));
    bob.on('callReceived', () => {
      throw new Error('app bug');
    });
    const received = vi.fn();
    const once = vi.fn();
    const off = bob.on('callReceived', received);
    bob.once('callEnded', once);
    const throwingSubscriber = vi.fn(() => {
      throw new Error('subscriber bug');
    });
    bob.subscribe(throwingSubscriber);

    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    expect(bob.getSnapshot().status).toBe('ringing');
    expect(received).toHaveBeenCalledTimes(1);
    expect(errors.some((m) => m.includes('app bug'))).toBe(true);
    expect(errors.some((m) => m.includes('subscriber bug'))).toBe(true);
    off();
    await sim.run(bob.reject());
    await sim.advance(200);
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    await sim.run(bob.reject());
    expect(received).toHaveBeenCalledTimes(1);
    expect(once).toHaveBeenCalledTimes(1);
    expect(alice.getSnapshot().status).toBe('calling');
  });

  it('destroy() leaves no timers or listeners and later commands fail with a CallError', async () => {
    const sim = await simulation();
    const alice = sim.user('alice');
    const bob = sim.user('bob');
    await sim.advance(100);
    await sim.run(alice.call({ userID: 'bob', mediaType: 'video' }));
    await sim.advance(200);
    await sim.run(bob.accept());
    await sim.advance(200);
    await sim.run(alice.destroy());
    await sim.advance(1000);
    expect(bob.getSnapshot().endReason).toBe('remoteHangup');
    await expectCallError(
      sim.run(alice.call({ userID: 'bob', mediaType: 'audio' })),
      CallErrorCode.INIT_FAIL,
    );
    await sim.run(bob.destroy());
    await sim.run(alice.chat.destroy());
    await sim.run(bob.chat.destroy());
    await sim.advance(60_000);
    sim.network.destroy();
    expect(sim.clock.pending).toBe(0);
  });
});
