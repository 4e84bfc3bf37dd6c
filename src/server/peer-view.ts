import type { ServerFrame } from '../local/frames';
import type { LocalTRTC } from '../local/local-trtc';
import { TRTC_EVENT } from '../tencent/trtc-types';

type PeerStreams = { audio: boolean; video: boolean };

const STREAM_EVENTS: Record<string, [keyof PeerStreams, boolean]> = {
  [TRTC_EVENT.REMOTE_AUDIO_AVAILABLE]: ['audio', true],
  [TRTC_EVENT.REMOTE_AUDIO_UNAVAILABLE]: ['audio', false],
  [TRTC_EVENT.REMOTE_VIDEO_AVAILABLE]: ['video', true],
  [TRTC_EVENT.REMOTE_VIDEO_UNAVAILABLE]: ['video', false],
};

/**
 * The room as one server-hosted TRTC client sees it, turned into frames: who else is there with which
 * streams. While `collecting` (between entering and the `rtc-members` roster) events only update the
 * view; otherwise each one is also sent as its `rtc-peer-*` frame.
 */
export class PeerView {
  readonly #peers = new Map<string, PeerStreams>();
  collecting = false;

  constructor(
    trtc: LocalTRTC,
    selfId: () => string,
    deliver: (frame: ServerFrame) => void,
    onKicked: () => void,
  ) {
    const send = (frame: ServerFrame) => {
      if (!this.collecting) deliver(frame);
    };
    trtc.on(TRTC_EVENT.REMOTE_USER_ENTER, ({ userId }: { userId: string }) => {
      this.#peers.set(userId, { audio: false, video: false });
      send({ type: 'rtc-peer-enter', userId });
    });
    trtc.on(TRTC_EVENT.REMOTE_USER_EXIT, ({ userId, reason }: { userId: string; reason?: number }) => {
      this.#peers.delete(userId);
      send({ type: 'rtc-peer-exit', userId, reason: reason ?? 0 });
    });
    for (const [event, [kind, available]] of Object.entries(STREAM_EVENTS)) {
      trtc.on(event, ({ userId }: { userId: string }) => {
        const streams = this.#peers.get(userId) ?? { audio: false, video: false };
        this.#peers.set(userId, streams);
        streams[kind] = available;
        send({ type: 'rtc-peer-publish', userId, audio: streams.audio, video: streams.video });
      });
    }
    // trtc-sdk-v5 reports the local link only; `network.setNetworkQuality` simulates it per user.
    trtc.on(
      TRTC_EVENT.NETWORK_QUALITY,
      (q: { uplinkNetworkQuality: number; downlinkNetworkQuality: number }) =>
        deliver({
          type: 'rtc-peer-quality',
          userId: selfId(),
          uplink: q.uplinkNetworkQuality,
          downlink: q.downlinkNetworkQuality,
        }),
    );
    trtc.on(TRTC_EVENT.KICKED_OUT, ({ reason }: { reason: 'kick' | 'banned' | 'room-disband' }) => {
      onKicked();
      deliver({ type: 'rtc-kicked', reason });
    });
  }

  /** Everyone else in the room with their streams (the `rtc-members` roster). */
  members(): { userId: string; audio: boolean; video: boolean }[] {
    return [...this.#peers].map(([userId, s]) => ({ userId, audio: s.audio, video: s.video }));
  }

  clear(): void {
    this.#peers.clear();
    this.collecting = false;
  }
}
