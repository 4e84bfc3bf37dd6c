import type { FrameRoom, ServerFrame } from '../local/frames';

/** A connected device as the relay sees it. */
export interface RelayMember {
  readonly userID: string;
  /** Queues a frame for the device (sent now, or buffered while it reconnects). */
  deliver(frame: ServerFrame): void;
}

/** The key of a TRTC room: numeric and string rooms differ, as in TRTC (`n:123` ≠ `s:123`). */
export const roomKeyOf = (room: FrameRoom): string =>
  room.roomId !== undefined ? `n:${room.roomId}` : `s:${room.strRoomId ?? ''}`;

/**
 * Which server-connected devices are in which TRTC room, for what the room registry does not carry:
 * WebRTC negotiation (`rtc-signal`) and the network quality browsers measure (`rtc-quality`). Both only
 * ever travel between members of the same room.
 */
export class RoomRelay {
  readonly #rooms = new Map<string, Set<RelayMember>>();
  readonly #roomOf = new Map<RelayMember, string>();

  join(member: RelayMember, key: string): void {
    this.leave(member);
    const set = this.#rooms.get(key) ?? new Set<RelayMember>();
    set.add(member);
    this.#rooms.set(key, set);
    this.#roomOf.set(member, key);
  }

  leave(member: RelayMember): void {
    const key = this.#roomOf.get(member);
    if (key === undefined) return;
    this.#roomOf.delete(member);
    const set = this.#rooms.get(key);
    set?.delete(member);
    if (set?.size === 0) this.#rooms.delete(key);
  }

  roomOf(member: RelayMember): string | undefined {
    return this.#roomOf.get(member);
  }

  /**
   * Relays WebRTC negotiation to `to` in the sender's room; false when either is not there (TRTC lets
   * one userId be in a room once, so this reaches at most one device).
   */
  signal(from: RelayMember, to: string, data: unknown): boolean {
    const key = this.#roomOf.get(from);
    if (key === undefined) return false;
    let sent = false;
    for (const member of this.#rooms.get(key) ?? []) {
      if (member === from || member.userID !== to) continue;
      member.deliver({ type: 'rtc-signal', from: from.userID, data });
      sent = true;
    }
    return sent;
  }

  /** Tells the others in the sender's room the quality it measured; false when it is in no room. */
  quality(from: RelayMember, uplink: number, downlink: number): boolean {
    const key = this.#roomOf.get(from);
    if (key === undefined) return false;
    for (const member of this.#rooms.get(key) ?? []) {
      if (member.userID === from.userID) continue;
      member.deliver({ type: 'rtc-peer-quality', userId: from.userID, uplink, downlink });
    }
    return true;
  }

  /** Number of devices in rooms (diagnostics and tests). */
  size(): number {
    return this.#roomOf.size;
  }
}
