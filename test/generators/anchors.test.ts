import assert from 'node:assert/strict';
import {
  generate,
  itemTexts,
  lint,
  type CompetencyLike,
  type GeneratedItem,
} from '../../src/features/generators/index.js';
import { DEFAULT_RATING_SCALE, resolveLevel } from '../../src/features/generators/levels.js';
import { ratingGuide } from '../../src/features/generators/rating-guide.js';
import { statementsFor } from '../../src/features/generators/statements.js';
import { guideCoverage } from './anchors-coverage.js';

/** An invented competency (not a seed): four levels, ineffective behaviors, performance levels, key skills. */
const PERMITS: CompetencyLike = {
  key: 'test-permit-intake',
  name: 'Permit Intake',
  definition: 'Receives building permit applications and checks them against the code before review.',
  levels: [
    {
      label: 'Learning',
      description: 'Works under close direction on simple applications.',
      indicators: [
        'Checks applications against the intake checklist.',
        'Logs each application in the tracking system.',
      ],
    },
    {
      label: 'Working',
      indicators: [
        'Explains missing documents to applicants.',
        'Returns incomplete applications with a written list of gaps.',
      ],
    },
    {
      label: 'Leading',
      indicators: [
        'Coaches new clerks on difficult applications.',
        'Resolves disputes about fees with applicants.',
      ],
    },
    {
      label: 'Shaping',
      indicators: [
        'Redesigns the intake checklist with the plan reviewers.',
        'Publishes guidance for applicants on common gaps.',
      ],
    },
  ],
  ineffectiveBehaviors: [
    'Accepts applications without checking them.',
    'Blames applicants for unclear requirements.',
  ],
  performanceLevels: [
    { label: 'Satisfactory', description: 'Processes applications accurately and on time.' },
    { label: 'Superior', description: 'Anticipates applicant questions and prevents repeat visits.' },
  ],
  keySkills: [
    { name: 'Plan reading', indicators: ['Reads site plans to confirm setbacks.'] },
    { name: 'Fee calculation' },
  ],
};

/** Only a definition, in the gerund and "ability to" shapes models often use. */
const STEWARDSHIP: CompetencyLike = {
  key: 'test-stewardship',
  name: 'Stewardship of Public Funds',
  definition:
    'Spending public money carefully and accounting for every expense. The ability to question costs that do not serve residents.',
};

/** Only a name. */
const CANDOUR: CompetencyLike = { key: 'test-candour', name: 'Candour' };

const behavioral = (competency: CompetencyLike, level: number): GeneratedItem[] =>
  generate({ competency, level, kinds: ['behavioral'] });

const LOWER =
  /checked applications against the intake checklist|logged each application in the tracking system/;
const INEFFECTIVE = /accepted applications without checking them|blamed applicants for unclear requirements/;
const HIGHER = /coached new clerks|resolved disputes about fees/;
const TOP =
  /redesigned the intake checklist|published guidance for applicants|coached new clerks|resolved disputes about fees|anticipated applicant questions/;

