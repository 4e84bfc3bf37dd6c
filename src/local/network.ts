import { type Clock, systemClock } from '../clock';
import type { TRTCClassLike, TRTCDeviceInfo } from '../tencent/trtc-types';
import { TRTC_EVENT } from '../tencent/trtc-types';
import { fail, TRTC_ERROR } from './errors';
import { GroupCallDirectory } from './group-calls';
import { HISTORY_WINDOW_MS } from './history';
import { ChatHub, DEFAULT_RETENTION, type LocalDelivery, type LocalEdition, type LocalVerdict } from './hub';
import { IdSource } from './ids';
import { type LocalChat, LocalChatClient } from './local-chat';
import { LocalTRTC, type LocalTRTCCreateOptions } from './local-trtc';
import type { StoredMessage } from './messages';
import { RoomAccess, type RoomName } from './room-access';
import { Scheduler } from './scheduler';
import { DeviceFaults, isLocalDevice, type LocalCaptureKind, listDevices } from './trtc-devices';
import { RoomRegistry } from './trtc-rooms';

/** Options of {@link createLocalNetwork}. */
export interface LocalNetworkOptions {
  /** Clock of every timer of the network and its clients (default: the wall clock). */
  clock?: Clock;
  /** One-way latency in ms of every hop: device → server and server → device (default 20). */
  latencyMs?: number;
  /** TUICallKit edition answered by `isCommercialAbilityEnabled` (default `'group'`). */
  edition?: LocalEdition;
  /**
   * How long and how many messages the Chat server keeps for login replay and message modification
   * (default: 10 minutes, twice the 300 s replay window, and at most 100,000 messages). Older ones are
   * dropped, so a long-running server does not grow without bound.
   */
  messageRetention?: { maxAgeMs?: number; maxCount?: number };
}

/** `TRTC.TYPE` values the engine and apps use (dependencies.md §3.2). */
export const LOCAL_TRTC_TYPE = Object.freeze({
  SCENE_RTC: 'rtc',
  SCENE_LIVE: 'live',
  ROLE_ANCHOR: 'anchor',
  ROLE_AUDIENCE: 'audience',
  STREAM_TYPE_MAIN: 'main',
  STREAM_TYPE_SUB: 'sub',
} as const);

/** A simulated device, shaped like the `MediaDeviceInfo` TRTC's device lists return. */
export interface LocalMediaDevice {
  deviceId: string;
  label: string;
  kind: string;
  groupId: string;
}

/** TRTC's statics as the local TRTC-compatible classes (simulated and WebRTC mesh) provide them. */
export interface TRTCCompatibleClass<Device extends TRTCDeviceInfo> extends TRTCClassLike {
  readonly EVENT: typeof TRTC_EVENT;
  readonly TYPE: typeof LOCAL_TRTC_TYPE;
  readonly ERROR_CODE: typeof TRTC_ERROR;
  getCameraList(requestPermission?: boolean): Promise<Device[]>;
  getMicrophoneList(requestPermission?: boolean): Promise<Device[]>;
  getSpeakerList(requestPermission?: boolean): Promise<Device[]>;
  /** Plays remote audio on this output device; rejects for an unknown one. */
  setCurrentSpeaker(speakerId: string): Promise<void>;
}

/**
 * The TRTC class of a local network: `create()`, the static `EVENT`, `TYPE` and `ERROR_CODE`, and the
 * device statics over a simulated set (two cameras, one microphone, one speaker).
 */
export interface LocalTRTCClass extends TRTCCompatibleClass<LocalMediaDevice> {
  create(options?: LocalTRTCCreateOptions): LocalTRTC;
  /** Not TRTC: the speaker last set through this class's device ('' = the default one). */
  readonly currentSpeakerId: string;
}

