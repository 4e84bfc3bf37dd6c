import { type InboundCounters, PEER_DOWN, qualityOf, readPeerStats } from './quality';
import { randomSid, type SignalData } from './signal';

export type MediaKind = 'audio' | 'video';

/** What a {@link MeshPeer} needs from the client that owns it. */
export interface MeshPeerOptions {
  RTCPeerConnection: typeof RTCPeerConnection;
  iceServers: RTCIceServer[];
  /**
   * This side creates the audio and video transceivers and so makes the first offer. The client sets it
   * for the newcomer to the room (it learns the others from `rtc-members`); the others wait for its
   * offer. Only one side may create transceivers, or each side would get a second, unmatched pair.
   */
  initiator: boolean;
  /**
   * Perfect negotiation (W3C WebRTC §10.7): when two offers cross — possible only for later
   * renegotiations such as an ICE restart started by both sides — the polite side rolls its own back
   * and answers. The client makes the peer with the lexicographically smaller userId polite.
   */
  polite: boolean;
  send(data: SignalData): void;
  /** A remote track arrived (once per kind and connection). */
  onTrack(track: MediaStreamTrack): void;
  onError(err: unknown): void;
  /** The track this client sends for `kind` right now (`null`: nothing, i.e. not published). */
  localTrack(kind: MediaKind): MediaStreamTrack | null;
  /** Largest video bitrate in bps for the current profile. */
  maxVideoBitrate(): number | undefined;
}

const KINDS: readonly MediaKind[] = ['audio', 'video'];
/** ICE states in which the peer cannot hear or see us. */
const DOWN_STATES: ReadonlySet<string> = new Set(['failed', 'disconnected', 'closed']);
/** Candidates queued before the remote description: a peer cannot need more than this. */
const MAX_PENDING_CANDIDATES = 100;

/**
 * One RTCPeerConnection to one remote member. Audio and video are negotiated `sendrecv` up front, so
 * turning the camera or microphone on, off or to another device is a `replaceTrack` and never needs a
 * new offer; the only renegotiation is an ICE restart.
 */
export class MeshPeer {
  /** Names this connection in the signals it sends. */
  readonly sid = randomSid();
  /** The remote connection this one is paired with, known from its first description. */
  remoteSid: string | undefined;
  readonly pc: RTCPeerConnection;
  readonly #o: MeshPeerOptions;
  readonly #senders = new Map<MediaKind, RTCRtpSender>();
  #makingOffer = false;
  #pending: RTCIceCandidateInit[] = [];
  /** Signals are handled one at a time, in arrival order. */
  #queue: Promise<void> = Promise.resolve();
  #counters: InboundCounters | undefined;
  #closed = false;

