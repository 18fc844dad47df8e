/** Test data for interviews: a position with a published guide, a candidate, panelists, the form. */
import type supertest from 'supertest';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { Interview } from '../../src/features/interviews/interview.model.js';
import type { UserDoc } from '../../src/features/users/user.model.js';
import { makeUser } from './app.js';
import { addCandidate } from './candidate-factories.js';
import { postNestedForm } from './competency-factories.js';
import { positionWithGuide, publish } from './guide-factories.js';

export const interviewsUrl = (positionId: string) => `/positions/${positionId}/interviews`;

/** `YYYY-MM-DDTHH:MM` (UTC) `days` from now, as a datetime-local input sends it. */
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);

/** A position with a published guide (unless `publishGuide` is false) and one candidate. */
export async function positionReady(
  agent: supertest.Agent,
  options: { publishGuide?: boolean; candidate?: string } = {},
) {
  const { positionId, guideId } = await positionWithGuide(agent, 4);
  if (options.publishGuide !== false) {
    const res = await publish(agent, guideId);
    if (res.status !== 303) throw new Error(`publish failed (${res.status})`);
  }
  const name = options.candidate ?? 'Katherine Johnson';
  await addCandidate(agent, positionId, { name });
  const candidate = (await Candidate.findOne({ position: positionId, name }).lean())!;
  return { positionId, guideId, candidateId: String(candidate._id) };
}

export const panelists = (n: number, name = 'Panelist') =>
  Promise.all(
    Array.from({ length: n }, (_, i) => makeUser({ roles: ['panelist'], name: `${name} ${i + 1}` })),
  );

/** Panel rows: the first one chairs. */
export const panelOf = (users: UserDoc[]) =>
  users.map((u, i) => ({ user: String(u._id), role: i === 0 ? 'chair' : 'member' }));

export function schedule(
  agent: supertest.Agent,
  positionId: string,
  fields: {
    candidate: string;
    panel: { user: string; role: string }[];
    scheduledAt?: string;
    location?: string;
  },
) {
  return postNestedForm(agent, interviewsUrl(positionId), {
    scheduledAt: inDays(3),
    location: 'Room 4.12, City Hall',
    ...fields,
  });
}

export const interviewCount = (positionId?: string) =>
  Interview.countDocuments(positionId ? { position: positionId } : {});
