/**
 * Server rendering with the Vue composables (plain Node, no DOM): they render the current snapshot and
 * leave no subscription behind, since a server render never disposes its components' scopes.
 */
import { describe, expect, it } from 'vitest';
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import {
  type CallSource,
  useCallEvent,
  useCallSnapshot,
  useCallState,
  useParticipant,
} from '../src/vue/index';
import { pair } from './helpers/bindings';

describe('vue bindings on the server', () => {
  it('renderToString renders the current snapshot and leaves no listener on the engine', async () => {
    const { sim, alice, bob } = await pair();
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
    const Page = defineComponent(() => {
      const snapshot = useCallSnapshot(counting);
      const status = useCallState(counting, (s) => s.status);
      const peer = useParticipant(counting, 'bob');
      useCallEvent(counting, 'callEnded', () => undefined);
      return () => h('p', `${snapshot.value.userID}: ${status.value}, bob ${peer.value?.status ?? 'absent'}`);
    });
    expect(await renderToString(createSSRApp(Page))).toBe('<p>alice: idle, bob absent</p>');

    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(500);
    await sim.run(bob.accept());
    await sim.advance(500);
    expect(await renderToString(createSSRApp(Page))).toBe('<p>alice: accepted, bob joined</p>');
    expect(listeners).toBe(0);
  });
});
