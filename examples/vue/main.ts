/**
 * The Vue example: sign in with any name on the local call server, then call another tab (1v1) or
 * several (group). Render functions (`h`) instead of single-file components, so no compiler plugin is
 * needed; every call-related read goes through `headless-call-engine/vue`.
 */
import { createCallEngine } from 'headless-call-engine';
import { connectLocalServer } from 'headless-call-engine/local';
import { createApp, defineComponent, h, ref, shallowRef } from 'vue';
import { App, type Session } from './App';

async function signIn(userID: string): Promise<Session> {
  // The example is served by the local call server, whose WebSocket shares the page's origin.
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`;
  const { chat, TRTC, sdkAppId, userSig } = await connectLocalServer({ url, userID });
  const engine = createCallEngine({ userID, chat, TRTC, sdkAppId, userSig });
  addEventListener('pagehide', () => void engine.destroy(), { once: true });
  return { engine, createGroup: async (id, members) => void (await chat.createGroup(id, members)) };
}

const Root = defineComponent(() => {
  const session = shallowRef<Session | null>(null);
  const name = ref('');
  const error = ref('');
  const submit = (event: Event) => {
    event.preventDefault();
    signIn(name.value.trim()).then(
      (s) => {
        session.value = s;
      },
      (e: Error) => {
        error.value = e.message;
      },
    );
  };
  return () =>
    session.value
      ? h(App, { session: session.value })
      : h('form', { class: 'signin', onSubmit: submit }, [
          h('h1', 'headless-call-engine · Vue'),
          h('input', {
            'data-testid': 'signin-name',
            required: true,
            value: name.value,
            onInput: (e: Event) => {
              name.value = (e.target as HTMLInputElement).value;
            },
          }),
          h('button', { type: 'submit', 'data-testid': 'signin-submit' }, 'Sign in'),
          h('p', error.value),
        ]);
});

createApp(Root).mount('#root');
