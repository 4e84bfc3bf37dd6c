import type {
  CameraFacing,
  ConnectionState,
  DeviceKind,
  MediaFact,
  MediaPort,
  VideoEncoding,
  VideoProfile,
} from '../ports/media';
import { asString, type Fields, fieldsOf, isFiniteNumber, isNonEmpty, isString } from '../protocol/util';
import type { TRTCClassLike, TRTCEventName, TRTCLike } from './trtc-types';
import { codeError, type VendorError, vendorCall } from './util';

/** Options of {@link createTRTCMedia}. */
export interface TRTCMediaOptions {
  /** The credentials passed to every `enterRoom` (and to the AIDenoiser). */
  sdkAppId: number;
  userId: string;
  userSig: string;
  /** Passed to `TRTC.create()`, e.g. `{ assetsPath }` or `{ plugins: [...] }`. */
  createOptions?: object;
  /**
   * The camera's `'standard'` profile: a TRTC profile name or `{width, height, frameRate, bitrate}`
   * (default `'720p'`: 1280×720, 15 fps, 1200 kbps). The `'low'` profile is always `'360p'`.
   */
  videoProfile?: VideoEncoding;
  /**
   * Makes `setNoiseSuppression` use TRTC's AIDenoiser (`startPlugin('AIDenoiser', …)`). It is built into
   * trtc-sdk-v5 5.x; an SDK build that ships it as a plugin needs it registered with
   * `createOptions: { plugins: [AIDenoiser] }`. It loads its wasm from `assetsPath` (a hosted copy of
   * `trtc-sdk-v5/assets/`), needs HTTPS and a TRTC plan that includes it. Without this option, or with a
   * client that has no `startPlugin`, the browser's own noise suppression is switched instead.
   */
  denoiser?: { assetsPath?: string; mode?: 0 | 1 };
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

/** The TRTC methods the port calls through `run`. */
type Method =
  | 'enterRoom'
  | 'exitRoom'
  | 'startLocalAudio'
  | 'updateLocalAudio'
  | 'stopLocalAudio'
  | 'startLocalVideo'
  | 'updateLocalVideo'
  | 'stopLocalVideo'
  | 'startRemoteVideo'
  | 'stopRemoteVideo'
  | 'startPlugin'
  | 'stopPlugin';

/** `TRTC` statics listing each kind of device. */
const LISTS = {
  camera: 'getCameraList',
  microphone: 'getMicrophoneList',
  speaker: 'getSpeakerList',
} as const;

/** Maps the fields of an event payload (`{}` when it is not an object) to a fact, or `undefined`. */
type Mapper = (payload: Fields) => MediaFact | MediaFact[] | undefined;

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
  // A client that knows each remote link (the local mesh client; native TRTC's `remoteQuality`) lists it
  // as `remoteQuality: [{userId, quality}]`.
  'network-quality': (p) => {
    const quality = Math.max(qualityOf(p.uplinkNetworkQuality), qualityOf(p.downlinkNetworkQuality));
    const facts: MediaFact[] = quality < 0 ? [] : [{ type: 'networkQuality', userID: '', quality }];
    for (const entry of Array.isArray(p.remoteQuality) ? p.remoteQuality : []) {
      const { userId, quality: q } = fieldsOf(entry);
      const remote = qualityOf(q);
      if (isNonEmpty(userId) && remote >= 0)
        facts.push({ type: 'networkQuality', userID: userId, quality: remote });
    }
    return facts;
  },
  'connection-state-changed': ({ state, isReconnecting }) => {
    // Checking the result's type also rules out inherited keys such as 'toString'.
    const mapped: unknown =
      isReconnecting === true && state === 'CONNECTING'
        ? 'reconnecting'
        : isString(state)
          ? CONNECTION_STATES[state]
          : undefined;
    return isString(mapped) ? { type: 'connectionState', state: mapped as ConnectionState } : undefined;
  },
  'autoplay-failed': ({ userId }) => ({ type: 'autoplayFailed', userID: asString(userId) }),
  'device-changed': ({ type, action, device }) => {
    const { deviceId, label } = fieldsOf(device);
    return (type === 'camera' || type === 'microphone' || type === 'speaker') &&
      (action === 'add' || action === 'remove' || action === 'active') &&
      isString(deviceId)
      ? { type: 'deviceChanged', kind: type, action, device: { deviceId, label: asString(label) } }
      : undefined;
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
  const { sdkAppId, userId, denoiser } = options;
  let userSig = options.userSig;
  let standard: VideoEncoding = options.videoProfile ?? '720p';
  let facing: CameraFacing | undefined;
  let trtc: TRTCLike | undefined;
  let handler: ((fact: MediaFact) => void) | undefined;
  // What destroy has to undo. inRoom is set when enterRoom starts: an exitRoom during enterRoom must
  // still reach TRTC, which aborts the enter.
  let inRoom = false;
  let audio = false;
  let video = false;
  let destroyed: Promise<void> | undefined;
  // The last reported connection state: TRTC reports a reconnection as CONNECTING again.
  let connection: ConnectionState = 'disconnected';
  // Chosen devices and profile, also applied to captures started later.
  const chosen: Partial<Record<DeviceKind, string>> = {};
  let profile: VideoProfile = 'standard';
  let denoising = false;
  const listeners = Object.entries(MAPPERS).map(([name, map]) => {
    const listener = (payload: unknown): void => {
      const mapped = map(fieldsOf(payload));
      for (let fact of Array.isArray(mapped) ? mapped : mapped ? [mapped] : []) {
        if (fact.type === 'connectionState') {
          if (fact.state === 'connecting' && (connection === 'connected' || connection === 'reconnecting'))
            fact = { type: 'connectionState', state: 'reconnecting' };
          connection = fact.state;
        }
        try {
          handler?.(fact);
        } catch (err) {
          // Surface the handler bug without unwinding into TRTC's emitter.
          queueMicrotask(() => {
            throw err;
          });
        }
      }
    };
    return [name, listener] as const;
  });

  const instance = (): TRTCLike => {
    if (trtc !== undefined) return trtc;
    const created = TRTC.create(options.createOptions);
    for (const [name, listener] of listeners) created.on(name, listener);
    trtc = created;
    return created;
  };

  /** Calls a TRTC method on the (lazily created) instance, normalising every failure. */
  const run = (method: Method, ...args: unknown[]): Promise<void> => {
    if (destroyed) return Promise.reject(codeError(5100, `trtc.${method}: adapter destroyed`));
    // The caller picked arguments matching the method's TRTCLike signature.
    return vendorCall(`trtc.${method}`, 5999, () =>
      (instance() as unknown as Record<Method, (...a: unknown[]) => Promise<void>>)[method](...args),
    );
  };

  /** Like `run`, but a no-op when there is nothing to undo. */
  const undo = (method: Method, ...args: unknown[]): Promise<void> =>
    trtc === undefined || destroyed ? Promise.resolve() : run(method, ...args);

  /** Calls a static of the TRTC class (device lists, speaker); 5200 when the class lacks it. */
  const statics = <T>(name: (typeof LISTS)[DeviceKind] | 'setCurrentSpeaker', ...args: unknown[]) => {
    const fn = (TRTC as unknown as Record<string, unknown>)[name];
    return typeof fn === 'function'
      ? vendorCall(`TRTC.${name}`, 5300, async (): Promise<T> => fn.apply(TRTC, args))
      : Promise.reject(codeError(5200, `TRTC.${name} is not available`));
  };

  const videoOption = (p: VideoProfile) => ({ profile: p === 'low' ? '360p' : standard });

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
          sdkAppId,
          userId,
          userSig,
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
      connection = 'disconnected';
      if (!inRoom) return Promise.resolve();
      inRoom = false;
      return undo('exitRoom');
    },
    async startLocalAudio(audioOptions) {
      const microphoneId = chosen.microphone;
      const mute = audioOptions?.mute === true;
      // No options at all in the common case, so TRTC keeps every default.
      await run(
        'startLocalAudio',
        mute || microphoneId ? { mute, ...(microphoneId && { option: { microphoneId } }) } : undefined,
      );
      audio = true;
    },
    muteLocalAudio: (mute) => run('updateLocalAudio', { mute }),
    stopLocalAudio() {
      audio = false;
      // The AIDenoiser works on the captured track, so it goes with it.
      denoising = false;
      return undo('stopLocalAudio');
    },
    async startLocalVideo(videoOptions) {
      // A running camera only moves to the new view (TRTC refuses a second start).
      if (video) return run('updateLocalVideo', { ...videoOptions });
      const cameraId = chosen.camera;
      // A copy: TRTC gets the options given plus the chosen camera and profile, its defaults for the rest.
      await run('startLocalVideo', {
        ...videoOptions,
        option: {
          ...(cameraId && { cameraId }),
          ...(facing && { useFrontCamera: facing === 'front' }),
          ...videoOption(profile),
        },
      });
      video = true;
    },
    muteLocalVideo: (mute) => run('updateLocalVideo', { mute }),
    stopLocalVideo() {
      video = false;
      return undo('stopLocalVideo');
    },
    startRemoteVideo: (userID, view) =>
      isNonEmpty(userID)
        ? run('startRemoteVideo', { userId: userID, streamType: 'main', view })
        : Promise.reject(codeError(5000, 'trtc.startRemoteVideo: no userID')),
    stopRemoteVideo: (userID) =>
      isNonEmpty(userID)
        ? undo('stopRemoteVideo', { userId: userID, streamType: 'main' })
        : Promise.reject(codeError(5000, 'trtc.stopRemoteVideo: no userID')),
    async getDevices(kind) {
      if (!Object.hasOwn(LISTS, kind)) throw codeError(5000, 'getDevices: unknown device kind');
      const list = await statics<unknown>(LISTS[kind]);
      // Untrusted: keep the entries that have an id, and only the two fields the engine promises.
      return (Array.isArray(list) ? list : []).flatMap((device) => {
        const { deviceId, label } = fieldsOf(device);
        return isString(deviceId) ? [{ deviceId, label: asString(label) }] : [];
      });
    },
    async switchDevice(kind, deviceId) {
      if (!Object.hasOwn(LISTS, kind) || !isNonEmpty(deviceId)) {
        throw codeError(5000, 'switchDevice: unknown device kind or empty deviceId');
      }
      if (kind === 'speaker') return statics<void>('setCurrentSpeaker', deviceId);
      if (kind === 'camera' && video) await run('updateLocalVideo', { option: { cameraId: deviceId } });
      if (kind === 'microphone' && audio)
        await run('updateLocalAudio', { option: { microphoneId: deviceId } });
      // Only once it worked: a failed switch keeps the device that still works.
      chosen[kind] = deviceId;
    },
    async setNoiseSuppression(enabled) {
      const on = enabled === true;
      if (!destroyed && denoiser && typeof instance().startPlugin === 'function') {
        if (on === denoising) return;
        await (on
          ? run('startPlugin', 'AIDenoiser', { ...denoiser, sdkAppId, userId, userSig })
          : run('stopPlugin', 'AIDenoiser'));
        denoising = on;
        return;
      }
      await run('updateLocalAudio', { option: { noiseSuppression: on } });
    },
    async setVideoProfile(next) {
      if (next !== 'low' && next !== 'standard') throw codeError(5000, 'setVideoProfile: unknown profile');
      if (video) await run('updateLocalVideo', { option: videoOption(next) });
      profile = next;
    },
    getClient: () => (destroyed ? null : instance()),
    setUserSig(next) {
      userSig = next;
    },
    async setVideoEncoding(encoding) {
      if (video && profile === 'standard') await run('updateLocalVideo', { option: { profile: encoding } });
      standard = encoding;
    },
    async setCameraFacing(next) {
      if (video) await run('updateLocalVideo', { option: { useFrontCamera: next === 'front' } });
      facing = next;
      // The facing names the camera from now on, not a device picked earlier.
      delete chosen.camera;
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
