import assert from 'node:assert/strict';
import type { GeneratedItem } from '../../src/features/generators/index.js';
import { closestGenerated } from '../../src/features/question-bank/guide-regeneration.js';
import {
  assertSendable,
  describeProblem,
  itemProblems,
} from '../../src/features/question-bank/item-quality.js';

describe('the quality gate on edited items (question-bank/item-quality.ts)', () => {
  it('when every text is clean, then there are no problems', () => {
    assert.deepEqual(
      itemProblems({
        text: 'Tell me about a time you resolved a complaint.',
        probes: { situation: ['When was it?'], action: [], result: [] },
        ratingGuide: [{ value: 1, label: 'Low', description: 'Gave no example.' }],
        sampleAnswers: {
          weak: 'Refuses.',
          acceptable: 'Explains the rule.',
          strong: 'Explains and follows up.',
        },
      }),
      [],
    );
  });

  it('when a probe, a guide point and an answer fail, then each problem names its part', () => {
    const found = itemProblems({
      text: 'Tell me about a time you resolved a complaint.',
      probes: { situation: [], action: ['what did you do?'], result: [] },
      ratingGuide: [
        { value: 1, label: 'Low', description: 'Gave no example.' },
        { value: 2, label: 'Mid', description: 'Gave  an example.' },
      ],
      sampleAnswers: { weak: 'Refuses', acceptable: '', strong: null },
    });
    assert.deepEqual(
      found.map((p) => p.part),
      ['an action probe', 'the rating guide (2 Mid)', 'the weak answer'],
    );
    assert.ok(found[1].problems.includes('double space'));
    assert.match(
      describeProblem('Question 2', found[1]),
      /^Question 2, the rating guide \(2 Mid\) \(“Gave {2}an example\.”\): double space\.$/,
    );
  });

  it('when a reference question fails, then sending is refused naming its number, competency and problem', () => {
    assert.doesNotThrow(() => assertSendable([{ part: 'opening', text: 'How do you know Sam?' }]));
    assert.throws(
      () =>
        assertSendable([
          { part: 'opening', text: 'How do you know Sam?' },
          { part: 'competency', competencyName: 'Teamwork', text: 'how well does Sam  share work?' },
        ]),
      (e: Error & { status?: number }) =>
        e.status === 422 &&
        e.message.includes('question 2 (Teamwork question, “how well does Sam  share work?”)') &&
        e.message.includes('double space') &&
        e.message.includes('does not start with a capital letter'),
    );
  });

  it('when an edited text is closest to one generated question, then that question is chosen for its guide', () => {
    const g = (text: string): GeneratedItem => ({ kind: 'behavioral', level: 1, text, source: 's' });
    const items = [
      g('Tell us about a time you planned a busy week.'),
      g('Tell us about a time a patron complained about a fine.'),
    ];
    assert.equal(
      closestGenerated(items, 'Describe a time when a patron complained about a late fine.')!.text,
      items[1].text,
    );
    assert.equal(closestGenerated([], 'anything'), undefined);
  });
});
