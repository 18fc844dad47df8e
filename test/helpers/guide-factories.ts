/** Test helpers for interview guides: a position with its guide, and reading ids off the builder. */
import type supertest from 'supertest';
import { Guide } from '../../src/features/guides/guide.model.js';
import { postNestedForm } from './competency-factories.js';
import { createPosition, csrRows } from './position-factories.js';

/** A CSR position with `n` competencies and its guide (starter questions in every section). */
export async function positionWithGuide(agent: supertest.Agent, n = 4) {
  const { id: positionId } = await createPosition(agent, { competencies: await csrRows(n) });
  const res = await postNestedForm(agent, `/positions/${positionId}/guide`, {});
  const m = /^\/guides\/([0-9a-f]{24})$/.exec(res.headers.location ?? '');
  if (!m) throw new Error(`no guide created (${res.status}): ${res.text.slice(0, 300)}`);
  return { positionId, guideId: m[1] };
}

export async function guideDoc(guideId: string) {
  return (await Guide.findById(guideId))!;
}

export const publish = (agent: supertest.Agent, guideId: string) =>
  postNestedForm(agent, `/guides/${guideId}/publish`, {});
