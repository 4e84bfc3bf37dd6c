import type { CallEvent } from '../machine/events';
import type { EngineCore } from './engine-core';
import type { GroupCalls } from './group-calls';
import type { IncomingCalls } from './incoming-calls';
import type { MediaSwitch } from './media-switch';
import type { OutgoingCalls } from './outgoing-calls';

/** What inbound routing consults and acts on: the core and the concerns that own the call's state. */
export interface InboundTargets {
  readonly core: EngineCore;
  readonly incoming: IncomingCalls;
  readonly outgoing: OutgoingCalls;
  readonly group: GroupCalls;
  readonly mediaSwitch: MediaSwitch;
  /** Whether `userID` is in this device's media room right now. */
  isInRoom(userID: string): boolean;
}

/** Sends `event` only if the machine takes it: facts that change nothing are dropped quietly. */
export function sendIfApplies(core: EngineCore, event: CallEvent): void {
  if (core.can(event)) core.send(event);
}

/** The call an invitation belongs to: mid-call invitations map to the first invitation's id. */
export function callIdOf(core: EngineCore, inviteID: string): string {
  return core.callInvites.has(inviteID) ? (core.snapshot.callId ?? inviteID) : inviteID;
}
