import assert from 'node:assert/strict';
import { docxText, guideToDocx } from '../../src/features/guides/guide-docx.js';
import type { GuideDocument } from '../../src/features/guides/guide-document.js';

const doc: GuideDocument = {
  positionTitle: 'Customer Service Representative',
  classCode: '1230',
  department: 'Utilities',
  version: 2,
  publishedAt: new Date('2026-11-20T10:00:00Z'),
  ratingScale: {
    name: 'OPM proficiency scale',
    points: [
      { value: 1, label: 'Awareness', description: 'Applies the competency in the simplest situations.' },
      {
        value: 5,
        label: 'Expert',
        description: 'Applies the competency in exceptionally difficult situations.',
      },
    ],
  },
  panelInstructions: [
    'Rate each answer independently before any discussion.',
    'Watch for halo & leniency errors.',
  ],
  sections: [
    {
      competencyName: 'Mathematics',
      level: 'Level 2',
      weight: 2,
      weightReason: 'Daily cash reconciliation <and> fee calculations',
      requirement: 'required',
      minutes: 10,
      questions: [
        {
          kind: 'behavioral',
          text: 'Tell me about a time when you used algebra (substitute numbers for letters in a formula) at work.',
          probes: {
            situation: ['What was the situation?'],
            action: ['What exactly did you do?'],
            result: ['What was the outcome?'],
          },
          ratingGuide: [{ value: 1, label: 'Awareness', description: 'No relevant example.' }],
        },
      ],
    },
    {
      competencyName: 'Customer Service',
      weight: 1,
      questions: [
        {
          kind: 'situational',
          text: 'You are a Customer Service Representative. A customer is upset. What would you do?',
          sampleAnswers: {
            weak: 'I would wait.',
            acceptable: 'I would help.',
            strong: 'I would help and follow up.',
          },
        },
      ],
    },
  ],
};

describe('guide Word document', () => {
  it('when a guide version is rendered as .docx, then it is a Word file whose text holds every question, probe, guide and reason', async () => {
    const buffer = await guideToDocx(doc);
    assert.equal(buffer.subarray(0, 2).toString(), 'PK', 'a .docx is a zip archive');
    const text = await docxText(buffer);
    for (const expected of [
      'Interview guide: Customer Service Representative',
      'Class code 1230',
      'Version 2',
      'Rate each answer independently before any discussion.',
      'Watch for halo & leniency errors.',
      'Tell me about a time when you used algebra (substitute numbers for letters in a formula) at work.',
      'What exactly did you do?',
      'You are a Customer Service Representative. A customer is upset. What would you do?',
      'I would help and follow up.',
      '1 Awareness',
      'Weight: 2 (reason: Daily cash reconciliation <and> fee calculations)',
      'Time: 10 minutes',
    ]) {
      assert.ok(text.includes(expected), `missing: ${expected}`);
    }
  });

  it('when the bytes are not a Word document, then docxText says so', async () => {
    const { zipSync } = await import('fflate');
    await assert.rejects(
      docxText(zipSync({ 'hello.txt': new Uint8Array([104, 105]) })),
      /not a Word document/,
    );
  });
});
