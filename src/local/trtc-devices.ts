import { LocalBackendError, TRTC_ERROR } from './errors';

/** A simulated capture device kind that can be made to fail. */
export type LocalCaptureKind = 'camera' | 'microphone';
type Kind = LocalCaptureKind | 'speaker';

/**
 * The devices every simulated client has: two cameras, one microphone, one speaker. The first of each
 * kind is the one used until a switch.
 */
export const LOCAL_DEVICES: Readonly<Record<Kind, readonly { deviceId: string; label: string }[]>> = {
  camera: [
    { deviceId: 'camera-front', label: 'Simulated front camera' },
    { deviceId: 'camera-back', label: 'Simulated back camera' },
  ],
  microphone: [{ deviceId: 'microphone-1', label: 'Simulated microphone' }],
  speaker: [{ deviceId: 'speaker-1', label: 'Simulated speaker' }],
};

const MEDIA_KIND: Readonly<Record<Kind, string>> = {
  camera: 'videoinput',
  microphone: 'audioinput',
  speaker: 'audiooutput',
};

/** `TRTC.get…List()`: fresh `MediaDeviceInfo`-shaped copies. */
export function listDevices(
  kind: Kind,
): Promise<{ deviceId: string; label: string; kind: string; groupId: string }[]> {
  return Promise.resolve(LOCAL_DEVICES[kind].map((d) => ({ ...d, kind: MEDIA_KIND[kind], groupId: '' })));
}

/** Whether `deviceId` is one of the simulated devices of `kind`. */
export const isLocalDevice = (kind: Kind, deviceId: unknown): boolean =>
  LOCAL_DEVICES[kind].some((d) => d.deviceId === deviceId);

/**
 * What TRTC rejects a failed capture with: an `RtcError` with code 5300 (DEVICE_ERROR) that keeps the
 * browser's `DOMException` as `originError`.
 */
export function deviceError(what: string, originError: unknown): LocalBackendError {
  const { name, message } = (originError ?? {}) as { name?: unknown; message?: unknown };
  const error = new LocalBackendError(
    TRTC_ERROR.DEVICE_ERROR,
    `${what}: ${String(name ?? 'Error')}: ${String(message ?? '')}`,
    'RtcError',
  );
  return Object.assign(error, { originError });
}

/** A `DOMException`-like error (Node has no `getUserMedia`, so the shape is what matters). */
export const domError = (name: string, message: string): Error => Object.assign(new Error(message), { name });

/** Capture failures set by `LocalNetwork.setDeviceFailure`, by userId (`'*'`: every user) and kind. */
export class DeviceFaults {
  readonly #failures = new Map<string, unknown>();

  set(userId: string, kind: LocalCaptureKind, error: unknown): void {
    const key = `${kind}:${userId}`;
    if (error === undefined) this.#failures.delete(key);
    else this.#failures.set(key, error);
  }

  /**
   * The error a capture of `kind` by `userId` fails with: the fault set for the user when it starts or
   * switches devices, or NotFoundError for a `deviceId` that is not a simulated device.
   */
  check(
    userId: string,
    what: string,
    kind: LocalCaptureKind,
    deviceId: unknown,
    start: boolean,
  ): LocalBackendError | undefined {
    const fault =
      start || deviceId !== undefined
        ? (this.#failures.get(`${kind}:${userId}`) ?? this.#failures.get(`${kind}:*`))
        : undefined;
    if (fault !== undefined) return deviceError(what, fault);
    if (deviceId !== undefined && !isLocalDevice(kind, deviceId)) {
      return deviceError(what, domError('NotFoundError', `no ${kind} ${String(deviceId)}`));
    }
    return undefined;
  }
}
