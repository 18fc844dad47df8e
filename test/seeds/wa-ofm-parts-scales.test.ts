import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ratingScale,
  validateFrameworkFile,
  type FrameworkFile,
} from '../../src/features/competencies/framework-file.schema.js';

// Content checks against 002_fff2689d6cecb033.txt (Washington State OFM, HR Professional Core
// Competencies: Customer Focus), 004_f7e0054b87120286.txt ("Parts of a Competency") and the
// shared OPM proficiency scale.
const seedsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../seeds');
const waPath = path.join(seedsDir, 'frameworks/wa-ofm-hr-core.json');
const partsPath = path.join(seedsDir, 'frameworks/parts-of-a-competency.json');
const scalesPath = path.join(seedsDir, 'scales.json');

function loadFramework(file: string): FrameworkFile {
  const result = validateFrameworkFile(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!result.ok) assert.fail(`${path.basename(file)} is invalid:\n${result.problems.join('\n')}`);
  return result.file;
}

describe('seeds: Washington OFM Customer Focus', () => {
  it('when the file is validated, then it is a valid v1 framework file with one behavioral competency', () => {
    const file = loadFramework(waPath);
    assert.equal(file.framework.key, 'wa-ofm-hr-core');
    assert.equal(file.framework.organization, 'Washington State Office of Financial Management');
    assert.equal(file.competencies.length, 1);
    const [c] = file.competencies;
    assert.equal(c.key, 'wa-ofm-customer-focus');
    assert.equal(c.name, 'Customer Focus');
    assert.equal(c.kind, 'behavioral');
  });

  it('when the definition is read, then it is the document wording with the stray "?" removed', () => {
    const [c] = loadFramework(waPath).competencies;
    assert.equal(
      c.definition,
      'Understanding who the external and internal customers are and what they value. Meeting and exceeding customer needs while cultivating relationships that secure commitment and trust. Promoting and operationalizing best customer service practices as a value. Helping others deal effectively with difficult situations, minimizing damage to the relationship while promoting shared goals. Using appropriate methods to facilitate agreement.',
    );
    assert.ok(!c.definition?.includes('?'));
  });

  it('when the key elements are read, then there are 13 in document order, each without distinguishing behaviors', () => {
    const [c] = loadFramework(waPath).competencies;
    assert.equal(c.keyElements.length, 13);
    assert.equal(c.keyElements[0].element, 'Enhances the customer experience.');
    assert.equal(c.keyElements[9].element, 'Seeks to gain agreement to a resolution');
    assert.equal(
      c.keyElements[11].element,
      'Empathizes with the customer’s situation and associated feelings',
    );
    assert.equal(c.keyElements[12].element, 'Acknowledges and takes responsibility for actions.');
    assert.ok(c.keyElements.every((k) => k.distinguishingBehaviors.length === 0));
  });

  it('when the framework scale is read, then it has Entry to Expert with their description and indicator lines', () => {
    const file = loadFramework(waPath);
    assert.equal(file.framework.proficiencyScaleKey, 'wa-ofm-hr-proficiency');
    const [scale] = file.scales;
    assert.equal(scale.key, 'wa-ofm-hr-proficiency');
    assert.equal(scale.kind, 'proficiency');
    assert.deepEqual(
      scale.points.map((p) => [p.value, p.label, p.indicators.length]),
      [
        [1, 'Entry', 3],
        [2, 'Developing', 3],
        [3, 'Independent', 4],
        [4, 'Advanced', 4],
        [5, 'Expert', 6],
      ],
    );
    assert.equal(scale.points[0].description, 'Limited or no use of competency required for the job');
    assert.equal(scale.points[0].indicators[0], 'Competency has been minimally demonstrated');
    assert.equal(
      scale.points[1].indicators[0],
      'Basic understanding and knowledge sufficient enough to handle routing tasks',
    );
    assert.equal(scale.points[4].indicators[5], 'Has a strategic focus');
  });

  it('when recruiting and absent sections are read, then only the outreach example is stored and the rest is absent', () => {
    const [c] = loadFramework(waPath).competencies;
    assert.deepEqual(c.recruiting.outreachActivities, [
      'Source the job announcement to the SHRM journal/online career center, or contact known individuals with this skillset asking for names of potential candidates who demonstrate this competency.',
    ]);
    assert.equal(c.importance, undefined);
    assert.deepEqual(c.recruiting.qualificationStatements ?? [], []);
    assert.deepEqual(c.recruiting.interviewQuestions ?? [], []);
    assert.deepEqual(c.recruiting.referenceCheckQuestions ?? [], []);
    assert.deepEqual([...c.absentSections].sort(), [
      'developmentalActivities',
      'distinguishingBehaviors',
      'importance',
      'interviewQuestions',
      'qualificationStatements',
      'referenceCheckQuestions',
      'training',
    ]);
    assert.deepEqual(
      c.provenance.map((p) => [p.part, p.section]),
      [
        ['name', 'Professional Core Competencies'],
        ['definition', 'Definition'],
        ['keyElements', 'Key Elements'],
        ['recruiting.outreachActivities', 'Example of outreach activity'],
      ],
    );
  });

  it('when the framework notes are read, then the proficiency framing paragraph is kept verbatim', () => {
    const { framework } = loadFramework(waPath);
    assert.ok(
      framework.notes.includes(
        'While behavioral indicators are used to help in evaluating performance, proficiency levels describe the level of a competency required to perform a specific job successfully. These levels relate to the work required for a specific job. Different jobs require different levels of proficiency for successful performance. Not all jobs will require the highest level of proficiency and some may not require specific competencies at all. The proficiency levels outlined below apply to all of the HR Core Competencies.',
      ),
    );
  });
});

