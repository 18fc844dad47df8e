/**
 * Every corpus document printed to PDF by Chromium (headings as <h1>/<h2>, lists as <ul>, tables as
 * bordered tables whose cells wrap, page numbers in the footer, a running header on the A5
 * printing, where headings wrap and longer documents run over two pages) parses to the same draft as its
 * text: the PDF's items are rebuilt into lines, headings, bold runs, list items and table rows
 * (src/features/framework-import/pdf-layout.ts), so the parser reads the same shapes.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { extractText } from '../../src/features/framework-import/extract.js';
import { parseLines } from '../../src/features/framework-import/parser.js';
import { mendText } from '../../src/features/framework-import/source-lines.js';
import { describeE2E, launchBrowser } from '../e2e/helpers/browser.js';
import { summary } from '../helpers/draft-summary.js';
import { markdownToHtml } from '../helpers/markdown-to-html.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/documents/corpus');
const DOCUMENTS = fs
  .readdirSync(DIR)
  .filter((f) => /\.(md|txt)$/.test(f))
  .sort();

const small = (html: string) => `<div style="font-size:8px;width:100%;text-align:center">${html}</div>`;
const PAGE_NUMBER = small('Page <span class="pageNumber"></span> of <span class="totalPages"></span>');

/**
 * Two printings: A4 with page numbers, and A5 (narrower: table cells and headings wrap, longer
 * documents run over two pages) with a running header as well.
 */
const PRINTINGS = [
  { paper: 'A4', headerTemplate: '<span></span>', margin: '20mm' },
  { paper: 'A5', headerTemplate: small('Competency Corpus Guide'), margin: '12mm' },
] as const;

async function parse(fileName: string, data: Buffer) {
  return parseLines(mendText(await extractText(fileName, data)), 'document');
}

describeE2E('document corpus printed to PDF by Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  it('when the corpus is listed, then every document (at least eight) is printed', () => {
    assert.ok(DOCUMENTS.length >= 8, `${DOCUMENTS.length} documents`);
  });

  for (const name of DOCUMENTS) {
    for (const printing of PRINTINGS) {
      it(`when ${name} is printed to PDF on ${printing.paper}, then the PDF parses to the same draft as the text`, async () => {
        const text = fs.readFileSync(path.join(DIR, name));
        const page = await browser.newPage();
        await page.setContent(markdownToHtml(text.toString('utf8')));
        const pdf = await page.pdf({
          format: printing.paper,
          displayHeaderFooter: true,
          headerTemplate: printing.headerTemplate,
          footerTemplate: PAGE_NUMBER,
          margin: { top: '15mm', bottom: '15mm', left: printing.margin, right: printing.margin },
        });
        await page.close();
        const fromPdf = await parse('document.pdf', pdf);
        const fromText = await parse(name, text);
        assert.ok(fromText.draft.competencies.length > 0, 'the text gives competencies');
        assert.deepEqual(summary(fromPdf.draft), summary(fromText.draft));
        // The same PDF parsed again gives the very same result, provenance and unused lines included.
        assert.deepEqual(await parse('document.pdf', pdf), fromPdf);
      });
    }
  }
});
