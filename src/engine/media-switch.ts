import type { CallEvent } from '../machine/events';
import type { MediaType } from '../machine/types';
import type { SignalingPort } from '../ports/signaling';
import type { CallDescriptor } from '../protocol/types';
import { describe, invalidParam, refused, remember, repeated } from './engine-helpers';
import { CallError, CallErrorCode } from './errors';
import type { CallSnapshot } from './snapshot';
import type { Timers } from './timers';

/** TUICallKit's switch invitation rings for 30 s (payload M). */
const SWITCH_TIMEOUT_S = 30;

/** A video → audio switch this device asked for, until the peer answers or it times out. */
export interface PendingSwitch {
  readonly generation: number;
  inviteID: string | null;
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: CallError) => void;
}

/** What the switch needs from the engine. */
export interface SwitchHost {
  readonly signaling: SignalingPort;
  readonly snapshot: CallSnapshot;
  readonly generation: number;
  readonly ownInvites: Set<string>;
  send(event: CallEvent): void;
  isCurrent(generation: number): boolean;
  descriptor(): CallDescriptor;
  debug(what: string, error: unknown): void;
}

/**
 * Switching a 1v1 video call to audio (wire-protocol §9.7): the requester sends a switch invitation (M)
 * to the peer, whose engine accepts it automatically (N); both sides then switch. Only one at a time;
 * it fails (60001) when refused, unanswered in time, or not sent.
 */
export class MediaSwitch {
  readonly #host: SwitchHost;
  readonly #timers: Timers;
  /** How long to wait for the answer: the inviter's Chat timer plus the engine's grace. */
  readonly #waitMs: number;
  pending: PendingSwitch | null = null;

  constructor(host: SwitchHost, timers: Timers, graceMs: number) {
    this.#host = host;
    this.#timers = timers;
    this.#waitMs = SWITCH_TIMEOUT_S * 1000 + graceMs;
  }

  /**
   * `switchCallMediaType`: checks the call allows it, then asks the peer. Repeated while one is pending,
   * it returns the pending one.
   */
  switchTo(target: MediaType): Promise<void> {
    const snap = this.#host.snapshot;
    if (snap.status !== 'accepted') throw refused(`cannot switch media while ${snap.status}`);
    if (snap.scene !== 'single') {
      throw new CallError(
        CallErrorCode.SCENE_NOT_SUPPORTED,
        'switching media is only supported in 1v1 calls',
      );
    }
    if (this.pending) return this.pending.promise;
    if (snap.mediaType === target) throw repeated(`the call is already ${target}`);
    if (target === 'video') throw invalidParam('only switching from video to audio is supported');
    const peer = snap.participants[0]?.userID;
    if (!peer) throw refused('no peer to switch with');
    return this.#request(peer);
  }

  /** Sends the request to `peer`; the promise settles when the switch is done or has failed. */
  #request(peer: string): Promise<void> {
    if (this.pending) return this.pending.promise;
    let resolve!: () => void;
    let reject!: (error: CallError) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const pending: PendingSwitch = {
      generation: this.#host.generation,
      inviteID: null,
      promise,
      resolve,
      reject,
    };
    this.pending = pending;
    this.#timers.set('switch', this.#waitMs, () =>
      this.finish(new CallError(CallErrorCode.SWITCH_TO_AUDIO_FAILED, 'the peer did not answer the switch')),
    );
    this.#host.signaling
      .invite(
        { userID: peer },
        { type: 'switchToAudio', call: this.#host.descriptor() },
        { timeout: SWITCH_TIMEOUT_S },
      )
      .then(
        (inviteID) => {
          remember(this.#host.ownInvites, inviteID);
          if (this.pending === pending) pending.inviteID = inviteID;
        },
        (error) => {
          if (this.pending !== pending) return;
          this.finish(
            new CallError(
              CallErrorCode.SWITCH_TO_AUDIO_FAILED,
              `could not request the switch: ${describe(error)}`,
              error,
            ),
          );
        },
      );
    return promise;
  }

  /** Settles the pending switch: switched to audio, or failed with `error`. */
  finish(error?: CallError): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.#timers.clear('switch');
    if (error) {
      pending.reject(error);
      return;
    }
    this.#changed();
    pending.resolve();
  }

  /** The peer asked to switch to audio: agree (TUICallKit answers automatically), then switch. */
  applyRemote(inviteID: string): void {
    const host = this.#host;
    const generation = host.generation;
    host.signaling
      .accept(inviteID, { type: 'switchAccept', call: host.descriptor() })
      .then(() => {
        if (!host.isCurrent(generation)) return;
        this.#changed();
        if (this.pending) this.finish();
      })
      .catch((e) => host.debug('switch accept', e));
  }

  #changed(): void {
    const callId = this.#host.snapshot.callId;
    if (callId) this.#host.send({ type: 'MEDIA_CHANGED', callId, mediaType: 'audio' });
  }
}
