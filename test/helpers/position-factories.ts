/** Test data for positions and guides: the seeded CSR class 1230 template, positions, counts. */
import type supertest from 'supertest';
import { loadSeeds } from '../../seeds/load.js';
import { Competency } from '../../src/features/competencies/competency.model.js';
import { PositionTemplate } from '../../src/features/competencies/position-template.model.js';
import { GuideVersion } from '../../src/features/guides/guide-version.model.js';
import { Guide } from '../../src/features/guides/guide.model.js';
import { Position } from '../../src/features/positions/position.model.js';
import { postNestedForm } from './competency-factories.js';

export const CSR_TEMPLATE_KEY = 'customer-service-representative-1230';

/** The CSR class 1230 template (loading the seed library when it is not there yet). */
export async function csrTemplate() {
  let tpl = await PositionTemplate.findOne({ key: CSR_TEMPLATE_KEY }).lean();
  if (!tpl) {
    await loadSeeds();
    tpl = await PositionTemplate.findOne({ key: CSR_TEMPLATE_KEY }).lean();
  }
  if (!tpl) throw new Error('the CSR template did not load');
  const competencies = await Competency.find({
    _id: { $in: tpl.competencies.map((c) => c.competency) },
  }).lean();
  const byId = new Map(competencies.map((c) => [String(c._id), c]));
  return {
    id: String(tpl._id),
    competencies: tpl.competencies.map((c) => byId.get(String(c.competency))!),
  };
}

export interface Row {
  competency: string;
  requiredLevel: string;
  weight?: string;
  weightReason?: string;
  requirement?: string;
}

/** `n` CSR competencies at level 2, equal weights. */
export async function csrRows(n: number): Promise<Row[]> {
  const tpl = await csrTemplate();
  return tpl.competencies.slice(0, n).map((c) => ({
    competency: String(c._id),
    requiredLevel: '2',
    weight: '1',
    weightReason: '',
    requirement: 'required',
  }));
}

/** Creates a position through the form; answers the response and the new position's id. */
export async function createPosition(
  agent: supertest.Agent,
  fields: { title?: string; competencies?: Row[]; [k: string]: unknown } = {},
) {
  const res = await postNestedForm(agent, '/positions', {
    title: 'Customer Service Representative',
    classCode: '1230',
    department: 'Utilities',
    description: '',
    competencies: await csrRows(5),
    ...fields,
  });
  const m = /^\/positions\/([0-9a-f]{24})$/.exec(res.headers.location ?? '');
  return { res, id: m?.[1] ?? '' };
}

export const counts = async () => ({
  positions: await Position.countDocuments({}),
  guides: await Guide.countDocuments({}),
  versions: await GuideVersion.countDocuments({}),
});
