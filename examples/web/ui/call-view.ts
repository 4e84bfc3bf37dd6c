/**
 * The call screen, laid out like WeChat: in a 1v1 call the other person fills the screen and my camera is
 * a small draggable preview; in a group call everyone is a tile in a grid. Audio calls show avatars.
 * `setMinimized(true)` shrinks the whole screen into a floating window (a click restores it).
 *
 * Video binding: my camera goes into my tile's view with `openCamera(view)` once per call; a remote
 * person's video goes into their tile's view with `startRemoteView(userID, view)` as soon as the snapshot
 * says their video is available, and `stopRemoteView` when it is not any more.
 */
import type { CallEngine, CallSnapshot, Participant } from 'headless-call-engine';
import { formatDuration, h, setText, show } from '../dom';
import { createControls } from './controls';
import { makeDraggable } from './drag';
import { icon } from './icons';
import { Tile } from './tile';
import type { Toast } from './toast';

const GONE: ReadonlySet<Participant['status']> = new Set([
  'left',
  'rejected',
  'busy',
  'noResponse',
  'canceled',
]);

export interface CallView {
  readonly el: HTMLElement;
  render(s: CallSnapshot): void;
}

export function createCallView(engine: CallEngine, toast: Toast): CallView {
  const me = new Tile(engine.getSnapshot().userID, true);
  const tiles = h('div', { class: 'tiles' }, me.el);
  const title = h('div', { class: 'call-title', testid: 'call-title' });
  const status = h('div', { class: 'call-status', testid: 'call-status' });
  const minimize = h('button', { class: 'minimize', testid: 'minimize', title: 'Minimize' }, icon('pip'));
  const controls = createControls(engine, () => me.view, toast);
  const el = h(
    'section',
    { class: 'call-view', testid: 'call-view', hidden: true },
    tiles,
    h('header', { class: 'call-top' }, minimize, h('div', {}, title, status)),
    controls.el,
  );

  const remotes = new Map<string, Tile>();
  const rendering = new Set<string>(); // users whose video startRemoteView was asked for
  let callNumber = 0; // increases each time a call starts on this screen
  let cameraOpenedFor = -1;
  let last: CallSnapshot | null = null;
  let ticker: ReturnType<typeof setInterval> | undefined;
  const fail = (error: { code?: number; message?: string }) => toast(`${error.message} (${error.code})`);

  minimize.addEventListener('click', (event) => {
    event.stopPropagation();
    engine.setMinimized(true);
  });
  // While minimized, the floating window can be dragged around; a click restores the full screen.
  makeDraggable(el, () => el.classList.contains('minimized'));
  el.addEventListener('click', () => {
    if (el.classList.contains('minimized')) engine.setMinimized(false);
  });
  makeDraggable(me.el, () => el.classList.contains('single') && !el.classList.contains('minimized'));

  function statusText(s: CallSnapshot): string {
    if (s.status === 'calling')
      return s.mediaType === 'video' ? 'Waiting for answer… (video)' : 'Waiting for answer…';
    const since = s.connectedAt ?? s.acceptedAt;
    if (s.connectedAt === null || since === null) return 'Connecting…';
    return formatDuration(Date.now() - since);
  }

  function syncRemote(s: CallSnapshot, p: Participant): void {
    let tile = remotes.get(p.userID);
    if (tile === undefined) {
      tile = new Tile(p.userID, false);
      remotes.set(p.userID, tile);
      tiles.append(tile.el);
    }
    const video =
      s.status === 'accepted' && s.mediaType === 'video' && p.videoAvailable && !GONE.has(p.status);
    tile.update({
      status: p.status,
      video,
      microphoneOn: p.audioAvailable,
      networkQuality: p.networkQuality,
      volume: p.volume,
    });
    tile.el.classList.toggle('gone', GONE.has(p.status));
    if (video && !rendering.has(p.userID)) {
      rendering.add(p.userID);
      engine.startRemoteView(p.userID, tile.view).catch(fail);
    } else if (!video && rendering.has(p.userID)) {
      rendering.delete(p.userID);
      engine.stopRemoteView(p.userID).catch(() => undefined); // the stream may already be gone
    }
  }

  function reset(): void {
    for (const tile of remotes.values()) tile.el.remove();
    remotes.clear();
    rendering.clear();
    clearInterval(ticker);
    ticker = undefined;
  }

  function render(s: CallSnapshot): void {
    const active = s.status === 'calling' || s.status === 'accepted';
    const wasActive = last !== null && (last.status === 'calling' || last.status === 'accepted');
    last = s;
    show(el, active);
    if (!active) {
      if (wasActive) reset();
      return;
    }
    if (!wasActive) callNumber++;
    el.classList.toggle('single', s.scene === 'single');
    el.classList.toggle('group', s.scene === 'group');
    el.classList.toggle('minimized', s.minimized);
    el.dataset.mediaType = s.mediaType;
    el.dataset.status = s.status;

    const peers = s.participants.map((p) => p.userID);
    setText(title, s.scene === 'group' ? `Group ${s.groupId} (${peers.length + 1})` : (peers[0] ?? ''));
    setText(status, statusText(s));
    if (s.status === 'accepted' && ticker === undefined) {
      ticker = setInterval(() => last && setText(status, statusText(last)), 1000);
    }

    if (s.mediaType === 'video' && cameraOpenedFor !== callNumber) {
      cameraOpenedFor = callNumber;
      engine.openCamera(me.view).catch(fail);
    }
    me.update({
      status: 'me',
      video: s.mediaType === 'video' && s.cameraOn,
      microphoneOn: s.microphoneOn,
      networkQuality: 0,
      volume: 0,
    });
    for (const p of s.participants) syncRemote(s, p);
    for (const [userID, tile] of remotes) {
      if (!peers.includes(userID)) {
        tile.el.remove();
        remotes.delete(userID);
        rendering.delete(userID);
      }
    }
    controls.render(s);
  }

  return { el, render };
}
