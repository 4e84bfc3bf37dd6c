import type { CameraFacing, DeviceKind, MediaDevice, MediaPort, VideoEncoding } from '../ports/media';
import type { EngineCore } from './engine-core';
import { invalidParam, mediaError, requireDeviceKind } from './engine-helpers';
import { CallError, CallErrorCode } from './errors';
import type { MediaSession } from './media-session';
import type { UserSigWatch } from './user-sig-watch';
import { requireTime, requireUserID, requireVideoEncoding } from './validate';

/**
 * The media commands of the public API (camera, microphone, views, devices, encoding, the TRTC
 * instance, the UserSig): input checks, then the media session; failures become CallErrors (-1101
 * without permission).
 */
export class MediaCommands {
  readonly #core: EngineCore;
  readonly #media: MediaSession;
  /** For what the session does not track: the vendor client, the UserSig, encoding and camera facing. */
  readonly #port: MediaPort;
  /** Front until the app switches: what phones open by default. */
  #facing: CameraFacing = 'front';
  readonly #userSig: UserSigWatch;

  constructor(core: EngineCore, media: MediaSession, port: MediaPort, userSig: UserSigWatch) {
    this.#core = core;
    this.#media = media;
    this.#port = port;
    this.#userSig = userSig;
  }

  async openCamera(view?: unknown): Promise<void> {
    this.#assertAlive();
    return this.#mediaCommand(this.#media.openCamera(view));
  }

  async closeCamera(): Promise<void> {
    this.#assertAlive();
    return this.#mediaCommand(this.#media.closeCamera());
  }

  async openMicrophone(): Promise<void> {
    this.#assertAlive();
    return this.#mediaCommand(this.#media.openMicrophone());
  }

  async closeMicrophone(): Promise<void> {
    this.#assertAlive();
    return this.#mediaCommand(this.#media.closeMicrophone());
  }

  async startRemoteView(userID: string, view: unknown): Promise<void> {
    this.#assertAlive();
    return this.#mediaCommand(this.#media.startRemoteView(requireUserID(userID, 'userID'), view));
  }

  async stopRemoteView(userID: string): Promise<void> {
    this.#assertAlive();
    return this.#mediaCommand(this.#media.stopRemoteView(requireUserID(userID, 'userID')));
  }

  async getDevices(kind: DeviceKind): Promise<MediaDevice[]> {
    this.#assertAlive();
    return this.#mediaCommand(
      this.#media.getDevices(requireDeviceKind(kind)),
      CallErrorCode.GET_DEVICE_LIST_FAIL,
    );
  }

  async switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    this.#assertAlive();
    const k = requireDeviceKind(kind);
    if (typeof deviceId !== 'string' || deviceId === '')
      throw invalidParam('deviceId must be a non-empty string');
    return this.#mediaCommand(this.#media.switchDevice(k, deviceId));
  }

  async setNoiseSuppression(enabled: boolean): Promise<void> {
    this.#assertAlive();
    if (typeof enabled !== 'boolean') throw invalidParam('enabled must be a boolean');
    return this.#mediaCommand(this.#media.setNoiseSuppression(enabled));
  }

  async setVideoProfile(profile: VideoEncoding): Promise<void> {
    this.#assertAlive();
    const encoding = requireVideoEncoding(profile, 'profile');
    return this.#mediaCommand(
      this.#media.queue(() => this.#capability('setVideoEncoding').call(this.#port, encoding)),
    );
  }

  async switchCamera(facing?: CameraFacing): Promise<CameraFacing> {
    this.#assertAlive();
    if (facing !== undefined && facing !== 'front' && facing !== 'back')
      throw invalidParam("facing must be 'front' or 'back'");
    return this.#mediaCommand(
      this.#media.queue(async () => {
        const next = facing ?? (this.#facing === 'front' ? 'back' : 'front');
        await this.#capability('setCameraFacing').call(this.#port, next);
        this.#facing = next;
        return next;
      }),
    );
  }

  getTRTCInstance<T = unknown>(): T | null {
    this.#assertAlive();
    return (this.#port.getClient?.() ?? null) as T | null;
  }

  updateUserSig(userSig: string, options?: { expiresAt?: number }): void {
    this.#assertAlive();
    if (typeof userSig !== 'string' || userSig === '')
      throw invalidParam('userSig must be a non-empty string');
    const expiresAt =
      options?.expiresAt === undefined ? undefined : requireTime(options.expiresAt, 'expiresAt');
    this.#port.setUserSig?.(userSig);
    this.#userSig.watch(expiresAt);
  }

  /** An optional capability of the media port; 5200 (not available) becomes 60005 for the caller. */
  #capability<K extends 'setVideoEncoding' | 'setCameraFacing'>(name: K): NonNullable<MediaPort[K]> {
    const fn = this.#port[name];
    if (!fn) throw Object.assign(new Error(`the media port has no ${name}`), { code: 5200 });
    return fn as NonNullable<MediaPort[K]>;
  }

  /** A media command's failure as a CallError (-1101 without permission). */
  async #mediaCommand<T>(op: Promise<T>, code: number = CallErrorCode.MEDIA_FAILED): Promise<T> {
    try {
      return await op;
    } catch (error) {
      throw mediaError(error, code);
    }
  }

  #assertAlive(): void {
    if (this.#core.destroyed) throw new CallError(CallErrorCode.INIT_FAIL, 'the engine was destroyed');
  }
}
