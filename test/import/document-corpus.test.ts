/**
 * The corpus: documents written for these tests in the shapes public models use (a competency
 * table with grades, key skills with levels, values with what it looks like / doesn't, a
 * framework-wide scale, numbered proficiency levels, all-caps names, PDF-like wraps, rating factors,
 * a two-column behavior table). Each parses to its expected draft (test/fixtures/documents/corpus/
 * *.expected.json, checked by hand), and the same document rendered to .docx parses to the same draft.
 * UPDATE_EXPECTED=1 rewrites the expected files (review the diff before committing).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractText } from '../../src/features/framework-import/extract.js';
import { parseLines } from '../../src/features/framework-import/parser.js';
import { mendText } from '../../src/features/framework-import/source-lines.js';
import { summary } from '../helpers/draft-summary.js';
import { markdownToDocx } from '../helpers/markdown-to-docx.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/documents/corpus');
const DOCUMENTS = fs
  .readdirSync(DIR)
  .filter((f) => /\.(md|txt)$/.test(f))
  .sort();

async function parse(fileName: string, data: Buffer) {
  return parseLines(mendText(await extractText(fileName, data)), 'document');
}

describe('document corpus: every shape, every format, the same draft', () => {
  it('when the corpus is listed, then it holds at least eight documents', () => {
    assert.ok(DOCUMENTS.length >= 8, `${DOCUMENTS.length} documents`);
  });

  for (const name of DOCUMENTS) {
    const text = fs.readFileSync(path.join(DIR, name));
    const expectedFile = path.join(DIR, name.replace(/\.\w+$/, '.expected.json'));

    it(`when ${name} is parsed as text, then it gives its expected draft and uses every line that carries content`, async () => {
      const result = await parse(name, text);
      const got = { ...summary(result.draft), unusedLines: result.unusedLines.map((u) => u.text) };
      if (process.env.UPDATE_EXPECTED) fs.writeFileSync(expectedFile, JSON.stringify(got, null, 2) + '\n');
      assert.deepEqual(got, JSON.parse(fs.readFileSync(expectedFile, 'utf8')));
    });

    it(`when ${name} is rendered to .docx, then the Word file parses to the same draft`, async function () {
      this.timeout(20_000);
      const docx = await markdownToDocx(text.toString('utf8'));
      const fromWord = await parse(name.replace(/\.\w+$/, '.docx'), docx);
      const fromText = await parse(name, text);
      assert.deepEqual(summary(fromWord.draft), summary(fromText.draft));
      // The same file parsed again gives the very same result, provenance and unused lines included.
      assert.deepEqual(await parse(name.replace(/\.\w+$/, '.docx'), docx), fromWord);
      assert.deepEqual(await parse(name, text), fromText);
    });
  }
});
