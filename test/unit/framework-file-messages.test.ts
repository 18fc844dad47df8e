import assert from 'node:assert/strict';
import {
  editDistance,
  nearestField,
  received,
} from '../../src/features/competencies/framework-file.messages.js';
import { isWebUrl, validateFrameworkFile } from '../../src/features/competencies/framework-file.schema.js';

/** A minimal valid v2 file; tests break one part of it at a time. */
const minimal = (): Record<string, any> => ({
  schemaVersion: 2,
  framework: { key: 'f', name: 'F', organization: 'O', source: { document: 'f.txt' } },
  competencies: [
    { key: 'a', name: 'A', kind: 'behavioral', levels: [{ label: 'One' }, { label: 'Two' }] },
    { key: 'b', name: 'B', kind: 'technical' },
    { key: 'c', name: 'C', kind: 'core-value' },
  ],
});

function problemsOf(mutate: (f: Record<string, any>) => void): string[] {
  const file = minimal();
  mutate(file);
  const result = validateFrameworkFile(file);
  assert.equal(result.ok, false, 'expected the file to be refused');
  return result.ok ? [] : result.problems;
}

describe('framework file messages', () => {
  it('when the minimal v2 file and its v1 twin are validated, then both pass', () => {
    assert.equal(validateFrameworkFile(minimal()).ok, true);
    assert.equal(validateFrameworkFile({ ...minimal(), schemaVersion: 1 }).ok, true);
  });

  it('when a field is misspelt anywhere, then the message names its path and the nearest known field', () => {
    const cases: [(f: Record<string, any>) => void, string][] = [
      [
        (f) => (f.competencies[2].keySkillz = []),
        'unknown field competencies[2].keySkillz: did you mean keySkills?',
      ],
      [
        (f) => (f.competencies[0].ineffectiveBehaviours = []),
        'unknown field competencies[0].ineffectiveBehaviours: did you mean ineffectiveBehaviors?',
      ],
      [
        (f) => (f.competencies[0].levels[1].indicator = []),
        'unknown field competencies[0].levels[1].indicator: did you mean indicators?',
      ],
      [(f) => (f.framework.Notes = []), 'unknown field framework.Notes: did you mean notes?'],
      [
        (f) => (f.framework.source.URL = 'https://x.org'),
        'unknown field framework.source.URL: did you mean url?',
      ],
      [
        (f) => (f.competencies[1].requiredLevels = [{ grade: 'B', levl: 1 }]),
        'unknown field competencies[1].requiredLevels[0].levl: did you mean level?',
      ],
      [
        (f) => (f.competencies[1].keySkills = [{ name: 'S', indicatorz: [] }]),
        'unknown field competencies[1].keySkills[0].indicatorz: did you mean indicators?',
      ],
      [
        (f) => (f.competencies[1].provenance = [{ part: 'p', document: 'd', pages: 2 }]),
        'unknown field competencies[1].provenance[0].pages: did you mean page?',
      ],
      [
        (f) => (f.positionTemplates = [{ key: 't', title: 'T', grde: 'B', competencies: [{ key: 'a' }] }]),
        'unknown field positionTemplates[0].grde: did you mean grade?',
      ],
      [(f) => (f.scale = []), 'unknown field scale: did you mean scales?'],
    ];
    for (const [mutate, message] of cases) assert.ok(problemsOf(mutate).includes(message), message);
  });

  it('when an unknown field is like no known one, then the message lists the known fields instead', () => {
    const [message] = problemsOf((f) => (f.competencies[1].zzzzzzzzzz = 1));
    assert.match(
      message,
      /^unknown field competencies\[1\]\.zzzzzzzzzz: known fields here are key, code, name/,
    );
  });

  it('when a value has the wrong type, then the message says what was expected and what came, never "required"', () => {
    const cases: [(f: Record<string, any>) => void, string][] = [
      [
        (f) => (f.competencies[0].behavioralIndicators = 'one'),
        'competencies[0].behavioralIndicators: expected a list of texts, received a string',
      ],
      [
        (f) => (f.competencies[0].effectiveBehaviors = [1]),
        'competencies[0].effectiveBehaviors[0]: expected a text, received a whole number',
      ],
      [
        (f) => (f.competencies[0].keySkills = { name: 'x' }),
        'competencies[0].keySkills: expected a list of key skills, received an object',
      ],
      [
        (f) => (f.competencies[0].requiredLevels = [{ grade: 'B', level: '3' }]),
        'competencies[0].requiredLevels[0].level: expected a whole number, received a string',
      ],
      [
        (f) => (f.competencies[0].levels = null),
        'competencies[0].levels: expected a list of levels, received null',
      ],
      [(f) => (f.competencies[1].name = 7), 'competencies[1].name: expected a text, received a whole number'],
      [(f) => (f.competencies[2] = 'C'), 'competencies[2]: expected an object, received a string'],
      [
        (f) => (f.competencies[0].provenance = [{ part: 'p', document: 'd', line: 2.5 }]),
        'competencies[0].provenance[0].line: must be a whole number',
      ],
      [(f) => (f.framework.notes = 'note'), 'framework.notes: expected a list of texts, received a string'],
    ];
    for (const [mutate, message] of cases) {
      const problems = problemsOf(mutate);
      assert.ok(problems.includes(message), `${message}\n got: ${problems.join('\n')}`);
      assert.ok(!problems.some((p) => p.endsWith(': required')), problems.join('\n'));
    }
    assert.ok(problemsOf((f) => delete f.competencies[1].name).includes('competencies[1].name: required'));
  });

  it('when required levels or grades do not fit the competency, then the file is refused with the path', () => {
    assert.ok(
      problemsOf((f) => (f.competencies[0].requiredLevels = [{ grade: 'B', level: 3 }])).includes(
        'competencies[0].requiredLevels[0].level: level 3 does not exist: this competency has 2 levels',
      ),
    );
    assert.ok(
      problemsOf(
        (f) =>
          (f.competencies[0].requiredLevels = [
            { grade: 'B', level: 1 },
            { grade: 'B', level: 2 },
          ]),
      ).includes('competencies[0].requiredLevels[1].grade: duplicate grade "B"'),
    );
  });

  for (const url of [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' data:text/html,x',
    'vbscript:x',
    'file:///etc/passwd',
    'not a url',
  ]) {
    it(`when source.url is ${JSON.stringify(url)}, then it is refused`, () => {
      const problems = problemsOf((f) => (f.framework.source.url = url));
      assert.ok(
        problems.some((p) =>
          p.startsWith('framework.source.url: must be a web address starting with http:// or https://'),
        ),
        problems.join('\n'),
      );
    });
  }

  it('when addresses are checked, then only http and https with a host pass', () => {
    assert.equal(isWebUrl('https://example.org/model.pdf'), true);
    assert.equal(isWebUrl('http://example.org'), true);
    assert.equal(isWebUrl('https://'), false);
    assert.equal(isWebUrl('javascript://example.org/%0aalert(1)'), false);
  });

  it('when distances and kinds are computed, then they are the textbook ones', () => {
    assert.equal(editDistance('keySkillz', 'keySkills'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(nearestField('keyskills', ['keySkills', 'levels']), 'keySkills');
    assert.equal(nearestField('qqqqqq', ['keySkills', 'levels']), null);
    assert.equal(received([]), 'a list');
    assert.equal(received(1.5), 'a number');
    assert.equal(received(false), 'false');
  });
});
