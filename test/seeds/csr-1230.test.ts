import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  validateFrameworkFile,
  type FrameworkFile,
} from '../../src/features/competencies/framework-file.schema.js';

// Content checks against 003_2fed9f45537de455.txt ("Competency Model for Customer Service Representative, Class Code 1230").
const seedPath = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../seeds/frameworks/csr-class-1230.json',
);

function loadSeed(): FrameworkFile {
  const result = validateFrameworkFile(JSON.parse(fs.readFileSync(seedPath, 'utf8')));
  if (!result.ok) assert.fail(`csr-class-1230.json is invalid:\n${result.problems.join('\n')}`);
  return result.file;
}

function competency(file: FrameworkFile, key: string) {
  const found = file.competencies.find((c) => c.key === key);
  assert.ok(found, `no competency ${key}`);
  return found;
}

const expected = [
  { key: 'csr-mathematics', code: '2', name: 'Mathematics', kind: 'technical', indicators: 4 },
  {
    key: 'csr-judgment-and-decision-making',
    code: '3',
    name: 'Judgment and Decision Making',
    kind: 'behavioral',
    indicators: 6,
  },
  { key: 'csr-analytical-ability', code: '4', name: 'Analytical Ability', kind: 'behavioral', indicators: 4 },
  {
    key: 'csr-attention-to-detail',
    code: '6',
    name: 'Attention to Detail',
    kind: 'behavioral',
    indicators: 6,
  },
  { key: 'csr-stress-tolerance', code: '13', name: 'Stress Tolerance', kind: 'behavioral', indicators: 4 },
  { key: 'csr-job-knowledge', code: '20', name: 'Job Knowledge', kind: 'technical', indicators: 6 },
  {
    key: 'csr-computer-proficiency',
    code: '22',
    name: 'Computer Proficiency',
    kind: 'technical',
    indicators: 4,
  },
  { key: 'csr-customer-service', code: '34', name: 'Customer Service', kind: 'behavioral', indicators: 8 },
  { key: 'csr-credibility', code: '40', name: 'Credibility', kind: 'behavioral', indicators: 5 },
] as const;

