/**
 * A candidate's references: who may see them, listing and adding. Sending, resending and replacing
 * are in reference-sending.service.ts.
 */
import { Types } from 'mongoose';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import type { Mailer } from '../../lib/mailer.js';
import { Candidate } from '../candidates/candidate.model.js';
import { findCandidate } from '../candidates/candidates.service.js';
import type { Actor } from '../positions/positions.service.js';
import { Reference, type ReferenceDoc, type ReferenceStatus } from './reference.model.js';
import type { ReferenceInput } from './references.schemas.js';

/** What sending needs: the outbox, the public URL, the organisation's name and the link's lifetime. */
export interface ReferenceDeps {
  mailer: Mailer;
  config: { baseUrl: string; orgName: string; references: { linkDays: number; reminderDays: number[] } };
}

export const DAY_MS = 24 * 60 * 60 * 1000;
export const DUPLICATE_REFERENCE = 'This candidate already has a reference with this email address.';
/** Statuses from which a manager may send a new link. */
export const RESENDABLE: ReferenceStatus[] = ['sent', 'opened', 'in-progress', 'expired', 'failed'];

const oid = (id: string) => (/^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null);
export const isDuplicate = (e: unknown) => (e as { code?: number })?.code === 11000;
export const duplicate = () => new ConflictError(DUPLICATE_REFERENCE, { email: DUPLICATE_REFERENCE });

export type CandidateContext = Awaited<ReturnType<typeof findCandidate>>;

/** The position and candidate when `user` may see them (owner, sharers, admins; others 403). */
export const candidateContext = (positionId: string, candidateId: string, user: Actor) =>
  findCandidate(positionId, candidateId, user);

/** The position of a candidate known by id alone (the JSON route); 404 when there is none. */
export async function positionOfCandidate(candidateId: string): Promise<string> {
  const _id = oid(candidateId);
  const candidate = _id ? await Candidate.findById(_id, 'position').lean() : null;
  if (!candidate) throw new NotFoundError('There is no such candidate.');
  return String(candidate.position);
}

export async function loadReference(ctx: CandidateContext, referenceId: string): Promise<ReferenceDoc> {
  const _id = oid(referenceId);
  const ref = _id ? await Reference.findOne({ _id, candidate: ctx.candidate._id }) : null;
  if (!ref) throw new NotFoundError('There is no such reference for this candidate.');
  return ref;
}

export async function findReference(
  positionId: string,
  candidateId: string,
  referenceId: string,
  user: Actor,
) {
  const ctx = await candidateContext(positionId, candidateId, user);
  return { ...ctx, reference: await loadReference(ctx, referenceId) };
}

export function referenceFields(ctx: CandidateContext, input: ReferenceInput, user: Actor) {
  return {
    position: ctx.position._id,
    candidate: ctx.candidate._id,
    name: input.name,
    email: input.email,
    phone: input.phone,
    relationship: input.relationship,
    organization: input.organization,
    source: 'manager' as const,
    addedBy: user._id,
    addedByName: user.name,
    status: 'not-sent' as const,
  };
}

export async function addReference(
  positionId: string,
  candidateId: string,
  input: ReferenceInput,
  user: Actor,
): Promise<ReferenceDoc> {
  const ctx = await candidateContext(positionId, candidateId, user);
  if (await Reference.exists({ candidate: ctx.candidate._id, email: input.email })) throw duplicate();
  try {
    return await Reference.create(referenceFields(ctx, input, user));
  } catch (e) {
    if (isDuplicate(e)) throw duplicate();
    throw e;
  }
}
