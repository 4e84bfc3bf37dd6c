/**
 * The call in progress: this device's preview and one tile per participant. The list re-renders only
 * when someone is added; each tile only when its own participant changes (a volume tick re-renders the
 * speaker's tile, nothing else).
 */
import type { CallEngine } from 'headless-call-engine';
import { shallowEqual, useCallState, useParticipant } from 'headless-call-engine/vue';
import { defineComponent, h, onBeforeUnmount, onMounted, type PropType, ref, watch } from 'vue';

const ignore = () => undefined;
const engineProp = { type: Object as PropType<CallEngine>, required: true } as const;

export const CallView = defineComponent({
  props: { engine: engineProp },
  setup({ engine }) {
    const ids = useCallState(engine, (s) => s.participants.map((p) => p.userID), shallowEqual);
    const call = useCallState(engine, (s) => ({ status: s.status, mediaType: s.mediaType }), shallowEqual);
    const preview = ref<HTMLElement | null>(null);
    // The engine starts the camera for a video call; this only tells it where to draw the preview.
    const showPreview = () => {
      if (call.value.mediaType === 'video' && preview.value) engine.openCamera(preview.value).catch(ignore);
    };
    onMounted(showPreview);
    watch(() => call.value.mediaType, showPreview);
    return () =>
      h('section', { 'data-testid': 'call-view', 'data-media-type': call.value.mediaType }, [
        h('h2', { 'data-testid': 'call-status' }, call.value.status === 'calling' ? 'Calling…' : 'In call'),
        h('ul', { class: 'tiles' }, [
          h('li', { class: 'tile', 'data-testid': 'local-preview' }, [
            h('div', { class: 'view', ref: preview, 'data-testid': 'local-view' }),
            h('span', { class: 'label' }, 'Me'),
          ]),
          ...ids.value.map((id) => h(Tile, { key: id, engine, userID: id })),
        ]),
        h(
          'button',
          { class: 'danger', 'data-testid': 'hangup', onClick: () => engine.hangup().catch(ignore) },
          'Hang up',
        ),
      ]);
  },
});

/**
 * One participant: re-renders only when that participant's object changes. (Its props never change: the
 * list keys tiles by user id.)
 */
const Tile = defineComponent({
  props: { engine: engineProp, userID: { type: String, required: true } },
  setup({ engine, userID }) {
    const participant = useParticipant(engine, userID);
    const view = ref<HTMLElement | null>(null);
    // Plays their camera whenever it is on, until the tile goes away.
    onMounted(() => {
      if (view.value) engine.startRemoteView(userID, view.value).catch(ignore);
    });
    onBeforeUnmount(() => void engine.stopRemoteView(userID).catch(ignore));
    return () => {
      const p = participant.value;
      return h(
        'li',
        {
          class: ['tile', { speaking: (p?.volume ?? 0) > 10 }],
          'data-testid': `tile-${userID}`,
          'data-status': p?.status,
        },
        [
          h('div', { class: 'view', ref: view, 'data-testid': `remote-view-${userID}` }),
          h('span', { class: 'label' }, `${userID} · ${p?.status}`),
        ],
      );
    };
  },
});
