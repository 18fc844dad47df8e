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
 * Saves a full-page screenshot as `artifacts/<name>.png`. The viewport is stretched to the whole
 * page first, so sticky bars (the scoring and reference forms' actions) are drawn where they sit
 * at the end of the page instead of over the content, then put back.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (viewport)
    await page.setViewportSize({
      width: viewport.width,
      height: Math.min(Math.max(height, viewport.height), 16_000),
    });
  try {
    await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
  return file;
}

/** Pages audited in this process, for the summary line. */
export const audited: string[] = [];

/**
 * Fails with every violation on the page, described, when axe finds any; otherwise saves a
 * screenshot (unless `shot` is false).
 */
export async function audit(page: Page, name: string, options: { shot?: boolean } = {}): Promise<void> {
  await page.waitForLoadState('load');
  const violations = await axeViolations(page);
  audited.push(`${name} ${new URL(page.url()).pathname}`);
  if (options.shot !== false) await screenshot(page, name);
  if (violations.length) {
    throw new Error(
      `axe found ${violations.length} WCAG 2.1 A/AA violation(s) on ${page.url()}:\n` +
        describeViolations(name, violations),
    );
  }
}
