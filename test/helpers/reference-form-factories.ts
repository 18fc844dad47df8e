/**
 * Test data for the public token links: a Reference with a known raw token (only its hash stored)
 * and a frozen questionnaire, a Nomination likewise, and the bodies their forms post.
 */
import { Types } from 'mongoose';
import type supertest from 'supertest';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { Position } from '../../src/features/positions/position.model.js';
import { Nomination } from '../../src/features/references/nomination.model.js';
import { Reference, type ReferenceStatus } from '../../src/features/references/reference.model.js';
import { newToken } from '../../src/lib/passwords.js';
import { makeUser, uniqueEmail } from './app.js';

const DAY = 24 * 3600 * 1000;

export const RATING_OPTIONS = ['Well below', 'Below', 'Comparable', 'Above', 'Well above', 'Not observed'];

/** Two opening questions, two competencies (two rated questions, then one), one closing question. */
export function questionnaire() {
  const service = new Types.ObjectId();
  const teamwork = new Types.ObjectId();
  return {
    ratingOptions: RATING_OPTIONS,
    questions: [
      { id: 'open-1', part: 'opening', text: 'How do you know Ada, and what was your working relationship?' },
      { id: 'open-2', part: 'opening', text: 'How long did you work with Ada, and in what role?' },
      {
        id: 'cs-1',
        part: 'competency',
        competency: service,
        competencyName: 'Customer Service',
        text: 'Compared with others in a similar role, how well did Ada resolve customer complaints?',
        rated: true,
      },
      {
        id: 'cs-2',
        part: 'competency',
        competency: service,
        competencyName: 'Customer Service',
        text: 'Compared with others in a similar role, how well did Ada explain policies to customers?',
        rated: true,
      },
      {
        id: 'tw-1',
        part: 'competency',
        competency: teamwork,
        competencyName: 'Teamwork',
        text: 'Compared with others in a similar role, how well did Ada share work with colleagues?',
        rated: true,
      },
      { id: 'close-1', part: 'closing', text: 'Would you hire or work with Ada again? Why or why not?' },
    ],
  };
}

export interface ReferenceFixture {
  token: string;
  url: string;
  id: Types.ObjectId;
  candidateId: Types.ObjectId;
  positionId: Types.ObjectId;
}

/** A position (with an owner), a candidate and one reference request in status `sent`. */
export async function makeReference(
  fields: {
    status?: ReferenceStatus;
    tokenExpiresAt?: Date;
    replacedBy?: Types.ObjectId;
    candidateName?: string;
    organization?: string;
  } = {},
): Promise<ReferenceFixture> {
  const owner = await makeUser({ roles: ['manager'] });
  const position = await Position.create({ title: 'Customer Service Representative', owner: owner._id });
  const candidate = await Candidate.create({
    position: position._id,
    name: fields.candidateName ?? 'Ada Lovelace',
    email: uniqueEmail('candidate'),
    createdBy: owner._id,
  });
  const { token, hash } = newToken();
  const now = Date.now();
  const ref = await Reference.create({
    position: position._id,
    candidate: candidate._id,
    name: 'Grace Hopper',
    email: uniqueEmail('grace'),
    relationship: 'supervisor',
    organization: fields.organization ?? 'Harbour Utilities',
    source: 'manager',
    addedBy: owner._id,
    status: fields.status ?? 'sent',
    tokenHash: hash,
    tokenExpiresAt: fields.tokenExpiresAt ?? new Date(now + 14 * DAY),
    sentAt: new Date(now - DAY),
    // As sending records it (a sent request always has its request message).
    messages: [{ outbox: String(new Types.ObjectId()), kind: 'request', at: new Date(now - DAY) }],
    questionnaire: questionnaire(),
    replacedBy: fields.replacedBy,
  });
  return { token, url: `/r/${token}`, id: ref._id, candidateId: candidate._id, positionId: position._id };
}

export const findReference = (id: Types.ObjectId) => Reference.findById(id).lean();

/** A complete, valid questionnaire post (override or drop fields per test). */
export function completeAnswers(extra: Record<string, string> = {}): Record<string, string> {
  return {
    rev: '0',
    name: 'Grace Hopper',
    relationship: 'supervisor',
    organization: 'Harbour Utilities',
    confirmed: 'yes',
    'comment:open-1': 'I managed Ada for three years on the customer desk.',
    'comment:open-2': 'Three years, as her team lead.',
    'rating:cs-1': 'Above',
    'comment:cs-1': 'She calmed an angry customer and fixed the billing error the same day.',
    'rating:cs-2': 'Well above',
    'comment:cs-2': '',
    'rating:tw-1': 'Comparable',
    'comment:tw-1': 'Shared work fairly.',
    'comment:close-1': 'Yes, without hesitation.',
    action: 'save',
    ...extra,
  };
}

/** Posts a token form as a browser would: urlencoded, no cookie, no CSRF token. */
export function postTokenForm(
  request: supertest.Agent | ReturnType<typeof supertest>,
  url: string,
  body: Record<string, string | string[]>,
  headers: Record<string, string> = {},
) {
  return request.post(url).set(headers).type('form').send(body);
}

export interface NominationFixture {
  token: string;
  url: string;
  id: Types.ObjectId;
  candidateId: Types.ObjectId;
  positionId: Types.ObjectId;
  candidateEmail: string;
  ownerEmail: string;
}

export async function makeNomination(
  fields: { status?: 'sent' | 'used' | 'expired' | 'cancelled'; expiresAt?: Date; wanted?: number } = {},
): Promise<NominationFixture> {
  const ownerEmail = uniqueEmail('owner');
  const owner = await makeUser({ roles: ['manager'], email: ownerEmail, name: 'Olive Owner' });
  const position = await Position.create({ title: 'Customer Service Representative', owner: owner._id });
  const candidateEmail = uniqueEmail('candidate');
  const candidate = await Candidate.create({
    position: position._id,
    name: 'Ada Lovelace',
    email: candidateEmail,
    createdBy: owner._id,
  });
  const { token, hash } = newToken();
  const n = await Nomination.create({
    position: position._id,
    candidate: candidate._id,
    tokenHash: hash,
    expiresAt: fields.expiresAt ?? new Date(Date.now() + 14 * DAY),
    wanted: fields.wanted ?? 3,
    status: fields.status ?? 'sent',
    sentBy: owner._id,
  });
  return {
    token,
    url: `/n/${token}`,
    id: n._id,
    candidateId: candidate._id,
    positionId: position._id,
    candidateEmail,
    ownerEmail,
  };
}

/** Nomination rows: `ref-<i>-<field>`. */
export function nominees(
  rows: { name?: string; email?: string; phone?: string; relationship?: string; organization?: string }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  rows.forEach((r, i) => {
    out[`ref-${i}-name`] = r.name ?? '';
    out[`ref-${i}-email`] = r.email ?? '';
    out[`ref-${i}-phone`] = r.phone ?? '';
    out[`ref-${i}-relationship`] = r.relationship ?? '';
    out[`ref-${i}-organization`] = r.organization ?? '';
  });
  return out;
}