/** An in-memory Chat + TRTC backend: calls run without a cloud account, on an injectable clock. */
export interface LocalNetwork {
  readonly clock: Clock;
  /** A new Chat-compatible client (not logged in); `deviceId` defaults to `device-<n>`. */
  createChat(options?: { deviceId?: string }): LocalChat;
  /** The TRTC-compatible class bound to this network; its instances are not tied to a device. */
  readonly TRTC: LocalTRTCClass;
  /** The TRTC class for one device: its instances go down with `crashDevice(…, deviceId)`. */
  trtcForDevice(deviceId: string): LocalTRTCClass;
  /** Creates (or replaces) a Chat group with these members. */
  createGroup(groupID: string, memberIDs: string[]): void;
  /** A group's members, or `undefined` when there is no such group. */
  groupMembers(groupID: string): string[] | undefined;
  /**
   * The local call server's room rule (see `RoomAccess`): whether `userID` may enter this TRTC room now —
   * it is a party of a call whose invitation names the room, or a member of a group calling in it, or the
   * room is fresh (nobody claims it; whoever is seated first does). In-process clients are not checked.
   */
  admitToRoom(userID: string, room: RoomName): boolean;
  /**
   * A group's attributes, as `getGroupAttributes` returns them. The network maintains TUICallKit's
   * `inner_attr_kit_info` for ongoing group calls (call id, room, media type, users in the room).
   */
  groupAttributes(groupID: string): Record<string, string>;
  setEdition(edition: LocalEdition): void;
  setLatency(ms: number): void;
  /** Fault hook: called for every message leaving the hub toward one device. */
  setInterceptor(fn: ((delivery: LocalDelivery) => LocalVerdict) | undefined): void;
  /** Raises a raw signaling event on a user's device(s) directly (bypasses Chat's own filtering). */
  injectSignalingEvent(userID: string, eventName: string, data: unknown, deviceId?: string): void;
  /**
   * Simulates a device dying: its chat stops sending and receiving (requests reject with 2801), and its
   * TRTC members disappear for the others after 10 s with `remote-user-exit` reason 1. TRTC instances
   * created without a device (`network.TRTC`) count as on every device of the user they entered as.
   */
  crashDevice(userID: string, deviceId: string): void;
  /**
   * TRTC's `device-changed` on every TRTC client of `deviceId` (all clients when omitted): a camera,
   * microphone or speaker plugged in, unplugged, or made the active one.
   */
  changeDevice(
    change: {
      type: 'camera' | 'microphone' | 'speaker';
      action: 'add' | 'remove' | 'active';
      device: LocalMediaDevice;
    },
    deviceId?: string,
  ): void;
  /** Simulated microphone level of a user, 0–100, reported by `audio-volume` while unmuted. */
  setVolume(userId: string, volume: number): void;
  /** Makes the user's in-room TRTC clients emit `network-quality` with these values (0–6). */
  setNetworkQuality(userId: string, uplink: number, downlink: number): void;
  /**
   * Fault hook: makes the user's TRTC clients (`'*'`: every client) fail to capture `kind` — their
   * `startLocalAudio` / `startLocalVideo`, and device switches, reject like TRTC with code 5300 and
   * `originError` set to `error` (e.g. `{ name: 'NotAllowedError' }`). `undefined` clears the fault.
   * A client matches by the userId it entered the room with ('' before entering).
   */
  setDeviceFailure(userId: string, kind: LocalCaptureKind, error: unknown): void;
  /** Network deliveries and server acks scheduled but not run yet (0 = the network is idle). */
  pendingDeliveries(): number;
  /** The server's message store, oldest first (copies): what `messageRetention` still keeps. */
  storedMessages(): StoredMessage[];
  /** Cancels every timer the network and its clients own. */
  destroy(): void;
}

const clampQuality = (q: number) => (Number.isFinite(q) ? Math.min(6, Math.max(0, Math.round(q))) : 0);

