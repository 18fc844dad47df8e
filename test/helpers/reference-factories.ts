/**
 * Test data for reference checks: a position with competencies, a candidate and its reference
 * template ready to send; adding and sending references through the routes; reading the links out
 * of the mail the test SMTP server received.
 */
import type { Express } from 'express';
import type supertest from 'supertest';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { Reference } from '../../src/features/references/reference.model.js';
import type { UserDoc } from '../../src/features/users/user.model.js';
import { loginAs, postForm, uniqueEmail } from './app.js';
import { addCandidate } from './candidate-factories.js';
import { createPosition, csrRows } from './position-factories.js';
import type { ReceivedMail, TestSmtp } from './smtp.js';

export const templateUrl = (positionId: string) => `/positions/${positionId}/references/template`;
export const referencesUrl = (positionId: string, candidateId: string) =>
  `/positions/${positionId}/candidates/${candidateId}/references`;
export const referenceUrl = (positionId: string, candidateId: string, referenceId: string) =>
  `${referencesUrl(positionId, candidateId)}/${referenceId}`;

export interface ReferenceSetup {
  agent: supertest.Agent;
  user: UserDoc;
  positionId: string;
  candidateId: string;
  candidateName: string;
  candidateEmail: string;
}

/**
 * A manager (or `agent`) with a position of `competencies` CSR competencies at level 2, one
 * candidate, and the position's reference template generated (opening the template page does it)
 * and marked reviewed, so requests can be sent.
 */
export async function referenceReady(
  app: Express,
  options: {
    agent?: supertest.Agent;
    user?: UserDoc;
    competencies?: number;
    candidate?: string;
    candidateEmail?: string;
    /** false: only generate the questionnaire (it then needs review before anything is sent). */
    reviewed?: boolean;
  } = {},
): Promise<ReferenceSetup> {
  const { agent, user } =
    options.agent && options.user
      ? { agent: options.agent, user: options.user }
      : await loginAs(app, ['manager']);
  const { id: positionId } = await createPosition(agent, {
    competencies: await csrRows(options.competencies ?? 3),
  });
  if (!positionId) throw new Error('the position was not created');
  const candidateName = options.candidate ?? 'Grace Hopper';
  const candidateEmail = options.candidateEmail ?? uniqueEmail('candidate');
  const res = await addCandidate(agent, positionId, { name: candidateName, email: candidateEmail });
  if (res.status !== 303) throw new Error(`the candidate was not added (${res.status})`);
  const candidate = (await Candidate.findOne({ position: positionId, email: candidateEmail }).lean())!;
  if (options.reviewed === false) {
    const page = await agent.get(templateUrl(positionId));
    if (page.status !== 200) throw new Error(`the template page answered ${page.status}`);
  } else await reviewTemplate(agent, positionId);
  return { agent, user, positionId, candidateId: String(candidate._id), candidateName, candidateEmail };
}

/**
 * Opens the questionnaire page (generating the template the first time) and marks the questions
 * reviewed as of the revision the page shows, as a manager does before the first send. Tests that
 * change the questions call it again: every change asks for a new review.
 */
export async function reviewTemplate(agent: supertest.Agent, positionId: string) {
  const page = await agent.get(templateUrl(positionId));
  if (page.status !== 200) throw new Error(`the template page answered ${page.status}`);
  const rev = /name="rev" value="(\d+)"/.exec(page.text)?.[1];
  if (rev === undefined) return page; // already reviewed: the page shows no form
  const res = await postForm(agent, `${templateUrl(positionId)}/review`, { rev });
  if (res.status !== 303) throw new Error(`the questionnaire was not marked reviewed (${res.status})`);
  return res;
}

export interface ReferenceFields {
  name?: string;
  email?: string;
  phone?: string;
  relationship?: string;
  organization?: string;
}

/** Adds a reference through the form; answers the response and the new reference's id (when added). */
export async function addReference(
  agent: supertest.Agent,
  positionId: string,
  candidateId: string,
  fields: ReferenceFields = {},
) {
  const email = fields.email ?? uniqueEmail('reference');
  const res = await postForm(agent, referencesUrl(positionId, candidateId), {
    name: 'Alan Turing',
    phone: '',
    relationship: 'supervisor',
    organization: 'Bletchley Utilities',
    ...fields,
    email,
  });
  const ref = await Reference.findOne({ candidate: candidateId, email: email.trim().toLowerCase() }).lean();
  return { res, email: email.trim().toLowerCase(), referenceId: ref ? String(ref._id) : '' };
}

/** Posts one of a reference's buttons: send, resend. */
export const referenceAction = (
  agent: supertest.Agent,
  s: { positionId: string; candidateId: string },
  referenceId: string,
  action: 'send' | 'resend',
) => postForm(agent, `${referenceUrl(s.positionId, s.candidateId, referenceId)}/${action}`, {});

/** Adds a reference and sends the request; answers its id and email address. */
export async function addAndSend(s: ReferenceSetup, fields: ReferenceFields = {}) {
  const added = await addReference(s.agent, s.positionId, s.candidateId, fields);
  if (added.res.status !== 303) throw new Error(`the reference was not added (${added.res.status})`);
  const sent = await referenceAction(s.agent, s, added.referenceId, 'send');
  if (sent.status !== 303)
    throw new Error(`the request was not sent (${sent.status}): ${sent.text.slice(0, 500)}`);
  return { referenceId: added.referenceId, email: added.email };
}

const LINK = (kind: 'r' | 'n') => new RegExp(`https?://[^\\s/]+/${kind}/([A-Za-z0-9_-]{20,})`);

/** The reference (`r`) or nomination (`n`) link in a mail, and its token. */
export function linkIn(
  mail: ReceivedMail,
  kind: 'r' | 'n' = 'r',
): { link: string; token: string; path: string } {
  const m = LINK(kind).exec(mail.text);
  if (!m) throw new Error(`no /${kind}/ link in the mail “${mail.subject}”`);
  return { link: m[0], token: m[1], path: `/${kind}/${m[1]}` };
}

/**
 * Waits for the `nth` (0-based) mail to `to` whose subject contains `subject` (any when omitted),
 * and answers it with its link.
 */
export async function mailWithLink(
  smtp: TestSmtp,
  to: string,
  options: { subject?: string; nth?: number; kind?: 'r' | 'n'; timeoutMs?: number } = {},
) {
  const matches = (m: ReceivedMail) =>
    m.to.includes(to) &&
    (!options.subject || m.subject.includes(options.subject)) &&
    LINK(options.kind ?? 'r').test(m.text);
  const nth = options.nth ?? 0;
  await smtp.waitFor(() => smtp.received.filter(matches).length > nth, options.timeoutMs);
  const mail = smtp.received.filter(matches)[nth];
  return { mail, ...linkIn(mail, options.kind ?? 'r') };
}

/** Every mail received for `to` so far (subjects only), for counting reminders. */
export const mailsTo = (smtp: TestSmtp, to: string, subject?: string) =>
  smtp.received.filter((m) => m.to.includes(to) && (!subject || m.subject.includes(subject)));
