/** The scoring page and the panel board as a panelist's browser sees them. */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

// Only used inside page.evaluate callbacks, which run in the browser.
declare const window: { __sameDocument?: string };

export const sectionsOf = (page: Page): Locator => page.locator('#scoring-form section.score-section');

/** Chooses `value` and types `note` in the `i`-th section, then waits for its "Saved hh:mm". */
export async function rateSection(page: Page, i: number, value: number, note: string): Promise<void> {
  const section = sectionsOf(page).nth(i);
  await section.locator(`input[type="radio"][value="${value}"]`).check();
  await section.locator('textarea').fill(note);
  await section
    .locator('.save-status')
    .filter({ hasText: /^Saved \d\d:\d\d$/ })
    .waitFor({ timeout: 20_000 });
}

/** What the page shows in each section now: the checked value and the note. */
export async function shownRatings(page: Page): Promise<{ value: string | null; note: string }[]> {
  const out: { value: string | null; note: string }[] = [];
  const sections = sectionsOf(page);
  for (let i = 0; i < (await sections.count()); i++) {
    const s = sections.nth(i);
    const checked = s.locator('input[type="radio"]:checked');
    out.push({
      value: (await checked.count()) ? await checked.getAttribute('value') : null,
      note: await s.locator('textarea').inputValue(),
    });
  }
  return out;
}

/**
 * Marks the current document, so a later `assertSameDocument` proves the page changed only
 * through live updates, never by a reload or a navigation.
 */
export async function markDocument(page: Page): Promise<string> {
  const mark = `doc-${Date.now()}-${Math.random()}`;
  await page.evaluate((m) => {
    window.__sameDocument = m;
  }, mark);
  return mark;
}

export async function assertSameDocument(page: Page, mark: string): Promise<void> {
  const now = await page.evaluate(() => window.__sameDocument);
  assert.equal(now, mark, 'the board was reloaded: it should have updated live');
}

/** Waits until live.js says the page is listening to the interview's events. */
export const waitForLive = (page: Page) =>
  page
    .locator('.live-status', { hasText: 'Live: this section updates by itself.' })
    .waitFor({ timeout: 20_000 });

/** The board's progress row of a panelist. */
export const progressRow = (board: Page, name: string): Locator =>
  board.locator('.board-progress tbody tr', {
    has: board.getByRole('rowheader', { name: new RegExp(`^${name}`) }),
  });
