/**
 * Counterexamples the fault campaign (`npm run soak`) found, replayed as plain scenarios so they stay
 * fixed whatever the generators become. Each names the bug it exposed.
 */
import { describe, expect, it } from 'vitest';
import { check } from './soak/campaign';
import type { Scenario } from './soak/scenario';

describe('fault campaign counterexamples', () => {
  it('a device that crashes while it joins a group call never enters the room, so its peer is not left in the call with a ghost', async () => {
    // alice-3 starts joining alice-1's call and crashes in the same instant, before its first TRTC
    // client exists. That client was created after the crash, alive: it entered the room and stayed
    // there for good, so bob, who accepted, saw alice joined forever and never ended.
    const scenario: Scenario = {
      devices: [3, 1, 1],
      mode: 'lossy',
      faults: [{ delayMs: 30 }],
      steps: [
        { kind: 'groupCall', who: 0, pause: 0, overlap: false, invitees: [1], mediaType: 'audio' },
        { kind: 'join', who: 13, pause: 0, overlap: true },
        { kind: 'crash', who: 2 },
        { kind: 'groupCall', who: 0, pause: 100, overlap: false, invitees: [0], mediaType: 'audio' },
        { kind: 'accept', who: 0, pause: 0, overlap: false },
      ],
    };
    expect((await check(scenario)).problems).toEqual([]);
  });
});
