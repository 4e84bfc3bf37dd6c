import type { ConnectionState, MediaFact, MediaPort, RoomRef } from '../ports/media';
import type { TRTCClassLike, TRTCEnterRoomOptions, TRTCEventName, TRTCLike } from './trtc-types';

/** Options of {@link createTRTCMedia}: the credentials passed to every `enterRoom`. */
export interface TRTCMediaOptions {
  sdkAppId: number;
  userId: string;
  userSig: string;
}

/** `TRTC.ERROR_CODE` values used when the adapter itself refuses an operation (dependencies.md §3.2). */
const INVALID_PARAMETER = 5000;
const INVALID_OPERATION = 5100;
const UNKNOWN_ERROR = 5999;
/** Interval of `audio-volume` events, in ms. */
const VOLUME_INTERVAL_MS = 500;

/** An `Error` carrying a numeric TRTC `code`, the shape the engine maps into `CallError`. */
export type TRTCMediaError = Error & { code: number };

/** Re-throws a TRTC failure (`RtcError` or anything else) as an `Error` with numeric `code` and `cause`. */
function toTRTCError(err: unknown, fallback: string): TRTCMediaError {
  const rec: { code?: unknown; message?: unknown } = typeof err === 'object' && err !== null ? err : {};
  const code = typeof rec.code === 'number' && Number.isFinite(rec.code) ? rec.code : UNKNOWN_ERROR;
  const message = typeof rec.message === 'string' && rec.message !== '' ? rec.message : fallback;
  return Object.assign(new Error(message, { cause: err }), { code });
}

/** Awaits a cleanup step, ignoring its failure (sync throws included). */
async function quietly(op: () => Promise<void>): Promise<void> {
  try {
    await op();
  } catch {
    // Cleanup is best effort.
  }
}

function refuse(code: number, message: string): Promise<never> {
  return Promise.reject(toTRTCError({ code, message }, message));
}

const CONNECTION_STATES: Readonly<Record<string, ConnectionState>> = {
  CONNECTED: 'connected',
  RECONNECTED: 'connected',
  CONNECTING: 'connecting',
  RECONNECTING: 'reconnecting',
  DISCONNECTED: 'disconnected',
};

type Payload = Readonly<Record<string, unknown>>;

function asPayload(value: unknown): Payload | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Payload)
    : undefined;
}

function userIdOf(p: Payload | undefined): string | undefined {
  const userId = p?.['userId'];
  return typeof userId === 'string' && userId !== '' ? userId : undefined;
}

/** TRTC network quality: an integer 0 (unknown) … 6 (down). */
function qualityOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 6 ? value : undefined;
}

/** TRTC's own rule: a numeric room wins over a string room (dependencies.md §3.2). */
function roomTarget(ref: RoomRef): Pick<TRTCEnterRoomOptions, 'roomId' | 'strRoomId'> | undefined {
  if (Number.isInteger(ref.roomId) && ref.roomId > 0) return { roomId: ref.roomId };
  if (typeof ref.strRoomId === 'string' && ref.strRoomId !== '') return { strRoomId: ref.strRoomId };
  return undefined;
}

type Mapper = (payload: unknown) => MediaFact | undefined;

function availability(type: 'remoteAudioAvailable' | 'remoteVideoAvailable', available: boolean): Mapper {
  return (raw) => {
    const p = asPayload(raw);
    const userID = userIdOf(p);
    if (userID === undefined) return undefined;
    // Screen sharing arrives as streamType 'sub'; the call only tracks the camera. A missing streamType
    // (compatible clients) counts as main.
    if (type === 'remoteVideoAvailable' && p?.['streamType'] !== undefined && p['streamType'] !== 'main') {
      return undefined;
    }
    return { type, userID, available };
  };
}

/**
 * Event name → fact. Payloads are untrusted: a mapper returns `undefined` for a shape it cannot use.
 * `kicked-out` and `error` are reported even with odd payloads, because losing them would leave the
 * engine believing it is still in the room.
 */
