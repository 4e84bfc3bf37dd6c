/**
 * One person in the call: a box holding their video (the element handed to `startRemoteView` /
 * `openCamera`), an avatar when there is no video, their name, call status and microphone / network
 * indicators. The `view` element is created once and never replaced, because the engine renders the
 * video into it.
 */
import type { ParticipantStatus } from 'headless-call-engine';
import { h, setText, show } from '../dom';
import { icon } from './icons';

export interface TileState {
  status: ParticipantStatus | 'me';
  /** Whether this tile should show video now (video call and the camera is on). */
  video: boolean;
  microphoneOn: boolean;
  /** TRTC network quality: 0 unknown, 1 excellent … 5 bad, 6 disconnected. */
  networkQuality: number;
  /** 0–100. */
  volume: number;
}

const STATUS_TEXT: Record<TileState['status'], string> = {
  me: '',
  invited: 'Waiting…',
  ringing: 'Ringing…',
  accepted: 'Connecting…',
  joined: '',
  left: 'Left',
  rejected: 'Declined',
  busy: 'Busy',
  noResponse: 'No answer',
  canceled: 'Canceled',
};

export class Tile {
  readonly el: HTMLElement;
  /** Where the engine renders this person's video. */
  readonly view: HTMLElement;
  readonly #status = h('span', { class: 'tile-status', testid: 'tile-status' });
  readonly #muted = h('span', { class: 'tile-muted', title: 'microphone off' }, icon('micOff'));
  readonly #weak = h('span', { class: 'tile-weak' }, 'weak network');

  constructor(
    readonly userID: string,
    isMe: boolean,
  ) {
    this.view = h('div', { class: 'tile-view', testid: isMe ? 'local-view' : `remote-view-${userID}` });
    this.el = h(
      'div',
      { class: `tile${isMe ? ' me' : ''}`, testid: isMe ? 'local-preview' : `tile-${userID}` },
      h('div', { class: 'avatar', 'aria-hidden': 'true' }, userID.slice(0, 1).toUpperCase()),
      this.view,
      h(
        'div',
        { class: 'tile-label' },
        h('span', { class: 'tile-name' }, isMe ? 'Me' : userID),
        this.#status,
        this.#muted,
        this.#weak,
      ),
    );
  }

  update(state: TileState): void {
    this.el.dataset.status = state.status;
    this.el.dataset.video = state.video ? 'on' : 'off';
    this.el.classList.toggle('speaking', state.volume > 10);
    setText(this.#status, STATUS_TEXT[state.status]);
    this.el.dataset.mic = state.microphoneOn ? 'on' : 'off';
    show(this.#muted, !state.microphoneOn);
    show(this.#weak, state.networkQuality >= 4);
  }
}
