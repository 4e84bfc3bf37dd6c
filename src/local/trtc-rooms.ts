import { TRTC_EVENT, type TRTCEnterRoomOptions } from '../tencent/trtc-types';
import type { Scheduler, TimerHandle } from './scheduler';

const MAX_ROOM_ID = 4294967294;
const MAX_STR_ROOM_BYTES = 64;

/** Room key and userId of a valid `enterRoom`, or the reason it is invalid. */
export function roomOf(o: TRTCEnterRoomOptions | undefined): { key: string; userId: string } | string {
  if (typeof o !== 'object' || o === null) return 'options must be an object';
  if (typeof o.sdkAppId !== 'number' || !Number.isInteger(o.sdkAppId) || o.sdkAppId <= 0) {
    return 'sdkAppId must be a positive integer';
  }
  if (typeof o.userId !== 'string' || o.userId === '') return 'userId must be a non-empty string';
  // As in TRTC, a numeric roomId wins over strRoomId when both are given.
  if (o.roomId !== undefined) {
    const ok = Number.isInteger(o.roomId) && o.roomId >= 1 && o.roomId <= MAX_ROOM_ID;
    return ok ? { key: `n:${o.roomId}`, userId: o.userId } : `roomId must be an integer 1..${MAX_ROOM_ID}`;
  }
  const str = o.strRoomId;
  const bytes = typeof str === 'string' ? new TextEncoder().encode(str).length : 0;
  if (typeof str !== 'string' || bytes < 1 || bytes > MAX_STR_ROOM_BYTES) {
    return `strRoomId must be 1..${MAX_STR_ROOM_BYTES} bytes (or give roomId)`;
  }
  return { key: `s:${str}`, userId: o.userId };
}

/** A TRTC client as the room registry sees it. */
export interface RoomMember {
  /** The userId it entered with. */
  readonly userId: string;
  /** Publishing and not muted. */
  readonly audioAvailable: boolean;
  readonly videoAvailable: boolean;
  /** A remote event for this member, valid only for the room session it was sent to. */
  notify(session: number, event: string, payload: object): void;
  /** The same userId entered the same room elsewhere. */
  kickOut(session: number): void;
}

/** What a member that entered sees of the others. */
export interface RemoteSnapshot {
  readonly userId: string;
  readonly audio: boolean;
  readonly video: boolean;
}

interface Seat {
  readonly member: RoomMember;
  readonly session: number;
  /** Set once the member's device crashed: it lingers until the server times it out. */
  ghost: { timer: TimerHandle; audio: boolean; video: boolean } | undefined;
}

/** How long the TRTC server keeps a silent (crashed) member before `remote-user-exit` reason 1. */
export const PRESENCE_TIMEOUT_MS = 10_000;

const streamEvents = (userId: string, audio: boolean, video: boolean, available: boolean) => {
  const out: [string, object][] = [];
  if (audio) {
    out.push([
      available ? TRTC_EVENT.REMOTE_AUDIO_AVAILABLE : TRTC_EVENT.REMOTE_AUDIO_UNAVAILABLE,
      { userId },
    ]);
  }
  if (video) {
    const name = available ? TRTC_EVENT.REMOTE_VIDEO_AVAILABLE : TRTC_EVENT.REMOTE_VIDEO_UNAVAILABLE;
    out.push([name, { userId, streamType: 'main' }]);
  }
  return out;
};

/**
 * The TRTC server of the local network: who is in which room, and the remote events members get about
 * each other (each after one latency). Rooms are keyed `n:<roomId>` or `s:<strRoomId>`, so the string
 * room '123' and the numeric room 123 differ, as in TRTC.
 */
export class RoomRegistry {
  /** Simulated microphone levels per userId, 0–100 (`LocalNetwork.setVolume`). */
  readonly volumes = new Map<string, number>();
  /** Called with a room's userIds whenever someone is seated or removed (the group-call directory). */
  onMembership: ((key: string, userIds: string[]) => void) | undefined;
  readonly #rooms = new Map<string, Map<string, Seat>>();
  readonly #scheduler: Scheduler;
  readonly #latency: () => number;

  constructor(scheduler: Scheduler, latency: () => number) {
    this.#scheduler = scheduler;
    this.#latency = latency;
  }

