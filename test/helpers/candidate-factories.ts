/** Test data for candidates: adding through the form, the page's text, counts. */
import type supertest from 'supertest';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { postForm } from './app.js';

export const candidatesUrl = (positionId: string) => `/positions/${positionId}/candidates`;

export async function addCandidate(
  agent: supertest.Agent,
  positionId: string,
  fields: { name?: string; email?: string; notes?: string } = {},
) {
  return postForm(agent, candidatesUrl(positionId), {
    name: 'Ada Lovelace',
    email: `ada-${Math.random().toString(36).slice(2)}@example.org`,
    notes: '',
    ...fields,
  });
}

export async function importCsv(agent: supertest.Agent, positionId: string, csv: string) {
  return postForm(agent, `${candidatesUrl(positionId)}/import`, { csv });
}

export const candidateCount = (positionId?: string) =>
  Candidate.countDocuments(positionId ? { position: positionId } : {});

/** HTML-escaped text as EJS writes it. */
export const html = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&#34;')
    .replace(/'/g, '&#39;');
