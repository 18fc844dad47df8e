/** Situational questions from the scenario library: chosen by theme, pitched by level, never quoting the competency. */
import assert from 'node:assert/strict';
import {
  DEFAULT_RATING_SCALE,
  generate,
  itemTexts,
  levelOptions,
  lint,
  type CompetencyLike,
  type GeneratedItem,
  type ScaleLike,
} from '../../src/features/generators/index.js';
import { renderScenario } from '../../src/features/generators/scenarios/fill.js';
import { THEMES, themeByKey } from '../../src/features/generators/scenarios/library.js';
import { TIERS } from '../../src/features/generators/scenarios/types.js';
import { resolveLevel } from '../../src/features/generators/levels.js';
import { tierOf } from '../../src/features/generators/situational.js';
import { INVENTED } from './scenarios-fixtures.js';
import { seedCompetencies } from './seed-library.js';

const CONTEXT = {
  jobTitle: 'Field Inspector',
  organization: 'the County',
  setting: 'a depot',
  publicServed: 'residents',
};
const situational = (c: CompetencyLike, level: number, extra: object = {}): GeneratedItem[] =>
  generate({ competency: c, level, kinds: ['situational'], context: CONTEXT, ...extra });
const words = (t: string) => t.toLowerCase().match(/[a-z0-9]+(?:['’-][a-z0-9]+)*/g) ?? [];

/** The first five-word run of `source` that `stem` repeats, if any. */
function quoted(stem: string, source: string): string | undefined {
  const s = ` ${words(stem).join(' ')} `;
  const w = words(source);
  for (let i = 0; i + 5 <= w.length; i++) {
    const gram = w.slice(i, i + 5).join(' ');
    if (s.includes(` ${gram} `)) return gram;
  }
  return undefined;
}
const statementsOf = (c: CompetencyLike) => [
  c.definition ?? '',
  ...(c.behavioralIndicators ?? []),
  ...(c.levels ?? []).flatMap((l) => [l.description ?? '', ...(l.indicators ?? [])]),
  ...(c.keyElements ?? []).map((k) => k.element ?? ''),
  ...(c.effectiveBehaviors ?? []),
];

describe('situational questions from the scenario library', () => {
  it('when a competency matches a theme, then each item carries the scenario, its answers, notes, themes and provenance', () => {
    const items = situational(INVENTED.writing, 2);
    assert.equal(items.length, 2);
    for (const item of items) {
      const scenario = themeByKey('written-communication')!.scenarios.find((s) => s.id === item.scenarioId);
      assert.ok(scenario, `${item.scenarioId} is not a written-communication scenario`);
      assert.match(item.text, /What would you do, and why\?$/);
      assert.equal(item.source, `scenario ${scenario.id}, theme Written communication`);
      assert.equal(item.themes![0].key, 'written-communication');
      assert.ok(item.themes![0].matched.length);
      assert.ok(item.scoringNotes!.length > 20);
      assert.ok(item.sampleAnswers!.weak.startsWith(scenario.weak.slice(0, 20)));
      for (const text of [...itemTexts(item), item.scoringNotes!]) assert.deepEqual(lint(text), [], text);
    }
    assert.notEqual(items[0].scenarioId, items[1].scenarioId);
  });

  it('when a competency matches nothing, then it gets no situational question', () => {
    for (const { value } of levelOptions(INVENTED.tuning))
      assert.deepEqual(situational(INVENTED.tuning, value), []);
  });

  it('when a safety competency is generated at every level, then it never gets a customer-complaint scenario', () => {
    const customer = new Set(
      ['customer-service', 'service-recovery'].flatMap((k) => themeByKey(k)!.scenarios.map((s) => s.id)),
    );
    for (const { value } of levelOptions(INVENTED.safety)) {
      const items = situational(INVENTED.safety, value);
      assert.ok(items.length);
      for (const item of items) {
        assert.ok(!customer.has(item.scenarioId!), `${item.scenarioId} at level ${value}`);
        assert.match(item.source, /theme Safety$/);
      }
    }
  });

  it('when the same input is generated twice, then the output is identical', () => {
    assert.deepEqual(situational(INVENTED.money, 3), situational(INVENTED.money, 3));
  });

  it('when several competencies of one model share a theme, then they do not all get the same scenario', () => {
    const model = [
      'Customer Service',
      'Client Relations',
      'Customer Focus',
      'Serving Customers',
      'Customer Care',
    ].map((name, i): CompetencyLike => ({
      key: `model-${i}`,
      name,
      definition: 'Helps customers get what they need.',
    }));
    const first = model.map((c) => situational(c, 1)[0].scenarioId);
    assert.ok(new Set(first).size >= 2, first.join(', '));
  });

  it('when the level rises, then the stem changes to the harder version of the situation', () => {
    const stems = levelOptions(INVENTED.writing).map(
      ({ value }) => situational(INVENTED.writing, value)[0].text,
    );
    assert.equal(new Set(stems).size, stems.length, stems.join('\n'));
    // The same scenario at entry and advanced level differs by its level sentence.
    const low = situational(INVENTED.money, 1);
    const high = situational(INVENTED.money, 5);
    assert.notDeepEqual(
      low.map((i) => i.text),
      high.map((i) => i.text),
    );
    assert.match(low[0].scoringNotes!, /entry-level version/);
    assert.match(high[0].scoringNotes!, /advanced version, expect the strong course/);
    const scenario = THEMES.flatMap((t) => t.scenarios)[0];
    const tiers = TIERS.map((tier) => renderScenario(scenario, tier).stem);
    assert.equal(new Set(tiers).size, 3);
    for (const [i, tier] of TIERS.entries()) assert.ok(tiers[i].includes(scenario.levels[tier]));
  });

  it('when a level is placed among its scale’s levels, then the bottom gets the entry version, the middle intermediate, the top advanced', () => {
    const five = [1, 2, 3, 4, 5].map((l) => tierOf(resolveLevel(INVENTED.money, l)));
    assert.deepEqual(five, ['entry', 'entry', 'intermediate', 'advanced', 'advanced']);
    const three = [1, 2, 3].map((l) => tierOf(resolveLevel(INVENTED.writing, l)));
    assert.deepEqual(three, ['entry', 'intermediate', 'advanced']);
  });

  it('when stems are generated for invented and seed competencies at every level, then none repeats five words of the competency', () => {
    const all = [
      ...Object.values(INVENTED).map((competency) => ({
        competency,
        proficiencyScale: null as ScaleLike | null,
      })),
      ...seedCompetencies(),
    ];
    let checked = 0;
    for (const { competency, proficiencyScale } of all) {
      for (const { value } of levelOptions(competency, proficiencyScale)) {
        for (const item of generate({ competency, level: value, proficiencyScale, kinds: ['situational'] })) {
          checked++;
          for (const s of statementsOf(competency))
            assert.equal(quoted(item.text, s), undefined, `${competency.key}: ${item.text}`);
        }
      }
    }
    assert.ok(checked > 50, `only ${checked} stems`);
  });

  it('when an indicator happens to repeat a scenario’s wording, then that scenario is passed over', () => {
    const scenarios = themeByKey('customer-service')!.scenarios;
    const phrase = words(scenarios[0].situation).slice(8, 16).join(' ');
    const c: CompetencyLike = {
      key: 'echo',
      name: 'Customer Service',
      behavioralIndicators: scenarios
        .map((s) => `Handles ${words(s.situation).slice(8, 16).join(' ')}.`)
        .slice(0, 3),
    };
    assert.ok(phrase.split(' ').length === 8);
    for (const { value } of levelOptions(c)) {
      for (const item of situational(c, value)) {
        assert.equal(item.scenarioId, scenarios[3].id);
        for (const s of c.behavioralIndicators!) assert.equal(quoted(item.text, s), undefined);
      }
    }
  });
});

describe('situational rating guides', () => {
  const withLevels: CompetencyLike = {
    ...INVENTED.writing,
    ineffectiveBehaviors: ['Sends letters full of jargon.'],
  };

  it('when a guide is built, then each scale point describes a course of action from the scenario’s own answers', () => {
    const [item] = situational(withLevels, 2);
    const guide = item.ratingGuide!;
    assert.deepEqual(
      guide.map((g) => g.value),
      DEFAULT_RATING_SCALE.points.map((p) => p.value),
    );
    const a = item.sampleAnswers!;
    const lc = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
    assert.ok(guide[0].description.startsWith(`The candidate ${lc(a.weak)}`));
    assert.ok(guide[2].description.startsWith(`The candidate ${lc(a.acceptable)}`));
    assert.ok(guide[4].description.startsWith(`The candidate ${lc(a.strong)}`));
    for (const g of guide) {
      assert.doesNotMatch(g.description, /\bexample\b/i);
      assert.deepEqual(lint(g.description), [], g.description);
    }
  });

  it('when the competency has levels and ineffective behaviors, then they feed the low, middle and top points, and scale lines are marked generic', () => {
    const [item] = situational(withLevels, 2);
    const guide = item.ratingGuide!;
    assert.match(guide[0].description, /ineffective: sends letters full of jargon\./);
    assert.match(
      guide[1].description,
      /level below: the course shows the candidate would draft routine letters/,
    );
    assert.match(
      guide[2].description,
      /Expected at the Proficient level: the course shows the candidate would edit the drafts/,
    );
    assert.match(guide[4].description, /candidate would set the house style/);
    assert.match(
      guide[0].description,
      /Generic scale definition, for context: Applies the competency in the simplest situations/,
    );
  });

  it('when every scenario is rated on five points, then the in-between points also quote that scenario’s course, not a stock line', () => {
    const seen = new Map<string, GeneratedItem>();
    for (const theme of THEMES)
      for (let k = 0; k < 16 && seen.size < THEMES.length * 4; k++)
        for (const level of [1, 3, 5])
          for (const item of generate({
            competency: { key: `${theme.key}-${k}`, name: theme.label },
            level,
            kinds: ['situational'],
          }))
            seen.set(item.scenarioId!, item);
    assert.ok(seen.size >= 100, `only ${seen.size} scenarios reached`);
    let stock = 0;
    for (const item of seen.values()) {
      const [, two, , four] = item.ratingGuide!;
      const first = item.sampleAnswers!.acceptable.split(/,\s+/)[0].toLowerCase().replace(/\.$/, '');
      if (!two.description.includes(first)) stock++;
      if (!/^The candidate takes the acceptable course and also /.test(four.description)) stock++;
    }
    assert.ok(stock <= seen.size * 2 * 0.05, `${stock} stock lines in ${seen.size * 2}`);
  });

  it('when the rating scale has three points, then the guide has three entries: weak, acceptable, strong', () => {
    const scale: ScaleLike = {
      name: 'Three points',
      points: [
        { value: 1, label: 'Below' },
        { value: 2, label: 'Meets' },
        { value: 3, label: 'Above' },
      ],
    };
    const [item] = situational(INVENTED.money, 1, { ratingScale: scale });
    assert.deepEqual(
      item.ratingGuide!.map((g) => g.label),
      ['Below', 'Meets', 'Above'],
    );
    assert.match(item.ratingGuide![1].description, /^The candidate /);
    assert.doesNotMatch(item.ratingGuide!.map((g) => g.description).join(' '), /Generic scale definition/);
  });
});
