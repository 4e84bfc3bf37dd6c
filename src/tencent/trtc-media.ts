import type { ConnectionState, MediaFact, MediaPort } from '../ports/media';
import { asString, type Fields, fieldsOf, isFiniteNumber, isNonEmpty, isString } from '../protocol/util';
import type { TRTCClassLike, TRTCEventName, TRTCLike } from './trtc-types';
import { codeError, type VendorError, vendorCall } from './util';

/** Options of {@link createTRTCMedia}: the credentials passed to every `enterRoom`. */
export interface TRTCMediaOptions {
  sdkAppId: number;
  userId: string;
  userSig: string;
}

// The TRTC.ERROR_CODE values the adapter uses (dependencies.md §3.2) are written as literals: the bundle
// is size-budgeted and a named constant costs a variable. INVALID_PARAMETER 5000, INVALID_OPERATION 5100,
// UNKNOWN_ERROR 5999.

/** An `Error` carrying a numeric TRTC `code`, the shape the engine maps into `CallError`. */
export type TRTCMediaError = VendorError;

const CONNECTION_STATES: Readonly<Record<string, ConnectionState>> = {
  CONNECTED: 'connected',
  RECONNECTED: 'connected',
  CONNECTING: 'connecting',
  RECONNECTING: 'reconnecting',
  DISCONNECTED: 'disconnected',
};

/** The TRTC methods the port calls through `run`: each takes at most an options object. */
type Method =
  | 'enterRoom'
  | 'exitRoom'
  | 'startLocalAudio'
  | 'updateLocalAudio'
  | 'stopLocalAudio'
  | 'startLocalVideo'
  | 'updateLocalVideo'
  | 'stopLocalVideo';

/** Maps the fields of an event payload (`{}` when it is not an object) to a fact, or `undefined`. */
type Mapper = (payload: Fields) => MediaFact | undefined;

/** A mapper for an event about a remote user, which must name it by a non-empty `userId`. */
const remote =
  (map: (userID: string, payload: Fields) => MediaFact | undefined): Mapper =>
  (p) =>
    isNonEmpty(p.userId) ? map(p.userId, p) : undefined;

const availability = (type: 'remoteAudioAvailable' | 'remoteVideoAvailable', available: boolean): Mapper =>
  remote((userID, { streamType }) =>
    // Screen sharing arrives as streamType 'sub'; the call only tracks the camera. A missing streamType
    // (compatible clients) counts as main.
    type === 'remoteVideoAvailable' && streamType !== undefined && streamType !== 'main'
      ? undefined
      : { type, userID, available },
  );

/** TRTC network quality: an integer 0 (unknown) … 6 (down); -1 when the value is not one. */
const qualityOf = (v: unknown): number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 6 ? (v as number) : -1;

/**
 * Event name → fact. Payloads are untrusted: a mapper returns `undefined` for a shape it cannot use.
 * `kicked-out` and `error` are reported even with odd payloads, because losing them would leave the
 * engine believing it is still in the room.
 */
// Event names are literals (type-checked against TRTCEventName) rather than TRTC_EVENT lookups: the
// engine bundle is size-budgeted and the lookups kept both the key and the value of every name.
const MAPPERS: Readonly<Partial<Record<TRTCEventName, Mapper>>> = {
  'remote-user-enter': remote((userID) => ({ type: 'remoteUserEnter', userID })),
  'remote-user-exit': remote((userID, { reason }) => ({
    type: 'remoteUserExit',
    userID,
    ...(isFiniteNumber(reason) && { reason }),
  })),
  'remote-audio-available': availability('remoteAudioAvailable', true),
  'remote-audio-unavailable': availability('remoteAudioAvailable', false),
  'remote-video-available': availability('remoteVideoAvailable', true),
  'remote-video-unavailable': availability('remoteVideoAvailable', false),
  'audio-volume': ({ result }) =>
    Array.isArray(result)
      ? {
          type: 'audioVolume',
          volumes: result.flatMap((entry) => {
            const { userId, volume } = fieldsOf(entry);
            // '' is the local user here, so an empty id is valid (unlike in the other events).
            return isString(userId) && isFiniteNumber(volume) ? [{ userID: userId, volume }] : [];
          }),
        }
      : undefined,
  // trtc-sdk-v5 reports only the local link (no per-remote quality). We report it as userID '' with the
  // worse of uplink and downlink, since either one degrades the call; 0 (unknown) loses to any measurement.
  'network-quality': (p) => {
    const quality = Math.max(qualityOf(p.uplinkNetworkQuality), qualityOf(p.downlinkNetworkQuality));
    return quality < 0 ? undefined : { type: 'networkQuality', userID: '', quality };
  },
  'connection-state-changed': ({ state }) => {
    // Checking the result's type also rules out inherited keys such as 'toString'.
    const mapped: unknown = isString(state) ? CONNECTION_STATES[state] : undefined;
    return isString(mapped) ? { type: 'connectionState', state: mapped as ConnectionState } : undefined;
  },
  'kicked-out': ({ reason }) => ({ type: 'kicked', reason: isNonEmpty(reason) ? reason : 'unknown' }),
  error: ({ code, message }) => ({
    type: 'error',
    code: isFiniteNumber(code) ? code : 5999,
    message: asString(message),
  }),
};

