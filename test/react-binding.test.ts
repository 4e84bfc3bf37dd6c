// @vitest-environment happy-dom
/**
 * The React hooks rendering real components (react-dom) while the simulator runs calls on its virtual
 * clock: the rendered output follows the call, and a component re-renders only when its slice changes.
 */
import { act, createElement as h, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CallSource,
  shallowEqual,
  useCallEvent,
  useCallSnapshot,
  useCallState,
  useParticipant,
} from '../src/react/index';
import type { Simulation } from '../src/testing/index';
import { groupInCall, pair } from './helpers/bindings';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const roots: Root[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) act(() => root.unmount());
  document.body.replaceChildren();
});

function render(element: ReturnType<typeof h>): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  roots.push(root);
  act(() => root.render(element));
  return container;
}

/** Moves virtual time inside `act`, so React commits what the engine's changes scheduled. */
const advance = (sim: Simulation, ms: number) => act(() => sim.advance(ms));
/** Starts the command inside `act` too: some change the snapshot synchronously. */
const run = <T>(sim: Simulation, command: () => Promise<T>) => act(() => sim.run(command()));

function CallScreen({ engine }: { engine: CallSource }) {
  const { status, callerId } = useCallState(
    engine,
    (s) => ({ status: s.status, callerId: s.callerId }),
    shallowEqual,
  );
  const [ended, setEnded] = useState('');
  useCallEvent(engine, 'callEnded', ({ reason }) => setEnded(reason));
  if (status === 'ringing') return h('p', null, `${callerId} is calling`);
  if (status === 'ended') return h('p', null, `ended: ${ended}`);
  return h('p', null, status);
}

type Renders = Record<string, number>;
const count = (renders: Renders, key: string) => {
  renders[key] = (renders[key] ?? 0) + 1;
};

/** One participant, counting its renders. */
function Tile({ engine, userID, renders }: { engine: CallSource; userID: string; renders: Renders }) {
  const p = useParticipant(engine, userID);
  count(renders, userID);
  return h('li', { 'data-user': userID }, `${userID} ${p?.status} ${p?.volume}`);
}

/** The participant list: re-renders only when someone joins or leaves the list. */
function Tiles({ engine, renders }: { engine: CallSource; renders: Renders }) {
  const ids = useCallState(engine, (s) => s.participants.map((p) => p.userID), shallowEqual);
  count(renders, '(list)');
  return h(
    'ul',
    null,
    ids.map((id) => h(Tile, { key: id, engine, userID: id, renders })),
  );
}

function Everything({ engine, renders }: { engine: CallSource; renders: Renders }) {
  useCallSnapshot(engine);
  count(renders, '(snapshot)');
  return null;
}

function Incoming({ engine, label, seen }: { engine: CallSource; label: string; seen: string[] }) {
  const status = useCallState(engine, (s) => `${label}: ${s.status}`);
  useCallEvent(engine, 'callReceived', ({ callerId }) => seen.push(`${label}:${callerId}`));
  return status;
}

describe('react bindings', () => {
  it('1v1: the rendered screens follow ringing, accept and hang-up on both sides', async () => {
    const { sim, alice, bob } = await pair();
    const aliceScreen = render(h(CallScreen, { engine: alice }));
    const bobScreen = render(h(CallScreen, { engine: bob }));
    expect(bobScreen.textContent).toBe('idle');

    await run(sim, () => alice.call({ userID: 'bob', mediaType: 'video' }));
    await advance(sim, 500);
    expect(aliceScreen.textContent).toBe('calling');
    expect(bobScreen.textContent).toBe('alice is calling');

    await run(sim, () => bob.accept());
    await advance(sim, 500);
    expect(aliceScreen.textContent).toBe('accepted');
    expect(bobScreen.textContent).toBe('accepted');

    await run(sim, () => alice.hangup());
    await advance(sim, 500);
    expect(aliceScreen.textContent).toBe('ended: hangup');
    expect(bobScreen.textContent).toBe('ended: remoteHangup');
  });

  it('group call: a volume change re-renders only the tile of the participant who changed', async () => {
    const { sim, alice, others } = await groupInCall();
    const renders: Record<string, number> = {};
    const view = render(h(Tiles, { engine: alice, renders }));
    expect(Array.from(view.querySelectorAll('li'), (li) => li.textContent)).toEqual([
      'bob joined 0',
      'carol joined 0',
      'dave joined 0',
    ]);
    const before = { ...renders };

    sim.network.setVolume('carol', 60);
    await advance(sim, 1000);
    expect(view.querySelector('[data-user="carol"]')?.textContent).toBe('carol joined 60');
    expect(renders.carol).toBeGreaterThan(before.carol ?? 0);
    for (const id of others.filter((o) => o !== 'carol')) expect(renders[id], id).toBe(before[id]);
    expect(renders['(list)']).toBe(before['(list)']);

    // The whole-snapshot hook, by contrast, re-renders for anyone's volume.
    render(h(Everything, { engine: alice, renders }));
    sim.network.setVolume('dave', 30);
    await advance(sim, 1000);
    expect(renders['(snapshot)']).toBeGreaterThan(1);
    expect(renders.bob).toBe(before.bob);
  });

  it('re-renders never re-subscribe: one subscription per hook, the latest event handler is called', async () => {
    const { sim, alice, bob } = await pair();
    const subscriptions = { subscribe: 0, on: 0 };
    const counting: CallSource = {
      getSnapshot: () => bob.getSnapshot(),
      subscribe: (listener) => {
        subscriptions.subscribe++;
        return bob.subscribe(listener);
      },
      on: (name, handler) => {
        subscriptions.on++;
        return bob.on(name, handler);
      },
    };
    const seen: string[] = [];
    const container = document.createElement('div');
    const root = createRoot(container);
    roots.push(root);
    // Re-rendered from above with a new label, so a new inline handler and a new inline selector.
    act(() => root.render(h(Incoming, { engine: counting, label: 'first', seen })));
    act(() => root.render(h(Incoming, { engine: counting, label: 'second', seen })));
    await run(sim, () => alice.call({ userID: 'bob', mediaType: 'audio' }));
    await advance(sim, 500);
    expect(seen).toEqual(['second:alice']);
    expect(container.textContent).toBe('second: ringing');
    // Incoming uses useCallState (one store subscription) and useCallEvent (one event subscription).
    expect(subscriptions).toEqual({ subscribe: 1, on: 1 });
  });
});
