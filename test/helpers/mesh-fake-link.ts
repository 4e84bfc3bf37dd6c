import type { ClientFrame, LinkState, ServerFrame, ServerLink } from '../../src/local/frames';

type RequestFrame = Parameters<ServerLink['request']>[0];

interface Seat {
  readonly link: FakeLink;
  audio: boolean;
  video: boolean;
}

/**
 * An in-memory stand-in for the local call server's TRTC room registry, speaking the `rtc-*` frames of
 * src/local/frames.ts to {@link FakeLink}s. Every delivery is a microtask, in order, like one socket.
 */
export class FakeRtcServer {
  readonly rooms = new Map<string, Map<string, Seat>>();
  /** `rtc-quality` frames received, per userId. */
  readonly quality: { userId: string; uplink: number; downlink: number }[] = [];
  /** Send `rtc-members` after the enter's reply instead of before it. */
  membersAfterReply = false;

  link(userID: string, deviceId = `${userID}-device`): FakeLink {
    return new FakeLink(this, userID, deviceId);
  }

  roomOf(link: FakeLink): [string, Map<string, Seat>] | undefined {
    for (const entry of this.rooms) if (entry[1].get(link.userID)?.link === link) return entry;
    return undefined;
  }

  /** Handles a frame from `link`; returns the reply's result, or throws for a failed reply. */
  handle(link: FakeLink, frame: RequestFrame | Exclude<ClientFrame, { id: number }>): unknown {
    const here = this.roomOf(link);
    const others = (room: Map<string, Seat>) => [...room.values()].filter((s) => s.link !== link);
    switch (frame.type) {
      case 'rtc-enter': {
        if (here) this.#remove(link, 0);
        const key = frame.room.roomId !== undefined ? `n:${frame.room.roomId}` : `s:${frame.room.strRoomId}`;
        const room = this.rooms.get(key) ?? new Map<string, Seat>();
        this.rooms.set(key, room);
        const old = room.get(link.userID);
        if (old) old.link.deliver({ type: 'rtc-kicked', reason: 'kick' });
        const members = others(room)
          .filter((s) => s.link.userID !== link.userID)
          .map((s) => ({ userId: s.link.userID, audio: s.audio, video: s.video }));
        room.set(link.userID, { link, audio: false, video: false });
        if (!old)
          for (const s of others(room)) s.link.deliver({ type: 'rtc-peer-enter', userId: link.userID });
        const welcome: ServerFrame = { type: 'rtc-members', members };
        if (this.membersAfterReply) queueMicrotask(() => link.deliver(welcome));
        else link.deliver(welcome);
        return undefined;
      }
      case 'rtc-exit':
        this.#remove(link, 0);
        return undefined;
      case 'rtc-publish': {
        if (!here) throw Object.assign(new Error('not in a room'), { code: 5100 });
        const seat = here[1].get(link.userID) as Seat;
        seat.audio = frame.audio;
        seat.video = frame.video;
        for (const s of others(here[1])) {
          s.link.deliver({
            type: 'rtc-peer-publish',
            userId: link.userID,
            audio: frame.audio,
            video: frame.video,
          });
        }
        return undefined;
      }
      case 'rtc-signal': {
        const target = here?.[1].get(frame.to);
        target?.link.deliver({ type: 'rtc-signal', from: link.userID, data: frame.data });
        return undefined;
      }
      case 'rtc-quality':
        this.quality.push({ userId: link.userID, uplink: frame.uplink, downlink: frame.downlink });
        return undefined;
      default:
        return undefined;
    }
  }

  #remove(link: FakeLink, reason: number): void {
    const here = this.roomOf(link);
    if (!here) return;
    const [key, room] = here;
    room.delete(link.userID);
    if (room.size === 0) this.rooms.delete(key);
    for (const s of room.values()) s.link.deliver({ type: 'rtc-peer-exit', userId: link.userID, reason });
  }
}

/** A {@link ServerLink} to a {@link FakeRtcServer}, with its state under the test's control. */
export class FakeLink implements ServerLink {
  readonly userID: string;
  readonly deviceId: string;
  state: LinkState = 'connected';
  /** Every frame this link sent, requests included (without ids). */
  readonly sent: (RequestFrame | Exclude<ClientFrame, { id: number }>)[] = [];
  readonly #server: FakeRtcServer;
  readonly #frames = new Set<(frame: ServerFrame) => void>();
  readonly #states = new Set<(state: LinkState) => void>();

  constructor(server: FakeRtcServer, userID: string, deviceId: string) {
    this.#server = server;
    this.userID = userID;
    this.deviceId = deviceId;
  }

  /** Listeners currently registered (frames + states). */
  get listenerCount(): number {
    return this.#frames.size + this.#states.size;
  }

  request(frame: RequestFrame): Promise<unknown> {
    this.sent.push(frame);
    if (this.state === 'closed') return Promise.reject(Object.assign(new Error('closed'), { code: 5998 }));
    return new Promise((resolve, reject) => {
      queueMicrotask(() => {
        try {
          resolve(this.#server.handle(this, frame));
        } catch (err) {
          reject(err);
        }
      });
    });
  }

  send(frame: Exclude<ClientFrame, { id: number }>): void {
    this.sent.push(frame);
    if (this.state !== 'connected') return;
    queueMicrotask(() => this.#server.handle(this, frame));
  }

  onFrame(listener: (frame: ServerFrame) => void): () => void {
    this.#frames.add(listener);
    return () => this.#frames.delete(listener);
  }

  onState(listener: (state: LinkState) => void): () => void {
    this.#states.add(listener);
    return () => this.#states.delete(listener);
  }

  /** A frame from the server (delivered on a microtask). */
  deliver(frame: ServerFrame): void {
    queueMicrotask(() => {
      for (const listener of [...this.#frames]) listener(frame);
    });
  }

  setState(state: LinkState): void {
    this.state = state;
    for (const listener of [...this.#states]) listener(state);
  }

  /** Frames of one type this link sent. */
  sentOf<T extends string>(type: T): Extract<(typeof this.sent)[number], { type: T }>[] {
    return this.sent.filter((f) => f.type === type) as Extract<(typeof this.sent)[number], { type: T }>[];
  }

  async close(): Promise<void> {
    this.setState('closed');
  }
}
