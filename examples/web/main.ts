/**
 * Entry of the web demo. Sign in with any name, then the page connects to the backend the server chose
 * (local call server, or Tencent Cloud), creates the call engine with a ringtone, logs in and shows the app.
 *
 * Everything call-related goes through the public API of `headless-call-engine`: this folder is meant
 * as a reference for writing your own UI.
 */
import { createCallEngine, createRingtone } from 'headless-call-engine';
import { weakNetworkPolicy } from 'headless-call-engine/network-policy';
import { mountApp } from './app';
import { connectBackend } from './backend';
import { type DemoConfig, parseDemoConfig } from './config';
import { h, NAME_PATTERN } from './dom';
import { loadSettings } from './ui/settings';

const root = document.getElementById('root') as HTMLElement;

/** One id per browser tab, so two tabs of the same user are two devices (both ring for a call). */
function tabDeviceId(): string {
  const saved = sessionStorage.getItem('headless-call-engine-demo:device');
  if (saved) return saved;
  const id = `web-${crypto.randomUUID().slice(0, 8)}`;
  sessionStorage.setItem('headless-call-engine-demo:device', id);
  return id;
}

function showSignIn(config: DemoConfig, error = ''): void {
  const name = h('input', {
    testid: 'signin-name',
    placeholder: 'your name, e.g. alice',
    autocomplete: 'off',
    required: true,
    value: new URLSearchParams(location.search).get('user') ?? '',
  });
  const form = h(
    'form',
    { class: 'signin card', testid: 'signin' },
    h('h1', {}, 'headless-call-engine'),
    h(
      'p',
      { class: 'muted' },
      'Sign in with any name, open a second tab with another name, and call each other.',
    ),
    name,
    h('button', { testid: 'signin-submit' }, 'Sign in'),
    h('p', { class: 'error', testid: 'signin-error' }, error),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const userID = name.value.trim();
    if (!NAME_PATTERN.test(userID)) return showSignIn(config, 'Use 1–32 letters, digits, _ or -');
    // A click is a user gesture: the best moment to ask for notifications (asked once per site).
    if ('Notification' in window && Notification.permission === 'default')
      void Notification.requestPermission();
    signIn(config, userID).catch((e: Error) => showSignIn(config, `Could not sign in: ${e.message}`));
  });
  root.replaceChildren(form);
  name.focus();
}

async function signIn(config: DemoConfig, userID: string): Promise<void> {
  root.replaceChildren(h('p', { class: 'muted center' }, 'Connecting…'));
  const backend = await connectBackend(config, userID, tabDeviceId());
  const settings = loadSettings();
  const ringtone = createRingtone({
    dialing: settings.dialing || undefined,
    ringing: settings.ringing || undefined,
    muted: settings.muted,
  });
  // Create the engine before logging in, so it hears invitations that arrived while we were offline.
  const engine = createCallEngine({
    userID,
    chat: backend.chat,
    TRTC: backend.TRTC,
    sdkAppId: backend.sdkAppId,
    userSig: backend.userSig,
    ringtone,
    // The demo shows the weak-network toast and its switch-to-audio suggestion.
    networkPolicy: weakNetworkPolicy(),
  });
  let unmount = () => {};
  const signOut = () => {
    unmount();
    ringtone.dispose();
    void engine.destroy().then(() => backend.close());
    showSignIn(config);
  };
  unmount = mountApp(root, { engine, backend, ringtone, signOut });
  // Handy in the browser console (`demo.engine.getSnapshot()`); the end-to-end tests read it too.
  Object.assign(window, { demo: { engine, ringtone } });
  await backend.login();
  if (settings.noiseSuppression) engine.setNoiseSuppression(true).catch(() => undefined);
  window.addEventListener('pagehide', () => void engine.destroy(), { once: true });
}

fetch('/demo-config.json')
  .then((response) => response.json())
  .then((json) => showSignIn(parseDemoConfig(json)))
  .catch((e: Error) =>
    root.replaceChildren(h('p', { class: 'error' }, `The demo server did not answer: ${e.message}`)),
  );
