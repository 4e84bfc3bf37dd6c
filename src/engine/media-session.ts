import type { DeviceKind, MediaDevice, MediaFact, MediaPort, RoomRef, VideoProfile } from '../ports/media';
import { RemoteViews } from './remote-views';

/**
 * Serialises every media operation of one engine and remembers what is running (room, microphone,
 * camera, remote views), so teardown is always complete and never races a late enterRoom.
 */
export class MediaSession {
  readonly #port: MediaPort;
  readonly #onError: (error: unknown, operation: string) => void;
  readonly #onLocalChange: () => void;
  #queue: Promise<unknown> = Promise.resolve();
  #room: RoomRef | null = null;
  /** Microphone capture started; the user may have muted it (`#micClosed`). */
  #audio = false;
  #micClosed = false;
  #video = false;
  /** The user closed the camera: publishing leaves it off. */
  #cameraClosed = false;
  #localView: unknown;
  /** `undefined` until the app chooses, so the platform default stays untouched. */
  #noiseSuppression: boolean | undefined;
  #profile: VideoProfile = 'standard';
  /** `enterRoom` is on its way (a leave aborts it). */
  #entering = false;
  /** `cameraOn` and `microphoneOn` as last reported. */
  #last = 'falsefalse';
  readonly #remote: RemoteViews;
  /** Remote users currently in the room, whatever the call state says. */
  readonly present = new Set<string>();
  /** Remote users seen in the room since this device entered it, including those who left again. */
  readonly seen = new Set<string>();

  /** `onLocalChange` runs whenever `cameraOn` or `microphoneOn` changed. */
  constructor(
    port: MediaPort,
    onError: (error: unknown, operation: string) => void,
    onLocalChange: () => void = () => undefined,
  ) {
    this.#port = port;
    this.#onError = onError;
    this.#onLocalChange = onLocalChange;
    this.#remote = new RemoteViews(port);
  }

  get room(): RoomRef | null {
    return this.#room;
  }

  /** The camera is capturing (and published once in a room). */
  get cameraOn(): boolean {
    return this.#video;
  }

  /** The microphone is capturing and not muted. */
  get microphoneOn(): boolean {
    return this.#audio && !this.#micClosed;
  }

  get noiseSuppression(): boolean {
    return this.#noiseSuppression === true;
  }

  get videoProfile(): VideoProfile {
    return this.#profile;
  }

  #run<T>(op: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(op, op).finally(() => this.#changed());
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #changed(): void {
    const now = `${this.cameraOn}${this.microphoneOn}`;
    if (now === this.#last) return;
    this.#last = now;
    try {
      this.#onLocalChange();
    } catch (error) {
      this.#onError(error, 'onLocalChange');
    }
  }

  /** Enters `room`, leaving any other room first. Rejects when TRTC refuses. */
  enter(room: RoomRef): Promise<void> {
    return this.#run(async () => {
      if (this.#room && sameRoom(this.#room, room)) return;
      if (this.#room) await this.#exitQuietly();
      this.#entering = true;
      try {
        await this.#port.enterRoom(room);
      } finally {
        this.#entering = false;
      }
      this.#room = room;
    });
  }

  /**
   * Starts publishing: microphone always (muted if the user closed it), camera for video calls unless
   * the user closed it. Failures are reported, not thrown.
   */
  publish(video: boolean): Promise<void> {
    return this.#run(() => this.#publish(video, false));
  }

  /**
   * Like {@link publish}, but rejects with the first capture failure (the port's error: a
   * `NotAllowedError` / `NotFoundError` is found by {@link deviceFailureOf}), so accepting can end the
   * call instead of going on without a microphone. What did start keeps running until `leave`.
   */
  capture(video: boolean): Promise<void> {
    return this.#run(() => this.#publish(video, true));
  }

  async #publish(video: boolean, strict: boolean): Promise<void> {
    if (!this.#room) return;
    const step = (operation: string, op: () => Promise<void>) =>
      strict ? op() : this.#attempt(operation, op);
    if (!this.#audio) await step('startLocalAudio', () => this.#startAudio());
    if (video && !this.#video && !this.#cameraClosed) await step('startLocalVideo', () => this.#startVideo());
  }

  async #startAudio(): Promise<void> {
    await this.#port.startLocalAudio(this.#micClosed ? { mute: true } : undefined);
    this.#audio = true;
    // Noise suppression may need the captured track (TRTC's AIDenoiser): apply the choice now.
    const ns = this.#noiseSuppression;
    if (ns !== undefined)
      await this.#attempt('setNoiseSuppression', () => this.#port.setNoiseSuppression(ns));
  }

  async #startVideo(): Promise<void> {
    const view = this.#localView;
    await this.#port.startLocalVideo({ ...(view !== undefined && { view }), publish: true });
    this.#video = true;
  }

