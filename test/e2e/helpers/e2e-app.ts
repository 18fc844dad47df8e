/**
 * An end-to-end suite's world: the integration harness's app (embedded engine, real SMTP server)
 * listening on 127.0.0.1, one Chromium for the suite, and signing in through the real form.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TEST_PASSWORD, useTestApp, type TestApp } from '../../helpers/app.js';
import { listen } from '../../helpers/sse.js';
import { launchBrowser, newPerson } from './browser.js';
import { screenshot } from './look.js';

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40);

export interface E2E {
  t: TestApp;
  /** `http://127.0.0.1:PORT` */
  base: string;
  browser: Browser;
  /** A new browser context (a person) on the app; closed after the suite. */
  person: () => Promise<BrowserContext>;
}

export function useE2E(): E2E {
  // Journeys sign in many people and open links several times: lift the per-address limits.
  const t = useTestApp({ rateLimits: { login: 100_000, tokenLinks: 100_000, mailRequests: 100_000 } });
  const e = { t } as E2E;
  let server: Awaited<ReturnType<typeof listen>> | undefined;
  const contexts: BrowserContext[] = [];
  before(async function () {
    this.timeout(90_000);
    server = await listen(t.app);
    e.base = server.base;
    e.browser = await launchBrowser();
    e.person = async () => {
      const context = await newPerson(e.browser, e.base);
      contexts.push(context);
      return context;
    };
  });
  // A failed test leaves a screenshot of each page it had open, to see what the browser saw.
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    this.timeout(30_000);
    const pages = contexts.flatMap((c) => c.pages());
    for (const [i, page] of pages.entries()) {
      await screenshot(page, `failed-${slug(this.currentTest.title)}-${i + 1}`).catch(() => undefined);
      console.log(`    page ${i + 1} was at ${page.url()}`);
    }
  });
  after(async function () {
    this.timeout(30_000);
    await Promise.allSettled(contexts.map((c) => c.close()));
    await e.browser?.close().catch(() => undefined);
    await server?.close();
  });
  return e;
}

/** Signs in through the sign-in form and waits for the home page. */
export async function signIn(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}