describe('rating guides anchored in the competency model', () => {
  const items = behavioral(PERMITS, 2);
  const fromIndicator = items.find((i) =>
    /explained missing documents to applicants/.test(i.ratingGuide![2].description),
  );

  it('when a question comes from a level-2 indicator, then its guide cites that indicator at the middle point, a level-1 indicator below and level-3/4 behavior above', () => {
    assert.ok(fromIndicator, items.map((i) => i.text).join('\n'));
    assert.match(fromIndicator.source, /level 2 indicator 1/);
    const [p1, p2, p3, p4, p5] = fromIndicator.ratingGuide!.map((g) => g.description);
    assert.match(p3, /^The candidate explained missing documents to applicants/);
    assert.match(p2, LOWER);
    assert.match(p4, HIGHER);
    assert.match(p5, TOP);
    assert.notEqual(
      p4.split(' Scale (')[0].replace(/^As at \d/, ''),
      p5.split(' Scale (')[0].replace(/^As at \d/, ''),
    );
    assert.match(p1, INEFFECTIVE);
  });

  it('when a guide is generated, then ineffective behaviors appear at the lowest point only', () => {
    for (const item of items) {
      const guide = item.ratingGuide!;
      assert.match(guide[0].description, INEFFECTIVE, item.text);
      for (const g of guide.slice(1)) assert.doesNotMatch(g.description, INEFFECTIVE, item.text);
    }
  });

  it('when the scale has definitions, then they follow the model’s lines marked “Scale”, never instead of them', () => {
    for (const item of items)
      for (const g of item.ratingGuide!) {
        const [own, scale] = g.description.split(/ (?=Scale \()/);
        assert.ok(own && !own.startsWith('Scale'), g.description);
        assert.match(scale, new RegExp(`^Scale \\(${g.label}\\): `));
      }
  });

  it('when a competency has superior performance, then the top point cites it', () => {
    const top = behavioral(PERMITS, 4).map((i) => i.ratingGuide!.at(-1)!.description);
    assert.ok(
      top.every((t) => /anticipated applicant questions|Superior performance: Anticipates applicant/.test(t)),
      top.join('\n'),
    );
  });

  it('when every guide line of the invented models is measured, then each one carries content from its model (except a name-only key skill’s)', () => {
    for (const c of [PERMITS, STEWARDSHIP])
      for (let level = 1; level <= (c.levels?.length || 5); level++) {
        // A key skill with only a name ("Fee calculation") has nothing but its name to cite.
        const items = behavioral(c, level).filter((i) => i.source !== 'key skill “Fee calculation”');
        const r = guideCoverage(c, items);
        assert.equal(r.withContent, r.lines, `${c.key} L${level}`);
      }
  });

  it('when situational.ts asks for a guide with four arguments, then it still gets one; in “proposed” mode the lines say what the candidate would do', () => {
    const level = resolveLevel(PERMITS, 2);
    const focus = statementsFor(PERMITS, level)[0];
    assert.equal(ratingGuide(PERMITS, level, focus, DEFAULT_RATING_SCALE).length, 5);
    const proposed = ratingGuide(PERMITS, level, focus, DEFAULT_RATING_SCALE, { mode: 'proposed' });
    assert.match(proposed[0].description, /^The candidate would (accept|blame)/);
    assert.match(proposed[2].description, /^The candidate would /);
    for (const g of proposed) {
      assert.doesNotMatch(g.description, /No relevant example/);
      assert.deepEqual(lint(g.description), [], g.description);
    }
  });
});

describe('level-aware behavioral questions', () => {
  it('when a competency has only a definition, then levels 1..5 each get their own questions, drawn from the definition', () => {
    const byLevel = [1, 2, 3, 4, 5].map((l) => behavioral(STEWARDSHIP, l).map((i) => i.text));
    for (const texts of byLevel) assert.ok(texts.length >= 3, texts.join('\n'));
    const all = byLevel.flat();
    assert.equal(new Set(all).size, all.length, 'no question is repeated at another level');
    const fromDefinition = behavioral(STEWARDSHIP, 3).filter((i) => i.source.startsWith('definition'));
    assert.ok(fromDefinition.some((i) => /account(ed)? for every expense|question(ed)? costs/.test(i.text)));
  });

  it('when the required level rises, then the situation asked about grows from a routine request to leading a change', () => {
    assert.ok(behavioral(STEWARDSHIP, 1).every((i) => /routine task or request/.test(i.text)));
    assert.ok(behavioral(STEWARDSHIP, 3).every((i) => /usual procedure did not cover/.test(i.text)));
    assert.ok(behavioral(STEWARDSHIP, 5).every((i) => /change to policy or practice/.test(i.text)));
    assert.ok(behavioral(PERMITS, 4).every((i) => /several teams or systems/.test(i.text)));
  });

  it('when a competency has only a name, then every level still gets three distinct questions', () => {
    const all = [1, 2, 3, 4, 5].flatMap((l) => behavioral(CANDOUR, l).map((i) => i.text));
    assert.equal(all.length, 15);
    assert.equal(new Set(all).size, 15);
    assert.ok(all.every((t) => /candour/.test(t)));
  });

  it('when a competency has key skills, then each gets a question of its own: from its indicator, else by its name', () => {
    for (let level = 1; level <= 4; level++) {
      const items = behavioral(PERMITS, level);
      const plan = items.find((i) => i.source.startsWith('key skill “Plan reading”'));
      assert.ok(plan && /read site plans to confirm setbacks/.test(plan.text), `L${level}`);
      const fee = items.find((i) => i.source.startsWith('key skill “Fee calculation”'));
      assert.ok(fee && /fee calculation/.test(fee.text), `L${level}`);
    }
  });

  it('when behavioral questions are generated, then each asks for a real example from the last two years and its probes are about that example, never hypothetical', () => {
    for (const c of [PERMITS, STEWARDSHIP, CANDOUR])
      for (let level = 1; level <= (c.levels?.length || 5); level++)
        for (const item of behavioral(c, level)) {
          assert.match(item.text, /last two years/);
          assert.doesNotMatch(item.text, /\bwould you\b|\bif you were\b/i);
          const p = item.probes!;
          assert.ok(p.situation.length && p.action.length && p.result.length);
          for (const probe of [...p.situation, ...p.action, ...p.result])
            assert.doesNotMatch(probe, /\bwould\b|differently|what if|\bif you were\b/i, probe);
        }
  });

  it('when everything is generated for the invented models at every level, then every text passes lint()', () => {
    const problems: string[] = [];
    for (const c of [PERMITS, STEWARDSHIP, CANDOUR])
      for (let level = 1; level <= (c.levels?.length || 5); level++)
        for (const item of generate({ competency: c, level, kinds: ['behavioral', 'reference'] }))
          for (const t of itemTexts(item)) for (const p of lint(t)) problems.push(`${p.message}: ${t}`);
    assert.deepEqual(problems, []);
  });
});