describe('seed: Customer Service Representative, class code 1230', () => {
  it('when the seed file is validated, then it is a valid version 1 framework file for the source document', () => {
    const file = loadSeed();
    assert.equal(file.framework.key, 'csr-class-1230');
    assert.equal(
      file.framework.name,
      'Competency Model for Customer Service Representative, Class Code 1230',
    );
    assert.equal(file.framework.source.document, '003_2fed9f45537de455.txt');
    assert.equal(file.framework.organization, 'Unnamed public employer (class code 1230)');
  });

  it('when the competencies are read, then the nine appear with their printed codes, names and kinds in document order', () => {
    const file = loadSeed();
    assert.deepEqual(
      file.competencies.map((c) => ({ key: c.key, code: c.code, name: c.name, kind: c.kind })),
      expected.map(({ key, code, name, kind }) => ({ key, code, name, kind })),
    );
  });

  it('when the levels are read, then each competency has Level 1 to Level 3 in order, each with a description', () => {
    for (const c of loadSeed().competencies) {
      assert.deepEqual(
        c.levels.map((l) => [l.number, l.label]),
        [
          [1, 'Level 1'],
          [2, 'Level 2'],
          [3, 'Level 3'],
        ],
        c.key,
      );
      assert.ok(
        c.levels.every((l) => l.description),
        c.key,
      );
    }
  });

  it('when the behavioral indicators are counted, then each competency has exactly as many as the document lists (47 in all)', () => {
    const file = loadSeed();
    assert.deepEqual(
      file.competencies.map((c) => [c.key, c.behavioralIndicators.length]),
      expected.map((e) => [e.key, e.indicators]),
    );
    assert.equal(
      file.competencies.reduce((n, c) => n + c.behavioralIndicators.length, 0),
      47,
    );
  });

  it('when the performance levels are read, then each competency has Satisfactory then Superior and nothing is recorded as absent', () => {
    for (const c of loadSeed().competencies) {
      assert.deepEqual(
        c.performanceLevels.map((p) => p.label),
        ['Satisfactory', 'Superior'],
        c.key,
      );
      assert.deepEqual(c.absentSections, [], c.key);
      assert.deepEqual(
        c.provenance.map((p) => p.part),
        ['definition', 'levels', 'behavioralIndicators', 'performanceLevels'],
        c.key,
      );
    }
  });

  it('when the position template is read, then it lists the nine competencies in document order without a required level', () => {
    const file = loadSeed();
    assert.equal(file.positionTemplates.length, 1);
    const [template] = file.positionTemplates;
    assert.equal(template.key, 'customer-service-representative-1230');
    assert.equal(template.title, 'Customer Service Representative');
    assert.equal(template.classCode, '1230');
    assert.deepEqual(
      template.competencies.map((c) => c.key),
      expected.map((e) => e.key),
    );
    // The extraction lost the italics/underline that marked the required level.
    assert.ok(template.competencies.every((c) => c.requiredLevel === undefined));
  });

  it('when Mathematics is read, then its wording matches the document exactly', () => {
    const c = competency(loadSeed(), 'csr-mathematics');
    assert.equal(c.definition, 'Performs arithmetic or higher-level mathematical computations accurately.');
    assert.equal(
      c.levels[0].description,
      'Perform arithmetic computations (add, subtract, multiply, divide, ratios, percentages).',
    );
    assert.equal(
      c.behavioralIndicators[3],
      'Accurately interprets and presents results of mathematical/statistical computations.',
    );
    assert.equal(
      c.performanceLevels[1].description,
      'Identifies additional opportunities for the application of mathematics in work. Answers questions/trains others to assist them in their use of mathematics.',
    );
    assert.deepEqual(c.provenance[0], {
      part: 'definition',
      document: '003_2fed9f45537de455.txt',
      section: '2. MATHEMATICS',
    });
  });

  it('when Attention to Detail is read, then its wording keeps the curly quotes and the source’s own “typo’s”', () => {
    const c = competency(loadSeed(), 'csr-attention-to-detail');
    assert.equal(
      c.definition,
      'Extremely careful in addressing all aspects of each work assignment in order to produce “completed staff work” and/or avoid any negative outcomes.',
    );
    assert.equal(
      c.levels[1].description,
      'Verify that each aspect of work assignment is properly completed; make logical inference regarding additional activities that may need to be performed to produce “completed staff work.”',
    );
    assert.equal(
      c.behavioralIndicators[1],
      'Identifies errors (for example, typo’s, computations, measurements, application of laws/rules/policies) and corrects them prior to submitting.',
    );
    assert.equal(
      c.performanceLevels[0].description,
      'Ensures that each task accomplished represents “completed staff work.” No remaining details/ inconsistencies for others to address.',
    );
  });

  it('when Job Knowledge is read, then its wording matches the document exactly', () => {
    const c = competency(loadSeed(), 'csr-job-knowledge');
    assert.equal(
      c.definition,
      'Knows information required to perform a specific job. Includes both widely available courses of study (for example, chemistry, human resources management, graphic arts) and City-specific information (parking regulation and ticketing practices; purchasing procedures; provisions of the City Charter).',
    );
    assert.equal(
      c.levels[2].description,
      'Knowledge is abstract, conceptual, and/or complex and may be supported by a well-defined academic discipline or authoritative sources (e.g., laws, ordinances, government guidelines/regulations/codes). Situations in which it is applied may vary greatly or be novel.',
    );
    assert.equal(
      c.behavioralIndicators[3],
      'Offers advice (“coaching”) to new employees regarding their work.',
    );
    assert.equal(
      c.performanceLevels[0].description,
      'Sufficient job knowledge to perform work correctly independently. Answers technical questions about work correctly.',
    );
  });

  it('when Customer Service and Credibility are read, then their wording matches the document, including its apostrophes', () => {
    const file = loadSeed();
    const service = competency(file, 'csr-customer-service');
    assert.equal(
      service.levels[1].description,
      'Promotes positive customer service. Serves as a model of providing exemplary customer service.',
    );
    assert.equal(
      service.behavioralIndicators[7],
      'Ensures all employees recognize their responsibility for customer service and are properly trained for it.',
    );
    assert.equal(
      service.performanceLevels[0].description,
      "Displays knowledge as well as courtesy and patience when interacting with customers. Ensures customers' issue is correctly identified and remains focused on it until it is resolved.",
    );

    const credibility = competency(file, 'csr-credibility');
    assert.equal(
      credibility.definition,
      'Is truthful and sincere; objectively and clearly provides all pertinent information rather than being vague, omitting negative information or only stating what listeners “want to hear.”',
    );
    assert.equal(
      credibility.levels[2].description,
      'Represent department to the Mayors’ Office, City Council, City Commissions, and/or department heads, and/or to external organizations, professional associations, and/or the media.',
    );
    assert.equal(
      credibility.behavioralIndicators[4],
      'Acts in the best interest of the organization, not self interest.',
    );
    assert.equal(
      credibility.performanceLevels[0].description,
      '“Tells the complete story” from the onset. Is forthcoming with full information when questioned. Statements are consistent. Readily admits mistakes and gives credit to others.',
    );
  });

  it('when Computer Proficiency is read, then the indicator missing its closing parenthesis in the source is kept as printed', () => {
    const c = competency(loadSeed(), 'csr-computer-proficiency');
    assert.equal(
      c.behavioralIndicators[1],
      'Correctly and efficiently uses all necessary computer software (for example, wordprocessing, spreadsheet, and database/analysis programs and specific purpose programs to perform work.',
    );
  });
});