  constructor(options: MeshPeerOptions) {
    this.#o = options;
    const pc = new options.RTCPeerConnection({ iceServers: options.iceServers });
    this.pc = pc;
    pc.onnegotiationneeded = () => void this.#offer();
    pc.onicecandidate = (e) => {
      // A null candidate only marks the end of gathering; the peer needs nothing for it.
      if (e.candidate && !this.#closed) options.send({ sid: this.sid, candidate: e.candidate.toJSON() });
    };
    pc.ontrack = (e) => {
      if (!this.#closed) options.onTrack(e.track);
    };
    pc.oniceconnectionstatechange = () => {
      if (pc.iceConnectionState === 'failed') this.restartIce();
    };
    if (options.initiator) {
      for (const kind of KINDS) {
        const bitrate = kind === 'video' ? options.maxVideoBitrate() : undefined;
        const transceiver = pc.addTransceiver(options.localTrack(kind) ?? kind, {
          direction: 'sendrecv',
          ...(bitrate !== undefined && { sendEncodings: [{ maxBitrate: bitrate }] }),
        });
        this.#senders.set(kind, transceiver.sender);
      }
    }
  }

  /** The ICE connection is down (the remote can neither hear nor see us). */
  get down(): boolean {
    return DOWN_STATES.has(this.pc.iceConnectionState);
  }

  /** Handles a validated signal from the remote member (the caller checked `sid`). */
  receive(data: SignalData): Promise<void> {
    this.#queue = this.#queue.then(() => this.#handle(data)).catch((err) => this.#fail(err));
    return this.#queue;
  }

  /** Sends `track` for `kind` (`null` stops sending) without renegotiating. */
  async setTrack(kind: MediaKind, track: MediaStreamTrack | null): Promise<void> {
    const sender = this.#senders.get(kind);
    // Before the offer arrives there is no transceiver yet: #adopt picks the track up then.
    if (sender === undefined || this.#closed || sender.track === track) return;
    try {
      await sender.replaceTrack(track);
      if (kind === 'video') await this.applyBitrate();
    } catch (err) {
      this.#fail(err);
    }
  }

  /** Applies the profile's bitrate cap to the video sender (best effort: needs a negotiated encoding). */
  async applyBitrate(): Promise<void> {
    const sender = this.#senders.get('video');
    const bitrate = this.#o.maxVideoBitrate();
    if (sender === undefined || bitrate === undefined || this.#closed) return;
    const params = sender.getParameters();
    const encoding = params.encodings?.[0];
    if (encoding === undefined || encoding.maxBitrate === bitrate) return;
    encoding.maxBitrate = bitrate;
    try {
      await sender.setParameters(params);
    } catch {
      // The cap is an optimisation; the browser keeps its own congestion control without it.
    }
  }

  restartIce(): void {
    if (!this.#closed) this.pc.restartIce();
  }

  /** Uplink and downlink quality (0–6) from a fresh `getStats()`. */
  async quality(): Promise<{ uplink: number; downlink: number; rttMs?: number; lossRate?: number }> {
    if (this.down) return { uplink: PEER_DOWN, downlink: PEER_DOWN };
    const report = await this.pc.getStats();
    const stats: unknown[] = [];
    report.forEach((stat) => {
      stats.push(stat);
    });
    const sample = readPeerStats(stats, this.#counters);
    this.#counters = sample.counters;
    return {
      uplink: qualityOf(sample.uplink),
      downlink: qualityOf(sample.downlink),
      rttMs: sample.uplink.rttMs,
      lossRate: sample.downlink.lossRate ?? sample.uplink.lossRate,
    };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const pc = this.pc;
    pc.onnegotiationneeded = null;
    pc.onicecandidate = null;
    pc.ontrack = null;
    pc.oniceconnectionstatechange = null;
    pc.close();
  }

  async #offer(): Promise<void> {
    if (this.#closed) return;
    try {
      this.#makingOffer = true;
      // Without arguments, setLocalDescription creates the right description for the current state.
      await this.pc.setLocalDescription();
      this.#sendDescription();
    } catch (err) {
      this.#fail(err);
    } finally {
      this.#makingOffer = false;
    }
  }

  #sendDescription(): void {
    const d = this.pc.localDescription;
    if (d && !this.#closed) this.#o.send({ sid: this.sid, description: { type: d.type, sdp: d.sdp } });
  }

  async #handle(data: SignalData): Promise<void> {
    if (this.#closed) return;
    const pc = this.pc;
    if ('candidate' in data) {
      if (pc.remoteDescription === null) {
        if (this.#pending.length < MAX_PENDING_CANDIDATES) this.#pending.push(data.candidate);
        return;
      }
      await this.#addCandidate(data.candidate);
      return;
    }
    const { description } = data;
    const collision = description.type === 'offer' && (this.#makingOffer || pc.signalingState !== 'stable');
    // The impolite side ignores a colliding offer; the polite one gives way.
    if (collision && !this.#o.polite) return;
    // An answer we did not ask for (a duplicate, or to an offer we rolled back) cannot be applied.
    if (description.type === 'answer' && pc.signalingState !== 'have-local-offer') return;
    this.remoteSid = data.sid;
    // On a collision the polite side's setRemoteDescription rolls its own offer back implicitly.
    await pc.setRemoteDescription(description);
    if (description.type === 'offer') {
      this.#adopt();
      await pc.setLocalDescription();
      this.#sendDescription();
    }
    const pending = this.#pending;
    this.#pending = [];
    for (const candidate of pending) await this.#addCandidate(candidate);
    await this.applyBitrate();
  }

  /** The answering side: take the offer's transceivers as ours, sending both ways. */
  #adopt(): void {
    for (const transceiver of this.pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind as MediaKind;
      if (this.#senders.has(kind) || !KINDS.includes(kind)) continue;
      // Set before the answer is created, so the answer says sendrecv and nothing needs renegotiating.
      transceiver.direction = 'sendrecv';
      this.#senders.set(kind, transceiver.sender);
      const track = this.#o.localTrack(kind);
      if (track) transceiver.sender.replaceTrack(track).catch((err) => this.#fail(err));
    }
  }

  async #addCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch {
      // Expected for candidates of an offer we ignored (glare) or of an ICE generation replaced by a
      // restart; a candidate that really mattered shows up as an ICE failure, which restarts ICE.
    }
  }

  #fail(err: unknown): void {
    if (!this.#closed) this.#o.onError(err);
  }
}
