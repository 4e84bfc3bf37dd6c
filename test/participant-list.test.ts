import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FINAL_PARTICIPANT_STATUSES,
  liveCount,
  newParticipant,
  patchedPlaces,
  patchParticipant,
  placeOf,
} from '../src/machine/context';
import type { Participant, ParticipantStatus } from '../src/machine/types';

// The participant list helpers keep a memo on long lists (index, live count, which place a patch
// changed) so that a fact in a big group call costs O(1). These tests hold the memo to what a plain
// scan of the list says, across the length where the helpers switch from scanning to the memo.

const STATUSES: readonly ParticipantStatus[] = [
  'invited',
  'ringing',
  'accepted',
  'joined',
  'left',
  'rejected',
  'busy',
  'noResponse',
  'canceled',
];

type Op =
  | { kind: 'status'; who: number; status: ParticipantStatus }
  | { kind: 'audio'; who: number; on: boolean }
  | { kind: 'append' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('status' as const),
    who: fc.nat(60),
    status: fc.constantFrom(...STATUSES),
  }),
  fc.record({ kind: fc.constant('audio' as const), who: fc.nat(60), on: fc.boolean() }),
  fc.record({ kind: fc.constant('append' as const) }),
);

const listOf = (size: number): readonly Participant[] =>
  Array.from({ length: size }, (_, i) => newParticipant(`user-${i}`, 'invited'));

/** What the memo must agree with: the list scanned from the front. */
const scannedPlace = (list: readonly Participant[], id: string) => list.findIndex((p) => p.userID === id);
const scannedLive = (list: readonly Participant[]) =>
  list.filter((p) => !FINAL_PARTICIPANT_STATUSES.has(p.status)).length;
const scannedChanges = (before: readonly Participant[], after: readonly Participant[]) =>
  after.flatMap((p, i) => (before[i] === p ? [] : [i]));

describe('participant list helpers', () => {
  it('agree with a scan of the list for short and long lists, whatever the patches and appends', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.array(op, { maxLength: 60 }),
        fc.array(fc.boolean()),
        (size, ops, publishes) => {
          let list = listOf(size);
          let published = list;
          for (const [n, o] of ops.entries()) {
            const id = `user-${o.kind === 'append' ? list.length : o.who}`;
            if (o.kind === 'append') list = [...list, newParticipant(id, 'joined')];
            else if (o.kind === 'status') list = patchParticipant(list, id, { status: o.status });
            else list = patchParticipant(list, id, { audioAvailable: o.on });
            for (let i = 0; i <= list.length; i++) {
              const probe = `user-${i}`;
              expect(placeOf(list, probe)).toBe(scannedPlace(list, probe));
            }
            expect(liveCount(list)).toBe(scannedLive(list));
            // Diffs go forward snapshot by snapshot, a snapshot after one or several patches: when the
            // helper names places, they are exactly the ones that changed (it may also decline, and the
            // caller then compares every place).
            if (publishes[n] === false) continue;
            const places = patchedPlaces(published, list);
            if (places !== undefined) expect(places).toEqual(scannedChanges(published, list));
            published = list;
          }
        },
      ),
      { numRuns: 300, seed: 20261207 },
    );
  });

  it('leaves a patched list a plain array to apps: same keys, JSON and equality as a copy', () => {
    let list = listOf(30);
    list = patchParticipant(list, 'user-3', { status: 'joined' });
    expect(placeOf(list, 'user-3')).toBe(3);
    expect(Object.keys(list)).toEqual(Object.keys([...list]));
    expect(JSON.stringify(list)).toBe(JSON.stringify([...list]));
    expect(list).toStrictEqual([...list]);
  });

  it('works on a long list an app froze', () => {
    const list = Object.freeze([...listOf(30)]);
    expect(placeOf(list, 'user-29')).toBe(29);
    expect(liveCount(list)).toBe(30);
    const next = patchParticipant(list, 'user-29', { status: 'left' });
    expect(next[29]?.status).toBe('left');
    expect(liveCount(next)).toBe(29);
  });

  it('a patch that changes nothing returns the same list', () => {
    const list = listOf(30);
    expect(patchParticipant(list, 'user-1', { status: 'invited' })).toBe(list);
    expect(patchParticipant(list, 'nobody', { status: 'left' })).toBe(list);
  });
});