// Event names are literals (type-checked against TRTCEventName) rather than TRTC_EVENT lookups: the
// engine bundle is size-budgeted and the lookups kept both the key and the value of every name.
const MAPPERS: Readonly<Partial<Record<TRTCEventName, Mapper>>> = {
  'remote-user-enter': (raw) => {
    const userID = userIdOf(asPayload(raw));
    return userID === undefined ? undefined : { type: 'remoteUserEnter', userID };
  },
  'remote-user-exit': (raw) => {
    const p = asPayload(raw);
    const userID = userIdOf(p);
    if (userID === undefined) return undefined;
    const reason = p?.['reason'];
    return typeof reason === 'number' && Number.isFinite(reason)
      ? { type: 'remoteUserExit', userID, reason }
      : { type: 'remoteUserExit', userID };
  },
  'remote-audio-available': availability('remoteAudioAvailable', true),
  'remote-audio-unavailable': availability('remoteAudioAvailable', false),
  'remote-video-available': availability('remoteVideoAvailable', true),
  'remote-video-unavailable': availability('remoteVideoAvailable', false),
  'audio-volume': (raw) => {
    const result = asPayload(raw)?.['result'];
    if (!Array.isArray(result)) return undefined;
    const volumes: { userID: string; volume: number }[] = [];
    for (const entry of result) {
      const e = asPayload(entry);
      const userId = e?.['userId'];
      const volume = e?.['volume'];
      // '' is the local user here, so an empty id is valid (unlike in the other events).
      if (typeof userId === 'string' && typeof volume === 'number' && Number.isFinite(volume)) {
        volumes.push({ userID: userId, volume });
      }
    }
    return { type: 'audioVolume', volumes };
  },
  // trtc-sdk-v5 reports only the local link (no per-remote quality). We report it as userID '' with the
  // worse of uplink and downlink, since either one degrades the call; 0 (unknown) loses to any measurement.
  'network-quality': (raw) => {
    const p = asPayload(raw);
    const up = qualityOf(p?.['uplinkNetworkQuality']);
    const down = qualityOf(p?.['downlinkNetworkQuality']);
    if (up === undefined && down === undefined) return undefined;
    return { type: 'networkQuality', userID: '', quality: Math.max(up ?? 0, down ?? 0) };
  },
  'connection-state-changed': (raw) => {
    const state = asPayload(raw)?.['state'];
    const mapped = typeof state === 'string' ? CONNECTION_STATES[state] : undefined;
    return mapped === undefined ? undefined : { type: 'connectionState', state: mapped };
  },
  'kicked-out': (raw) => {
    const reason = asPayload(raw)?.['reason'];
    return { type: 'kicked', reason: typeof reason === 'string' && reason !== '' ? reason : 'unknown' };
  },
  error: (raw) => {
    const p = asPayload(raw);
    const code = p?.['code'];
    const message = p?.['message'];
    return {
      type: 'error',
      code: typeof code === 'number' && Number.isFinite(code) ? code : UNKNOWN_ERROR,
      message: typeof message === 'string' ? message : '',
    };
  },
};

/**
 * Adapts an injected TRTC class (`import TRTC from 'trtc-sdk-v5'`, or a TRTC-compatible client) to the
 * engine's {@link MediaPort}. The instance is created lazily on first use, so constructing the adapter
 * touches no browser API. Vendor failures reject with an `Error` carrying TRTC's numeric `code` and the
 * original as `cause`.
 */