/**
 * Adapts an injected TRTC class (`import TRTC from 'trtc-sdk-v5'`, or a TRTC-compatible client) to the
 * engine's {@link MediaPort}. The instance is created lazily on first use, so constructing the adapter
 * touches no browser API. Vendor failures reject with an `Error` carrying TRTC's numeric `code` and the
 * original as `cause`.
 */
export function createTRTCMedia(TRTC: TRTCClassLike, options: TRTCMediaOptions): MediaPort {
  let trtc: TRTCLike | undefined;
  let handler: ((fact: MediaFact) => void) | undefined;
  // What destroy has to undo. inRoom is set when enterRoom starts: an exitRoom during enterRoom must
  // still reach TRTC, which aborts the enter.
  let inRoom = false;
  let audio = false;
  let video = false;
  let destroyed: Promise<void> | undefined;
  const listeners = Object.entries(MAPPERS).map(([name, map]) => {
    const listener = (payload: unknown): void => {
      const fact = map(fieldsOf(payload));
      if (fact === undefined) return;
      try {
        handler?.(fact);
      } catch (err) {
        // Surface the handler bug without unwinding into TRTC's emitter.
        queueMicrotask(() => {
          throw err;
        });
      }
    };
    return [name, listener] as const;
  });

  const instance = (): TRTCLike => {
    if (trtc !== undefined) return trtc;
    const created = TRTC.create();
    for (const [name, listener] of listeners) created.on(name, listener);
    trtc = created;
    return created;
  };

  /** Calls a TRTC method on the (lazily created) instance, normalising every failure. */
  const run = (method: Method, ...args: [options?: object]): Promise<void> => {
    if (destroyed) return Promise.reject(codeError(5100, `trtc.${method}: adapter destroyed`));
    // Each Method of TRTCLike takes at most one options object, which the caller picked to match.
    return vendorCall(`trtc.${method}`, 5999, () =>
      (instance() as unknown as Record<Method, (options?: object) => Promise<void>>)[method](...args),
    );
  };

  /** Like `run`, but a no-op when there is nothing to undo. */
  const undo = (method: Method): Promise<void> =>
    trtc === undefined || destroyed ? Promise.resolve() : run(method);

  return {
    async enterRoom({ roomId, strRoomId }) {
      // TRTC's own rule: a numeric room wins over a string room (dependencies.md §3.2).
      const target =
        Number.isInteger(roomId) && roomId > 0
          ? { roomId }
          : isNonEmpty(strRoomId)
            ? { strRoomId }
            : undefined;
      if (target === undefined) {
        throw codeError(5000, 'trtc.enterRoom: no valid room');
      }
      const before = inRoom;
      inRoom = true;
      try {
        // String values on purpose: the vendor d.ts declares Scene / UserRole as const enums (§3.5).
        await run('enterRoom', {
          ...options,
          ...target,
          role: 'anchor',
          scene: 'rtc',
          autoReceiveAudio: true,
          autoReceiveVideo: false,
        });
      } catch (err) {
        // Unless an exitRoom came in between.
        if (inRoom) inRoom = before;
        throw err;
      }
      // An exitRoom while entering wins; TRTC normally rejects the enter in that case anyway.
      if (!inRoom) return;
      try {
        instance().enableAudioVolumeEvaluation(500);
      } catch {
        // Volume levels are cosmetic; failing to enable them must not fail the call.
      }
    },
    exitRoom() {
      if (!inRoom) return Promise.resolve();
      inRoom = false;
      return undo('exitRoom');
    },
    async startLocalAudio() {
      await run('startLocalAudio');
      audio = true;
    },
    muteLocalAudio: (mute) => run('updateLocalAudio', { mute }),
    stopLocalAudio() {
      audio = false;
      return undo('stopLocalAudio');
    },
    async startLocalVideo(videoOptions) {
      // A copy: TRTC gets the options given ({} for none) and keeps its own defaults for the rest.
      await run('startLocalVideo', { ...videoOptions });
      video = true;
    },
    muteLocalVideo: (mute) => run('updateLocalVideo', { mute }),
    stopLocalVideo() {
      video = false;
      return undo('stopLocalVideo');
    },
    listen(next) {
      handler = next;
      return () => {
        if (handler === next) handler = undefined;
      };
    },
    destroy() {
      destroyed ??= (async () => {
        handler = undefined;
        const t = trtc;
        if (t === undefined) return;
        // Best effort: each step runs even if an earlier one failed, so the instance is always released.
        const steps = [inRoom && 'exitRoom', audio && 'stopLocalAudio', video && 'stopLocalVideo'] as const;
        for (const step of steps) {
          try {
            if (step) await t[step]();
          } catch {
            // Cleanup is best effort.
          }
        }
        for (const [name, listener] of listeners) t.off(name, listener);
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
