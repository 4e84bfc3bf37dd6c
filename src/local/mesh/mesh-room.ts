import { isRecord } from '../../protocol/util';
import { TRTC_EVENT } from '../../tencent/trtc-types';
import type { ServerFrame, ServerLink } from '../frames';
import type { LocalCapture } from './local-media';
import { type MediaKind, MeshPeer } from './peer';
import { combineQuality } from './quality';
import type { AutoplayFailed, AutoplayGuard } from './remote-media';
import { RemoteUser } from './remote-media';
import { parseSignal } from './signal';

/** What a room session needs from its client. */
export interface MeshRoomDeps {
  link: ServerLink;
  userId: string;
  RTCPeerConnection: typeof RTCPeerConnection | undefined;
  iceServers: RTCIceServer[];
  doc: Document | undefined;
  guard: AutoplayGuard | undefined;
  capture: LocalCapture;
  emit(event: string, payload: object): void;
  autoplayFailed: AutoplayFailed;
  sinkId(): string | undefined;
  /** The server removed this client from the room (`rtc-kicked`). */
  kicked(reason: string): void;
  onError(err: unknown): void;
}

interface Member {
  audio: boolean;
  video: boolean;
}

/** Mesh-wide quality with the averages TRTC's `network-quality` event also carries. */
export interface MeshQuality {
  uplink: number;
  downlink: number;
  rttMs: number;
  /** Packet loss in percent. */
  loss: number;
  /** The quality of the link with each peer (0–6). */
  remote: { userId: string; quality: number }[];
}

const MAX_USER_ID = 128;
/** The server's kick reasons (either spelling) → TRTC's `kicked-out` reasons. */
const KICK_REASONS: Readonly<Record<string, string>> = Object.freeze({
  kick: 'kick',
  banned: 'banned',
  'room-disband': 'room_disband',
  room_disband: 'room_disband',
});
const validUserId = (v: unknown): v is string => typeof v === 'string' && v !== '' && v.length <= MAX_USER_ID;

/**
 * One `enterRoom` session: the members the server reported with their published streams, one
 * {@link MeshPeer} per member (when WebRTC exists) and their media in the page. Server frames are
 * untrusted and validated here; frames that arrive before the enter completed are held until
 * {@link ready}, so the welcome events follow the settled `enterRoom` (as with the simulated client).
 */
export class MeshRoom {
  readonly members = new Map<string, Member>();
  readonly #peers = new Map<string, MeshPeer>();
  readonly #remotes = new Map<string, RemoteUser>();
  readonly #d: MeshRoomDeps;
  #held: ServerFrame[] | undefined = [];
  /** What the server knows we publish; `undefined` after a failed update, so the next one resends. */
  #published: { audio: boolean; video: boolean } | undefined = { audio: false, video: false };
  #closed = false;

  constructor(deps: MeshRoomDeps) {
    this.#d = deps;
  }

  /** The enter completed: handle the held frames and go live. */
  ready(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    this.syncPublish();
    for (const frame of held) this.handle(frame);
  }

  handle(frame: ServerFrame): void {
    if (this.#closed) return;
    if (this.#held) {
      if (frame.type.startsWith('rtc-')) this.#held.push(frame);
      return;
    }
    switch (frame.type) {
      case 'rtc-members':
        if (!Array.isArray(frame.members)) return;
        for (const m of frame.members) {
          if (isRecord(m) && validUserId(m.userId))
            this.#join(m.userId, m.audio === true, m.video === true, true);
        }
        return;
      case 'rtc-peer-enter':
        if (validUserId(frame.userId)) this.#join(frame.userId, false, false, false);
        return;
      case 'rtc-peer-publish':
        if (this.members.has(frame.userId))
          this.#streams(frame.userId, frame.audio === true, frame.video === true);
        return;
      case 'rtc-peer-exit': {
        const r = frame.reason;
        this.#leave(frame.userId, Number.isInteger(r) && r >= 0 && r <= 3 ? r : 0);
        return;
      }
      case 'rtc-signal':
        this.#signal(frame.from, frame.data);
        return;
      case 'rtc-kicked':
        this.#d.kicked(
          Object.hasOwn(KICK_REASONS, frame.reason) ? (KICK_REASONS[frame.reason] as string) : 'kick',
        );
        return;
    }
  }

