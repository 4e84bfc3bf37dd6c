/**
 * The home screen: call someone by name (audio or video), create a group and call it, and a "join"
 * banner for each group with a call going on (`watchGroupCall`), which `joinInGroupCall` enters.
 */
import type { CallEngine, CallSnapshot, MediaType } from 'headless-call-engine';
import { h, NAME_PATTERN, parseNames, show } from '../dom';
import type { Toast } from './toast';

type GroupCallInfo = NonNullable<Awaited<ReturnType<CallEngine['getGroupCallInfo']>>>;

export interface HomeDeps {
  engine: CallEngine;
  toast: Toast;
  /** Creates the group on the backend (local server or Tencent Chat). */
  createGroup(groupID: string, memberIDs: string[]): Promise<void>;
}

export interface HomeView {
  readonly el: HTMLElement;
  render(s: CallSnapshot): void;
  /** Shows a group in the list and watches it for ongoing calls (also used for groups that called us). */
  addGroup(groupID: string, memberIDs: readonly string[]): void;
}

export function createHome({ engine, toast, createGroup }: HomeDeps): HomeView {
  const fail = (error: { code?: number; message?: string }) =>
    toast(`${error.message ?? error} (${error.code ?? '?'})`);
  const me = engine.getSnapshot().userID;
  const busyButtons: HTMLButtonElement[] = [];
  const callButton = (testid: string, label: string, onclick: () => void) => {
    const b = h('button', { testid, type: 'button', onclick }, label);
    busyButtons.push(b);
    return b;
  };

  // 1v1: call someone by name.
  const callee = h('input', { testid: 'callee-input', placeholder: 'name, e.g. bob', autocomplete: 'off' });
  const dial = (mediaType: MediaType) => () => {
    const userID = callee.value.trim();
    if (!NAME_PATTERN.test(userID)) return toast('Enter a name: letters, digits, _ or -');
    engine.call({ userID, mediaType }).catch(fail);
  };
  const callForm = h(
    'div',
    { class: 'card' },
    h('h2', {}, 'Call someone'),
    callee,
    h(
      'div',
      { class: 'row' },
      callButton('call-video', 'Video call', dial('video')),
      callButton('call-audio', 'Voice call', dial('audio')),
    ),
  );

  // Groups: create one from a list of names, then call it; or join its ongoing call.
  const groupId = h('input', {
    testid: 'group-id-input',
    placeholder: 'group name, e.g. team',
    autocomplete: 'off',
  });
  const members = h('input', {
    testid: 'group-members-input',
    placeholder: 'members, e.g. bob, carol',
    autocomplete: 'off',
  });
  const groupList = h('ul', { class: 'groups', testid: 'group-list' });
  const groups = new Map<string, { row: HTMLElement; banner: HTMLElement; info: GroupCallInfo | null }>();
  let snapshot = engine.getSnapshot();

  const groupForm = h(
    'form',
    {
      class: 'card',
      onsubmit: (event) => {
        event.preventDefault();
        const groupID = groupId.value.trim();
        const memberIDs = [...new Set([me, ...parseNames(members.value)])];
        if (!NAME_PATTERN.test(groupID) || memberIDs.length < 2)
          return toast('Enter a group name and at least one member');
        createGroup(groupID, memberIDs).then(() => addGroup(groupID, memberIDs), fail);
      },
    },
    h('h2', {}, 'Group call'),
    groupId,
    members,
    h('button', { testid: 'group-create' }, 'Create group'),
    groupList,
  );

  function addGroup(groupID: string, memberIDs: readonly string[]): void {
    if (groups.has(groupID)) return;
    const others = memberIDs.filter((id) => id !== me);
    const groupCall = (mediaType: MediaType) => () =>
      engine.groupCall({ groupID, userIDList: others, mediaType }).catch(fail);
    const banner = h(
      'div',
      { class: 'join-banner', testid: `join-banner-${groupID}`, hidden: true },
      h('span', { class: 'join-text' }),
      callButton(`join-${groupID}`, 'Join', () => join(groupID)),
    );
    const row = h(
      'li',
      { testid: `group-${groupID}` },
      h('strong', {}, groupID),
      h('span', { class: 'muted' }, ` ${others.join(', ')}`),
      h(
        'div',
        { class: 'row' },
        callButton(`group-call-video-${groupID}`, 'Video', groupCall('video')),
        callButton(`group-call-audio-${groupID}`, 'Voice', groupCall('audio')),
      ),
      banner,
    );
    groupList.append(row);
    const entry = { row, banner, info: null as GroupCallInfo | null };
    groups.set(groupID, entry);
    // The engine tells us whenever a call starts or ends in this group (group attributes on the backend).
    engine.watchGroupCall(groupID, (info) => {
      entry.info = info;
      renderBanner(groupID);
    });
  }

  function join(groupID: string): void {
    const info = groups.get(groupID)?.info;
    if (!info) return;
    const room = info.strRoomId ? { strRoomID: info.strRoomId } : { roomID: info.roomId };
    engine.joinInGroupCall({ groupID, ...room, mediaType: info.mediaType }).catch(fail);
  }

  function renderBanner(groupID: string): void {
    const entry = groups.get(groupID);
    if (!entry) return;
    const { info, banner } = entry;
    // No banner for the call this device is already in.
    const inIt =
      info !== null &&
      snapshot.callId === info.callId &&
      ['calling', 'ringing', 'accepted'].includes(snapshot.status);
    show(banner, info !== null && !inIt);
    if (info) {
      (banner.firstElementChild as HTMLElement).textContent =
        `${info.userIDs.length} in a ${info.mediaType} call`;
    }
  }

  return {
    el: h('section', { class: 'home', testid: 'home' }, callForm, groupForm),
    addGroup,
    render(s) {
      snapshot = s;
      const free = s.status === 'idle' || s.status === 'ended';
      for (const b of busyButtons) b.disabled = !free;
      for (const groupID of groups.keys()) renderBanner(groupID);
    },
  };
}
