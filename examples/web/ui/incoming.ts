/**
 * The incoming-call screen (status `ringing`): who calls, audio or video, group members, and the two big
 * buttons. The ringtone itself is played by the engine (the `ringtone` option); this screen only offers
 * a mute shortcut.
 */
import type { CallEngine, CallSnapshot } from 'headless-call-engine';
import { h, setText, show } from '../dom';
import { roundButton } from './icons';
import type { Toast } from './toast';

export interface IncomingView {
  readonly el: HTMLElement;
  render(s: CallSnapshot): void;
}

export function createIncomingView(engine: CallEngine, toast: Toast): IncomingView {
  const caller = h('div', { class: 'incoming-caller', testid: 'incoming-caller' });
  const kind = h('div', { class: 'incoming-kind', testid: 'incoming-kind' });
  const avatar = h('div', { class: 'avatar big' });
  const fail = (error: { code?: number; message?: string }) => toast(`${error.message} (${error.code})`);
  const el = h(
    'section',
    { class: 'incoming', testid: 'incoming', hidden: true },
    h('div', { class: 'incoming-who' }, avatar, caller, kind),
    h(
      'div',
      { class: 'buttons' },
      roundButton('reject', 'hangup', 'callEnd', 'Decline', () => engine.reject().catch(fail)),
      roundButton('accept', 'accept', 'call', 'Answer', () => engine.accept().catch(fail)),
    ),
  );

  return {
    el,
    render(s) {
      show(el, s.status === 'ringing');
      if (s.status !== 'ringing') return;
      el.dataset.mediaType = s.mediaType;
      setText(avatar, s.callerId.slice(0, 1).toUpperCase());
      setText(caller, s.callerId);
      const what = s.mediaType === 'video' ? 'video call' : 'voice call';
      const others = s.participants.map((p) => p.userID).filter((id) => id !== s.callerId);
      setText(
        kind,
        s.scene === 'group'
          ? `invites you to a group ${what} with ${others.join(', ') || 'the group'}`
          : `invites you to a ${what}`,
      );
    },
  };
}
