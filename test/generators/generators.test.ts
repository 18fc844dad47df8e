import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  generate,
  GeneratorInputError,
  itemTexts,
  levelOptions,
  lint,
  type GeneratedItem,
  type GeneratorKind,
} from '../../src/features/generators/index.js';
import { seedCompetencies } from './seed-library.js';

const CONTEXT = {
  jobTitle: 'Customer Service Representative',
  organization: 'the City',
  candidateName: 'Jordan Lee',
};
const seeds = seedCompetencies();
const byKey = (key: string) => {
  const found = seeds.find((s) => s.competency.key === key);
  if (!found) throw new Error(`no seed competency ${key}`);
  return found;
};

describe('generators over the whole seed library', () => {
  it('when every generator runs on every seeded competency at every level, then every text passes the lint rules', () => {
    let texts = 0;
    const problems: string[] = [];
    for (const { competency, proficiencyScale } of seeds) {
      for (const { value } of levelOptions(competency, proficiencyScale)) {
        for (const item of generate({ competency, level: value, proficiencyScale, context: CONTEXT })) {
          for (const text of itemTexts(item)) {
            texts++;
            for (const p of lint(text))
              problems.push(`${competency.key} L${value} ${item.kind}: ${p.message}: ${text}`);
          }
        }
      }
    }
    assert.ok(texts > 3000, `only ${texts} texts`);
    assert.deepEqual(problems.slice(0, 10), []);
  });

  it('when generating for a competency and level, then each kind has its parts: 3+ distinct behavioral questions with S/A/R probes and a guide per scale point', () => {
    for (const { competency, proficiencyScale } of seeds) {
      for (const { value } of levelOptions(competency, proficiencyScale)) {
        const items = generate({ competency, level: value, proficiencyScale, context: CONTEXT });
        const of = (k: GeneratorKind) => items.filter((i) => i.kind === k);
        const behavioral = of('behavioral');
        assert.ok(behavioral.length >= 3, `${competency.key} L${value}: ${behavioral.length} behavioral`);
        assert.equal(new Set(behavioral.map((b) => b.text)).size, behavioral.length);
        for (const b of behavioral) {
          assert.ok(b.probes!.situation.length && b.probes!.action.length && b.probes!.result.length);
          assert.equal(b.ratingGuide!.length, 5);
        }
        assert.deepEqual(
          of('qualification').map((q) => q.variant),
          ['required', 'desired', 'paragraph'],
        );
        for (const s of of('situational'))
          assert.ok(
            s.sampleAnswers!.weak &&
              s.sampleAnswers!.acceptable &&
              s.sampleAnswers!.strong &&
              /What would you do, and why\?$/.test(s.text),
          );
        const reference = of('reference');
        assert.deepEqual([...new Set(reference.map((r) => r.variant))], ['opening', 'competency', 'closing']);
        for (const r of reference.filter((x) => x.variant === 'competency')) {
          assert.deepEqual(r.ratingOptions, [
            'Well below',
            'Below',
            'Comparable',
            'Above',
            'Well above',
            'Not observed',
          ]);
          assert.match(r.text, /Jordan Lee/);
        }
      }
    }
  });

  it('when the same input is generated twice, then the output is identical', () => {
    const { competency, proficiencyScale } = byKey('csr-judgment-and-decision-making');
    const a = generate({ competency, level: 2, proficiencyScale, context: CONTEXT });
    const b = generate({ competency, level: 2, proficiencyScale, context: CONTEXT });
    assert.deepEqual(a, b);
  });

  it('when two different competencies are generated, then their questions open with different wording', () => {
    const opening = (key: string) => {
      const { competency, proficiencyScale } = byKey(key);
      return generate({ competency, level: 1, proficiencyScale, kinds: ['behavioral'] }).map((i) =>
        i.text.split(' ').slice(0, 4).join(' '),
      );
    };
    const a = opening('csr-mathematics');
    const b = opening('bellingham-service-orientation');
    assert.notEqual(a[0], b[0]);
    assert.ok(new Set(a).size >= 3, `a guide's questions do not all open the same way: ${a.join(' | ')}`);
  });

  it('when the rating scale is the three-level one, then each guide has three entries with the factor anchors', () => {
    const { competency, proficiencyScale } = byKey('parts-customer-service');
    const [first] = generate({
      competency,
      level: 3,
      proficiencyScale,
      ratingScale: competency.ratingScale!,
      kinds: ['behavioral'],
    });
    assert.deepEqual(
      first.ratingGuide!.map((g) => g.label),
      ['Needs Improvement', 'Meets Expectations', 'Exceeds Expectations'],
    );
    assert.match(
      first.ratingGuide![2].description,
      /Completeness: Anticipates customer needs and goes "the extra mile"/,
    );
  });

  it('when a level the competency lacks or an unknown kind is asked for, then a clear GeneratorInputError is thrown', () => {
    const { competency, proficiencyScale } = byKey('csr-mathematics');
    assert.throws(
      () => generate({ competency, level: 4, proficiencyScale }),
      (e: Error) =>
        e instanceof GeneratorInputError &&
        /has no level 4\. Choose one of: 1 \(Level 1\), 2 \(Level 2\), 3 \(Level 3\)/.test(e.message),
    );
    assert.throws(
      () => generate({ competency, level: 1, kinds: ['poems' as GeneratorKind] }),
      /Unknown kind “poems”/,
    );
  });

  it('when a source section was "Under Development", then no output mentions it', () => {
    const { competency, proficiencyScale } = byKey('wa-ofm-customer-focus');
    for (const { value } of levelOptions(competency, proficiencyScale)) {
      for (const item of generate({ competency, level: value, proficiencyScale })) {
        for (const t of itemTexts(item)) assert.doesNotMatch(t, /under development/i);
      }
    }
  });
});

/** Golden files pin the exact output for a sample from every source document. */
describe('generator golden files', () => {
  const SAMPLES: [string, number][] = [
    ['bellingham-service-orientation', 1],
    ['philadelphia-customer-service', 3],
    ['wa-ofm-customer-focus', 3],
    ['csr-mathematics', 2],
    ['parts-customer-service', 2],
  ];
  const dir = path.join('test', 'generators', 'golden');
  for (const [key, level] of SAMPLES) {
    it(`when ${key} is generated at level ${level}, then the output equals the golden file`, () => {
      const { competency, proficiencyScale } = byKey(key);
      const items: GeneratedItem[] = generate({ competency, level, proficiencyScale, context: CONTEXT });
      const file = path.join(dir, `${key}-${level}.json`);
      const actual = JSON.stringify(items, null, 2) + '\n';
      if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
      assert.equal(
        actual,
        fs.readFileSync(file, 'utf8'),
        `${file} differs; review the change and run with UPDATE_GOLDEN=1 to accept it`,
      );
    });
  }
});
