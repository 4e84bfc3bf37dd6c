// @vitest-environment happy-dom
/**
 * The Svelte stores in real Svelte 5 components (test/fixtures/svelte, compiled with svelte/compiler and
 * bundled with Svelte's browser runtime by esbuild) while the simulator runs calls on its virtual clock.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { compile } from 'svelte/compiler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callStateStore, participantStore, shallowEqual } from '../src/svelte/index';
import { groupInCall, pair } from './helpers/bindings';

interface Fixtures {
  mount(component: unknown, options: { target: Element; props: object }): object;
  unmount(component: object): void;
  flushSync(): void;
  CallBanner: unknown;
  Tiles: unknown;
}

const compileSvelte: Plugin = {
  name: 'svelte',
  setup(b) {
    b.onLoad({ filter: /\.svelte$/ }, async ({ path }) => ({
      contents: compile(await readFile(path, 'utf8'), { generate: 'client', filename: path }).js.code,
      loader: 'js',
    }));
  },
};

let dir: string;
let svelte: Fixtures;
beforeAll(async () => {
  // Inside the project: vitest's module runner loads files under its root, not from /tmp.
  const cache = join(process.cwd(), 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  dir = await mkdtemp(join(cache, 'hce-svelte-'));
  await build({
    entryPoints: [join(import.meta.dirname, 'fixtures', 'svelte', 'index.js')],
    outfile: join(dir, 'fixtures.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['browser'],
    plugins: [compileSvelte],
    logLevel: 'warning',
  });
  svelte = (await import(/* @vite-ignore */ join(dir, 'fixtures.js'))) as Fixtures;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Mounts a component into a fresh element and returns the element and the unmount. */
function render(component: unknown, props: object): { target: HTMLElement; destroy(): void } {
  const target = document.createElement('div');
  const instance = svelte.mount(component, { target, props });
  return { target, destroy: () => svelte.unmount(instance) };
}

describe('svelte stores in components', () => {
  it('1v1: the rendered banners follow ringing, accept and hang-up on both sides', async () => {
    const { sim, alice, bob } = await pair();
    const banner = (engine: typeof alice) =>
      render(svelte.CallBanner, {
        call: callStateStore(
          engine,
          (s) => ({ status: s.status, callerId: s.callerId, endReason: s.endReason }),
          shallowEqual,
        ),
      });
    const [aliceView, bobView] = [banner(alice), banner(bob)];
    const text = (view: { target: HTMLElement }) => {
      svelte.flushSync();
      return view.target.textContent?.trim();
    };
    expect(text(bobView)).toBe('idle');

    await sim.run(alice.call({ userID: 'bob', mediaType: 'video' }));
    await sim.advance(500);
    expect(text(aliceView)).toBe('calling');
    expect(text(bobView)).toBe('alice is calling');

    await sim.run(bob.accept());
    await sim.advance(500);
    expect([text(aliceView), text(bobView)]).toEqual(['accepted', 'accepted']);

    await sim.run(alice.hangup());
    await sim.advance(500);
    expect(text(aliceView)).toBe('ended: hangup');
    expect(text(bobView)).toBe('ended: remoteHangup');
    aliceView.destroy();
    bobView.destroy();
  });

  it('group call: a volume change updates only the tile of the participant who changed', async () => {
    const { sim, alice, others } = await groupInCall();
    const updates: Record<string, number> = {};
    const view = render(svelte.Tiles, {
      ids: callStateStore(alice, (s) => s.participants.map((p) => p.userID), shallowEqual),
      participant: (id: string) => participantStore(alice, id),
      updates: (id: string) => {
        updates[id] = (updates[id] ?? 0) + 1;
        return '';
      },
    });
    svelte.flushSync();
    const tiles = () => Array.from(view.target.querySelectorAll('li'), (li) => li.textContent);
    expect(tiles()).toEqual(['bob joined 0', 'carol joined 0', 'dave joined 0']);
    const before = { ...updates };

    sim.network.setVolume('carol', 60);
    await sim.advance(1000);
    svelte.flushSync();
    expect(tiles()).toEqual(['bob joined 0', 'carol joined 60', 'dave joined 0']);
    expect(updates.carol).toBeGreaterThan(before.carol ?? 0);
    for (const id of others.filter((o) => o !== 'carol')) expect(updates[id], id).toBe(before[id]);
    view.destroy();
  });
});
