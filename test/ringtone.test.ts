import { describe, expect, it } from 'vitest';
import {
  type AudioLike,
  createRingtone,
  defaultRingtoneUrl,
  type GestureTarget,
  type RingtoneOptions,
} from '../src/engine/ringtone';
import { flushMicrotasks } from '../src/testing/virtual-clock';

/** A fake audio element: `play()` resolves, or rejects with `block` while it is set. */
class FakeAudio implements AudioLike {
  loop = false;
  currentTime = 0;
  paused = true;
  plays = 0;
  block: Error | undefined;
  constructor(public src: string) {}
  play(): Promise<void> {
    this.plays++;
    if (this.block) return Promise.reject(this.block);
    this.paused = false;
    return Promise.resolve();
  }
  pause(): void {
    this.paused = true;
  }
}

/** A fake `document` that records its gesture listeners and fires them on demand. */
class FakeDocument implements GestureTarget {
  readonly listeners = new Map<string, Set<() => void>>();
  addEventListener(type: string, listener: () => void): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }
  removeEventListener(type: string, listener: () => void): void {
    this.listeners.get(type)?.delete(listener);
  }
  fire(type: string): void {
    for (const l of [...(this.listeners.get(type) ?? [])]) l();
  }
  count(): number {
    return [...this.listeners.values()].reduce((n, s) => n + s.size, 0);
  }
}

function setup(options: Omit<RingtoneOptions, 'audio'> = {}) {
  const elements: FakeAudio[] = [];
  const ringtone = createRingtone({
    ...options,
    audio: (url) => {
      const element = new FakeAudio(url);
      elements.push(element);
      return element;
    },
  });
  const audio = (): FakeAudio => {
    const element = elements[0];
    if (!element) throw new Error('no audio element created');
    return element;
  };
  return { ringtone, elements, audio };
}

const notAllowed = () => Object.assign(new Error('play() needs a user gesture'), { name: 'NotAllowedError' });

describe('createRingtone', () => {
  it('loops the built-in dialing and ringing tones on one audio element', async () => {
    const { ringtone, elements, audio } = setup();
    expect(elements).toHaveLength(0);
    ringtone.play('dialing');
    expect(audio()).toMatchObject({ src: defaultRingtoneUrl('dialing'), loop: true, paused: false });
    expect(ringtone.playing).toBe('dialing');
    ringtone.play('dialing');
    expect(audio().plays).toBe(1);
    ringtone.play('ringing');
    expect(audio()).toMatchObject({ src: defaultRingtoneUrl('ringing'), paused: false, plays: 2 });
    ringtone.stop();
    expect(audio()).toMatchObject({ paused: true, currentTime: 0 });
    expect(ringtone.playing).toBeNull();
    expect(elements).toHaveLength(1);
  });

  it('builds small WAV data URLs for the built-in tones', () => {
    for (const kind of ['dialing', 'ringing'] as const) {
      const url = defaultRingtoneUrl(kind);
      expect(url).toMatch(/^data:audio\/wav;base64,/);
      const bytes = Buffer.from(url.split(',')[1] ?? '', 'base64');
      expect(bytes.subarray(0, 4).toString()).toBe('RIFF');
      expect(bytes.subarray(8, 16).toString()).toBe('WAVEfmt ');
      expect(bytes.readUInt32LE(24)).toBe(8000);
      expect(bytes.readUInt32LE(40)).toBe(bytes.length - 44);
      expect(bytes.length).toBeLessThan(40_000);
      expect(defaultRingtoneUrl(kind)).toBe(url);
    }
  });

  it('uses custom URLs, and restores the built-in tone for a source given as empty', () => {
    const { ringtone, audio } = setup({ dialing: 'https://example.test/dial.mp3' });
    ringtone.play('dialing');
    expect(audio().src).toBe('https://example.test/dial.mp3');
    ringtone.setSources({ ringing: 'https://example.test/ring.mp3' });
    expect(audio().plays).toBe(1);
    ringtone.play('ringing');
    expect(audio().src).toBe('https://example.test/ring.mp3');
    // The example app passes both keys; `undefined` means "built-in", and a playing tone restarts.
    ringtone.setSources({ dialing: undefined, ringing: '' });
    expect(audio()).toMatchObject({ src: defaultRingtoneUrl('ringing'), plays: 3, paused: false });
  });

  it('mute mode silences the tone but keeps which one should play', () => {
    const { ringtone, elements, audio } = setup({ muted: true });
    ringtone.play('ringing');
    expect(elements).toHaveLength(0);
    expect([ringtone.muted, ringtone.playing]).toEqual([true, 'ringing']);
    ringtone.setMuted(false);
    expect(audio()).toMatchObject({ paused: false, src: defaultRingtoneUrl('ringing') });
    ringtone.setMuted(true);
    expect(audio().paused).toBe(true);
    ringtone.stop();
    ringtone.setMuted(false);
    expect(audio()).toMatchObject({ paused: true, plays: 1 });
  });

  it('reports a blocked autoplay and retries on the next user gesture', async () => {
    const gestures = new FakeDocument();
    const { ringtone, audio } = setup({ gestureTarget: gestures });
    const blocked: unknown[] = [];
    const off = ringtone.onBlocked((info) => blocked.push(info));
    ringtone.onBlocked(() => {
      throw new Error('a broken listener');
    });
    ringtone.play('ringing');
    audio().block = notAllowed();
    ringtone.play('dialing');
    await flushMicrotasks();
    expect(blocked).toEqual([{ kind: 'dialing', error: audio().block }]);
    expect(gestures.count()).toBe(2);

    audio().block = undefined;
    gestures.fire('keydown');
    expect(audio()).toMatchObject({ paused: false, plays: 3 });
    expect(gestures.count()).toBe(0);

    // Blocked again and stopped before any gesture: nothing is retried.
    audio().block = notAllowed();
    ringtone.play('ringing');
    await flushMicrotasks();
    expect(blocked).toHaveLength(2);
    ringtone.stop();
    expect(gestures.count()).toBe(0);
    off();
    ringtone.play('dialing');
    await flushMicrotasks();
    expect(blocked).toHaveLength(2);
  });

  it('reports other playback errors without waiting for a gesture, and ignores stale ones', async () => {
    const gestures = new FakeDocument();
    const { ringtone, audio } = setup({ gestureTarget: gestures });
    const blocked: unknown[] = [];
    ringtone.onBlocked((info) => blocked.push(info));
    ringtone.play('dialing');
    audio().block = Object.assign(new Error('bad source'), { name: 'NotSupportedError' });
    ringtone.play('ringing');
    await flushMicrotasks();
    expect(blocked).toHaveLength(1);
    expect(gestures.count()).toBe(0);
    ringtone.play('dialing');
    ringtone.stop();
    await flushMicrotasks();
    expect(blocked).toHaveLength(1);
  });

  it('is silent without Audio or a factory, and inert after dispose', () => {
    const silent = createRingtone();
    silent.play('ringing');
    expect(silent.playing).toBe('ringing');
    silent.stop();
    const { ringtone, audio } = setup();
    ringtone.play('dialing');
    ringtone.dispose();
    expect(audio().paused).toBe(true);
    ringtone.play('ringing');
    expect([ringtone.playing, audio().plays]).toEqual([null, 1]);
  });
});
