/** TRTC's `device-changed` payload. */
export interface DeviceChange {
  readonly type: 'camera' | 'microphone' | 'speaker';
  readonly action: 'add' | 'remove';
  readonly device: MediaDeviceInfo;
}

const TYPES: Readonly<Record<string, DeviceChange['type']>> = {
  videoinput: 'camera',
  audioinput: 'microphone',
  audiooutput: 'speaker',
};

/**
 * The browser's `devicechange` as TRTC reports it: one `device-changed` per camera, microphone or
 * speaker that appeared or went away since the last look. Listens only while someone wants it.
 */
export class DeviceWatch {
  readonly #devices: MediaDevices | undefined;
  readonly #emit: (change: DeviceChange) => void;
  #known: Map<string, MediaDeviceInfo> | undefined;
  #listening = false;
  readonly #onChange = () => void this.#diff();

  constructor(devices: MediaDevices | undefined, emit: (change: DeviceChange) => void) {
    this.#devices = devices;
    this.#emit = emit;
  }

  start(): void {
    const devices = this.#devices;
    if (this.#listening || typeof devices?.addEventListener !== 'function') return;
    this.#listening = true;
    devices.addEventListener('devicechange', this.#onChange);
    void this.#diff();
  }

  stop(): void {
    if (!this.#listening) return;
    this.#listening = false;
    this.#devices?.removeEventListener('devicechange', this.#onChange);
    this.#known = undefined;
  }

  async #diff(): Promise<void> {
    let list: MediaDeviceInfo[];
    try {
      list = (await this.#devices?.enumerateDevices()) ?? [];
    } catch {
      return;
    }
    if (!this.#listening) return;
    const now = new Map<string, MediaDeviceInfo>();
    for (const d of list) if (TYPES[d.kind] && d.deviceId) now.set(`${d.kind}:${d.deviceId}`, d);
    const before = this.#known;
    this.#known = now;
    // The first look only learns what is there.
    if (!before) return;
    for (const [key, device] of now) {
      if (!before.has(key)) this.#emit({ type: TYPES[device.kind]!, action: 'add', device });
    }
    for (const [key, device] of before) {
      if (!now.has(key)) this.#emit({ type: TYPES[device.kind]!, action: 'remove', device });
    }
  }
}
