/**
 * The React and Vue examples (examples/react and examples/vue, on the bindings) in real Chromium tabs, on
 * the real local call server and WebRTC mesh: in each, a 1v1 video call whose video plays on both sides,
 * then hung up, and a group call of three where everyone sees the other two joined. Every wait is on a
 * condition in the page, never on a fixed delay.
 *
 * Skipped (with a message) only when /usr/bin/chromium is missing; CI installs it.
 */
import { describe, expect, test } from 'vitest';
import { EXAMPLE_NAMES, startExample } from '../../scripts/example-server';
import {
  browserSession,
  expectRemoteVideoPlaying,
  hasChromium,
  screenshot,
  type Tab,
  waitStatus,
} from './browser';

if (!hasChromium)
  console.warn('test/e2e/examples.test.ts skipped: /usr/bin/chromium is missing (apt-get install chromium)');

describe.skipIf(!hasChromium).each(EXAMPLE_NAMES)('%s example in Chromium', (name) => {
  const { open } = browserSession(() => startExample(name, { port: 0 }));

  test('1v1 video call: rings, is accepted, video plays both ways, hang up ends it on both sides', async () => {
    const [alice, bob] = (await open('alice', 'bob')) as [Tab, Tab];
    await alice.page.getByTestId('callee-input').fill('bob');
    await alice.page.getByTestId('call-video').click();
    await waitStatus(alice, 'calling');
    await alice.page.locator('[data-testid="tile-bob"][data-status="invited"]').waitFor();

    await waitStatus(bob, 'ringing');
    await expect(bob.page.getByTestId('incoming-caller').textContent()).resolves.toBe('alice');
    await bob.page.getByTestId('accept').click();
    await Promise.all([waitStatus(alice, 'accepted'), waitStatus(bob, 'accepted')]);
    await alice.page.locator('[data-testid="tile-bob"][data-status="joined"]').waitFor();
    await bob.page.locator('[data-testid="tile-alice"][data-status="joined"]').waitFor();

    for (const [tab, peer] of [
      [alice, 'bob'],
      [bob, 'alice'],
    ] as const) {
      const { width } = await expectRemoteVideoPlaying(tab, peer);
      expect(width, `${tab.name} sees ${peer}`).toBeGreaterThan(0);
    }
    await alice.page.locator('[data-testid="local-view"] video').waitFor();
    await screenshot(alice, `${name}-example-in-call`);

    await bob.page.getByTestId('hangup').click();
    await Promise.all([waitStatus(alice, 'ended'), waitStatus(bob, 'ended')]);
    await expect(alice.page.getByTestId('notice').textContent()).resolves.toBe('Call ended: remoteHangup');
    await expect(bob.page.getByTestId('notice').textContent()).resolves.toBe('Call ended: hangup');
    for (const tab of [alice, bob]) await tab.page.getByTestId('call-view').waitFor({ state: 'detached' });
  }, 90_000);

  test('group call of three: everyone sees the other two joined', async () => {
    const [carol, dave, erin] = (await open('carol', 'dave', 'erin')) as [Tab, Tab, Tab];
    await carol.page.getByTestId('group-members-input').fill('dave, erin');
    await carol.page.getByTestId('group-call').click();
    for (const tab of [dave, erin]) {
      await waitStatus(tab, 'ringing');
      await expect(tab.page.getByTestId('incoming').textContent()).resolves.toContain('group video');
      await tab.page.getByTestId('accept').click();
    }
    const everyone = [carol, dave, erin];
    for (const tab of everyone) {
      await waitStatus(tab, 'accepted');
      for (const other of everyone.filter((t) => t !== tab)) {
        await tab.page.locator(`[data-testid="tile-${other.name}"][data-status="joined"]`).waitFor();
      }
    }
    await expectRemoteVideoPlaying(carol, 'erin');
    await screenshot(carol, `${name}-example-group-call`);

    await carol.page.getByTestId('hangup').click();
    await waitStatus(carol, 'ended');
    await dave.page.locator('[data-testid="tile-carol"][data-status="left"]').waitFor();
    await dave.page.getByTestId('hangup').click();
    await Promise.all([waitStatus(dave, 'ended'), waitStatus(erin, 'ended')]);
  }, 120_000);
});
