import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseLines } from '../../src/features/framework-import/parser.js';
import { mendText } from '../../src/features/framework-import/source-lines.js';
import { evaluateSources, SOURCES_DIR } from '../helpers/import-eval.js';

/**
 * Floors met today (see README "Import from a document"): Bellingham, CSR 1230 and Parts of a
 * Competency parse exactly like their seed files; the WA OFM page is one run-together paragraph
 * whose competency name is glued to the page title (its key elements are found under a wrongly
 * named competency, so nothing matches by name; see the report in README), and the
 * Philadelphia page names its values inside a sentence of prose, which no structure gives away.
 */
const FLOORS: Record<string, { precision: number; recall: number }> = {
  '000_9fd5bf52355df1af.txt': { precision: 0.95, recall: 0.95 },
  '001_fb1298449a66a926.txt': { precision: 0, recall: 0 },
  '002_fff2689d6cecb033.txt': { precision: 0, recall: 0 },
  '003_2fed9f45537de455.txt': { precision: 0.95, recall: 0.95 },
  '004_f7e0054b87120286.txt': { precision: 0.95, recall: 0.95 },
};

describe('document import measured against the seed files', () => {
  for (const row of evaluateSources()) {
    it(`when ${row.document} is parsed, then it matches ${row.seed} at least at its floor`, () => {
      const floor = FLOORS[row.document];
      assert.ok(
        row.score.precision >= floor.precision,
        `precision ${row.score.precision} < ${floor.precision}`,
      );
      assert.ok(row.score.recall >= floor.recall, `recall ${row.score.recall} < ${floor.recall}`);
    });
  }

  it('when a document is parsed twice, then the drafts are identical', () => {
    const text = fs.readFileSync(path.join(SOURCES_DIR, '003_2fed9f45537de455.txt'), 'utf8');
    const once = parseLines(mendText(text), 'csr.txt');
    assert.deepEqual(parseLines(mendText(text), 'csr.txt'), once);
    assert.equal(once.draft.competencies.length, 9);
  });
});