/** Creates an in-memory network with a Chat-compatible server and a TRTC-compatible media server. */
export function createLocalNetwork(options: LocalNetworkOptions = {}): LocalNetwork {
  const clock = options.clock ?? systemClock;
  const scheduler = new Scheduler(clock);
  const ids = new IdSource();
  const hub = new ChatHub(scheduler, ids, Math.max(0, options.latencyMs ?? 20), options.edition ?? 'group', {
    maxAgeMs: Math.max(HISTORY_WINDOW_MS, options.messageRetention?.maxAgeMs ?? DEFAULT_RETENTION.maxAgeMs),
    maxCount: Math.max(1, options.messageRetention?.maxCount ?? DEFAULT_RETENTION.maxCount),
  });
  const rooms = new RoomRegistry(scheduler, () => hub.latencyMs);
  const groupCalls = new GroupCallDirectory(hub);
  const access = new RoomAccess(scheduler, (groupID, userID) => hub.isMember(groupID, userID));
  hub.onInvite = (invitation) => {
    groupCalls.onInvite(invitation);
    access.onInvite(invitation);
  };
  rooms.onMembership = (key, userIds) => {
    groupCalls.onMembership(key, userIds);
    access.onMembership(key, userIds);
  };
  const chats: LocalChatClient[] = [];
  const trtcs = new Set<LocalTRTC>();
  /** Devices crashed by `crashDevice`: a TRTC client their engine creates later is dead too. */
  const crashedDevices = new Set<string>();
  const faults = new DeviceFaults();
  /** deviceId ('' for `network.TRTC`) → the speaker set through that device's class. */
  const speakers = new Map<string, string>();
  let devices = 0;

  const trtcClass = (deviceId?: string): LocalTRTCClass => ({
    create(createOptions?: LocalTRTCCreateOptions): LocalTRTC {
      const trtc = new LocalTRTC(
        { rooms, scheduler, faults, latency: () => hub.latencyMs, release: (t) => trtcs.delete(t) },
        { deviceId: createOptions?.deviceId ?? deviceId },
      );
      trtcs.add(trtc);
      // Engines create their TRTC client lazily, at their first call: one created by a crashed
      // device (a command still in flight) must not enter a room and linger there for good.
      if (trtc.deviceId !== undefined && crashedDevices.has(trtc.deviceId)) trtc.crash();
      return trtc;
    },
    EVENT: TRTC_EVENT,
    TYPE: LOCAL_TRTC_TYPE,
    ERROR_CODE: TRTC_ERROR,
    getCameraList: () => listDevices('camera'),
    getMicrophoneList: () => listDevices('microphone'),
    getSpeakerList: () => listDevices('speaker'),
    setCurrentSpeaker(speakerId) {
      if (!isLocalDevice('speaker', speakerId)) {
        return fail(
          TRTC_ERROR.DEVICE_ERROR,
          `setCurrentSpeaker: no speaker ${String(speakerId)}`,
          'RtcError',
        );
      }
      speakers.set(deviceId ?? '', speakerId);
      return Promise.resolve();
    },
    get currentSpeakerId() {
      return speakers.get(deviceId ?? '') ?? '';
    },
  });

  return {
    clock,
    TRTC: trtcClass(),
    trtcForDevice: (deviceId) => trtcClass(deviceId),
    createChat(chatOptions) {
      const deviceId = chatOptions?.deviceId ?? `device-${++devices}`;
      const chat = new LocalChatClient({ hub, scheduler, ids, deviceId });
      chats.push(chat);
      return chat;
    },
    createGroup: (groupID, memberIDs) => hub.createGroup(groupID, memberIDs),
    groupMembers: (groupID) => hub.groupMembers(groupID),
    admitToRoom: (userID, room) => access.admit(userID, room),
    groupAttributes: (groupID) => hub.groupAttributes(groupID),
    setEdition(edition) {
      hub.edition = edition;
    },
    setLatency(ms) {
      hub.latencyMs = Number.isFinite(ms) ? Math.max(0, ms) : hub.latencyMs;
    },
    setInterceptor(fn) {
      hub.interceptor = fn;
    },
    injectSignalingEvent: (userID, eventName, data, deviceId) =>
      hub.inject(userID, eventName, data, deviceId),
    crashDevice(userID, deviceId) {
      crashedDevices.add(deviceId);
      for (const chat of chats) {
        if (chat.deviceId === deviceId && (chat.getLoginUser() === userID || !chat.isReady())) chat.crash();
      }
      for (const trtc of [...trtcs]) {
        const onDevice = trtc.deviceId === undefined ? trtc.userId === userID : trtc.deviceId === deviceId;
        if (onDevice) trtc.crash();
      }
    },
    changeDevice(change, deviceId) {
      for (const trtc of [...trtcs]) {
        if (deviceId === undefined || trtc.deviceId === deviceId) trtc.reportDeviceChange(change);
      }
    },
    setVolume(userId, volume) {
      rooms.volumes.set(userId, Number.isFinite(volume) ? Math.min(100, Math.max(0, volume)) : 0);
    },
    setNetworkQuality(userId, uplink, downlink) {
      for (const trtc of [...trtcs]) {
        if (trtc.userId === userId) trtc.reportNetworkQuality(clampQuality(uplink), clampQuality(downlink));
      }
    },
    setDeviceFailure: (userId, kind, error) => faults.set(userId, kind, error),
    pendingDeliveries: () => scheduler.pending(),
    storedMessages: () => hub.storedMessages(),
    destroy: () => scheduler.destroy(),
  };
}
