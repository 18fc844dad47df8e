/**
 * Responsive and printable results (issue 17 item 6), measured in Chromium: the results page at
 * 1280 px with five long competency names shows every competency and the recommendation without
 * sideways scroll, its details open on demand and in print; at 390 x 844 (a phone) the panel board,
 * the comparison, the position page and the reference form never scroll sideways, the reference
 * form's sticky bar stays under 15 % of the screen, and the chart's labels stay readable. One
 * browser and one data set for the whole file; every page passes axe and is saved as a screenshot.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { makeUser } from '../helpers/app.js';
import { makeReference } from '../helpers/reference-form-factories.js';
import { makeCandidate, makeCompetency, makeInterview, makePosition } from '../helpers/results-factories.js';
import { rateAndSubmit, scheduleScoredInterview } from '../helpers/scoring-factories.js';
import { describeE2E } from './helpers/browser.js';
import { signIn, useE2E } from './helpers/e2e-app.js';
import { ARTIFACTS, audit } from './helpers/look.js';

// Only used inside page.evaluate callbacks, which run in the browser.
interface BrowserElement {
  tagName: string;
  closest(selector: string): BrowserElement | null;
  className: string;
  scrollWidth: number;
  clientWidth: number;
  getBoundingClientRect(): { height: number; right: number };
}
declare const document: {
  documentElement: { scrollWidth: number; clientWidth: number };
  querySelector(s: string): BrowserElement | null;
  querySelectorAll(s: string): ArrayLike<BrowserElement>;
};
declare const getComputedStyle: (el: unknown) => { fontSize: string };

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/** The smallest chart label height we accept, in CSS px (about an 11 px font). */
const MIN_LABEL_PX = 10.5;

/** Long names as real competency models have them (the longest about 60 characters). */
const LONG_NAMES = [
  'Interpersonal Skills and Relationship Building',
  'Customer Service Orientation and Public Contact',
  'Problem Solving, Decision Making and Judgment',
  'Attention to Detail and Accuracy of Records',
  'Written and Oral Communication with the Public and Colleagues',
];

async function pageAt(context: BrowserContext, size: { width: number; height: number }) {
  const page = await context.newPage();
  await page.setViewportSize(size);
  return page;
}

/** The page (or an element) scrolls sideways when its content is wider than its box. */
async function overflow(page: Page, selector?: string) {
  return page.evaluate((sel) => {
    const el = sel ? document.querySelector(sel) : document.documentElement;
    if (!el) throw new Error(`no element ${sel}`);
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  }, selector);
}

/** What sticks out past the right edge of the viewport (for the failure message). */
async function widest(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('body *'))
      // Content inside a scroll region (.table-scroll) does not widen the page.
      .filter((el) => !el.closest('.table-scroll'))
      .map((el) => ({ el, right: el.getBoundingClientRect().right }))
      .filter((x) => x.right > document.documentElement.clientWidth + 0.5)
      .slice(0, 6)
      .map((x) => `${x.el.tagName.toLowerCase()}.${x.el.className} ends at ${Math.round(x.right)} px`),
  );
}

/** What each test measured, written to artifacts/responsive-measurements.json for the README's figures. */
const measured: Record<string, unknown> = {};

async function assertNoSidewaysScroll(page: Page, where: string, selector?: string) {
  const o = await overflow(page, selector);
  measured[`${where}${selector ? ` ${selector}` : ''}`] =
    `${o.scrollWidth} px content in ${o.clientWidth} px`;
  if (o.scrollWidth <= o.clientWidth) return;
  assert.fail(
    `${where}${selector ? ` (${selector})` : ''} scrolls sideways: content ${o.scrollWidth} px in ${o.clientWidth} px; ` +
      (await widest(page)).join('; '),
  );
}

/** The rendered size of every chart label: its box height and its computed font size. */
async function chartLabelSizes(page: Page) {
  return page.evaluate(() => {
    const texts = Array.from(document.querySelectorAll('svg.chart text'));
    return texts.map((t) => ({
      height: t.getBoundingClientRect().height,
      font: parseFloat(getComputedStyle(t).fontSize),
    }));
  });
}

