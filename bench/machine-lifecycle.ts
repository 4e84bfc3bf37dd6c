/**
 * The call machine alone: the events a full 1v1 lifecycle sends to the caller's and the callee's
 * machines, sent straight to two xstate actors with no engine around them. What this costs is a floor
 * under the engine-only figure: no change outside the machine can make a lifecycle cheaper than it.
 */
import { createActor } from 'xstate';
import type { CallMachine } from '../src/machine/call-machine';
import type { CallEvent } from '../src/machine/events';

const SETUP = {
  scene: 'single',
  groupId: '',
  roomId: 1,
  strRoomId: '',
  mediaType: 'video',
  userData: '',
} as const;

export interface MachineLifecycle {
  /** Runs one lifecycle on both machines; throws if they do not both end. */
  run(): void;
  /** Machine events per lifecycle, both sides. */
  readonly events: number;
}

export function machineLifecycle(machine: CallMachine): MachineLifecycle {
  const start = (selfId: string) => {
    const actor = createActor(machine, { input: { selfId } });
    actor.subscribe(() => {});
    actor.start();
    return actor;
  };
  const caller = start('alice');
  const callee = start('bob');
  let n = 0;
  // In the order the engine-only lifecycle sends them (media reaches the callee before the accept's
  // echo, as on the fake ports); 'accept' moves the callee within `ringing` (the engine's idempotence).
  const script = (callId: string): [typeof caller, CallEvent][] => [
    [caller, { type: 'DIAL', callerId: 'alice', calleeIds: ['bob'], at: 1, ...SETUP }],
    [caller, { type: 'INVITE_SENT', callId }],
    [callee, { type: 'INCOMING', callId, callerId: 'alice', calleeIds: ['bob'], at: 1, ...SETUP }],
    [callee, { type: 'ACCEPT', at: 2 }],
    [callee, { type: 'PEER_AUDIO', userID: 'alice', available: true }],
    [callee, { type: 'PEER_VIDEO', userID: 'alice', available: true }],
    [callee, { type: 'ACCEPT_SENT', at: 2 }],
    [callee, { type: 'PEER_JOINED', userID: 'alice', at: 2 }],
    [caller, { type: 'PEER_AUDIO', userID: 'bob', available: true }],
    [caller, { type: 'PEER_VIDEO', userID: 'bob', available: true }],
    [caller, { type: 'REMOTE_ACCEPTED', callId, userID: 'bob', at: 3 }],
    [caller, { type: 'PEER_JOINED', userID: 'bob', at: 3 }],
    [caller, { type: 'HANGUP', at: 4 }],
    [callee, { type: 'PEER_VIDEO', userID: 'alice', available: false }],
    [callee, { type: 'PEER_AUDIO', userID: 'alice', available: false }],
    [callee, { type: 'PEER_LEFT', userID: 'alice', at: 5 }],
  ];
  return {
    events: script('').length,
    run() {
      for (const [actor, event] of script(`call-${n++}`)) actor.send(event);
      const ends = [caller, callee].map((a) => a.getSnapshot().value);
      if (ends.some((v) => v !== 'ended')) throw new Error(`the machines did not end: ${ends.join(', ')}`);
    },
  };
}
