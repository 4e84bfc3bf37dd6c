// @vitest-environment happy-dom
/**
 * The Vue composables in real components (@vue/test-utils) while the simulator runs calls on its virtual
 * clock: the rendered output follows the call, a component re-renders only when its slice changes, and
 * unmounting ends the subscriptions.
 */
import { mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, effectScope, h, nextTick, type PropType, ref } from 'vue';
import type { Simulation } from '../src/testing/index';
import type { CallSource } from '../src/vue/index';
import { shallowEqual, useCallEvent, useCallSnapshot, useCallState, useParticipant } from '../src/vue/index';
import { groupInCall, pair } from './helpers/bindings';

const mounted: VueWrapper[] = [];
afterEach(() => {
  for (const wrapper of mounted.splice(0)) wrapper.unmount();
});

/** Moves virtual time, then lets Vue flush its render queue. */
async function advance(sim: Simulation, ms: number): Promise<void> {
  await sim.advance(ms);
  await nextTick();
}

const engineProp = { type: Object as PropType<CallSource>, required: true } as const;

const CallScreen = defineComponent({
  props: { engine: engineProp },
  setup(props) {
    const call = useCallState(
      props.engine,
      (s) => ({ status: s.status, callerId: s.callerId }),
      shallowEqual,
    );
    const ended = ref('');
    useCallEvent(props.engine, 'callEnded', ({ reason }) => {
      ended.value = reason;
    });
    return () => {
      const { status, callerId } = call.value;
      if (status === 'ringing') return h('p', `${callerId} is calling`);
      if (status === 'ended') return h('p', `ended: ${ended.value}`);
      return h('p', status);
    };
  },
});

type Renders = Record<string, number>;
const count = (renders: Renders, key: string) => {
  renders[key] = (renders[key] ?? 0) + 1;
};

const Tile = defineComponent({
  props: {
    engine: engineProp,
    userID: { type: String, required: true },
    renders: { type: Object as PropType<Renders>, required: true },
  },
  setup(props) {
    const participant = useParticipant(props.engine, props.userID);
    return () => {
      count(props.renders, props.userID);
      const p = participant.value;
      return h('li', { 'data-user': props.userID }, `${props.userID} ${p?.status} ${p?.volume}`);
    };
  },
});

const Tiles = defineComponent({
  props: { engine: engineProp, renders: { type: Object as PropType<Renders>, required: true } },
  setup(props) {
    const ids = useCallState(props.engine, (s) => s.participants.map((p) => p.userID), shallowEqual);
    return () => {
      count(props.renders, '(list)');
      return h(
        'ul',
        ids.value.map((id) => h(Tile, { key: id, engine: props.engine, userID: id, renders: props.renders })),
      );
    };
  },
});

function render(component: Parameters<typeof mount>[0], props: Record<string, unknown>): VueWrapper {
  const wrapper = mount(component, { props });
  mounted.push(wrapper);
  return wrapper;
}

describe('vue bindings', () => {
  it('1v1: the rendered screens follow ringing, accept and hang-up on both sides', async () => {
    const { sim, alice, bob } = await pair();
    const aliceScreen = render(CallScreen, { engine: alice });
    const bobScreen = render(CallScreen, { engine: bob });
    expect(bobScreen.text()).toBe('idle');

    await sim.run(alice.call({ userID: 'bob', mediaType: 'video' }));
    await advance(sim, 500);
    expect(aliceScreen.text()).toBe('calling');
    expect(bobScreen.text()).toBe('alice is calling');

    await sim.run(bob.accept());
    await advance(sim, 500);
    expect(aliceScreen.text()).toBe('accepted');
    expect(bobScreen.text()).toBe('accepted');

    await sim.run(alice.hangup());
    await advance(sim, 500);
    expect(aliceScreen.text()).toBe('ended: hangup');
    expect(bobScreen.text()).toBe('ended: remoteHangup');
  });

  it('group call: a volume change re-renders only the tile of the participant who changed', async () => {
    const { sim, alice, others } = await groupInCall();
    const renders: Renders = {};
    const view = render(Tiles, { engine: alice, renders });
    expect(view.findAll('li').map((li) => li.text())).toEqual([
      'bob joined 0',
      'carol joined 0',
      'dave joined 0',
    ]);
    const before = { ...renders };

    sim.network.setVolume('carol', 60);
    await advance(sim, 1000);
    expect(view.get('[data-user="carol"]').text()).toBe('carol joined 60');
    expect(renders.carol).toBeGreaterThan(before.carol ?? 0);
    for (const id of others.filter((o) => o !== 'carol')) expect(renders[id], id).toBe(before[id]);
    expect(renders['(list)']).toBe(before['(list)']);
  });

  it('refs are read-only, and disposing the scope ends the subscriptions', async () => {
    const { sim, alice } = await pair();
    let listeners = 0;
    const counting: CallSource = {
      getSnapshot: () => alice.getSnapshot(),
      subscribe: (listener) => {
        listeners++;
        const off = alice.subscribe(listener);
        return () => {
          listeners--;
          off();
        };
      },
      on: (name, handler) => {
        listeners++;
        const off = alice.on(name, handler);
        return () => {
          listeners--;
          off();
        };
      },
    };
    const scope = effectScope();
    const snapshot = scope.run(() => {
      useCallEvent(counting, 'callEnded', () => undefined);
      useCallState(counting, (s) => s.status);
      return useCallSnapshot(counting);
    });
    expect(listeners).toBe(3);
    // The participant objects are handed out as they are, not wrapped: identity tells what changed.
    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    expect(snapshot?.value).toBe(alice.getSnapshot());
    expect(snapshot?.value.participants[0]).toBe(alice.getSnapshot().participants[0]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // @ts-expect-error a read-only ref
    if (snapshot) snapshot.value = null;
    expect(snapshot?.value).toBe(alice.getSnapshot());
    expect(String(warn.mock.calls[0]?.[0])).toContain('readonly');
    warn.mockRestore();
    scope.stop();
    expect(listeners).toBe(0);
    await sim.run(alice.hangup());
  });
});
