/** The scenario library's shape: enough themes and dilemmas, complete, and clean text with or without a job. */
import assert from 'node:assert/strict';
import { lint } from '../../src/features/generators/index.js';
import { fill, renderScenario, singular, slotsFor } from '../../src/features/generators/scenarios/fill.js';
import { THEMES } from '../../src/features/generators/scenarios/library.js';
import { TIERS } from '../../src/features/generators/scenarios/types.js';

const CONTEXTS = [
  {},
  {
    jobTitle: 'Permit Technician',
    organization: 'the City of Springfield',
    setting: 'a permit counter',
    publicServed: 'residents',
  },
  {
    jobTitle: 'Account Executive',
    organization: 'Northwind Ltd',
    setting: 'an open-plan office',
    publicServed: 'small businesses',
  },
];

describe('scenario library', () => {
  it('when the library is loaded, then it has at least 30 themes with at least 4 scenarios each and unique keys and ids', () => {
    assert.ok(THEMES.length >= 30, `only ${THEMES.length} themes`);
    assert.equal(new Set(THEMES.map((t) => t.key)).size, THEMES.length);
    const ids = THEMES.flatMap((t) => t.scenarios.map((s) => s.id));
    assert.equal(new Set(ids).size, ids.length, 'scenario ids repeat');
    for (const t of THEMES) {
      assert.ok(t.scenarios.length >= 4, `${t.key}: ${t.scenarios.length} scenarios`);
      assert.ok(t.keywords.length >= 5, `${t.key}: ${t.keywords.length} keywords`);
      assert.ok(t.label.trim());
    }
  });

  it('when a scenario is read, then it has its own weak, acceptable and strong answers, notes and three different level versions', () => {
    const answers = new Set<string>();
    for (const t of THEMES) {
      for (const s of t.scenarios) {
        for (const part of [s.situation, s.weak, s.acceptable, s.strong, s.notes])
          assert.ok(part.trim().length > 20, `${s.id}: a part is missing or too short`);
        assert.equal(new Set([s.weak, s.acceptable, s.strong]).size, 3, `${s.id}: answers repeat`);
        for (const tier of TIERS) assert.ok(s.levels[tier].trim(), `${s.id}: no ${tier} version`);
        assert.equal(new Set(TIERS.map((tier) => s.levels[tier])).size, 3, `${s.id}: level versions repeat`);
        for (const a of [s.weak, s.acceptable, s.strong]) {
          assert.ok(!answers.has(a), `${s.id}: answer shared with another scenario: ${a}`);
          answers.add(a);
        }
      }
    }
  });

  it('when every scenario is filled at every level, with and without a job context, then no placeholder is left and every text passes lint', () => {
    const problems: string[] = [];
    let texts = 0;
    for (const t of THEMES)
      for (const s of t.scenarios)
        for (const tier of TIERS)
          for (const ctx of CONTEXTS) {
            const f = renderScenario(s, tier, ctx);
            assert.match(f.stem, /\?$/, `${s.id}: the stem does not end with a question`);
            for (const text of [f.stem, f.weak, f.acceptable, f.strong, f.notes]) {
              texts++;
              if (/[{}]/.test(text)) problems.push(`${s.id} ${tier}: unfilled slot: ${text}`);
              for (const p of lint(text)) problems.push(`${s.id} ${tier}: ${p.message}: ${text}`);
            }
          }
    assert.ok(texts >= 30 * 4 * 3 * 3 * 5);
    assert.deepEqual(problems.slice(0, 10), []);
  });

  it('when the position gives a setting and the people served, then the stems use them; without them the neutral defaults read', () => {
    const withJob = THEMES.flatMap((t) => t.scenarios).map(
      (s) => renderScenario(s, 'entry', CONTEXTS[1]).stem,
    );
    const plain = THEMES.flatMap((t) => t.scenarios).map((s) => renderScenario(s, 'entry').stem);
    assert.ok(withJob.some((s) => s.includes('the permit counter')));
    assert.ok(withJob.some((s) => /\bA resident\b/.test(s)));
    assert.ok(withJob.some((s) => s.includes('residents')));
    assert.ok(plain.some((s) => s.includes('your workplace')));
    assert.ok(plain.some((s) => /\bSomeone you serve\b/.test(s)));
    assert.ok(plain.some((s) => s.includes('the people you serve')));
    assert.notDeepEqual(withJob, plain);
  });

  it('when slots are filled, then capitals follow the slot name and plural publics become a singular person', () => {
    const slots = slotsFor({
      publicServed: 'families',
      setting: 'an outreach office',
      jobTitle: 'Intake Officer',
    });
    assert.equal(
      fill('{Person} waits at {setting}; {role} helps {public}.', slots),
      'A family waits at the outreach office; an Intake Officer helps families.',
    );
    assert.equal(singular('residents'), 'resident');
    assert.equal(singular('small businesses'), 'small business');
    assert.equal(singular('the public'), 'member of the public');
    assert.equal(singular('people'), 'person');
    assert.equal(fill('{unknown} stays', slots), '{unknown} stays');
  });
});
