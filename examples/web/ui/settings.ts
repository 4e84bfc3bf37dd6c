/**
 * Settings panel: custom ringtone URLs and mute mode (applied to the ringtone object the engine plays),
 * AI noise suppression, camera and microphone choice, browser notifications. Saved in localStorage.
 */
import type { CallEngine, createRingtone } from 'headless-call-engine';
import { h } from '../dom';
import { icon } from './icons';
import type { Toast } from './toast';

type Ringtone = ReturnType<typeof createRingtone>;

export interface DemoSettings {
  dialing: string;
  ringing: string;
  muted: boolean;
  noiseSuppression: boolean;
}

const KEY = 'headless-call-engine-demo:settings';

/** Reads the saved settings; anything malformed falls back to the defaults. */
export function loadSettings(): DemoSettings {
  const fallback: DemoSettings = { dialing: '', ringing: '', muted: false, noiseSuppression: false };
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<
      Record<keyof DemoSettings, unknown>
    >;
    return {
      dialing: typeof saved.dialing === 'string' ? saved.dialing : fallback.dialing,
      ringing: typeof saved.ringing === 'string' ? saved.ringing : fallback.ringing,
      muted: saved.muted === true,
      noiseSuppression: saved.noiseSuppression === true,
    };
  } catch {
    return fallback;
  }
}

export function createSettings(engine: CallEngine, ringtone: Ringtone, toast: Toast): HTMLElement {
  const settings = loadSettings();
  const dialing = h('input', {
    testid: 'ringtone-dialing-url',
    type: 'url',
    placeholder: 'built-in',
    value: settings.dialing,
  });
  const ringing = h('input', {
    testid: 'ringtone-ringing-url',
    type: 'url',
    placeholder: 'built-in',
    value: settings.ringing,
  });
  const muted = h('input', { testid: 'ringtone-mute', type: 'checkbox', checked: settings.muted });
  const denoise = h('input', {
    testid: 'noise-suppression',
    type: 'checkbox',
    checked: settings.noiseSuppression,
  });
  const camera = h('select', { testid: 'camera-select' });
  const microphone = h('select', { testid: 'mic-select' });

  const fail = (error: { code?: number; message?: string }) => toast(`${error.message} (${error.code})`);
  const save = () => {
    const next: DemoSettings = {
      dialing: dialing.value.trim(),
      ringing: ringing.value.trim(),
      muted: muted.checked,
      noiseSuppression: denoise.checked,
    };
    localStorage.setItem(KEY, JSON.stringify(next));
    // Empty means the engine's built-in tone.
    ringtone.setSources({ dialing: next.dialing || undefined, ringing: next.ringing || undefined });
    ringtone.setMuted(next.muted);
  };
  for (const input of [dialing, ringing, muted]) input.addEventListener('change', save);
  denoise.addEventListener('change', () => {
    save();
    engine.setNoiseSuppression(denoise.checked).catch(fail);
  });

  async function fillDevices(select: HTMLSelectElement, kind: 'camera' | 'microphone'): Promise<void> {
    const devices = await engine.getDevices(kind);
    select.replaceChildren(...devices.map((d) => h('option', { value: d.deviceId }, d.label || d.deviceId)));
  }
  camera.addEventListener('change', () => engine.switchDevice('camera', camera.value).catch(fail));
  microphone.addEventListener('change', () =>
    engine.switchDevice('microphone', microphone.value).catch(fail),
  );

  const notifications = h(
    'button',
    {
      type: 'button',
      testid: 'enable-notifications',
      onclick: () => {
        if (!('Notification' in window)) return toast('This browser has no notifications');
        Notification.requestPermission().then((p) => toast(`Notifications: ${p}`));
      },
    },
    'Enable notifications',
  );

  const panel = h(
    'dialog',
    { class: 'settings', testid: 'settings' },
    h('h2', {}, 'Settings'),
    h('label', {}, 'Dialing tone URL', dialing),
    h('label', {}, 'Ringtone URL', ringing),
    h('label', { class: 'check' }, muted, 'Mute mode (no ringtone)'),
    h('label', { class: 'check' }, denoise, 'AI noise suppression'),
    h('label', {}, 'Camera', camera),
    h('label', {}, 'Microphone', microphone),
    notifications,
    h('form', { method: 'dialog' }, h('button', { testid: 'settings-close' }, 'Done')),
  );
  const open = h(
    'button',
    { class: 'icon', testid: 'open-settings', title: 'Settings', type: 'button' },
    icon('settings'),
  );
  open.addEventListener('click', () => {
    panel.showModal();
    // Device labels need a granted permission; listing may fail before the first call: keep the panel usable.
    Promise.all([fillDevices(camera, 'camera'), fillDevices(microphone, 'microphone')]).catch(
      () => undefined,
    );
  });
  return h('div', { class: 'settings-entry' }, open, panel);
}