describeE2E(
  'Browser: results, board, comparison, position and reference form at 1280 and 390 px',
  function () {
    this.timeout(300_000);
    const e = useE2E();
    let manager: BrowserContext;
    let chair: BrowserContext;
    let positionId: string;
    let boardUrl: string;
    let referenceUrl: string;
    const candidateNames = ['Ada Byron-King', 'Benjamin Franklin', 'Cyrus Youngblood', 'Dee Dee Ramone'];

    before(async function () {
      this.timeout(120_000);
      // Results and comparison: five long competency names, four candidates with complete interviews.
      const owner = await makeUser({ roles: ['manager'], name: 'Maya Manager' });
      const competencies = await Promise.all(LONG_NAMES.map((n) => makeCompetency(n)));
      const ids = competencies.map((c) => c._id);
      const { position, guide } = await makePosition(
        owner,
        ids.map((id, i) => ({ id, weight: i === 0 ? 2 : 1 })),
        { title: 'Senior Customer Service Representative, Permits and Licensing Counter' },
      );
      positionId = position._id.toHexString();
      const panel = await Promise.all(
        ['Pat Chair', 'Lee Member', 'Sam Member'].map((n) => makeUser({ roles: ['panelist'], name: n })),
      );
      for (const [k, name] of candidateNames.entries()) {
        const candidate = await makeCandidate(position._id, name, owner);
        const row = (shift: number) => ids.map((_, c) => 1 + ((c + k + shift) % 5));
        await makeInterview({
          position: position._id,
          guide,
          candidate: candidate._id,
          competencies: ids,
          panel,
          ratings: [row(0), row(1), row(1)],
          status: 'complete',
          consensus: row(1),
          recommendation: k % 2 ? 'recommended' : 'highly-recommended',
          scheduledAt: new Date(Date.UTC(2026, 1, 2 + k, 9, 0)),
        });
      }
      // The board: a real interview of five competencies, every panelist submitted (consensus phase).
      const scored = await scheduleScoredInterview(e.t.app, { panelists: 3, competencies: 5 });
      await rateAndSubmit(scored, scored.panel, (_s, i, seat) => 1 + ((i + seat * 2) % 5));
      boardUrl = `/interviews/${scored.interviewId}/board`;
      // The reference form, from its emailed link.
      referenceUrl = (await makeReference()).url;

      manager = await e.person();
      await signIn(await manager.newPage(), owner.email);
      chair = await e.person();
      await signIn(await chair.newPage(), scored.panel[0].user.email);
    });

    after(() => {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      fs.writeFileSync(
        path.join(ARTIFACTS, 'responsive-measurements.json'),
        `${JSON.stringify(measured, null, 2)}\n`,
      );
    });

    it('when the results page is shown at 1280 px, then every competency, the total and the recommendation fit without sideways scroll, and details open on demand', async () => {
      const page = await pageAt(manager, DESKTOP);
      await page.goto(`/positions/${positionId}/dashboard`);
      const table = page.locator('table.results-table');
      await table.waitFor();

      await assertNoSidewaysScroll(page, 'results page');
      await assertNoSidewaysScroll(page, 'results table', '.table-scroll');
      // Every competency's column header and the recommendation are inside the viewport.
      const headers = table.locator('thead th');
      for (let i = 0; i < (await headers.count()); i++) {
        const box = (await headers.nth(i).boundingBox())!;
        assert.ok(box.x + box.width <= DESKTOP.width, `header ${i + 1} ends at ${box.x + box.width} px`);
      }
      for (const name of LONG_NAMES)
        assert.equal(
          await table.locator(`thead abbr[title="${name}"], thead th:has-text("${name}")`).count(),
          1,
          name,
        );
      await table.getByRole('columnheader', { name: 'Recommendation' }).waitFor();
      const first = table.locator('tbody.results-candidate').first();
      assert.match((await first.locator('td.recommendation').textContent())!, /recommended/i);

      // Details (per-panelist figures) are closed, then open on demand.
      const details = first.locator('details.results-details');
      assert.equal(await details.getAttribute('open'), null);
      const panelFigures = details.locator('.cell-panel').first();
      assert.equal(await panelFigures.isVisible(), false);
      await details.locator('summary').click();
      assert.equal(await panelFigures.isVisible(), true);
      await assertNoSidewaysScroll(page, 'results page with details open');
      await assertNoSidewaysScroll(page, 'results table with details open', '.table-scroll');
      await audit(page, 'responsive-01-results-1280');

      // Print: every row's details open, no navigation, no compare checkboxes.
      await details.locator('summary').click();
      await page.emulateMedia({ media: 'print' });
      try {
        const rows = await table.locator('tbody.results-candidate').count();
        const shown = await table.locator('details.results-details .cell-panel:visible').count();
        assert.ok(shown >= rows * LONG_NAMES.length, `print shows ${shown} panel figures for ${rows} rows`);
        assert.equal(await page.locator('.site-nav').isVisible(), false);
        await assertNoSidewaysScroll(page, 'results page in print');
        await page.screenshot({
          path: path.join(ARTIFACTS, 'responsive-02-results-print.png'),
          fullPage: true,
        });
      } finally {
        await page.emulateMedia({ media: 'screen' });
      }

      // On a phone the table keeps its columns inside its own scroll region; the page stays put.
      await page.setViewportSize(PHONE);
      await assertNoSidewaysScroll(page, 'results page at 390 px');
    });

    it('when the comparison is shown at 390 px and at 1280 px, then every candidate is visible without sideways scroll and the chart labels are readable', async () => {
      const page = await pageAt(manager, PHONE);
      await page.goto(`/positions/${positionId}/compare`);
      await page.locator('svg.chart').waitFor();
      await assertNoSidewaysScroll(page, 'comparison at 390 px');
      // Every candidate's name is on screen horizontally (stacked, not behind a scroll).
      for (const name of candidateNames) {
        const heading = page.getByRole('heading', { level: 2, name, exact: true });
        const box = await heading.boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `${name} at x=${box?.x}`);
        // Its card holds a consensus for every competency.
        const card = page.locator('section.compare-card', { has: heading });
        assert.equal(await card.locator('.compare-card-item').count(), LONG_NAMES.length);
      }
      for (const size of [PHONE, DESKTOP]) {
        await page.setViewportSize(size);
        const labels = await chartLabelSizes(page);
        assert.ok(labels.length > 10, 'the chart has labels');
        const smallest = Math.min(...labels.map((l) => l.height));
        assert.ok(
          smallest >= MIN_LABEL_PX,
          `chart labels at ${size.width} px are ${smallest.toFixed(1)} px tall`,
        );
        assert.ok(Math.min(...labels.map((l) => l.font)) >= 11, 'chart fonts of 11 px or more');
        measured[`chart labels at ${size.width} px`] = `smallest ${smallest.toFixed(1)} px tall`;
        await page
          .locator('svg.chart')
          .screenshot({ path: path.join(ARTIFACTS, `responsive-03-chart-${size.width}.png`) });
      }
      await page.setViewportSize(PHONE);
      await audit(page, 'responsive-03-compare-390');
    });

    it('when the panel board with its statistics is shown at 390 px, then nothing scrolls sideways', async () => {
      const page = await pageAt(chair, PHONE);
      await page.goto(boardUrl);
      await page.locator('dl.stats').first().waitFor();
      await assertNoSidewaysScroll(page, 'board at 390 px');
      const stats = page.locator('dl.stats').first();
      const box = (await stats.boundingBox())!;
      assert.ok(
        box.x >= 0 && box.x + box.width <= PHONE.width,
        `statistics row spans ${box.x}–${box.x + box.width} px`,
      );
      for (const dd of await stats.locator('dd').all()) {
        const b = (await dd.boundingBox())!;
        assert.ok(b.x + b.width <= PHONE.width, `a statistic ends at ${b.x + b.width} px`);
      }
      await audit(page, 'responsive-04-board-390');
    });

    it('when the position page is shown at 390 px, then nothing scrolls sideways', async () => {
      const page = await pageAt(manager, PHONE);
      await page.goto(`/positions/${positionId}`);
      await page.locator('table.position-competencies').waitFor();
      await assertNoSidewaysScroll(page, 'position page at 390 px');
      await audit(page, 'responsive-05-position-390');
    });

    it('when the reference form is shown at 390 x 844, then nothing scrolls sideways and the sticky bar takes at most 15 % of the screen', async () => {
      const context = await e.person();
      const page = await pageAt(context, PHONE);
      await page.goto(referenceUrl);
      const bar = page.locator('.rf-actions');
      await bar.waitFor();
      await assertNoSidewaysScroll(page, 'reference form at 390 px');
      const { height } = (await bar.boundingBox())!;
      measured['reference form sticky bar'] = `${height.toFixed(0)} px of ${PHONE.height} px`;
      assert.ok(height <= PHONE.height * 0.15, `sticky bar ${height} px of ${PHONE.height} px`);
      // What a phone shows: the bar at the bottom of the screen, over the questions.
      await page.screenshot({ path: path.join(ARTIFACTS, 'responsive-06-reference-form-390-screen.png') });
      // Both buttons stay in the bar and reachable.
      await bar.getByRole('button', { name: 'Submit', exact: true }).waitFor();
      await bar.getByRole('button', { name: 'Save and finish later' }).waitFor();
      await audit(page, 'responsive-06-reference-form-390');
    });
  },
);
