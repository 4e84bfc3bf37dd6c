import { flushMicrotasks } from '../../src/testing/virtual-clock';

/**
 * Just enough of RTCPeerConnection, MediaStreamTrack and MediaDevices for the mesh client's negotiation
 * logic to run in Node. SDP is a JSON list of media kinds plus an ICE generation; ICE "connects" when an
 * answer is applied. Candidates fire in a later task after setLocalDescription, as in browsers (see `drain`).
 */

export class FakeTrack {
  enabled = true;
  readyState: 'live' | 'ended' = 'live';
  constraints: MediaTrackConstraints;
  readonly applied: MediaTrackConstraints[] = [];
  constructor(
    readonly kind: 'audio' | 'video',
    readonly deviceId = `${kind}-default`,
    constraints: MediaTrackConstraints = {},
  ) {
    this.constraints = constraints;
  }
  stop(): void {
    this.readyState = 'ended';
  }
  getSettings() {
    return { deviceId: this.deviceId };
  }
  getConstraints(): MediaTrackConstraints {
    return this.constraints;
  }
  async applyConstraints(c: MediaTrackConstraints): Promise<void> {
    this.constraints = c;
    this.applied.push(c);
  }
}

/** getUserMedia that hands out FakeTracks and remembers them. */
export function fakeMediaDevices() {
  const captured: FakeTrack[] = [];
  const devices = {
    captured,
    async getUserMedia(c: MediaStreamConstraints) {
      const kind = c.audio ? 'audio' : 'video';
      const spec = (c[kind] ?? {}) as MediaTrackConstraints;
      const id = (spec.deviceId as { exact?: string } | undefined)?.exact;
      const track = new FakeTrack(kind, id, spec);
      captured.push(track);
      return {
        getAudioTracks: () => (kind === 'audio' ? [track] : []),
        getVideoTracks: () => (kind === 'video' ? [track] : []),
        getTracks: () => [track],
      };
    },
    list: [
      { kind: 'audioinput', deviceId: 'mic-1', label: 'Mic', groupId: 'g' },
      { kind: 'videoinput', deviceId: 'cam-1', label: 'Cam', groupId: 'g' },
      { kind: 'audiooutput', deviceId: 'spk-1', label: 'Speaker', groupId: 'g' },
    ],
    listeners: new Set<() => void>(),
    async enumerateDevices() {
      return devices.list.map((d) => ({ ...d }));
    },
    addEventListener(name: string, fn: () => void) {
      if (name === 'devicechange') devices.listeners.add(fn);
    },
    removeEventListener(name: string, fn: () => void) {
      if (name === 'devicechange') devices.listeners.delete(fn);
    },
    /** Replaces the device list and fires `devicechange`, as plugging or unplugging does. */
    change(list: { kind: string; deviceId: string; label: string; groupId: string }[]) {
      devices.list = list;
      for (const fn of [...devices.listeners]) fn();
    },
  };
  return devices as typeof devices & MediaDevices;
}

class FakeSender {
  params: { encodings: RTCRtpEncodingParameters[] } = { encodings: [{}] };
  readonly setParams: { encodings: RTCRtpEncodingParameters[] }[] = [];
  constructor(public track: FakeTrack | null) {}
  async replaceTrack(track: FakeTrack | null): Promise<void> {
    this.track = track;
  }
  getParameters() {
    return structuredClone(this.params);
  }
  async setParameters(p: { encodings: RTCRtpEncodingParameters[] }): Promise<void> {
    this.params = p;
    this.setParams.push(p);
  }
}

class FakeTransceiver {
  readonly receiver: { track: FakeTrack };
  readonly sender: FakeSender;
  trackFired = false;
  constructor(
    kind: 'audio' | 'video',
    public direction: RTCRtpTransceiverDirection,
    track: FakeTrack | null,
  ) {
    this.receiver = { track: new FakeTrack(kind, `remote-${kind}`) };
    this.sender = new FakeSender(track);
  }
}

interface Sdp {
  kinds: ('audio' | 'video')[];
  ice: number;
  pc: number;
}

let ids = 0;

export class FakePeerConnection {
  static readonly instances: FakePeerConnection[] = [];
  /** Browser "tasks" (candidates, ICE progress), run by {@link drain} in order. */
  static readonly tasks: (() => void)[] = [];

  static defer(task: () => void): void {
    FakePeerConnection.tasks.push(task);
  }

  /** Runs the queued tasks (and what they queue) with promise callbacks settling in between. */
  static async drain(): Promise<number> {
    let ran = 0;
    for (let task = FakePeerConnection.tasks.shift(); task; task = FakePeerConnection.tasks.shift()) {
      task();
      ran++;
      await flushMicrotasks();
    }
    return ran;
  }