  /** Tells the server what this client publishes, when that changed (mute included). */
  syncPublish(): void {
    if (this.#closed || this.#held) return;
    const audio = this.#d.capture.available('audio');
    const video = this.#d.capture.available('video');
    if (audio === this.#published?.audio && video === this.#published.video) return;
    const sent = { audio, video };
    this.#published = sent;
    this.#d.link.request({ type: 'rtc-publish', audio, video }).catch(() => {
      // Lost with the link or refused: resend on the next change or reconnect.
      if (this.#published === sent) this.#published = undefined;
    });
  }

  /** The local track of `kind` changed: send the new one to every peer, and update the published state. */
  trackChanged(kind: MediaKind): void {
    if (this.#closed) return;
    const track = this.#d.capture.sending(kind);
    for (const peer of this.#peers.values()) void peer.setTrack(kind, track);
    if (kind === 'video') for (const peer of this.#peers.values()) void peer.applyBitrate();
    this.syncPublish();
  }

  /** Remote audio track of a member, for volume evaluation. */
  remoteAudio(userId: string): MediaStreamTrack | undefined {
    return this.#remotes.get(userId)?.stream?.getAudioTracks()[0];
  }

  startRemoteVideo(userId: string, view: unknown): void {
    this.#remotes.get(userId)?.startVideo(view);
  }

  stopRemoteVideo(userId: string): void {
    if (userId === '*') for (const remote of this.#remotes.values()) remote.stopVideo();
    else this.#remotes.get(userId)?.stopVideo();
  }

  applySink(): void {
    for (const remote of this.#remotes.values()) remote.applySink();
  }

  /** Restarts ICE on every peer that is down (after the server link came back). */
  restartIce(): void {
    for (const peer of this.#peers.values()) if (peer.down) peer.restartIce();
  }

  /** Quality of the whole mesh from every peer's stats (0 when there is no peer). */
  async quality(): Promise<MeshQuality> {
    const peers = [...this.#peers.entries()];
    const samples = await Promise.all(
      peers.map(([, peer]) => peer.quality().catch(() => ({ uplink: 0, downlink: 0 }))),
    );
    const mean = (values: (number | undefined)[]) => {
      const known = values.filter((v): v is number => v !== undefined);
      return known.length === 0 ? 0 : known.reduce((a, b) => a + b, 0) / known.length;
    };
    return {
      ...combineQuality(samples),
      rttMs: Math.round(mean(samples.map((s) => ('rttMs' in s ? s.rttMs : undefined)))),
      loss: Math.round(mean(samples.map((s) => ('lossRate' in s ? s.lossRate : undefined))) * 100),
      // Per peer, the worse direction of the link with it (native TRTC's `remoteQuality` list).
      remote: peers.map(([userId], i) => ({
        userId,
        quality: Math.max(samples[i]!.uplink, samples[i]!.downlink),
      })),
    };
  }

  /** Closes every connection and removes every element; emits nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const peer of this.#peers.values()) peer.close();
    for (const remote of this.#remotes.values()) remote.destroy();
    this.#peers.clear();
    this.#remotes.clear();
    this.members.clear();
    this.#held = undefined;
  }

  #join(userId: string, audio: boolean, video: boolean, initiator: boolean): void {
    if (userId === this.#d.userId) return;
    if (!this.members.has(userId)) {
      this.members.set(userId, { audio: false, video: false });
      const { doc, guard } = this.#d;
      if (doc && guard) {
        const env = { doc, guard, failed: this.#d.autoplayFailed, sinkId: this.#d.sinkId };
        this.#remotes.set(userId, new RemoteUser(userId, env));
      }
      this.#connect(userId, initiator);
      this.#d.emit(TRTC_EVENT.REMOTE_USER_ENTER, { userId });
    }
    this.#streams(userId, audio, video);
  }

  /** A new connection to `userId`, replacing any previous one. */
  #connect(userId: string, initiator: boolean): MeshPeer | undefined {
    const { RTCPeerConnection, capture } = this.#d;
    if (RTCPeerConnection === undefined) return undefined;
    this.#peers.get(userId)?.close();
    const peer = new MeshPeer({
      RTCPeerConnection,
      iceServers: this.#d.iceServers,
      initiator,
      // Glare rule: the newcomer (initiator) makes the only first offer; for later renegotiations
      // (ICE restarts) the member with the lexicographically smaller userId is the polite one.
      polite: this.#d.userId < userId,
      send: (data) => this.#d.link.send({ type: 'rtc-signal', to: userId, data }),
      onTrack: (track) => this.#remotes.get(userId)?.addTrack(track),
      onError: (err) => this.#d.onError(err),
      localTrack: (kind) => capture.sending(kind),
      maxVideoBitrate: () => capture.maxVideoBitrate,
    });
    this.#peers.set(userId, peer);
    return peer;
  }

  #streams(userId: string, audio: boolean, video: boolean): void {
    const member = this.members.get(userId);
    if (member === undefined) return;
    if (member.audio !== audio) {
      member.audio = audio;
      const name = audio ? TRTC_EVENT.REMOTE_AUDIO_AVAILABLE : TRTC_EVENT.REMOTE_AUDIO_UNAVAILABLE;
      this.#d.emit(name, { userId });
    }
    if (member.video !== video) {
      member.video = video;
      // TRTC stops the playback of a video that went away by itself.
      if (!video) this.#remotes.get(userId)?.stopVideo();
      const name = video ? TRTC_EVENT.REMOTE_VIDEO_AVAILABLE : TRTC_EVENT.REMOTE_VIDEO_UNAVAILABLE;
      this.#d.emit(name, { userId, streamType: 'main' });
    }
  }

  #leave(userId: string, reason: number): void {
    if (!this.members.has(userId)) return;
    // The others see the streams go first, then the user (as the simulated room does).
    this.#streams(userId, false, false);
    this.members.delete(userId);
    this.#peers.get(userId)?.close();
    this.#peers.delete(userId);
    this.#remotes.get(userId)?.destroy();
    this.#remotes.delete(userId);
    this.#d.emit(TRTC_EVENT.REMOTE_USER_EXIT, { userId, reason });
  }

  #signal(from: string, raw: unknown): void {
    if (!this.members.has(from) || this.#d.RTCPeerConnection === undefined) return;
    const data = parseSignal(raw);
    if (data === undefined) return;
    let peer = this.#peers.get(from);
    if (peer?.remoteSid !== undefined && data.sid !== peer.remoteSid) {
      // An offer from another connection of this member: it rejoined (or its device was replaced)
      // without us hearing it leave. Start over; anything else from a stale connection is dropped.
      if (!('description' in data) || data.description.type !== 'offer') return;
      peer = undefined;
    }
    peer ??= this.#connect(from, false);
    void peer?.receive(data);
  }
}
