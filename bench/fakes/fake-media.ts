import type { DeviceKind, MediaDevice, MediaFact, MediaPort, RoomRef, VideoProfile } from '../../src/index';
import type { Courier } from './courier';

const DONE = Promise.resolve();
const NO_DEVICES: Promise<MediaDevice[]> = Promise.resolve([]);
const IGNORE = (_fact: MediaFact) => undefined;

/**
 * Everyone in a room, and those of them who listen: facts go to the latter only, so the members that do
 * not listen (the puppets of group-cost.ts) cost nothing per fact however many they are.
 */
interface Room {
  readonly members: Map<string, FakeMedia>;
  readonly listening: Set<FakeMedia>;
}

/**
 * TRTC rooms without TRTC: entering a room tells everyone in it (and the newcomer about them), as
 * TRTC's REMOTE_USER_ENTER does; starting the microphone or camera tells the others the stream is
 * available; leaving tells them REMOTE_USER_EXIT. Capture always succeeds.
 */
export class FakeRooms {
  readonly courier: Courier;
  readonly #rooms = new Map<string, Room>();
  /** Facts delivered so far. */
  delivered = 0;

  constructor(courier: Courier) {
    this.courier = courier;
  }

  /** Users still in any room: 0 once every call ended. */
  get occupancy(): number {
    let n = 0;
    for (const room of this.#rooms.values()) n += room.members.size;
    return n;
  }

  port(userID: string): MediaPort {
    return new FakeMedia(this, userID);
  }

  deliver(to: FakeMedia, fact: MediaFact): void {
    // Nobody listens (a puppet peer of group-cost.ts): nothing to carry.
    if (to.listener === IGNORE) return;
    this.delivered++;
    this.courier.send(() => to.listener(fact));
  }

  /** Tells everyone in `room` but `self`. */
  broadcast(room: Room, self: FakeMedia, fact: MediaFact): void {
    for (const m of room.listening) if (m !== self) this.deliver(m, fact);
  }

  join(key: string, member: FakeMedia): Room {
    let room = this.#rooms.get(key);
    if (!room) {
      room = { members: new Map(), listening: new Set() };
      this.#rooms.set(key, room);
    }
    room.members.set(member.userID, member);
    if (member.listener !== IGNORE) room.listening.add(member);
    return room;
  }

  leave(key: string, member: FakeMedia): void {
    const room = this.#rooms.get(key);
    if (!room) return;
    room.members.delete(member.userID);
    room.listening.delete(member);
    if (room.members.size === 0) this.#rooms.delete(key);
  }
}

/** One device's media port (a class, so the fake's own heap per engine stays small). */
class FakeMedia implements MediaPort {
  readonly #rooms: FakeRooms;
  readonly userID: string;
  listener: (fact: MediaFact) => void = IGNORE;
  audio = false;
  video = false;
  #room: Room | null = null;
  #key = '';

  constructor(rooms: FakeRooms, userID: string) {
    this.#rooms = rooms;
    this.userID = userID;
  }

  enterRoom(ref: RoomRef): Promise<void> {
    const rooms = this.#rooms;
    const userID = this.userID;
    this.#key = ref.strRoomId === '' ? `#${ref.roomId}` : ref.strRoomId;
    const room = rooms.join(this.#key, this);
    this.#room = room;
    // The newcomer hears of everyone (if it listens), the others hear of it (those who listen).
    for (const m of this.listener === IGNORE ? room.listening : room.members.values()) {
      if (m === this) continue;
      rooms.deliver(m, { type: 'remoteUserEnter', userID });
      rooms.deliver(this, { type: 'remoteUserEnter', userID: m.userID });
      if (m.audio) rooms.deliver(this, { type: 'remoteAudioAvailable', userID: m.userID, available: true });
      if (m.video) rooms.deliver(this, { type: 'remoteVideoAvailable', userID: m.userID, available: true });
      if (this.audio) rooms.deliver(m, { type: 'remoteAudioAvailable', userID, available: true });
      if (this.video) rooms.deliver(m, { type: 'remoteVideoAvailable', userID, available: true });
    }
    return DONE;
  }

  exitRoom(): Promise<void> {
    const room = this.#room;
    if (!room) return DONE;
    this.#rooms.leave(this.#key, this);
    this.#rooms.broadcast(room, this, { type: 'remoteUserExit', userID: this.userID, reason: 0 });
    this.#room = null;
    this.audio = false;
    this.video = false;
    return DONE;
  }

  #publish(kind: 'audio' | 'video', on: boolean): Promise<void> {
    if (this[kind] === on) return DONE;
    this[kind] = on;
    const type = kind === 'audio' ? 'remoteAudioAvailable' : 'remoteVideoAvailable';
    if (this.#room) this.#rooms.broadcast(this.#room, this, { type, userID: this.userID, available: on });
    return DONE;
  }

  startLocalAudio(): Promise<void> {
    return this.#publish('audio', true);
  }

  muteLocalAudio(_mute: boolean): Promise<void> {
    return DONE;
  }

  stopLocalAudio(): Promise<void> {
    return this.#publish('audio', false);
  }

  startLocalVideo(): Promise<void> {
    return this.#publish('video', true);
  }

  muteLocalVideo(_mute: boolean): Promise<void> {
    return DONE;
  }

  stopLocalVideo(): Promise<void> {
    return this.#publish('video', false);
  }

  startRemoteVideo(_userID: string, _view: unknown): Promise<void> {
    return DONE;
  }

  stopRemoteVideo(_userID: string): Promise<void> {
    return DONE;
  }

  getDevices(_kind: DeviceKind): Promise<MediaDevice[]> {
    return NO_DEVICES;
  }

  switchDevice(_kind: DeviceKind, _deviceId: string): Promise<void> {
    return DONE;
  }

  setNoiseSuppression(_enabled: boolean): Promise<void> {
    return DONE;
  }

  setVideoProfile(_profile: VideoProfile): Promise<void> {
    return DONE;
  }

  listen(handler: (fact: MediaFact) => void): () => void {
    this.listener = handler;
    return () => {
      if (this.listener === handler) this.listener = IGNORE;
    };
  }

  destroy(): Promise<void> {
    return this.exitRoom();
  }
}