  /**
   * Turns the camera on (into `view`, or the last one given); moves a running camera to a new `view`.
   * Outside a room it only remembers the view: the camera starts with the next video call, and an audio
   * call never publishes a camera left running from before.
   */
  openCamera(view?: unknown): Promise<void> {
    return this.#run(async () => {
      this.#cameraClosed = false;
      if (view !== undefined && !this.#room) this.#localView = view;
      if (!this.#room || (this.#video && (view === undefined || view === this.#localView))) return;
      if (view !== undefined) this.#localView = view;
      await this.#startVideo();
    });
  }

  /** Stops the camera; publishing leaves it off until {@link openCamera}. */
  closeCamera(): Promise<void> {
    return this.#run(async () => {
      this.#cameraClosed = true;
      if (!this.#video) return;
      this.#video = false;
      await this.#port.stopLocalVideo();
    });
  }

  /** Unmutes the microphone, starting it if the call is in a room; outside one it is only remembered. */
  openMicrophone(): Promise<void> {
    return this.#run(async () => {
      if (this.#audio) {
        if (this.#micClosed) await this.#port.muteLocalAudio(false);
      } else if (this.#room) {
        this.#micClosed = false;
        await this.#startAudio();
      }
      this.#micClosed = false;
    });
  }

  /** Mutes the microphone (capture keeps running, so unmuting is instant); remembered before it starts. */
  closeMicrophone(): Promise<void> {
    return this.#run(async () => {
      if (this.#audio && !this.#micClosed) await this.#port.muteLocalAudio(true);
      this.#micClosed = true;
    });
  }

  /** Stops the camera without marking it closed by the user (the call became an audio call). */
  stopVideo(): Promise<void> {
    return this.#run(async () => {
      if (!this.#video) return;
      this.#video = false;
      await this.#attempt('stopLocalVideo', () => this.#port.stopLocalVideo());
    });
  }

  /**
   * Shows `userID`'s camera in `view`: now if it is available, else as soon as it becomes available
   * (and again after it comes back), until {@link stopRemoteView} or the end of the call.
   */
  startRemoteView(userID: string, view: unknown): Promise<void> {
    return this.#run(() => this.#remote.show(userID, view));
  }

  stopRemoteView(userID: string): Promise<void> {
    return this.#run(() => this.#remote.hide(userID));
  }

  /** Feed every media fact here first: it keeps the remote views in step with the room. */
  observe(fact: MediaFact): void {
    const play = this.#remote.observe(fact);
    if (play) void this.#run(() => this.#attempt('startRemoteVideo', () => this.#remote.play(play)));
  }

  /** The devices of one kind; not queued behind other operations. */
  getDevices(kind: DeviceKind): Promise<MediaDevice[]> {
    return this.#port.getDevices(kind);
  }

  switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    return this.#run(() => this.#port.switchDevice(kind, deviceId));
  }

  /** Applied now if the microphone runs, else when it starts; the choice outlives the call. */
  setNoiseSuppression(enabled: boolean): Promise<void> {
    return this.#run(async () => {
      if (this.#audio) await this.#port.setNoiseSuppression(enabled);
      this.#noiseSuppression = enabled;
    });
  }

  /** Runs `op` in turn with every other media operation (settings the session itself does not track). */
  queue<T>(op: () => Promise<T>): Promise<T> {
    return this.#run(op);
  }

  /** Applied to the running camera and to later ones. */
  setVideoProfile(profile: VideoProfile): Promise<void> {
    return this.#run(async () => {
      if (profile === this.#profile) return;
      await this.#port.setVideoProfile(profile);
      this.#profile = profile;
    });
  }

  /** Stops capture and leaves the room; safe to call any number of times. */
  leave(): Promise<void> {
    // A room entry still on its way is aborted now rather than completed first: completing it would
    // seat this device in a call it no longer takes, and TRTC would kick the user's device that has it.
    if (this.#entering) void this.#port.exitRoom().catch(() => undefined);
    return this.#run(() => this.#exitQuietly());
  }

  /** Resolves once every queued operation has finished. */
  settled(): Promise<void> {
    return this.#queue.then(() => undefined);
  }

  async destroy(): Promise<void> {
    await this.leave();
    await this.#attempt('destroy', () => this.#port.destroy());
  }

  async #exitQuietly(): Promise<void> {
    // The next call starts with the microphone and camera on again, and without views.
    this.#micClosed = false;
    this.#cameraClosed = false;
    this.#localView = undefined;
    this.#remote.clear();
    if (this.#video) {
      this.#video = false;
      await this.#attempt('stopLocalVideo', () => this.#port.stopLocalVideo());
    }
    if (this.#audio) {
      this.#audio = false;
      await this.#attempt('stopLocalAudio', () => this.#port.stopLocalAudio());
    }
    if (this.#room) {
      this.#room = null;
      this.present.clear();
      this.seen.clear();
      await this.#attempt('exitRoom', () => this.#port.exitRoom());
    }
  }

  async #attempt(operation: string, op: () => Promise<unknown>): Promise<void> {
    try {
      await op();
    } catch (error) {
      this.#onError(error, operation);
    }
  }
}

function sameRoom(a: RoomRef, b: RoomRef): boolean {
  return a.roomId === b.roomId && a.strRoomId === b.strRoomId;
}