  static reset(): void {
    FakePeerConnection.instances.length = 0;
    FakePeerConnection.tasks.length = 0;
  }
  readonly id = ++ids;
  readonly config: RTCConfiguration;
  signalingState: RTCSignalingState = 'stable';
  iceConnectionState: RTCIceConnectionState = 'new';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  readonly candidates: RTCIceCandidateInit[] = [];
  readonly transceivers: FakeTransceiver[] = [];
  /** Offers this connection created (its `ice` generation grows with each restart). */
  offers = 0;
  stats = new Map<string, Record<string, unknown>>();
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((e: { candidate: { toJSON(): RTCIceCandidateInit } | null }) => void) | null = null;
  ontrack: ((e: { track: FakeTrack }) => void) | null = null;
  oniceconnectionstatechange: (() => void) | null = null;
  #ice = 0;
  #needed = false;

  constructor(config: RTCConfiguration = {}) {
    this.config = config;
    FakePeerConnection.instances.push(this);
  }

  addTransceiver(trackOrKind: FakeTrack | 'audio' | 'video', init: RTCRtpTransceiverInit = {}) {
    const track = typeof trackOrKind === 'string' ? null : trackOrKind;
    const kind = typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind;
    const t = new FakeTransceiver(kind, init.direction ?? 'sendrecv', track);
    if (init.sendEncodings) t.sender.params = { encodings: structuredClone(init.sendEncodings) };
    this.transceivers.push(t);
    this.#need();
    return t;
  }

  getTransceivers() {
    return [...this.transceivers];
  }

  async setLocalDescription(): Promise<void> {
    if (this.signalingState === 'closed') throw new Error('closed');
    if (this.signalingState === 'have-remote-offer') {
      this.localDescription = { type: 'answer', sdp: this.#sdp() };
      this.signalingState = 'stable';
      this.#connectSoon();
      this.#check();
    } else {
      this.offers++;
      this.localDescription = { type: 'offer', sdp: this.#sdp() };
      this.signalingState = 'have-local-offer';
    }
    FakePeerConnection.defer(() => {
      const candidate = { candidate: `candidate:${this.id} ${this.#ice}`, sdpMid: '0', sdpMLineIndex: 0 };
      this.onicecandidate?.({ candidate: { toJSON: () => candidate } });
    });
  }

  async setRemoteDescription(d: RTCSessionDescriptionInit): Promise<void> {
    if (this.signalingState === 'closed') throw new Error('closed');
    const sdp = JSON.parse(d.sdp ?? '{}') as Sdp;
    if (d.type === 'offer') {
      // Implicit rollback of our own offer (the polite side of a collision).
      if (this.signalingState === 'have-local-offer') this.signalingState = 'stable';
      this.remoteDescription = d;
      this.signalingState = 'have-remote-offer';
      sdp.kinds.forEach((kind, i) => {
        if (!this.transceivers[i]) this.transceivers.push(new FakeTransceiver(kind, 'recvonly', null));
      });
      this.#fireTracks();
    } else {
      if (this.signalingState !== 'have-local-offer') {
        throw Object.assign(new Error('no offer'), { name: 'InvalidStateError' });
      }
      this.remoteDescription = d;
      this.signalingState = 'stable';
      this.#fireTracks();
      this.#connectSoon();
      this.#check();
    }
  }

  async addIceCandidate(c: RTCIceCandidateInit): Promise<void> {
    if (this.remoteDescription === null)
      throw Object.assign(new Error('no remote'), { name: 'InvalidStateError' });
    this.candidates.push(c);
  }

  restartIce(): void {
    this.#ice++;
    this.#need();
  }

  async getStats(): Promise<Map<string, Record<string, unknown>>> {
    return this.stats;
  }

  close(): void {
    this.signalingState = 'closed';
    this.iceConnectionState = 'closed';
  }

  /** Test hook: the ICE connection moves to `state`. */
  setIceState(state: RTCIceConnectionState): void {
    this.iceConnectionState = state;
    this.oniceconnectionstatechange?.();
  }

  #sdp(): string {
    const sdp: Sdp = {
      kinds: this.transceivers.map((t) => t.receiver.track.kind),
      ice: this.#ice,
      pc: this.id,
    };
    return JSON.stringify(sdp);
  }

  #fireTracks(): void {
    for (const t of this.transceivers) {
      if (t.trackFired) continue;
      t.trackFired = true;
      this.ontrack?.({ track: t.receiver.track });
    }
  }

  #connectSoon(): void {
    FakePeerConnection.defer(() => {
      if (this.iceConnectionState !== 'closed' && this.iceConnectionState !== 'connected') {
        this.setIceState('connected');
      }
    });
  }

  #need(): void {
    this.#needed = true;
    this.#check();
  }

  #check(): void {
    queueMicrotask(() => {
      if (!this.#needed || this.signalingState !== 'stable') return;
      this.#needed = false;
      this.onnegotiationneeded?.();
    });
  }
}
