import type { MediaFact } from '../ports/media';
import type { EngineCore } from './engine-core';
import type { MediaSession } from './media-session';
import type { NetworkPolicy } from './network-policy';
import { sendHangupRecord } from './outbound-signals';

/** Turns what the media room reports (people, their tracks, volume, quality, connection) into state. */
export class MediaFacts {
  readonly #core: EngineCore;
  readonly #media: MediaSession;
  readonly #policy: NetworkPolicy | undefined;

  constructor(core: EngineCore, media: MediaSession, policy: NetworkPolicy | undefined) {
    this.#core = core;
    this.#media = media;
    this.#policy = policy;
  }

  onMedia(fact: MediaFact): void {
    const core = this.#core;
    if (core.destroyed) return;
    const at = core.now();
    this.#media.observe(fact);
    switch (fact.type) {
      case 'remoteUserEnter':
        this.#media.present.add(fact.userID);
        this.#media.seen.add(fact.userID);
        // Before the call is accepted the machine has no use for it: acceptance replays `seen`.
        if (core.snapshot.status === 'accepted') core.send({ type: 'PEER_JOINED', userID: fact.userID, at });
        return;
      case 'remoteUserExit': {
        this.#media.present.delete(fact.userID);
        this.#policy?.forget(fact.userID);
        const before = core.snapshot;
        core.send({ type: 'PEER_LEFT', userID: fact.userID, at });
        const after = core.snapshot;
        if (before.status === 'accepted' && after.status === 'ended' && after.scene === 'single') {
          sendHangupRecord(core, after);
        }
        return;
      }
      case 'remoteAudioAvailable':
        core.send({ type: 'PEER_AUDIO', userID: fact.userID, available: fact.available });
        return;
      case 'remoteVideoAvailable':
        core.send({ type: 'PEER_VIDEO', userID: fact.userID, available: fact.available });
        return;
      case 'audioVolume':
        core.send({ type: 'PEER_VOLUME', volumes: fact.volumes.filter((v) => v.userID !== '') });
        return;
      case 'networkQuality':
        if (core.snapshot.status === 'accepted') this.#policy?.sample(fact.userID, fact.quality);
        if (fact.userID !== '')
          core.send({ type: 'PEER_QUALITY', userID: fact.userID, quality: fact.quality });
        else core.store.setUi({ networkQuality: fact.quality });
        return;
      case 'connectionState':
        core.store.setUi({ connection: fact.state });
        core.emit('connectionChanged', { state: fact.state });
        return;
      case 'autoplayFailed':
        core.emit('autoplayFailed', { userID: fact.userID });
        return;
      case 'kicked':
        // TRTC kicks the older of two clients of one user in a room: another device took the call.
        if (fact.reason === 'kick' && core.snapshot.status === 'accepted') {
          core.send({ type: 'REPLACED', at });
          return;
        }
        core.emit('kickedOffline', { reason: fact.reason });
        core.send({ type: 'FAIL', at });
        return;
      case 'error':
        core.emit('error', { code: fact.code, message: fact.message });
        return;
      case 'deviceChanged':
        core.emit('deviceChanged', { kind: fact.kind, action: fact.action, device: fact.device });
        return;
    }
  }
}
