/** Test data for the competency library: a complete framework imported as a seed, with unique keys. */
import { importFrameworkFile } from '../../src/features/competencies/framework-io.service.js';
import { validateFrameworkFile } from '../../src/features/competencies/framework-file.schema.js';
import type supertest from 'supertest';
import { Competency } from '../../src/features/competencies/competency.model.js';
import { CompetencyRevision } from '../../src/features/competencies/competency-revision.model.js';
import { valuesFromCompetency } from '../../src/features/competencies/competency-form.js';
import { Framework } from '../../src/features/competencies/framework.model.js';
import { csrfToken } from './app.js';

let n = 0;

export interface SeededFramework {
  frameworkId: string;
  tag: string;
  ids: { behavioral: string; technical: string; coreValue: string };
}

/** A framework with three competencies (one per kind); `tag` makes its words unique for searches. */
export async function seedFramework(options: { origin?: 'seed' | 'import' } = {}): Promise<SeededFramework> {
  const tag = `t${process.pid}x${Date.now().toString(36)}x${n++}`;
  const doc = 'test-source.txt';
  const file = {
    schemaVersion: 1,
    framework: {
      key: `fw-${tag}`,
      name: `Framework ${tag}`,
      organization: `Agency ${tag}`,
      description: `A framework for tests ${tag}.`,
      source: { document: doc, title: 'TEST SOURCE' },
      proficiencyScaleKey: `prof-${tag}`,
      notes: [`Note about ${tag}.`],
    },
    scales: [
      {
        key: `prof-${tag}`,
        name: `Proficiency ${tag}`,
        kind: 'proficiency',
        points: [
          { value: 1, label: 'Entry', description: 'Learns the basics.', indicators: ['Asks for help.'] },
          { value: 2, label: 'Expert', description: 'Teaches others.' },
        ],
      },
      {
        key: `rating-${tag}`,
        name: `Rating ${tag}`,
        kind: 'rating',
        points: [
          { value: 1, label: 'Needs Improvement' },
          { value: 2, label: 'Meets Expectations' },
          { value: 3, label: 'Exceeds Expectations' },
        ],
      },
    ],
    competencies: [
      {
        key: 'listening',
        code: '7',
        name: `Active Listening ${tag}`,
        kind: 'behavioral',
        definition: `Hears what customers mean, quokka${tag}.`,
        levels: [
          {
            number: 1,
            label: 'Level 1',
            description: 'Listens.',
            indicators: [`Paraphrases the caller, narwhal${tag}.`],
            source: { document: doc, section: 'Levels' },
          },
          { number: 2, label: 'Level 2', description: 'Listens under pressure.' },
        ],
        behavioralIndicators: [`Confirms understanding, axolotl${tag}.`],
        keyElements: [{ element: 'Understands needs', distinguishingBehaviors: ['Asks open questions.'] }],
        performanceLevels: [
          { label: 'Satisfactory', description: 'Usually listens.' },
          { label: 'Superior', description: 'Always listens.' },
        ],
        ratingScaleKey: `rating-${tag}`,
        ratingFactors: [
          {
            name: 'Completeness',
            anchors: [
              { level: 'Needs Improvement', description: 'Misses key facts.' },
              { level: 'Meets Expectations', description: 'Captures the facts.' },
              { level: 'Exceeds Expectations', description: `Anticipates questions, pangolin${tag}.` },
            ],
          },
        ],
        recruiting: { qualificationStatements: ['Experience listening to customers.'] },
        absentSections: ['interviewQuestions'],
        provenance: [{ part: 'definition', document: doc, section: `Section ${tag}` }],
      },
      { key: 'math', name: `Arithmetic ${tag}`, kind: 'technical', definition: 'Computes accurately.' },
      { key: 'integrity', name: `Integrity ${tag}`, kind: 'core-value', definition: 'Acts honestly.' },
    ],
    positionTemplates: [
      { key: `tpl-${tag}`, title: `Clerk ${tag}`, classCode: '1230', competencies: [{ key: 'listening' }] },
    ],
  };
  const result = validateFrameworkFile(file);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  const report = await importFrameworkFile(result.file, { origin: options.origin ?? 'seed' });
  const comps = await Competency.find({ framework: report.frameworkId }).lean();
  const id = (key: string) => String(comps.find((c) => c.key === key)!._id);
  return {
    frameworkId: report.frameworkId,
    tag,
    ids: { behavioral: id('listening'), technical: id('math'), coreValue: id('integrity') },
  };
}

/** Form fields as a browser names them (`levels[0][label]`); superagent would drop the indices. */
export function formEncode(body: Record<string, unknown>): string {
  const out = new URLSearchParams();
  const walk = (value: unknown, name: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${name}[${i}]`));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, name ? `${name}[${k}]` : k);
    else if (value !== undefined && value !== null) out.append(name, String(value));
  };
  walk(body, '');
  return out.toString();
}

/** Posts a form the way a browser does, nested names with their indices, with the CSRF token. */
export async function postNestedForm(agent: supertest.Agent, url: string, body: Record<string, unknown>) {
  const _csrf = await csrfToken(agent, '/');
  return agent
    .post(url)
    .type('form')
    .send(formEncode({ ...body, _csrf }));
}

/** The edit form's fields for a stored competency, as a browser would send them. */
export async function formOf(id: string): Promise<Record<string, unknown>> {
  return { ...valuesFromCompetency((await Competency.findById(id).lean())!) };
}

/** Document counts, to show that a refused request wrote nothing. */
export const counts = async () => ({
  frameworks: await Framework.countDocuments({}),
  competencies: await Competency.countDocuments({}),
  revisions: await CompetencyRevision.countDocuments({}),
});