export function createTRTCMedia(TRTC: TRTCClassLike, options: TRTCMediaOptions): MediaPort {
  const credentials = { sdkAppId: options.sdkAppId, userId: options.userId, userSig: options.userSig };
  let trtc: TRTCLike | undefined;
  let handler: ((fact: MediaFact) => void) | undefined;
  // 'entering' matters: an exitRoom during enterRoom must still reach TRTC, which aborts the enter.
  let room: 'out' | 'entering' | 'in' = 'out';
  let audioStarted = false;
  let videoStarted = false;
  let destroyed: Promise<void> | undefined;
  const registered: { name: string; listener: (payload: unknown) => void }[] = [];

  const emit = (fact: MediaFact): void => {
    const current = handler;
    if (current === undefined) return;
    try {
      current(fact);
    } catch (err) {
      // Surface the handler bug without unwinding into TRTC's emitter.
      queueMicrotask(() => {
        throw err;
      });
    }
  };

  const instance = (): TRTCLike => {
    if (trtc !== undefined) return trtc;
    const created = TRTC.create();
    for (const [name, map] of Object.entries(MAPPERS)) {
      const listener = (payload: unknown): void => {
        const fact = map(payload);
        if (fact !== undefined) emit(fact);
      };
      created.on(name, listener);
      registered.push({ name, listener });
    }
    trtc = created;
    return created;
  };

  /** Runs a vendor call on the (lazily created) instance, normalising every failure. */
  const run = async (what: string, op: (t: TRTCLike) => Promise<void>): Promise<void> => {
    if (destroyed !== undefined) return refuse(INVALID_OPERATION, `trtc.${what}: media adapter destroyed`);
    try {
      await op(instance());
    } catch (err) {
      throw toTRTCError(err, `trtc.${what} failed`);
    }
  };

  /** Like `run`, but a no-op when there is nothing to undo. */
  const runIfCreated = (what: string, op: (t: TRTCLike) => Promise<void>): Promise<void> =>
    trtc === undefined || destroyed !== undefined ? Promise.resolve() : run(what, op);

  const exitRoom = (): Promise<void> => {
    if (room === 'out') return Promise.resolve();
    room = 'out';
    return runIfCreated('exitRoom', (t) => t.exitRoom());
  };

  return {
    enterRoom(ref: RoomRef): Promise<void> {
      const target = roomTarget(ref);
      if (target === undefined) {
        return refuse(INVALID_PARAMETER, 'trtc.enterRoom: no valid roomId or strRoomId');
      }
      return run('enterRoom', async (t) => {
        const before = room;
        room = 'entering';
        try {
          // String values on purpose: the vendor d.ts declares Scene / UserRole as const enums (§3.5).
          await t.enterRoom({
            ...credentials,
            ...target,
            role: 'anchor',
            scene: 'rtc',
            autoReceiveAudio: true,
            autoReceiveVideo: false,
          });
        } catch (err) {
          if (room === 'entering') room = before;
          throw err;
        }
        // An exitRoom while entering wins; TRTC normally rejects the enter in that case anyway.
        if (room !== 'entering') return;
        room = 'in';
        try {
          t.enableAudioVolumeEvaluation(VOLUME_INTERVAL_MS);
        } catch {
          // Volume levels are cosmetic; failing to enable them must not fail the call.
        }
      });
    },
    exitRoom,
    startLocalAudio: () =>
      run('startLocalAudio', async (t) => {
        await t.startLocalAudio();
        audioStarted = true;
      }),
    muteLocalAudio: (mute) => run('updateLocalAudio', (t) => t.updateLocalAudio({ mute })),
    stopLocalAudio: () =>
      runIfCreated('stopLocalAudio', async (t) => {
        audioStarted = false;
        await t.stopLocalAudio();
      }),
    startLocalVideo: (videoOptions) =>
      run('startLocalVideo', async (t) => {
        await t.startLocalVideo({
          ...(videoOptions?.view === undefined ? {} : { view: videoOptions.view }),
          ...(videoOptions?.publish === undefined ? {} : { publish: videoOptions.publish }),
        });
        videoStarted = true;
      }),
    muteLocalVideo: (mute) => run('updateLocalVideo', (t) => t.updateLocalVideo({ mute })),
    stopLocalVideo: () =>
      runIfCreated('stopLocalVideo', async (t) => {
        videoStarted = false;
        await t.stopLocalVideo();
      }),
    listen(next: (fact: MediaFact) => void): () => void {
      handler = next;
      return () => {
        if (handler === next) handler = undefined;
      };
    },
    destroy(): Promise<void> {
      destroyed ??= (async () => {
        handler = undefined;
        const t = trtc;
        if (t === undefined) return;
        // Best effort: each step runs even if an earlier one failed, so the instance is always released.
        if (room !== 'out') await quietly(() => t.exitRoom());
        room = 'out';
        if (audioStarted) await quietly(() => t.stopLocalAudio());
        if (videoStarted) await quietly(() => t.stopLocalVideo());
        audioStarted = false;
        videoStarted = false;
        for (const { name, listener } of registered) t.off(name, listener);
        registered.length = 0;
        try {
          t.destroy();
        } catch {
          // Nothing left to release; destroy must not fail.
        }
      })();
      return destroyed;
    },
  };
}