  /** Seats `member`; returns the others already there, for its welcome events. */
  join(key: string, member: RoomMember, session: number): RemoteSnapshot[] {
    const room = this.#rooms.get(key) ?? new Map<string, Seat>();
    this.#rooms.set(key, room);
    const old = room.get(member.userId);
    room.delete(member.userId);
    const others = [...room.values()].map((seat) => ({
      userId: seat.member.userId,
      audio: seat.ghost ? seat.ghost.audio : seat.member.audioAvailable,
      video: seat.ghost ? seat.ghost.video : seat.member.videoAvailable,
    }));
    room.set(member.userId, { member, session, ghost: undefined });
    const { userId, audioAvailable: audio, videoAvailable: video } = member;
    if (old === undefined) {
      this.onMembership?.(key, [...room.keys()]);
      this.#broadcast(key, userId, [
        [TRTC_EVENT.REMOTE_USER_ENTER, { userId }],
        ...streamEvents(userId, audio, video, true),
      ]);
      return others;
    }
    // Same userId entered again: the older client is kicked. For the others the user never left, so
    // only stream availability that differs between the two clients changes.
    const oldAudio = old.ghost ? old.ghost.audio : old.member.audioAvailable;
    const oldVideo = old.ghost ? old.ghost.video : old.member.videoAvailable;
    if (old.ghost) old.ghost.timer.cancel();
    else this.#scheduler.schedule(() => old.member.kickOut(old.session), this.#latency(), true);
    this.#broadcast(key, userId, [
      ...streamEvents(userId, oldAudio && !audio, oldVideo && !video, false),
      ...streamEvents(userId, audio && !oldAudio, video && !oldVideo, true),
    ]);
    return others;
  }

  /** Removes `member` (exitRoom); the others see its streams go, then `remote-user-exit`. */
  leave(key: string, member: RoomMember, reason: number): void {
    const { userId } = member;
    const seat = this.#rooms.get(key)?.get(userId);
    if (seat?.member !== member || seat.ghost) return;
    this.#remove(key, userId);
    this.#broadcast(key, userId, [
      ...streamEvents(userId, member.audioAvailable, member.videoAvailable, false),
      [TRTC_EVENT.REMOTE_USER_EXIT, { userId, reason }],
    ]);
  }

  /** `member`'s published-and-unmuted state changed. */
  publish(key: string, member: RoomMember, kind: 'audio' | 'video', available: boolean): void {
    const { userId } = member;
    const seat = this.#rooms.get(key)?.get(userId);
    if (seat?.member !== member || seat.ghost) return;
    this.#broadcast(key, userId, streamEvents(userId, kind === 'audio', kind === 'video', available));
  }

  /** `member`'s device died: it stays visible until the server times it out (reason 1). */
  crash(key: string, member: RoomMember): void {
    // Read everything now: the crashed client forgets its room right after this call.
    const { userId, audioAvailable: audio, videoAvailable: video } = member;
    const seat = this.#rooms.get(key)?.get(userId);
    if (seat?.member !== member || seat.ghost) return;
    const timer = this.#scheduler.schedule(
      () => {
        this.#remove(key, userId);
        // The server's own time-out: the others learn it at that moment, not one latency later.
        this.#broadcast(
          key,
          userId,
          [
            ...streamEvents(userId, audio, video, false),
            [TRTC_EVENT.REMOTE_USER_EXIT, { userId, reason: 1 }],
          ],
          0,
        );
      },
      PRESENCE_TIMEOUT_MS,
      true,
    );
    seat.ghost = { timer, audio, video };
  }

  #remove(key: string, userId: string): void {
    const room = this.#rooms.get(key);
    if (!room?.delete(userId)) return;
    if (room.size === 0) this.#rooms.delete(key);
    this.onMembership?.(key, [...room.keys()]);
  }

  #broadcast(key: string, subject: string, events: [string, object][], delay = this.#latency()): void {
    if (events.length === 0) return;
    for (const [userId, seat] of this.#rooms.get(key) ?? []) {
      // Seats are keyed by userId: the subject never hears about itself, and ghosts hear nothing.
      if (userId === subject || seat.ghost) continue;
      const { member, session } = seat;
      const deliver = () => {
        for (const [event, payload] of events) member.notify(session, event, payload);
      };
      if (delay === 0) deliver();
      else this.#scheduler.schedule(deliver, delay, true);
    }
  }
}
