/**
 * The web demo in real Chromium tabs, on the real local call server and WebRTC mesh: a 1v1 video call
 * whose video really plays on both sides, switched to audio and hung up; a group call of three with a
 * rejoin through the "join" banner; and one user signed in on two tabs, where answering on one stops the
 * other from ringing. Every wait is on a condition in the page, never on a fixed delay.
 *
 * Skipped (with a message) only when /usr/bin/chromium is missing; CI installs it.
 */
import { describe, expect, test } from 'vitest';
import { startDemo } from '../../scripts/demo-server';
import {
  browserSession,
  expectRemoteVideoPlaying,
  hasChromium,
  screenshot,
  type Tab,
  waitRingtone,
  waitStatus,
} from './browser';

if (!hasChromium)
  console.warn('test/e2e/web-demo.test.ts skipped: /usr/bin/chromium is missing (apt-get install chromium)');

describe.skipIf(!hasChromium)('web demo in Chromium', () => {
  const session = browserSession(() => startDemo({ port: 0 }));
  const { open } = session;

  test('1v1 video call: video plays both ways, switch to audio, hang up', async () => {
    const [alice, bob] = (await open('alice', 'bob')) as [Tab, Tab];
    await alice.page.getByTestId('callee-input').fill('bob');
    await alice.page.getByTestId('call-video').click();
    await waitStatus(alice, 'calling');

    await waitStatus(bob, 'ringing');
    await expect(bob.page.getByTestId('incoming-caller').textContent()).resolves.toBe('alice');
    await expect(bob.page.getByTestId('incoming-kind').textContent()).resolves.toContain('video call');
    await Promise.all([waitRingtone(alice, 'dialing'), waitRingtone(bob, 'ringing')]);
    await screenshot(bob, 'incoming-call');
    await bob.page.getByTestId('accept').click();
    await Promise.all([waitStatus(alice, 'accepted'), waitStatus(bob, 'accepted')]);
    await Promise.all([waitRingtone(alice, null), waitRingtone(bob, null)]);

    // The remote video really plays on both sides.
    for (const [tab, peer] of [
      [alice, 'bob'],
      [bob, 'alice'],
    ] as const) {
      const { width, frames } = await expectRemoteVideoPlaying(tab, peer);
      expect(width, `${tab.name} sees ${peer}`).toBeGreaterThan(0);
      expect(frames).toBeGreaterThanOrEqual(5);
    }
    await alice.page.locator('[data-testid="local-preview"][data-video="on"] video').waitFor();
    await alice.page
      .getByTestId('call-status')
      .filter({ hasText: /^\d\d:\d\d$/ })
      .waitFor();
    await screenshot(alice, 'in-call');

    // Mute: the peer sees the microphone off.
    await alice.page.getByTestId('toggle-mic').click();
    await alice.page.locator('[data-testid="toggle-mic"].off').waitFor();
    await bob.page.locator('[data-testid="tile-alice"][data-mic="off"]').waitFor();

    // Minimized floating window, then back.
    await alice.page.getByTestId('minimize').click();
    await alice.page.locator('[data-testid="app"][data-minimized="true"]').waitFor();
    await screenshot(alice, 'minimized');
    await alice.page.getByTestId('call-view').click();
    await alice.page.locator('[data-testid="app"][data-minimized="false"]').waitFor();

    // Switch to audio: video goes away on both sides.
    await alice.page.getByTestId('switch-audio').click();
    for (const [tab, peer] of [
      [alice, 'bob'],
      [bob, 'alice'],
    ] as const) {
      await tab.page.locator('[data-testid="call-view"][data-media-type="audio"]').waitFor();
      await tab.page.locator(`[data-testid="tile-${peer}"][data-video="off"]`).waitFor();
      await tab.page.waitForFunction(
        () => document.querySelector('[data-testid^="remote-view-"] video') === null,
      );
      // (In a 1v1 audio call the preview is hidden altogether.)
      await tab.page
        .locator('[data-testid="local-preview"][data-video="off"]')
        .waitFor({ state: 'attached' });
      await tab.page.waitForFunction(
        () => document.querySelector('[data-testid="local-view"] video') === null,
      );
    }
    await expect(alice.page.getByTestId('toggle-camera').isVisible()).resolves.toBe(false);

    // Hang up: both back to the home screen.
    await bob.page.getByTestId('hangup').click();
    await Promise.all([waitStatus(alice, 'ended'), waitStatus(bob, 'ended')]);
    for (const tab of [alice, bob]) {
      await tab.page.getByTestId('call-view').waitFor({ state: 'hidden' });
      await expect(tab.page.getByTestId('call-video').isEnabled()).resolves.toBe(true);
    }
    await alice.page.locator('[data-testid="app"][data-end-reason="remoteHangup"]').waitFor();
    await bob.page.locator('[data-testid="app"][data-end-reason="hangup"]').waitFor();
  }, 90_000);

  test('group call of three: everyone sees the other two joined; a member rejoins from the banner', async () => {
    const [carol, dave, erin] = (await open('carol', 'dave', 'erin')) as [Tab, Tab, Tab];
    await carol.page.getByTestId('group-id-input').fill('team');
    await carol.page.getByTestId('group-members-input').fill('dave, erin');
    await carol.page.getByTestId('group-create').click();
    await carol.page.getByTestId('group-call-video-team').click();

    for (const tab of [dave, erin]) {
      await waitStatus(tab, 'ringing');
      await expect(tab.page.getByTestId('incoming-kind').textContent()).resolves.toContain(
        'group video call',
      );
      await tab.page.getByTestId('accept').click();
    }
    const everyone = [carol, dave, erin];
    for (const tab of everyone) {
      await waitStatus(tab, 'accepted');
      for (const other of everyone.filter((t) => t !== tab)) {
        await tab.page.locator(`[data-testid="tile-${other.name}"][data-status="joined"]`).waitFor();
      }
      await tab.page.locator('[data-testid="call-view"].group').waitFor();
    }
    await expectRemoteVideoPlaying(carol, 'erin');
    await screenshot(carol, 'group-call');

    // erin leaves; the group's call goes on, so erin gets a "join" banner and rejoins with it.
    await erin.page.getByTestId('hangup').click();
    await waitStatus(erin, 'ended');
    await carol.page.locator('[data-testid="tile-erin"][data-status="left"]').waitFor();
    await erin.page.getByTestId('join-banner-team').waitFor();
    await erin.page.getByTestId('join-team').click();
    await waitStatus(erin, 'accepted');
    for (const other of ['carol', 'dave']) {
      await erin.page.locator(`[data-testid="tile-${other}"][data-status="joined"]`).waitFor();
    }
    await carol.page.locator('[data-testid="tile-erin"][data-status="joined"]').waitFor();

    // carol leaves, the other two go on; when dave leaves too, erin is alone and her call ends by itself.
    await carol.page.getByTestId('hangup').click();
    await waitStatus(carol, 'ended');
    await dave.page.locator('[data-testid="tile-carol"][data-status="left"]').waitFor();
    await waitStatus(dave, 'accepted');
    await dave.page.getByTestId('hangup').click();
    await Promise.all([waitStatus(dave, 'ended'), waitStatus(erin, 'ended')]);
  }, 120_000);

  test('same user on two tabs: both ring, one answers, the other stops ringing', async () => {
    const [frank, gina1, gina2] = (await open('frank', 'gina', 'gina')) as [Tab, Tab, Tab];
    await frank.page.getByTestId('callee-input').fill('gina');
    await frank.page.getByTestId('call-audio').click();
    await Promise.all([waitStatus(gina1, 'ringing'), waitStatus(gina2, 'ringing')]);
    await Promise.all([waitRingtone(gina1, 'ringing'), waitRingtone(gina2, 'ringing')]);
    await expect(gina2.page.getByTestId('incoming-kind').textContent()).resolves.toContain('voice call');

    await gina1.page.getByTestId('accept').click();
    await Promise.all([waitStatus(gina1, 'accepted'), waitStatus(frank, 'accepted')]);
    await waitStatus(gina2, 'ended');
    await waitRingtone(gina2, null);
    await gina2.page.getByTestId('incoming').waitFor({ state: 'hidden' });
    await gina2.page.locator('[data-testid="app"][data-end-reason="otherDeviceAccepted"]').waitFor();
    await gina2.page.getByTestId('toast').filter({ hasText: 'Answered on another device' }).waitFor();

    await frank.page.getByTestId('hangup').click();
    await Promise.all([waitStatus(frank, 'ended'), waitStatus(gina1, 'ended')]);
  }, 90_000);

  test('settings: a custom ringtone URL and mute mode', async () => {
    // Records what the ringtone plays: every Audio's source when play() is called.
    const recordAudio = () => {
      const played: string[] = [];
      (window as unknown as { __played: string[] }).__played = played;
      const NativeAudio = window.Audio;
      window.Audio = class extends NativeAudio {
        override play() {
          played.push(this.src);
          return Promise.resolve();
        }
      } as typeof Audio;
    };
    const [kim] = await open('kim');
    const lee = await session.openWith('lee', recordAudio);
    const custom = `${session.url}sounds/my-ring.wav`;
    await lee.page.getByTestId('open-settings').click();
    await lee.page.getByTestId('ringtone-ringing-url').fill(custom);
    await lee.page.getByTestId('ringtone-ringing-url').dispatchEvent('change');
    await lee.page.getByTestId('ringtone-mute').check();
    await lee.page.getByTestId('settings-close').click();

    await kim!.page.getByTestId('callee-input').fill('lee');
    await kim!.page.getByTestId('call-audio').click();
    await waitStatus(lee, 'ringing');
    await waitRingtone(lee, 'ringing');
    const played = () => lee.page.evaluate(() => (window as unknown as { __played: string[] }).__played);
    // Mute mode: the ringtone should sound, but nothing plays.
    expect(await played()).toEqual([]);

    await kim!.page.getByTestId('hangup').click();
    await waitStatus(lee, 'ended');
    await waitRingtone(lee, null);

    // Mute mode off: the next call rings with the custom sound.
    await lee.page.getByTestId('open-settings').click();
    await lee.page.getByTestId('ringtone-mute').uncheck();
    await lee.page.getByTestId('settings-close').click();
    await kim!.page.getByTestId('call-audio').click();
    await waitStatus(lee, 'ringing');
    await lee.page.waitForFunction(() => (window as unknown as { __played: string[] }).__played.length > 0);
    expect(await played()).toEqual([custom]);
    await kim!.page.getByTestId('hangup').click();
    await waitStatus(lee, 'ended');
    await waitRingtone(lee, null);
  }, 90_000);

  test('an incoming call while the page is hidden shows a browser notification, closed when it stops ringing', async () => {
    // The page is in a background tab (hidden) and notifications are allowed; the Notification API is
    // recorded so the test can see what the demo shows.
    const hidden = () => {
      Object.defineProperty(document, 'hidden', { get: () => true });
      Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
      const shown: { title: string; body: string; closed: boolean }[] = [];
      (window as unknown as { __notifications: typeof shown }).__notifications = shown;
      class RecordedNotification {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        onclick: (() => void) | null = null;
        readonly #entry: { title: string; body: string; closed: boolean };
        constructor(title: string, options?: { body?: string }) {
          this.#entry = { title, body: options?.body ?? '', closed: false };
          shown.push(this.#entry);
        }
        close() {
          this.#entry.closed = true;
        }
      }
      Object.defineProperty(window, 'Notification', { value: RecordedNotification, configurable: true });
    };
    const [hank] = await open('hank');
    const ivy = await session.openWith('ivy', hidden);
    await hank!.page.getByTestId('callee-input').fill('ivy');
    await hank!.page.getByTestId('call-video').click();
    await waitStatus(ivy, 'ringing');
    const notifications = () =>
      ivy.page.evaluate(() => (window as unknown as { __notifications: unknown[] }).__notifications);
    await ivy.page.waitForFunction(
      () => (window as unknown as { __notifications: unknown[] }).__notifications.length === 1,
    );
    expect(await notifications()).toEqual([
      { title: 'hank is calling', body: 'Incoming video call', closed: false },
    ]);
    await hank!.page.getByTestId('hangup').click();
    await waitStatus(ivy, 'ended');
    await ivy.page.waitForFunction(
      () =>
        (window as unknown as { __notifications: { closed: boolean }[] }).__notifications[0]?.closed === true,
    );
  }, 90_000);
});
