/**
 * The browser for the end-to-end tests: Debian's Chromium (or CHROMIUM_PATH) driven by
 * playwright-core. Nothing is ever downloaded; when no Chromium is installed the suites are skipped
 * with one line saying how to enable them.
 */
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const chromiumAvailable = fs.existsSync(CHROMIUM_PATH);

let announced = false;

/**
 * `describe` for a browser suite: skipped (with one line for the whole run, however many suites)
 * when Chromium is absent.
 */
export function describeE2E(title: string, fn: (this: Mocha.Suite) => void): Mocha.Suite | void {
  if (chromiumAvailable) return describe(title, fn);
  if (!announced) {
    announced = true;
    console.log(
      `Browser tests skipped: no Chromium at ${CHROMIUM_PATH}. Enable them with "apt-get install -y chromium" (or set CHROMIUM_PATH to a Chromium binary).`,
    );
  }
  return describe.skip(title, fn);
}

/**
 * Chromium, headless, with everything that talks to the network on its own turned off; any host
 * other than 127.0.0.1 fails to resolve, so a page can only ever reach the app under test.
 * playwright gives the browser a fresh temporary profile (user-data-dir) and removes it on close.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
}

/** A fresh context (its own cookies and storage: one person) on the app at `base`. */
export async function newPerson(browser: Browser, base: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: base,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}
