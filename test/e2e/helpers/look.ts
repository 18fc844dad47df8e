/**
 * Every page a journey visits goes through `audit`: axe-core's WCAG 2.1 A/AA rules must find
 * nothing, and a full-page screenshot is saved under test/e2e/artifacts/ (git-ignored) to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from './axe.js';

export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

// Only used inside page.evaluate callbacks, which run in the browser.
declare const document: { documentElement: { scrollHeight: number } };

/**
 * Runs `fn` with the viewport stretched to the whole page, then puts it back: sticky bars (the
 * scoring and reference forms' actions) then sit at the end of the page instead of over the
 * content, so screenshots show everything and axe can see the colours of every text.
 */
async function fullHeight<T>(page: Page, fn: () => Promise<T>): Promise<T> {
  const viewport = page.viewportSize();
  if (!viewport) return fn();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({
    width: viewport.width,
    height: Math.min(Math.max(height, viewport.height), 16_000),
  });
  try {
    return await fn();
  } finally {
    await page.setViewportSize(viewport);
  }
}

const shoot = (page: Page, name: string) => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  return page.screenshot({ path: file, fullPage: true, animations: 'disabled' }).then(() => file);
};

/** Saves a full-page screenshot as `artifacts/<name>.png`. */
export const screenshot = (page: Page, name: string): Promise<string> =>
  fullHeight(page, () => shoot(page, name));

/**
 * Fails with every violation on the page, described, when axe finds any; saves a screenshot
 * first (unless `shot` is false).
 */
export async function audit(page: Page, name: string, options: { shot?: boolean } = {}): Promise<void> {
  await page.waitForLoadState('load');
  const violations = await fullHeight(page, async () => {
    const found = await axeViolations(page);
    if (options.shot !== false) await shoot(page, name);
    return found;
  });
  if (violations.length) {
    throw new Error(
      `axe found ${violations.length} WCAG 2.1 A/AA violation(s) on ${page.url()}:\n` +
        describeViolations(name, violations),
    );
  }
}
