/**
 * The printed interview guide through Chromium's own PDF output, read back with pdf.js: every
 * competency section is there, in order, and starts a page of its own; nothing is cut across
 * pages (every page of a section begins with its heading or a question, each question from its
 * heading to its notes box is on one page, the section heading stays with its first question and
 * the rating line with its last). A question with its five-point rating guide fills most of a
 * page, so a section of two questions takes two pages. Checked on US Letter and on A4.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loginAs } from '../helpers/app.js';
import { positionWithGuide, publish } from '../helpers/guide-factories.js';
import { getFrozenVersion } from '../../src/features/guides/guide-versions.service.js';
import { describeE2E } from './helpers/browser.js';
import { signIn, useE2E } from './helpers/e2e-app.js';
import { ARTIFACTS, audit, screenshot } from './helpers/look.js';
import { pdfPages } from './helpers/pdf.js';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

describeE2E('Browser: the printed interview guide', function () {
  this.timeout(180_000);
  const e = useE2E();

  it('when a published guide is printed to PDF, then each competency section is present, on its own page, and not cut across pages', async () => {
    // Arrange: a published guide of 6 competencies (OPM's upper bound).
    const { agent, user } = await loginAs(e.t.app, ['manager']);
    const { guideId } = await positionWithGuide(agent, 6);
    assert.equal((await publish(agent, guideId)).status, 303);
    const guide = await getFrozenVersion(guideId, 1);
    assert.equal(guide.sections.length, 6);

    const page = await (await e.person()).newPage();
    await signIn(page, user.email);
    await page.goto(`/guides/${guideId}/versions/1/print`);
    await audit(page, 'print-01-guide-screen');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'print-02-guide-print-media');

    for (const format of ['Letter', 'A4'] as const) {
      const pdf = await page.pdf({ format, printBackground: true });
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      fs.writeFileSync(path.join(ARTIFACTS, `print-guide-${format}.pdf`), pdf);
      const pages = (await pdfPages(new Uint8Array(pdf))).map((lines) => lines.map(norm));

      // The cover (instructions and scale) first; then each section over pages of its own.
      assert.match(pages[0][0], /^Customer Service Representative/, `${format}: the cover comes first`);
      const starts = guide.sections.map((sec, i) => {
        const heading = `${i + 1}. ${norm(sec.competencyName)}`;
        const at = pages.findIndex((lines) => lines.includes(heading));
        assert.ok(at > 0, `${format}: section “${heading}” is in the PDF, after the cover`);
        assert.equal(pages[at][0], heading, `${format}: section “${heading}” starts a page`);
        return at;
      });
      starts.forEach((at, i) =>
        assert.ok(i === 0 || at > starts[i - 1], `${format}: the sections are in order`),
      );
      guide.sections.forEach((sec, i) => {
        const heading = `${i + 1}. ${norm(sec.competencyName)}`;
        const end = i + 1 < starts.length ? starts[i + 1] : pages.length;
        // Every page of the section begins a block (its heading or a question): nothing continues.
        for (let p = starts[i]; p < end; p++) {
          assert.ok(
            pages[p][0] === heading || /^Question \d+ \(/.test(pages[p][0]),
            `${format}: page ${p + 1} (in “${heading}”) continues something cut at the end of the page before: “${pages[p][0]}”`,
          );
        }
        // Each question, from its heading to its notes box, is on one page; the first one shares
        // the section heading's page and the last one the section's rating line.
        const lines = pages
          .slice(starts[i], end)
          .flatMap((ls, k) => ls.map((text) => ({ text, page: starts[i] + k })));
        let from = 0;
        sec.questions.forEach((q, k) => {
          const top = lines.findIndex((l, j) => j >= from && l.text.startsWith(`Question ${k + 1} (`));
          const notes = lines.findIndex((l, j) => j > top && l.text.startsWith('Notes (justify the rating'));
          assert.ok(
            top >= 0 && notes > top,
            `${format}: question ${k + 1} of “${heading}” is printed with its notes box`,
          );
          assert.equal(
            lines[notes].page,
            lines[top].page,
            `${format}: question ${k + 1} of “${heading}” is cut across pages`,
          );
          if (k === 0)
            assert.equal(
              lines[top].page,
              starts[i],
              `${format}: “${heading}” is left alone at the foot of a page`,
            );
          from = notes;
        });
        const closing = lines.find((l) => l.text.startsWith(`Rating for ${norm(sec.competencyName)}:`));
        assert.ok(closing, `${format}: “${heading}” ends with its rating line`);
        assert.equal(
          closing.page,
          lines[from].page,
          `${format}: the rating line of “${heading}” is apart from its last question`,
        );
      });
    }
  });
});
