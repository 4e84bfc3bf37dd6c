/**
 * The signed-in page: wires one engine to the screens. Every screen is a pure function of the engine's
 * snapshot (`subscribe` → `render`); one-off things (toasts, notifications, new groups) come from events.
 */
import type { CallEngine, CallSnapshot, createRingtone, EndReason } from 'headless-call-engine';
import type { DemoBackend } from './backend';
import { formatDuration, h } from './dom';
import { createCallView } from './ui/call-view';
import { createHome } from './ui/home';
import { icon } from './ui/icons';
import { createIncomingView } from './ui/incoming';
import { notifyIncomingCalls } from './ui/notify';
import { createSettings } from './ui/settings';
import { createToasts } from './ui/toast';

const END_TEXT: Record<EndReason, string> = {
  hangup: 'Call ended',
  remoteHangup: 'The other side hung up',
  rejected: 'Declined',
  remoteRejected: 'Call declined',
  noResponse: 'No answer',
  lineBusy: 'Line busy',
  canceled: 'Call canceled',
  remoteCanceled: 'Caller canceled',
  otherDeviceAccepted: 'Answered on another device',
  otherDeviceRejected: 'Declined on another device',
  offline: 'Offline',
  endByServer: 'Ended by the server',
  error: 'Call failed',
};

export interface AppDeps {
  engine: CallEngine;
  backend: DemoBackend;
  ringtone: ReturnType<typeof createRingtone>;
  /** Signs out: destroys the engine, closes the backend and shows the sign-in screen again. */
  signOut(): void;
}

export function mountApp(root: HTMLElement, { engine, backend, ringtone, signOut }: AppDeps): () => void {
  const { el: toasts, toast } = createToasts();
  const home = createHome({ engine, toast, createGroup: (id, members) => backend.createGroup(id, members) });
  const incoming = createIncomingView(engine, toast);
  const call = createCallView(engine, toast);
  const me = engine.getSnapshot().userID;
  const topbar = h(
    'header',
    { class: 'topbar' },
    h('span', { testid: 'signed-in-as' }, `${me}`),
    h('span', { class: 'muted' }, backend.mode === 'tencent' ? ' · Tencent Cloud' : ' · local server'),
    h('span', { class: 'spacer' }),
    createSettings(engine, ringtone, toast),
    h(
      'button',
      { class: 'icon', testid: 'sign-out', type: 'button', title: 'Sign out', onclick: signOut },
      icon('logout'),
    ),
  );
  const app = h('main', { class: 'app', testid: 'app' }, topbar, home.el, incoming.el, call.el, toasts);
  root.replaceChildren(app);

  const render = (s: CallSnapshot) => {
    // Exposed for styling and for the end-to-end tests.
    app.dataset.status = s.status;
    app.dataset.minimized = String(s.minimized);
    home.render(s);
    incoming.render(s);
    call.render(s);
  };
  render(engine.getSnapshot());

  const offs = [
    engine.subscribe(render),
    notifyIncomingCalls(engine),
    // A group call tells us about a group we may not know yet: list it so its calls can be joined later.
    engine.on('callReceived', ({ groupId, callerId, calleeIds }) => {
      if (groupId) home.addGroup(groupId, [callerId, ...calleeIds]);
    }),
    engine.on('callEnded', ({ reason, connected, durationMs }) => {
      app.dataset.endReason = reason;
      toast(connected ? `${END_TEXT[reason]} · ${formatDuration(durationMs)}` : END_TEXT[reason]);
    }),
    engine.on('mediaTypeChanged', ({ newMediaType }) => {
      if (newMediaType === 'audio') toast('Switched to a voice call');
    }),
    engine.on('networkWeak', ({ userID, suggestion }) => {
      const who = userID === me || userID === '' ? 'Your' : `${userID}'s`;
      const actions =
        suggestion === 'switchToAudio' && engine.getSnapshot().mediaType === 'video'
          ? [
              {
                label: 'Switch to audio',
                testid: 'weak-switch-audio',
                run: () => void engine.switchCallMediaType('audio').catch(() => undefined),
              },
            ]
          : [];
      toast(`${who} network is weak`, { actions, ms: 8000 });
    }),
    engine.on('networkRecovered', () => toast('Network recovered')),
    engine.on('ringtoneBlocked', () =>
      toast('The browser blocked the ringtone: click the page once to allow sound'),
    ),
    engine.on('kickedOffline', () => toast('Signed in elsewhere: this device left the call')),
    engine.on('error', ({ code, message }) => toast(`${message} (${code})`)),
  ];
  return () => {
    for (const off of offs) off();
  };
}
