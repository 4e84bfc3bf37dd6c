import type { EngineCore } from './engine-core';
import { refused } from './engine-helpers';
import type { GroupCalls } from './group-calls';
import type { MediaFacts } from './media-facts';
import type { MediaSession } from './media-session';
import type { MediaSwitch } from './media-switch';
import type { NetworkPolicy } from './network-policy';
import type { CallSnapshot } from './snapshot';

/** What follows the call's status: ringtone, safety timers, media, the user status for other devices. */
export interface LifecycleDeps {
  readonly core: EngineCore;
  readonly media: MediaSession;
  readonly mediaFacts: MediaFacts;
  readonly policy: NetworkPolicy | undefined;
  readonly mediaSwitch: MediaSwitch;
  readonly group: GroupCalls;
}

/** Side effects of one snapshot change, run before apps hear of it. */
export function reactToCall(d: LifecycleDeps, prev: CallSnapshot, next: CallSnapshot): void {
  const { core, media } = d;
  const newCall = prev.callId !== next.callId && prev.callId !== null;
  if (prev.status !== next.status || newCall) {
    const ringtone = core.options.ringtone;
    if (next.status === 'calling') ringtone?.play('dialing');
    else if (next.status === 'ringing') ringtone?.play('ringing');
    else ringtone?.stop();
    core.timers.clear('safety');
    if (next.status === 'calling') {
      core.armSafetyNet();
    } else if (next.status === 'ringing') {
      // A new incoming call never shares a room with an earlier outgoing one (glare).
      if (media.room) void media.leave();
      core.armSafetyNet();
    } else if (next.status === 'accepted') {
      if (next.connectedAt === null) {
        core.timers.set('connect', core.options.connectTimeout ?? 15_000, () =>
          core.send({ type: 'PEER_MISSING', at: core.now() }),
        );
      }
      // Media can overtake signaling: the peer may have joined (and even left) the room before the
      // answer reached us. Replay what the room already showed.
      for (const userID of media.seen) core.send({ type: 'PEER_JOINED', userID, at: core.now() });
      for (const userID of media.seen) {
        if (!media.present.has(userID)) d.mediaFacts.onMedia({ type: 'remoteUserExit', userID });
      }
      void media.publish(next.mediaType === 'video');
    } else if (next.status === 'ended') {
      core.timers.clearAll();
      d.policy?.reset();
      // The floating window belongs to the call (the snapshot already reports it off).
      core.store.resetUi({ minimized: false });
      // Only a pending switch needs the error (building one, stack included, is not free).
      if (d.mediaSwitch.pending) d.mediaSwitch.finish(refused('the call ended'));
      void media.leave();
    }
  }
  if (prev.status !== next.status || newCall) core.arbiter.publishStatus(next.status, core.multiDevice);
  // A group call this device was in ended without its hang-up (which withdraws its own invitations),
  // and not because another device of the user took it over (the call goes on there, with them).
  if (
    next.status === 'ended' &&
    prev.scene === 'group' &&
    (prev.status === 'accepted' || prev.status === 'calling') &&
    next.endReason !== 'hangup' &&
    next.endReason !== 'canceled' &&
    next.endReason !== 'otherDeviceAccepted'
  ) {
    void d.group.endedWithoutLeaving(prev);
  }
  if (prev.connectedAt === null && next.connectedAt !== null) core.timers.clear('connect');
  if (next.status === 'accepted' && next.scene === 'group') d.group.watchArrivals(prev, next);
  if (!newCall && prev.mediaType === 'video' && next.mediaType === 'audio') void media.stopVideo();
}
