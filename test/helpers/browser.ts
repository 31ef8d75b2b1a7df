// Headless Debian Chromium for the HTML report tests. Without the browser the
// tests skip, unless LEAK_REQUIRE_BROWSER=1 (set by .ci/run), where a missing
// browser must fail the run instead of hiding the tests.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const isBrowserRequired = process.env.LEAK_REQUIRE_BROWSER === '1';
export const hasBrowser = existsSync(CHROMIUM);
/** True when the browser tests must be skipped: no browser and none required. */
export const skipBrowser = !hasBrowser && !isBrowserRequired;

export interface OfflineBrowser {
  context: BrowserContext;
  /** Every non-file:// request the page tried, all of them aborted. */
  blockedRequests: string[];
  close: () => Promise<void>;
}

/** Launches Chromium with a fresh profile and every network request aborted. */
export async function launchOfflineBrowser(): Promise<OfflineBrowser> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'leak-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
  });
  const blockedRequests: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('file://')) return route.continue();
    blockedRequests.push(url);
    return route.abort();
  });
  const close = async (): Promise<void> => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, blockedRequests, close };
}
