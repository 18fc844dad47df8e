import assert from 'node:assert/strict';
import path from 'node:path';
import ejs from 'ejs';
import type { GeneratedItem } from '../../src/features/generators/index.js';
import { generatedColumns, NO_SITUATIONAL } from '../../src/features/question-bank/view-model.js';

const item = (kind: GeneratedItem['kind'], text: string): GeneratedItem => ({
  kind,
  level: 1,
  text,
  source: 'definition',
});

describe('question bank view model: why a kind is empty', () => {
  it('when a competency yields no situational item, then the situational column says why; other empty kinds say nothing was generated', () => {
    const columns = generatedColumns([
      item('behavioral', 'Tell us about a time.'),
      item('qualification', 'Experience.'),
    ]);
    const byKind = new Map(columns.map((c) => [c.kind, c]));
    assert.equal(byKind.get('situational')!.note, NO_SITUATIONAL);
    assert.match(
      NO_SITUATIONAL,
      /^No situational question: this competency matches none of the scenario themes/,
    );
    assert.equal(byKind.get('reference')!.note, 'Nothing generated for this kind.');
    assert.equal(byKind.get('behavioral')!.note, undefined);
  });

  it('when a situational item exists, then its column has no note', () => {
    const columns = generatedColumns([item('situational', 'A patron is waiting. What would you do?')]);
    assert.equal(columns.find((c) => c.kind === 'situational')!.note, undefined);
  });

  it('when an item carries themes and scoring notes, then the item guide partial shows label, matched words and notes, escaped', async () => {
    const html = await ejs.renderFile(path.join('views', 'question-bank', 'item-guide.ejs'), {
      item: {
        themes: [{ key: 'safety', label: 'Safety', score: 2, matched: ['hazard', '<b>ppe</b>'] }],
        scoringNotes: 'Credit stopping work & reporting.',
      },
    });
    assert.ok(html.includes('Safety: matched on hazard, &lt;b&gt;ppe&lt;/b&gt;'));
    assert.ok(html.includes('Credit stopping work &amp; reporting.'));
  });
});
