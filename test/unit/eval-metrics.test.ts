import assert from 'node:assert/strict';
import type { CompetencyLike, GeneratedItem } from '../../src/features/generators/index.js';
import {
  guideLines,
  hasModelContent,
  nearDuplicates,
  quotingStems,
  sameAtEveryLevel,
  sharedRun,
  trigramSimilarity,
  words,
} from '../../eval/metrics.js';
import { missedTargets, rowOf, totalRow, type ModelReport } from '../../eval/measure.js';

const competency: CompetencyLike = {
  key: 'patron-service',
  name: 'Patron service',
  definition: 'Helps patrons find what they need in person, by phone and online.',
  behavioralIndicators: [
    'Does not interrupt patrons; listens and summarises their request before answering.',
  ],
  levels: [{ label: 'One', description: 'Explains borrowing rules and fines in plain language.' }],
};

const item = (kind: GeneratedItem['kind'], text: string, guide: string[] = []): GeneratedItem => ({
  kind,
  level: 1,
  text,
  source: 'test',
  ratingGuide: guide.map((description, i) => ({ value: i + 1, label: `P${i + 1}`, description })),
});

describe('question-quality metrics (eval/metrics.ts)', () => {
  it('when text has slashes, apostrophes and capitals, then words() splits and lowers it', () => {
    assert.deepEqual(words('Priorities/objectives of the Patron’s desk.'), [
      'priorities',
      'objectives',
      'of',
      'the',
      'patron',
      'desk',
    ]);
  });

  it('when a text shares a run of n words with a source, then sharedRun returns it; one word shorter, null', () => {
    const src = ['Listens and summarises their request before answering.'];
    assert.equal(sharedRun('You listen and summarises their request now.', src, 5), null);
    assert.equal(
      sharedRun('He listens and summarises their request before lunch.', src, 5),
      'listens and summarises their request',
    );
  });

  it('when a situational stem quotes five words of an indicator, then it is counted; a behavioral one is not', () => {
    const items = [
      item(
        'situational',
        'A patron arrives and you must listens and summarises their request before answering. What would you do?',
      ),
      item(
        'situational',
        'A patron asks for a book that is checked out and is in a hurry. What would you do?',
      ),
      item('behavioral', 'Tell us about a time you listens and summarises their request before answering.'),
    ];
    const found = quotingStems(items, competency);
    assert.equal(found.length, 1);
    assert.match(found[0].run, /listens and summarises their request/);
  });

  it('when every level yields the same questions, then sameAtEveryLevel is true; one difference makes it false', () => {
    const q = [item('behavioral', 'Tell us about a time.'), item('situational', 'What would you do?')];
    assert.equal(
      sameAtEveryLevel(
        new Map([
          [1, q],
          [2, [...q].reverse()],
          [3, q],
        ]),
      ),
      true,
    );
    const other = [item('behavioral', 'Tell us about a harder time.'), q[1]];
    assert.equal(
      sameAtEveryLevel(
        new Map([
          [1, q],
          [2, other],
          [3, q],
        ]),
      ),
      false,
    );
    assert.equal(sameAtEveryLevel(new Map([[1, q]])), false, 'one level cannot be the same "at every level"');
    const refOnly = [item('reference', 'How would you rate Sam?')];
    assert.equal(
      sameAtEveryLevel(
        new Map([
          [1, [...q, ...refOnly]],
          [2, q],
        ]),
      ),
      true,
      'reference items are not questions here',
    );
  });

  it('when a guide line shares a 4-word run or two content words with the model, then it has model content', () => {
    assert.equal(
      hasModelContent('The candidate explains borrowing rules and fines to a patron.', competency),
      true,
    );
    assert.equal(
      hasModelContent('Interrupted the patron twice before the request was clear.', competency),
      true,
    );
    assert.equal(hasModelContent('A specific example with a clear result.', competency), false);
    assert.equal(
      hasModelContent('The candidate showed patron service well.', competency),
      false,
      'the name alone is not content',
    );
    assert.equal(
      hasModelContent('Scale definition: explains borrowing rules and fines in plain language.', competency),
      false,
      'marked generic lines never count',
    );
  });

  it('when guides hold several lines per point, then guideLines returns each non-empty line', () => {
    assert.deepEqual(guideLines([item('behavioral', 'Q?', ['a\nb', '', 'c'])]), ['a', 'b', 'c']);
  });

  it('when two questions differ by one word in twenty, then their trigram similarity is high; unrelated ones are 0', () => {
    const a = 'Tell us about a time in the last two years when a patron asked for help you could not give.';
    const b = 'Tell us about a time in the last two years when a patron asked for help you could not offer.';
    assert.ok(trigramSimilarity(a, b) >= 0.8);
    assert.equal(trigramSimilarity(a, 'Describe how you plan a workshop for local schools.'), 0);
    assert.equal(trigramSimilarity(a, a), 1);
  });

  it('when near-duplicates sit at the same level, then they are paired; the same competency at another level is not', () => {
    const t = 'Tell us about a time in the last two years when a patron asked for help you could not give.';
    const pairs = nearDuplicates([
      { group: 'a', level: 1, text: t },
      { group: 'b', level: 1, text: t.replace('give', 'offer') },
      { group: 'a', level: 2, text: t },
      { group: 'c', level: 1, text: 'Describe how you plan a workshop for local schools.' },
    ]);
    assert.equal(pairs.length, 1);
    assert.ok(pairs[0].similarity >= 0.8 && pairs[0].similarity < 1);
  });

  it('when a model misses a target, then missedTargets names it; the total row adds up and rounds the share', () => {
    const report = (model: string, lines: number, without: number, gate = 0): ModelReport => ({
      model,
      origin: 'corpus',
      competencies: 1,
      items: 2,
      texts: 4,
      gateFailures: Array.from({ length: gate }, () => ({
        competency: 'x',
        level: 1,
        text: 't',
        problems: [],
      })),
      quotingStems: [],
      sameAtEveryLevel: [],
      guideLines: lines,
      nameOnlyGuideLines: 0,
      guideLinesWithoutContent: Array.from({ length: without }, () => ({ competency: 'x', line: 'l' })),
      nearDuplicates: [],
      errors: [],
    });
    const rows = [rowOf(report('ok', 10, 1)), rowOf(report('bad', 20, 3, 2))];
    assert.deepEqual(missedTargets([rows[0]]), []);
    const missed = missedTargets(rows);
    assert.equal(missed.length, 2);
    assert.match(missed[0], /bad: 2 quality-gate failures/);
    assert.match(missed[1], /bad: 15% rating-guide lines/);
    const total = totalRow(rows);
    assert.equal(total.guideLines, 30);
    assert.equal(total.guideWithoutContentPct, 13.3);
    assert.equal(total.gateFailures, 2);
  });
});
