/**
 * The round buttons at the bottom of the call screen. Each maps to one engine command; their icons,
 * captions and visibility follow the snapshot (`microphoneOn`, `cameraOn`, `mediaType`, `scene`,
 * `status`), never their own clicks.
 */
import type { CallEngine, CallSnapshot } from 'headless-call-engine';
import { h, parseNames, setText, show } from '../dom';
import { roundButton, setIcon } from './icons';
import type { Toast } from './toast';

export interface Controls {
  readonly el: HTMLElement;
  render(s: CallSnapshot): void;
}

export function createControls(engine: CallEngine, localView: () => HTMLElement, toast: Toast): Controls {
  // Commands reject with a CallError { code, message }: show it rather than fail silently.
  const run = (command: () => Promise<unknown>) => () => {
    command().catch((error: { code?: number; message?: string }) =>
      toast(`${error.message} (${error.code})`),
    );
  };
  let last: CallSnapshot = engine.getSnapshot();

  const mic = roundButton(
    'toggle-mic',
    'mic',
    'mic',
    'Mute',
    run(() => (last.microphoneOn ? engine.closeMicrophone() : engine.openMicrophone())),
  );
  const camera = roundButton(
    'toggle-camera',
    'camera',
    'videocam',
    'Camera off',
    run(() => (last.cameraOn ? engine.closeCamera() : engine.openCamera(localView()))),
  );
  const toAudio = roundButton(
    'switch-audio',
    'switch',
    'call',
    'Switch to audio',
    run(() => engine.switchCallMediaType('audio')),
  );
  const hangup = roundButton(
    'hangup',
    'hangup',
    'callEnd',
    'Hang up',
    run(() => engine.hangup()),
  );

  const inviteInput = h('input', { testid: 'invite-input', placeholder: 'names to invite, e.g. dave, erin' });
  const inviteForm = h(
    'form',
    {
      class: 'invite-form',
      hidden: true,
      onsubmit: (event) => {
        event.preventDefault();
        const userIDList = parseNames(inviteInput.value);
        inviteInput.value = '';
        show(inviteForm, false);
        if (userIDList.length > 0) run(() => engine.inviteUser({ userIDList }))();
      },
    },
    inviteInput,
    h('button', { testid: 'invite-submit' }, 'Invite'),
  );
  const invite = roundButton('invite', 'invite', 'personAdd', 'Invite', () => {
    show(inviteForm, inviteForm.hidden);
    inviteInput.focus();
  });

  const caption = (button: HTMLElement) => button.lastElementChild as HTMLElement;
  return {
    el: h(
      'div',
      { class: 'controls' },
      inviteForm,
      h('div', { class: 'buttons' }, mic, camera, toAudio, invite, hangup),
    ),
    render(s) {
      last = s;
      const inCall = s.status === 'accepted';
      const video = s.mediaType === 'video';
      mic.classList.toggle('off', !s.microphoneOn);
      setIcon(mic, s.microphoneOn ? 'mic' : 'micOff');
      setText(caption(mic), s.microphoneOn ? 'Mute' : 'Unmute');
      show(camera, video);
      camera.classList.toggle('off', !s.cameraOn);
      setIcon(camera, s.cameraOn ? 'videocam' : 'videocamOff');
      setText(caption(camera), s.cameraOn ? 'Camera off' : 'Camera on');
      show(toAudio, inCall && video && s.scene === 'single');
      show(invite, inCall && s.scene === 'group');
      if (!inCall) show(inviteForm, false);
      setText(caption(hangup), s.status === 'calling' ? 'Cancel' : 'Hang up');
    },
  };
}
