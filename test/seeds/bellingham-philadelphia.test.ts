import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  validateFrameworkFile,
  type FrameworkFile,
} from '../../src/features/competencies/framework-file.schema.js';

const framesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'seeds', 'frameworks');

function load(name: string): FrameworkFile {
  const result = validateFrameworkFile(JSON.parse(fs.readFileSync(path.join(framesDir, name), 'utf8')));
  if (!result.ok) assert.fail(`${name} is invalid:\n${result.problems.join('\n')}`);
  return result.file;
}

function competency(file: FrameworkFile, key: string) {
  const found = file.competencies.find((c) => c.key === key);
  assert.ok(found, `no competency ${key}`);
  return found;
}

describe('seed: Bellingham Public Service Competencies (000_9fd5bf52355df1af.txt)', () => {
  const file = load('bellingham-public-service.json');
  const doc = '000_9fd5bf52355df1af.txt';

  it('when the file is validated, then it is the City of Bellingham framework with its three behavioral core competencies in order', () => {
    assert.equal(file.framework.key, 'bellingham-public-service');
    assert.equal(file.framework.organization, 'City of Bellingham');
    assert.deepEqual(file.framework.source, { document: doc, title: 'PUBLIC SERVICE COMPETENCIES' });
    assert.deepEqual(
      file.competencies.map((c) => [c.key, c.name, c.kind]),
      [
        ['bellingham-service-orientation', 'Service Orientation', 'behavioral'],
        ['bellingham-results-orientation', 'Results Orientation', 'behavioral'],
        ['bellingham-teamwork-and-cooperation', 'Teamwork and Cooperation', 'behavioral'],
      ],
    );
  });

  it('when levels are counted, then every numbered behavior is a level with its bullets (18 levels, 42 indicators)', () => {
    const shape = file.competencies.map((c) => c.levels.map((l) => [l.number ?? null, l.indicators.length]));
    assert.deepEqual(shape, [
      [
        [1, 2],
        [2, 3],
        [3, 2],
        [4, 2],
        [5, 2],
        [6, 3],
        [null, 3],
      ],
      [
        [1, 2],
        [2, 2],
        [3, 2],
        [4, 2],
        [5, 2],
        [6, 1],
      ],
      [
        [1, 4],
        [2, 2],
        [3, 3],
        [4, 2],
        [5, 3],
      ],
    ]);
    const indicators = file.competencies.flatMap((c) => c.levels.flatMap((l) => l.indicators));
    assert.equal(indicators.length, 42);
  });

  it('when level labels are read, then they are the printed headings without the colon', () => {
    assert.deepEqual(
      competency(file, 'bellingham-service-orientation').levels.map((l) => l.label ?? null),
      [
        'Follows up',
        'Maintains Clear Communication',
        'Takes Personal Responsibility',
        'Takes Action for the Customer',
        'Addresses Underlying Customer Needs',
        'Uses a Long-Term Perspective',
        null,
      ],
    );
    assert.equal(
      competency(file, 'bellingham-results-orientation').levels[5].label,
      'Takes Calculated Entrepreneurial Risks',
    );
    assert.equal(
      competency(file, 'bellingham-teamwork-and-cooperation').levels[1].label,
      'Expresses Positive Expectations of Team',
    );
  });

  it('when definitions are read, then they are the document wording without the bold lead-in', () => {
    assert.equal(
      competency(file, 'bellingham-service-orientation').definition,
      'Demonstrating a desire and ability to identify and serve customers (internal and external). Customers may include the public, partners (governmental or non-governmental organizations), co-workers, other departments, etc. It means focusing your efforts on discovering and meeting the needs of the customer.',
    );
    assert.equal(
      competency(file, 'bellingham-teamwork-and-cooperation').definition,
      'The ability to work cooperatively within diverse teams, work groups and across the organization to achieve group and organizational goals.',
    );
    assert.match(
      competency(file, 'bellingham-results-orientation').definition ?? '',
      /^A concern for surpassing a standard of excellence\. The standard may be: one's own past performance/,
    );
  });

  it('when the unnumbered trusted-advisor behaviors are read, then they are a final level without number or label, with a note saying so', () => {
    const last = competency(file, 'bellingham-service-orientation').levels.at(-1);
    assert.ok(last);
    assert.equal(last.number, undefined);
    assert.equal(last.label, undefined);
    assert.deepEqual(last.indicators, [
      "Acts as a trusted advisor; becomes involved with customer's decision-making process.",
      'Builds an independent opinion on customer needs, problems or opportunities and possibilities for implementation.',
      'Acts on this opinion (e.g., suggests approaches that are new and different from those requested by the customer if the approach appears to be a useful alternative).',
    ]);
    assert.match(last.source?.note ?? '', /Unnumbered in the source/);
  });

  it('when bullets the extraction detached are read, then they sit under their own heading with curly quotes kept', () => {
    const challenging = competency(file, 'bellingham-results-orientation').levels[3];
    assert.equal(challenging.label, 'Meets Challenging Goals');
    assert.deepEqual(challenging.indicators, [
      '“Challenging” means it is a definite stretch, but not unrealistic or impossible.',
      'Delivers to specific goals and improves performance.',
    ]);
    assert.ok(challenging.source?.note);
    const solicits = competency(file, 'bellingham-teamwork-and-cooperation').levels[2];
    assert.equal(solicits.label, 'Solicits Input');
    assert.equal(
      solicits.indicators[0],
      'Genuinely values others’ input and expertise; is willing to learn from others (including subordinates and peers).',
    );
    assert.equal(solicits.indicators[2], 'Promotes team cooperation.');
    assert.ok(solicits.source?.note);
    assert.equal(
      competency(file, 'bellingham-teamwork-and-cooperation').levels[0].indicators[0],
      'Participates willingly, is a “good team player”, does his/her share of the work.',
    );
  });

  it('when provenance is read, then definition and levels of each competency point at its printed section', () => {
    assert.deepEqual(
      file.competencies.map((c) => c.provenance.map((p) => `${p.part}@${p.document}#${p.section}`)),
      [
        [`definition@${doc}#SERVICE ORIENTATION`, `levels@${doc}#SERVICE ORIENTATION`],
        [`definition@${doc}#RESULTS ORIENTATION`, `levels@${doc}#RESULTS ORIENTATION`],
        [`definition@${doc}#TEAMWORK AND COOPERATION`, `levels@${doc}#TEAMWORK AND COOPERATION`],
      ],
    );
  });

  it('when any text is read, then no markdown or HTML from the extraction is left', () => {
    const texts = [
      file.framework.description ?? '',
      ...file.competencies.flatMap((c) => [
        c.name,
        c.definition ?? '',
        ...c.levels.flatMap((l) => [l.label ?? '', ...l.indicators]),
      ]),
    ];
    for (const t of texts) assert.doesNotMatch(t, /\*|<\/?b>|^#/);
  });
});

describe('seed: City of Philadelphia core values (001_fb1298449a66a926.txt)', () => {
  const file = load('philadelphia-core-values.json');
  const doc = '001_fb1298449a66a926.txt';

  it('when the file is validated, then it holds the five core values and one behavioral Customer Service competency', () => {
    assert.equal(file.framework.key, 'philadelphia-core-values');
    assert.equal(file.framework.organization, 'City of Philadelphia');
    assert.equal(file.framework.source.document, doc);
    assert.equal(file.competencies.length, 6);
    assert.deepEqual(
      file.competencies.filter((c) => c.kind === 'core-value').map((c) => c.name),
      ['excellence', 'passion', 'engagement', 'integrity', 'strategic and smart risk taking'],
    );
    assert.deepEqual(
      file.competencies.filter((c) => c.kind === 'behavioral').map((c) => c.key),
      ['philadelphia-customer-service'],
    );
  });

  it('when a core value is read, then it has no invented definition and records the definition as absent', () => {
    for (const value of file.competencies.filter((c) => c.kind === 'core-value')) {
      assert.equal(value.definition, undefined, value.key);
      assert.deepEqual(value.absentSections, ['definition'], value.key);
      assert.equal(value.levels.length, 0, value.key);
      assert.equal(value.behavioralIndicators.length, 0, value.key);
      assert.deepEqual(value.provenance, [{ part: 'name', document: doc }], value.key);
    }
  });

  it('when Customer Service is read, then its definition is the HHS wording as quoted and the three questions are framework notes, not indicators', () => {
    const service = competency(file, 'philadelphia-customer-service');
    assert.equal(service.definition, 'a commitment “to satisfying internal and external customers.”');
    assert.equal(service.behavioralIndicators.length, 0);
    assert.equal(service.levels.length, 0);
    assert.ok(
      file.framework.notes.includes(
        'In a government contact center, excellent customer satisfaction is what brings us to that number. We must ask, on behalf of our internal or external customers:\nWhat does the customers need?\nHow can we assist in meeting those needs?\nHow can we assist in meeting those needs more effectively and efficiently?',
      ),
    );
    assert.ok(
      file.framework.notes.includes(
        'These questions, in sum, point to what the U.S Department of Health & Human Services (HHS) has defined as customer service core competencies; a commitment “to satisfying internal and external customers.”',
      ),
    );
  });

  it('when the framework text is read, then the core-values sentence is verbatim and the site footer is left out', () => {
    assert.ok(
      file.framework.description?.includes(
        'For me, and the City of Philadelphia, specifically Managing Director, Richard Negrin, we aim for excellence, passion, engagement, integrity, and encourage strategic and smart risk taking.',
      ),
    );
    const all = [file.framework.description ?? '', ...file.framework.notes].join('\n');
    assert.doesNotMatch(
      all,
      /This site uses Akismet to reduce spam|Learn how your comment data is processed/,
    );
  });
});
