import { describe, expect, it } from 'vitest';
import { names, pair } from './helpers/sim';

const LATENCY = 20;

describe('1v1 calls end to end on the local backend', () => {
  for (const mediaType of ['audio', 'video'] as const) {
    for (const hungUpBy of ['caller', 'callee'] as const) {
      it(`${mediaType} call: accept, talk 10 s, ${hungUpBy} hangs up — both end with reasons and durations`, async () => {
        const { sim, alice, bob } = await pair();
        const { callId } = await sim.run(alice.call({ userID: 'bob', mediaType, userData: 'u1' }));
        expect(alice.getSnapshot()).toMatchObject({ status: 'calling', role: 'caller', callId, mediaType });

        await sim.advance(1000);
        expect(bob.getSnapshot()).toMatchObject({
          status: 'ringing',
          role: 'callee',
          callId,
          callerId: 'alice',
        });
        expect(bob.events('callReceived')[0]?.payload).toEqual({
          callId,
          callerId: 'alice',
          calleeIds: ['bob'],
          groupId: '',
          mediaType,
          userData: 'u1',
        });

        await sim.run(bob.accept());
        await sim.advance(1000);
        for (const u of [alice, bob]) {
          expect(u.getSnapshot().status).toBe('accepted');
          expect(u.getSnapshot().participants[0]).toMatchObject({ status: 'joined', audioAvailable: true });
          expect(u.getSnapshot().participants[0]?.videoAvailable).toBe(mediaType === 'video');
        }
        expect(alice.getSnapshot().roomId).toBe(bob.getSnapshot().roomId);

        await sim.advance(10_000);
        const [leaver, stayer] = hungUpBy === 'caller' ? [alice, bob] : [bob, alice];
        await sim.run(leaver.hangup());
        await sim.advance(1000);

        expect(leaver.getSnapshot()).toMatchObject({
          status: 'ended',
          endReason: 'hangup',
          endReasonCode: 1,
        });
        expect(stayer.getSnapshot()).toMatchObject({
          status: 'ended',
          endReason: 'remoteHangup',
          endReasonCode: 1,
        });
        for (const u of [alice, bob]) {
          const ended = u.events('callEnded');
          expect(ended).toHaveLength(1);
          expect(ended[0]?.payload.connected).toBe(true);
          // ~11 s in the call, give or take the message latencies between accept and hang-up.
          expect(ended[0]?.payload.durationMs).toBeGreaterThanOrEqual(11_000 - 4 * LATENCY);
          expect(ended[0]?.payload.durationMs).toBeLessThanOrEqual(11_000 + 4 * LATENCY);
        }
        expect(names(alice, ['userVolumeChanged', 'networkQualityChanged'])).toEqual([
          // The callee captures before it answers (a missing microphone must not make a half-open
          // call), so its streams reach the caller just before its accept does.
          'userAudioAvailable',
          ...(mediaType === 'video' ? ['userVideoAvailable'] : []),
          'userAccepted',
          'callAccepted',
          'userJoined',
          // The leaving side stops its camera, then its microphone, then leaves the room.
          ...(hungUpBy === 'callee'
            ? [...(mediaType === 'video' ? ['userVideoAvailable'] : []), 'userAudioAvailable', 'userLeft']
            : []),
          'callEnded',
        ]);
      });
    }
  }

  it('reject: the callee declines, the caller ends remoteRejected', async () => {
    const { sim, alice, bob } = await pair();
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(500);
    await sim.run(bob.reject());
    await sim.advance(500);
    expect(bob.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'rejected' });
    expect(alice.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'remoteRejected' });
    expect(alice.getSnapshot().participants[0]?.status).toBe('rejected');
    expect(names(alice)).toEqual(['userRejected', 'callEnded']);
    expect(alice.events('callEnded')[0]?.payload).toMatchObject({ connected: false, durationMs: 0 });
  });

  it('cancel: the caller hangs up while the callee rings', async () => {
    const { sim, alice, bob } = await pair();
    await sim.run(alice.call({ userID: 'bob', mediaType: 'video' }));
    await sim.advance(500);
    expect(bob.getSnapshot().status).toBe('ringing');
    await sim.run(alice.hangup());
    await sim.advance(500);
    expect(alice.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'canceled' });
    expect(bob.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'remoteCanceled' });
    expect(names(bob)).toEqual(['callReceived', 'callEnded']);
  });

  it('no answer: both sides end noResponse at the timeout, not before', async () => {
    const { sim, alice, bob } = await pair();
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio', timeout: 20 }));
    await sim.advance(19_900);
    expect(alice.getSnapshot().status).toBe('calling');
    expect(bob.getSnapshot().status).toBe('ringing');
    await sim.advance(500);
    expect(bob.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'noResponse' });
    expect(alice.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'noResponse' });
    expect(alice.getSnapshot().participants[0]?.status).toBe('noResponse');
    expect(names(alice)).toEqual(['userNoResponse', 'callEnded']);
  });

  it('line busy: a call to a user in a call ends lineBusy for the caller and leaves the callee untouched', async () => {
    const { sim, alice, bob } = await pair();
    const carol = sim.user('carol');
    await sim.advance(100);
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(200);
    await sim.run(bob.accept());
    await sim.advance(500);
    const bobBefore = bob.getSnapshot();
    const bobEvents = bob.events().length;

    await sim.run(carol.call({ userID: 'bob', mediaType: 'video' }));
    await sim.advance(500);
    expect(carol.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'lineBusy', endReasonCode: 5 });
    expect(carol.getSnapshot().participants[0]?.status).toBe('busy');
    expect(names(carol)).toEqual(['userBusy', 'callEnded']);
    expect(bob.getSnapshot()).toBe(bobBefore);
    expect(bob.events().length).toBe(bobEvents);
    expect(alice.getSnapshot().status).toBe('accepted');
  });

  it('ignore(): stops ringing on this device without a signal; the caller keeps calling until its timeout', async () => {
    const { sim, alice, bob } = await pair();
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio', timeout: 30 }));
    await sim.advance(500);
    bob.ignore();
    expect(bob.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'noResponse' });
    await sim.advance(10_000);
    expect(alice.getSnapshot().status).toBe('calling');
    await sim.advance(30_000);
    expect(alice.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'noResponse' });
    expect(bob.events('warning')).toEqual([]);
  });

  for (const requester of ['caller', 'callee'] as const) {
    it(`switch video → audio requested by the ${requester}: both on audio, mediaTypeChanged on both`, async () => {
      const { sim, alice, bob } = await pair();
      await sim.run(alice.call({ userID: 'bob', mediaType: 'video' }));
      await sim.advance(200);
      await sim.run(bob.accept());
      await sim.advance(500);
      const who = requester === 'caller' ? alice : bob;
      await sim.run(who.switchCallMediaType('audio'));
      await sim.advance(500);
      for (const u of [alice, bob]) {
        expect(u.getSnapshot().mediaType).toBe('audio');
        expect(u.events('mediaTypeChanged').map((e) => e.payload)).toEqual([
          { callId: u.getSnapshot().callId, oldMediaType: 'video', newMediaType: 'audio' },
        ]);
        expect(u.getSnapshot().participants[0]?.videoAvailable).toBe(false);
        expect(u.getSnapshot().status).toBe('accepted');
      }
    });
  }

  it('switch requested by both sides at once still leaves both on audio', async () => {
    const { sim, alice, bob } = await pair();
    await sim.run(alice.call({ userID: 'bob', mediaType: 'video' }));
    await sim.advance(200);
    await sim.run(bob.accept());
    await sim.advance(500);
    const both = Promise.all([alice.switchCallMediaType('audio'), bob.switchCallMediaType('audio')]);
    await sim.run(both);
    await sim.advance(500);
    expect([alice.getSnapshot().mediaType, bob.getSnapshot().mediaType]).toEqual(['audio', 'audio']);
    expect(alice.events('mediaTypeChanged')).toHaveLength(1);
    expect(bob.events('mediaTypeChanged')).toHaveLength(1);
  });

  it('glare: both call each other at the same moment and end up in one call they agree on', async () => {
    const { sim, alice, bob } = await pair();
    const a = alice.call({ userID: 'bob', mediaType: 'video' });
    const b = bob.call({ userID: 'alice', mediaType: 'video' });
    const [ra, rb] = await Promise.allSettled([sim.run(a), sim.run(b)]);
    await sim.advance(2000);
    expect(alice.getSnapshot().status).toBe('accepted');
    expect(bob.getSnapshot().status).toBe('accepted');
    // The call placed by the smaller user ID wins on both sides.
    expect(ra.status).toBe('fulfilled');
    const winner = ra.status === 'fulfilled' ? ra.value.callId : '';
    expect(alice.getSnapshot().callId).toBe(winner);
    expect(bob.getSnapshot().callId).toBe(winner);
    expect(bob.getSnapshot().role).toBe('callee');
    expect(rb.status === 'rejected' || rb.value.callId !== winner).toBe(true);
    expect(alice.getSnapshot().participants[0]?.status).toBe('joined');
  });

  for (const gap of [0, LATENCY / 2, LATENCY, (3 * LATENCY) / 2, 2 * LATENCY, 3 * LATENCY]) {
    it(`cancel racing accept (cancel ${gap} ms after accept) ends the same way on both sides`, async () => {
      const { sim, alice, bob } = await pair();
      await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
      await sim.advance(500);
      const accepting = bob.accept().catch(() => 'refused');
      await sim.advance(gap);
      await sim.run(alice.hangup());
      await sim.run(accepting);
      await sim.advance(30_000);
      expect(alice.getSnapshot().status).toBe('ended');
      expect(bob.getSnapshot().status).toBe('ended');
      // Whichever reached Chat first decides, and both sides agree: a cancel that got there first ends
      // the call as canceled on both; an accept that got there first makes it an answered call that
      // the caller hung up.
      const outcome = [alice.getSnapshot().endReason, bob.getSnapshot().endReason];
      const connected = [alice, bob].map((u) => u.events('callEnded')[0]?.payload.connected);
      expect([
        ['canceled', 'remoteCanceled', false, false],
        ['hangup', 'remoteHangup', true, true],
      ]).toContainEqual([...outcome, ...connected]);
      // An accept that reached the caller well before the hang-up was an answered call.
      if (gap >= 3 * LATENCY) expect(outcome).toEqual(['hangup', 'remoteHangup']);
    });
  }
});
