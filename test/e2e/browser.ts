/**
 * Shared set-up of the browser end-to-end tests: Debian's Chromium driven by playwright-core, with fake
 * camera and microphone, against the real demo server (local call server + bundled demo) on a free port.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A phone-sized tab, signed in to the demo as `name`. Page errors and console errors are collected. */
export interface Tab {
  readonly name: string;
  readonly page: Page;
  readonly context: BrowserContext;
  /** Uncaught page errors and console errors, for the failure message. */
  readonly errors: string[];
}

export async function openTab(
  browser: Browser,
  url: string,
  name: string,
  initScript?: () => void,
): Promise<Tab> {
  // One context per tab: its own sessionStorage, so two tabs of one user are two devices.
  const context = await browser.newContext({ viewport: { width: 420, height: 760 } });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${name}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${name} console: ${message.text()}`);
  });
  await page.goto(url);
  await page.getByTestId('signin-name').fill(name);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('app').waitFor();
  return { name, page, context, errors };
}

/** Waits until the app root reports this call status (`data-status`, set from the engine snapshot). */
export async function waitStatus(tab: Tab, status: string): Promise<void> {
  await tab.page.locator(`[data-testid="app"][data-status="${status}"]`).waitFor();
}

/**
 * Waits until the remote video of `peer` really plays in `tab`: decoded frames with a size, and both
 * `currentTime` and the count of presented frames (requestVideoFrameCallback) advancing.
 */
export async function expectRemoteVideoPlaying(
  tab: Tab,
  peer: string,
): Promise<{ width: number; frames: number }> {
  const selector = `[data-testid="remote-view-${peer}"] video`;
  await tab.page.waitForFunction((sel) => {
    const video = document.querySelector<HTMLVideoElement>(sel);
    return video !== null && video.videoWidth > 0 && video.readyState >= 2;
  }, selector);
  const first = await tab.page.evaluate((sel) => {
    const video = document.querySelector<HTMLVideoElement>(sel) as HTMLVideoElement & { frames?: number };
    // Count presented frames from now on.
    video.frames = 0;
    const count = () => {
      video.frames = (video.frames ?? 0) + 1;
      video.requestVideoFrameCallback(count);
    };
    video.requestVideoFrameCallback(count);
    return { time: video.currentTime, width: video.videoWidth };
  }, selector);
  await tab.page.waitForFunction(
    ({ sel, time }) => {
      const video = document.querySelector<HTMLVideoElement>(sel) as
        | (HTMLVideoElement & { frames?: number })
        | null;
      return video !== null && video.currentTime > time + 0.3 && (video.frames ?? 0) >= 5;
    },
    { sel: selector, time: first.time },
  );
  const frames = await tab.page.evaluate(
    (sel) => (document.querySelector(sel) as HTMLVideoElement & { frames?: number }).frames ?? 0,
    selector,
  );
  return { width: first.width, frames };
}

export async function screenshot(tab: Tab, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await tab.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Waits until the tab's ringtone (the `ringtone` option the engine plays) is in this state. */
export async function waitRingtone(tab: Tab, playing: 'dialing' | 'ringing' | null): Promise<void> {
  await tab.page.waitForFunction(
    (want) =>
      (window as unknown as { demo?: { ringtone: { playing: unknown } } }).demo?.ringtone.playing === want,
    playing,
  );
}

/**
 * One server and one Chromium for a describe block, with tabs closed after each test (their page
 * errors printed when it failed): registers the hooks and opens tabs as named users.
 */
export function browserSession(start: () => Promise<{ url: string; close(): Promise<void> }>) {
  let server: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  let tabs: Tab[] = [];
  beforeAll(async () => {
    [server, browser] = await Promise.all([start(), launchChromium()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async (ctx) => {
    const errors = tabs.flatMap((t) => t.errors);
    if (errors.length > 0 && ctx.task.result?.state === 'fail') console.error(errors.join('\n'));
    await Promise.all(tabs.map((t) => t.context.close()));
    tabs = [];
  });
  const openWith = async (name: string, initScript?: () => void): Promise<Tab> => {
    const tab = await openTab(browser!, server!.url, name, initScript);
    tabs.push(tab);
    return tab;
  };
  return {
    /** The server's page URL. */
    get url(): string {
      return server!.url;
    },
    /** A tab per user, signed in. */
    open: (...names: string[]): Promise<Tab[]> => Promise.all(names.map((name) => openWith(name))),
    /** One tab whose page first runs `initScript` (fakes of browser APIs). */
    openWith,
  };
}
