import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import {
  generate,
  lint,
  REFERENCE_RATING_OPTIONS,
  type CompetencyLike,
  type GeneratedItem,
  type ReferenceRelationship,
} from '../../src/features/generators/index.js';
import { freezeQuestionnaire } from '../../src/features/references/template-generate.js';

/** Invented (not a seed): one action indicator, one stative indicator ("Is ..."). */
const RECORDS: CompetencyLike = {
  key: 'test-records',
  name: 'Records Management',
  behavioralIndicators: [
    'Files case records within one working day.',
    'Is trusted by other departments with sensitive files.',
  ],
};

const refs = (relationship?: ReferenceRelationship, candidateName?: string): GeneratedItem[] =>
  generate({
    competency: RECORDS,
    level: 3,
    kinds: ['reference'],
    context: { jobTitle: 'Records Clerk', relationship, candidateName },
  });
const texts = (items: GeneratedItem[], variant: string) =>
  items.filter((i) => i.variant === variant).map((i) => i.text);

describe('reference questions a professional would send', () => {
  it('when no relationship is given (a position’s template), then the set has the opening, rated competency and closing questions, including observation, supervision, strengths, development and rehire worded for every relationship', () => {
    const items = refs();
    const opening = texts(items, 'opening');
    const closing = texts(items, 'closing');
    assert.ok(opening.some((t) => /how do you know the candidate/i.test(t)));
    assert.ok(opening.some((t) => /in a position to observe the candidate’s work/.test(t)));
    assert.ok(closing.some((t) => /main strengths/.test(t)));
    assert.ok(closing.some((t) => /develop further/.test(t)));
    assert.ok(closing.some((t) => /supervision or guidance did the candidate need/.test(t)));
    const rehire = closing.find((t) => /rehire/.test(t))!;
    assert.match(rehire, /hire or work with the candidate again/);
    assert.match(rehire, /If you supervised the candidate, is the candidate eligible for rehire\?/);
    assert.ok(closing.some((t) => /the Records Clerk position/.test(t)));
    for (const t of [...opening, ...closing, ...texts(items, 'competency')])
      assert.match(t, /the candidate/i);
  });

  it('when competency questions are generated, then they compare with others in similar roles, ask for an example, carry “Not observed” and never read “did ... be”', () => {
    const competency = refs().filter((i) => i.variant === 'competency');
    assert.equal(competency.length, 2);
    for (const q of competency) {
      assert.deepEqual(q.ratingOptions, REFERENCE_RATING_OPTIONS);
      assert.ok(q.ratingOptions!.includes('Not observed'));
      assert.match(
        q.text,
        /^Compared with others in similar roles, how (well did|far was) the candidate .+\? Can you give an example\?$/,
      );
      assert.doesNotMatch(q.text, /\bdid the candidate be\b/);
    }
    assert.ok(
      competency.some((q) =>
        /how well did the candidate file case records within one working day\?/.test(q.text),
      ),
    );
    assert.ok(competency.some((q) => /how far was the candidate trusted by other departments/.test(q.text)));
  });

  it('when the referee was a supervisor, then the questions speak of supervising and ask about eligibility for rehire', () => {
    const items = refs('supervisor', 'Sam Ortiz');
    assert.ok(texts(items, 'opening').some((t) => /For how long did you supervise Sam Ortiz/.test(t)));
    assert.ok(texts(items, 'competency').every((t) => /whom you have supervised/.test(t)));
    assert.ok(
      texts(items, 'closing').some((t) => /^Is Sam Ortiz eligible for rehire in your organization\?/.test(t)),
    );
  });

  it('when the referee was a peer, a direct report or a client, then the wording fits that relationship and eligibility for rehire is not asked', () => {
    const expected: Record<string, RegExp[]> = {
      peer: [/other colleagues in similar roles/, /work with the candidate again/],
      'direct-report': [
        /others you have worked for/,
        /work for the candidate again/,
        /report to the candidate/,
      ],
      client: [/others who have served you/, /serve you or your organization again/],
    };
    for (const [relationship, patterns] of Object.entries(expected)) {
      const items = refs(relationship as ReferenceRelationship);
      const all = items.map((i) => i.text).join('\n');
      for (const p of patterns) assert.match(all, p, relationship);
      assert.doesNotMatch(all, /eligible for rehire|supervised/, relationship);
      assert.ok(texts(items, 'opening').length === 4 && texts(items, 'closing').length === 5, relationship);
    }
  });

  it('when a candidate’s name is given, then sentences start with it and every text passes lint()', () => {
    for (const rel of [undefined, 'supervisor', 'peer', 'direct-report', 'client', 'other'] as const)
      for (const name of [undefined, 'Sam Ortiz'])
        for (const item of refs(rel, name)) {
          assert.deepEqual(lint(item.text), [], item.text);
          assert.doesNotMatch(item.text, /(^|[.?!]\s)the candidate/, item.text);
        }
  });

  it('when a competency offers no behavior, then one rated question asks about it by name', () => {
    const items = generate({ competency: { key: 'x', name: 'Candour' }, level: 1, kinds: ['reference'] });
    assert.deepEqual(texts(items, 'competency'), [
      'Compared with others in similar roles, how would you rate the candidate’s candour? Can you give an example?',
    ]);
  });

  describe('a position’s template frozen for one referee', () => {
    const general = refs();
    const of = (variant: string) =>
      general.filter((i) => i.variant === variant).map((i, k) => ({ id: `${variant}-${k}`, text: i.text }));
    const template = {
      ratingOptions: [...REFERENCE_RATING_OPTIONS],
      opening: [...of('opening'), { id: 'edited', text: 'How long have you known the candidate?' }],
      competencies: [
        { competency: new Types.ObjectId(), name: 'Records Management', items: of('competency') },
      ],
      closing: of('closing'),
    };
    const frozen = (relationship?: ReferenceRelationship) =>
      freezeQuestionnaire(template, 'Sam Ortiz', relationship).questions.map((q) => q.text);

    it('when it is frozen for a supervisor, then the generated questions speak to a supervisor, eligibility for rehire included; an edited question stays as written', () => {
      const q = frozen('supervisor');
      assert.equal(
        q.length,
        template.opening.length + template.competencies[0].items.length + template.closing.length,
      );
      assert.ok(
        q.includes(
          'Is Sam Ortiz eligible for rehire in your organization? Would you rehire Sam Ortiz? Why or why not?',
        ),
      );
      assert.ok(
        q.some((t) =>
          t.startsWith(
            'Compared with others in similar roles whom you have supervised, how well did Sam Ortiz',
          ),
        ),
      );
      assert.ok(q.includes('How long have you known Sam Ortiz?'));
      for (const t of q) assert.deepEqual(lint(t), [], t);
    });

    it('when it is frozen for a peer or a client, then no question asks about rehire eligibility; without a relationship the wording fits everyone', () => {
      for (const rel of ['peer', 'client', 'direct-report'] as const)
        assert.ok(
          frozen(rel).every((t) => !/eligible for rehire|If you supervised/.test(t)),
          rel,
        );
      assert.ok(
        frozen().some((t) => /If you supervised Sam Ortiz, is Sam Ortiz eligible for rehire\?/.test(t)),
      );
      assert.deepEqual(frozen('other'), frozen());
    });
  });
});
