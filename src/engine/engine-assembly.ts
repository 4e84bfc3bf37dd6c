import type { MediaPort } from '../ports/media';
import { createChatAccount } from '../tencent/chat-account';
import { createChatSignaling } from '../tencent/chat-signaling';
import { createTRTCMedia } from '../tencent/trtc-media';
import { EngineCore, INVITER_EXTRA_MS, SAFETY_GRACE_MS } from './engine-core';
import { describe } from './engine-helpers';
import { CallErrorCode } from './errors';
import { GroupCalls } from './group-calls';
import { routeSignal } from './inbound-signals';
import type { InboundTargets } from './inbound-targets';
import { IncomingCalls } from './incoming-calls';
import { reactToCall } from './lifecycle-reactions';
import { MediaCommands } from './media-commands';
import { MediaFacts } from './media-facts';
import { MediaSession } from './media-session';
import { MediaSwitch } from './media-switch';
import type { NetworkPolicy } from './network-policy';
import type { CallEngineOptions } from './options';
import { OutgoingCalls } from './outgoing-calls';
import { UserSigWatch } from './user-sig-watch';

/** The engine's parts, wired: what the facade hands its commands to. */
export interface EngineParts {
  readonly core: EngineCore;
  readonly media: MediaSession;
  /** The opt-in network policy (`options.networkPolicy`), if any. */
  readonly policy: NetworkPolicy | undefined;
  readonly mediaSwitch: MediaSwitch;
  readonly outgoing: OutgoingCalls;
  readonly incoming: IncomingCalls;
  readonly group: GroupCalls;
  readonly userSig: UserSigWatch;
  readonly mediaCommands: MediaCommands;
  /** Removes what was registered on the ports and the ringtone. */
  readonly unlisten: (() => void)[];
}

/**
 * The composition root: default adapters from `chat` and `TRTC` (unless the options replace them),
 * the core, each concern, and the wiring of facts into them — signals to the router, media facts to
 * `MediaFacts`, snapshot changes to the lifecycle reactions. Options are validated already.
 */
export function assembleEngine(o: CallEngineOptions): EngineParts {
  const selfId = o.userID;
  const signaling =
    o.signaling ??
    createChatSignaling(o.chat, { userID: selfId, ...(o.platform ? { platform: o.platform } : {}) });
  const mediaPort: MediaPort =
    o.media ??
    createTRTCMedia(o.TRTC, {
      sdkAppId: o.sdkAppId,
      userId: selfId,
      userSig: o.userSig,
      ...(o.trtcCreateOptions ? { createOptions: o.trtcCreateOptions } : {}),
      ...(o.videoProfile ? { videoProfile: o.videoProfile } : {}),
      ...(o.denoiser ? { denoiser: o.denoiser } : {}),
    });
  const account = o.account ?? createChatAccount(o.chat, { userID: selfId });
  const core = new EngineCore({ selfId, options: o, signaling, account });
  const media: MediaSession = new MediaSession(
    mediaPort,
    (error, op) =>
      core.report(CallErrorCode.MEDIA_FAILED, `media operation ${op} failed: ${describe(error)}`, error),
    () => core.store.setUi({ cameraOn: media.cameraOn, microphoneOn: media.microphoneOn }),
  );
  const policy = o.networkPolicy?.({
    clock: core.clock,
    onWeak: ({ userID, quality }) =>
      core.emit('networkWeak', {
        callId: core.snapshot.callId,
        userID,
        quality,
        suggestion: 'switchToAudio',
      }),
    onRecovered: ({ userID }) => core.emit('networkRecovered', { callId: core.snapshot.callId, userID }),
    onProfile: (profile) => void media.setVideoProfile(profile).catch((e) => core.debug('profile', e)),
  });
  const unlisten: (() => void)[] = [];
  if (o.ringtone) {
    unlisten.push(o.ringtone.onBlocked(({ kind, error }) => core.emit('ringtoneBlocked', { kind, error })));
  }
  const mediaSwitch = new MediaSwitch(core, core.timers, INVITER_EXTRA_MS + SAFETY_GRACE_MS);
  const outgoing = new OutgoingCalls(core, media);
  const incoming = new IncomingCalls(core, media);
  const group = new GroupCalls(core, media);
  const mediaFacts = new MediaFacts(core, media, policy);
  const lifecycle = { core, media, mediaFacts, policy, mediaSwitch, group };
  core.store.react((prev, next) => reactToCall(lifecycle, prev, next));
  const targets: InboundTargets = {
    core,
    incoming,
    outgoing,
    group,
    mediaSwitch,
    isInRoom: (userID) => media.present.has(userID),
  };
  core.route = (fact) => routeSignal(targets, fact);
  unlisten.push(core.arbiter.mirrorStatus());
  unlisten.push(signaling.listen((fact) => core.dispatch(fact)));
  unlisten.push(mediaPort.listen((fact) => mediaFacts.onMedia(fact)));
  const userSig = new UserSigWatch(core);
  const mediaCommands = new MediaCommands(core, media, mediaPort, userSig);
  return { core, media, policy, mediaSwitch, outgoing, incoming, group, userSig, mediaCommands, unlisten };
}
