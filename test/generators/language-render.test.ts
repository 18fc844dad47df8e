import assert from 'node:assert/strict';
import {
  analyzeStatement,
  renderOrUndefined,
  renderStatement,
  type RenderTarget,
} from '../../src/features/generators/language/index.js';

type Expect = Partial<Record<RenderTarget, string | null>>;

/** Each broken example of issue 14 (and the other shapes it names), rendered correctly or refused (null). */
const CASES: [string, string, Expect][] = [
  [
    'Does not interrupt visitors; listens and summarises their request',
    'clause-list',
    {
      past: 'did not interrupt visitors and listened and summarised their request',
      base: 'avoid interrupting visitors and listen and summarise their request',
      third: 'does not interrupt visitors and listens and summarises their request',
      plural: 'do not interrupt visitors and listen and summarise their request',
      'candidate-not': null,
    },
  ],
  [
    'Is trusted by other departments with sensitive cases',
    'passive',
    {
      past: 'were trusted by other departments with sensitive cases',
      third: 'is trusted by other departments with sensitive cases',
      candidate: 'was trusted by other departments with sensitive cases',
      'candidate-not': 'was not trusted by other departments with sensitive cases',
      plural: 'are trusted by other departments with sensitive cases',
    },
  ],
  [
    'Prioritizes when priorities/objectives may be unclear and/or direction uncertain',
    'action',
    {
      past: 'prioritized when priorities or objectives may be unclear or direction uncertain',
      gerund: 'prioritizing when priorities or objectives may be unclear or direction uncertain',
    },
  ],
  [
    'Is easy for the customer to contact',
    'stative',
    {
      past: null,
      base: 'be easy for the customer to contact',
      candidate: 'was easy for the customer to contact',
      'candidate-not': 'was not easy for the customer to contact',
    },
  ],
  [
    'Resolves disputes early, documents decisions, and is relied on by supervisors',
    'action',
    {
      past: 'resolved disputes early, documented decisions, and were relied on by supervisors',
      candidate: 'resolved disputes early, documented decisions, and was relied on by supervisors',
      plural: 'resolve disputes early, document decisions, and are relied on by supervisors',
      'candidate-not': null,
    },
  ],
  [
    'Able to explain eligibility rules clearly',
    'ability',
    {
      past: 'explained eligibility rules clearly',
      base: 'explain eligibility rules clearly',
      third: 'is able to explain eligibility rules clearly',
      'candidate-not': 'was not able to explain eligibility rules clearly',
      plural: 'are able to explain eligibility rules clearly',
    },
  ],
  ['Customer focus', 'noun-phrase', { past: null, base: null, gerund: null, third: null, plural: null }],
  [
    'Has sound knowledge of procurement rules',
    'stative',
    {
      past: null,
      base: 'have sound knowledge of procurement rules',
      candidate: 'had sound knowledge of procurement rules',
      'candidate-not': 'did not have sound knowledge of procurement rules',
    },
  ],
  [
    'Knows when to escalate',
    'stative',
    {
      past: null,
      base: 'know when to escalate',
      third: 'knows when to escalate',
      candidate: 'knew when to escalate',
    },
  ],
  [
    'Is recognized as an expert',
    'passive',
    { past: 'were recognized as an expert', 'candidate-not': 'was not recognized as an expert' },
  ],
  [
    'Listen actively',
    'imperative',
    {
      past: 'listened actively',
      base: 'listen actively',
      third: 'listens actively',
      gerund: 'listening actively',
    },
  ],
  [
    'Knows the rules. Applies them consistently.',
    'several-sentences',
    {
      past: null,
      base: 'know the rules and apply them consistently',
      candidate: 'knew the rules and applied them consistently',
      'candidate-not': null,
    },
  ],
  [
    'Greets visitors promptly. Directs them to the right counter.',
    'several-sentences',
    { past: 'greeted visitors promptly and directed them to the right counter' },
  ],
  [
    'Takes ownership of his or her own work',
    'action',
    {
      past: 'took ownership of your own work',
      third: 'takes ownership of their own work',
      plural: 'take ownership of their own work',
    },
  ],
  [
    'Manages self effectively',
    'action',
    { base: 'manage yourself effectively', candidate: 'managed themselves effectively' },
  ],
  [
    'Organizes own workload',
    'action',
    { past: 'organized your own workload', third: 'organizes their own workload' },
  ],
  [
    'Follows-up on requests',
    'action',
    { past: 'followed up on requests', gerund: 'following up on requests' },
  ],
  [
    'Consistently and accurately records customer details',
    'action',
    {
      past: 'consistently and accurately recorded customer details',
      'candidate-not': 'did not consistently and accurately record customer details',
    },
  ],
  [
    'Never misses a deadline',
    'negated',
    {
      past: 'never missed a deadline',
      base: 'avoid missing a deadline',
      'candidate-not': 'missed a deadline',
    },
  ],
  [
    'Handles difficult calls: listens, acknowledges the concern and offers options.',
    'colon-list',
    { past: 'handled difficult calls: listened, acknowledged the concern and offered options' },
  ],
  [
    'Prepares reports: summaries, tables and charts.',
    'action',
    { past: 'prepared reports: summaries, tables and charts' },
  ],
  [
    'Supports the team: files are current, deadlines are met.',
    'colon-list',
    { past: null, base: null, plural: null },
  ],
  ['Keeps records accurate; work is checked by a colleague.', 'clause-list', { past: null, third: null }],
  [
    'Communicates changes to staff/volunteers/contractors.',
    'action',
    { past: 'communicated changes to staff, volunteers or contractors' },
  ],
  ['Reviews/approves timesheets.', 'action', { past: 'reviewed or approved timesheets' }],
  ['Sound knowledge of fleet schedules', 'noun-phrase', { past: null, base: null }],
  ['Ensures he or she is available', 'own-subject', { past: null, base: null }],
];

describe('language layer: analysing and rendering statements', () => {
  for (const [statement, shapeOrForm, expected] of CASES) {
    for (const [target, text] of Object.entries(expected) as [RenderTarget, string | null][]) {
      it(`when "${statement}" is rendered as ${target}, then it is ${text === null ? 'refused' : `"${text}"`}`, () => {
        const r = renderStatement(statement, target);
        if (text === null) {
          assert.equal(r.ok, false, `expected a refusal, got ${JSON.stringify(r)}`);
          assert.ok(!r.ok && r.reason.length > 10, 'a refusal says why');
        } else assert.deepEqual(r, { ok: true, text });
      });
    }
    it(`when "${statement}" is analysed, then its shape or form is ${shapeOrForm}`, () => {
      const a = analyzeStatement(statement);
      assert.ok(
        a.shape === shapeOrForm || a.form === shapeOrForm,
        `shape ${a.shape}, form ${a.form}, parts ${a.parts.map((p) => p.form).join(',')}`,
      );
    });
  }

  it('when a statement is rendered for "I" (sample answers), then self and own become mine', () => {
    assert.equal(
      renderOrUndefined('Manages own workload and holds self accountable', 'base', 'first'),
      'manage my own workload and hold myself accountable',
    );
  });

  it('when "own" is a verb, then it is left alone', () => {
    assert.equal(
      renderOrUndefined('Is willing to own the outcome', 'candidate'),
      'was willing to own the outcome',
    );
  });

  it('when the same statement is rendered twice, then the result is the same object (cached)', () => {
    assert.equal(renderStatement('Explains rules', 'past'), renderStatement('Explains rules', 'past'));
  });
});
