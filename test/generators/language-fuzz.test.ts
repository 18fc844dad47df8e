import assert from 'node:assert/strict';
import { renderStatement, type RenderTarget } from '../../src/features/generators/language/index.js';
import { lint } from '../../src/features/generators/lint.js';
import { AWKWARD_INDICATORS } from './fixtures/awkward-indicators.js';

/** Templates of the kinds the generators write, several per target form, unlike the renderer's own check. */
const TEMPLATES: Record<RenderTarget, ((x: string) => string)[]> = {
  past: [
    (x) => `Give me an example of a time in the last two years when you ${x}. What did you do?`,
    (x) => `Walk me through a recent occasion when you ${x}, and tell me what happened next.`,
  ],
  base: [
    (x) => `What exactly did you do to ${x}?`,
    (x) => `How would you ${x} if your supervisor were away?`,
    (x) => `I would ${x}, and I would tell my supervisor what I did.`,
  ],
  gerund: [(x) => `Experience ${x}.`, (x) => `What is your approach to ${x}, and why?`],
  third: [
    (x) => `Compared with others in a similar role, how often would you say that Jordan ${x}?`,
    (x) => `In your experience, Jordan ${x}. Is that right?`,
  ],
  candidate: [(x) => `A specific example in which the candidate ${x}, with a clear result.`],
  'candidate-not': [(x) => `No relevant example, or one in which the candidate ${x}.`],
  plural: [(x) => `Preference for candidates who ${x}.`, (x) => `Candidates who ${x} are preferred.`],
};

/** How many of the awkward statements each form must render (the rest may be refused, never broken). */
const AT_LEAST: Record<RenderTarget, number> = {
  past: 55,
  base: 70,
  gerund: 70,
  third: 70,
  candidate: 70,
  'candidate-not': 35,
  plural: 70,
};

describe('language layer: awkward indicators in every target form', () => {
  it('when the fixture is loaded, then it holds at least 80 distinct statements', () => {
    assert.ok(new Set(AWKWARD_INDICATORS).size >= 80);
  });

  for (const target of Object.keys(TEMPLATES) as RenderTarget[]) {
    it(`when every awkward indicator is rendered as ${target}, then each output passes the gate in real templates or is refused`, () => {
      const problems: string[] = [];
      let rendered = 0;
      for (const statement of AWKWARD_INDICATORS) {
        const r = renderStatement(statement, target);
        if (!r.ok) {
          assert.ok(r.reason, `a refusal without a reason: ${statement}`);
          continue;
        }
        rendered++;
        if (/\//.test(r.text)) problems.push(`slash left: ${r.text}`);
        const second = target === 'past' || target === 'base' || target === 'gerund';
        if (second && /\b(themselves|their own|his or her)\b/.test(r.text))
          problems.push(`wrong person: ${r.text}`);
        if (!second && /\b(yourself|your own)\b/.test(r.text)) problems.push(`wrong person: ${r.text}`);
        for (const t of TEMPLATES[target]) {
          const text = t(r.text);
          for (const p of lint(text)) problems.push(`${p.message}: ${text}`);
        }
      }
      assert.deepEqual(problems, []);
      assert.ok(
        rendered >= AT_LEAST[target],
        `only ${rendered} of ${AWKWARD_INDICATORS.length} rendered as ${target}`,
      );
    });
  }
});
