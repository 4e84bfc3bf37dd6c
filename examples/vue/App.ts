/**
 * The signed-in screen: which screen shows depends on the call status alone; each screen selects its
 * own slice of the snapshot, and each participant tile its own participant.
 */
import type { CallEngine, MediaType } from 'headless-call-engine';
import { shallowEqual, useCallEvent, useCallState } from 'headless-call-engine/vue';
import { defineComponent, h, type PropType, ref } from 'vue';
import { CallView } from './CallView';

export interface Session {
  readonly engine: CallEngine;
  createGroup(groupID: string, memberIDs: string[]): Promise<void>;
}

const ignore = () => undefined;
const engineProp = { type: Object as PropType<CallEngine>, required: true } as const;

export const App = defineComponent({
  props: { session: { type: Object as PropType<Session>, required: true } },
  setup(props) {
    const { engine } = props.session;
    const status = useCallState(engine, (s) => s.status);
    const notice = ref('');
    useCallEvent(engine, 'callEnded', ({ reason }) => {
      notice.value = `Call ended: ${reason}`;
    });
    useCallEvent(engine, 'error', ({ message, code }) => {
      notice.value = `${message} (${code})`;
    });
    return () => {
      const live = status.value === 'calling' || status.value === 'accepted';
      const screen =
        status.value === 'ringing'
          ? h(Incoming, { engine })
          : live
            ? h(CallView, { engine })
            : h(Home, { session: props.session });
      return h('main', { 'data-testid': 'app', 'data-status': status.value }, [
        h('p', { class: 'muted' }, ['Signed in as ', h('b', engine.getSnapshot().userID)]),
        screen,
        h('p', { 'data-testid': 'notice' }, notice.value),
      ]);
    };
  },
});

const Incoming = defineComponent({
  props: { engine: engineProp },
  setup({ engine }) {
    const call = useCallState(
      engine,
      (s) => ({ callerId: s.callerId, scene: s.scene, mediaType: s.mediaType }),
      shallowEqual,
    );
    return () =>
      h('section', { 'data-testid': 'incoming' }, [
        h('h2', [
          h('span', { 'data-testid': 'incoming-caller' }, call.value.callerId),
          ` is calling (${call.value.scene === 'group' ? 'group ' : ''}${call.value.mediaType})`,
        ]),
        h('button', { 'data-testid': 'accept', onClick: () => engine.accept().catch(ignore) }, 'Accept'),
        h(
          'button',
          { class: 'danger', 'data-testid': 'reject', onClick: () => engine.reject().catch(ignore) },
          'Decline',
        ),
      ]);
  },
});

const Home = defineComponent({
  props: { session: { type: Object as PropType<Session>, required: true } },
  setup(props) {
    const { engine, createGroup } = props.session;
    const callee = ref('');
    const members = ref('');
    const error = ref('');
    const fail = (e: Error) => {
      error.value = e.message;
    };
    const call = (mediaType: MediaType) =>
      engine.call({ userID: callee.value.trim(), mediaType }).catch(fail);
    const groupCall = async () => {
      const me = engine.getSnapshot().userID;
      const userIDList = members.value.split(/[\s,]+/).filter((id) => id && id !== me);
      const groupID = `group-${me}-${Date.now().toString(36)}`;
      await createGroup(groupID, [me, ...userIDList]);
      await engine.groupCall({ groupID, userIDList, mediaType: 'video' });
    };
    const input = (model: typeof callee, testid: string, placeholder: string) =>
      h('input', {
        'data-testid': testid,
        placeholder,
        value: model.value,
        onInput: (e: Event) => {
          model.value = (e.target as HTMLInputElement).value;
        },
      });
    return () => [
      h('section', [
        h('h2', '1v1 call'),
        input(callee, 'callee-input', 'user'),
        h('button', { 'data-testid': 'call-video', onClick: () => call('video') }, 'Video'),
        h('button', { 'data-testid': 'call-audio', onClick: () => call('audio') }, 'Voice'),
      ]),
      h('section', [
        h('h2', 'Group call'),
        input(members, 'group-members-input', 'users, comma separated'),
        h(
          'button',
          { 'data-testid': 'group-call', onClick: () => groupCall().catch(fail) },
          'Group video call',
        ),
      ]),
      h('p', error.value),
    ];
  },
});