describe('seeds: Parts of a Competency', () => {
  it('when the file is validated, then Customer Service follows the three-level scale of the document', () => {
    const file = loadFramework(partsPath);
    assert.equal(file.framework.key, 'parts-of-a-competency');
    assert.equal(file.framework.organization, 'Unattributed job aid ("Parts of a Competency")');
    const [scale] = file.scales;
    assert.equal(scale.key, 'parts-of-a-competency-3-level');
    assert.equal(scale.kind, 'rating');
    assert.deepEqual(
      scale.points.map((p) => [p.value, p.label, p.description]),
      [
        [1, 'Needs Improvement', undefined],
        [2, 'Meets Expectations', undefined],
        [3, 'Exceeds Expectations', undefined],
      ],
    );
    assert.equal(file.competencies.length, 1);
    const [c] = file.competencies;
    assert.equal(c.key, 'parts-customer-service');
    assert.equal(c.name, 'Customer Service');
    assert.equal(c.ratingScaleKey, 'parts-of-a-competency-3-level');
    assert.equal(
      c.definition,
      "Understands that all employees have external and/or internal customers that they provide services and information to; honors all of the agency's commitments to customers by providing helpful, courteous, accessible, responsive, and knowledgeable service.",
    );
    assert.deepEqual(c.absentSections, ['standards']);
  });

  it('when the rating factors are read, then there are 4 factors with one anchor per level', () => {
    const [c] = loadFramework(partsPath).competencies;
    assert.deepEqual(
      c.ratingFactors.map((f) => f.name),
      ['Completeness', 'Professionalism', 'Availability/Timeliness', 'Communication'],
    );
    for (const f of c.ratingFactors) {
      assert.deepEqual(
        f.anchors.map((a) => a.level),
        ['Needs Improvement', 'Meets Expectations', 'Exceeds Expectations'],
      );
    }
    assert.equal(
      c.ratingFactors.reduce((n, f) => n + f.anchors.length, 0),
      12,
    );
    assert.equal(
      c.ratingFactors[0].anchors[0].description,
      'Fails to provide or begrudgingly provides minimal service; fails to identify or resolve customer service issues.',
    );
    assert.equal(
      c.ratingFactors[0].anchors[2].description,
      'Anticipates customer needs and goes "the extra mile"; prevents future occurrence of issues.',
    );
    assert.equal(
      c.ratingFactors[2].anchors[1].description,
      'Is easy for the customer to contact in person or over the phone; responds promptly to requests and issues.',
    );
  });
});

describe('seeds: shared rating scales', () => {
  it('when scales.json is validated, then it holds OPM five-point proficiency scale, Awareness to Expert', () => {
    const raw: unknown = JSON.parse(fs.readFileSync(scalesPath, 'utf8'));
    assert.ok(Array.isArray(raw));
    const scales = raw.map((s, i) => {
      const parsed = ratingScale.safeParse(s);
      if (!parsed.success) assert.fail(`scales.json[${i}] is invalid: ${parsed.error.message}`);
      return parsed.data;
    });
    const opm = scales.find((s) => s.key === 'opm-proficiency-5');
    assert.ok(opm, 'no scale opm-proficiency-5');
    assert.equal(opm.kind, 'proficiency');
    assert.equal(opm.source?.document, 'U.S. OPM proficiency levels (public guidance)');
    assert.deepEqual(
      opm.points.map((p) => [p.value, p.label]),
      [
        [1, 'Awareness'],
        [2, 'Basic'],
        [3, 'Intermediate'],
        [4, 'Advanced'],
        [5, 'Expert'],
      ],
    );
    assert.equal(
      opm.points[0].description,
      'Applies the competency in the simplest situations. Requires close and extensive guidance. Demonstrates awareness of concepts and processes.',
    );
    assert.ok(opm.points.every((p) => p.description && p.description.split('. ').length === 3));
  });
});

describe('seeds: sections the documents leave unwritten', () => {
  for (const file of [waPath, partsPath, scalesPath]) {
    it(`when ${path.basename(file)} is read as text, then no "Under Development" placeholder is stored`, () => {
      assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /under development/i);
    });
  }
});
