/**
 * Server rendering with the React hooks (plain Node, no DOM): `useSyncExternalStore` needs the server
 * snapshot, and the hooks must not touch anything browser-only.
 */
import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { type CallSource, useCallSnapshot, useCallState, useParticipant } from '../src/react/index';
import { pair } from './helpers/bindings';

function Page({ engine }: { engine: CallSource }) {
  const { userID } = useCallSnapshot(engine);
  const status = useCallState(engine, (s) => s.status);
  const peer = useParticipant(engine, 'bob');
  return h('p', null, `${userID}: ${status}, bob ${peer?.status ?? 'absent'}`);
}

describe('react bindings on the server', () => {
  it('renderToString renders the current snapshot, whole and selected', async () => {
    const { sim, alice, bob } = await pair();
    expect(renderToString(h(Page, { engine: alice }))).toBe('<p>alice: idle, bob absent</p>');

    await sim.run(alice.call({ userID: 'bob', mediaType: 'audio' }));
    await sim.advance(500);
    await sim.run(bob.accept());
    await sim.advance(500);
    expect(renderToString(h(Page, { engine: alice }))).toBe('<p>alice: accepted, bob joined</p>');
  });
});
