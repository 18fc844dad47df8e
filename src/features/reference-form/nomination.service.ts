/**
 * The candidate's side of a nomination link: name the references, once. The link is claimed first
 * (one conditional update from `sent` to `used`); only then are the references created, all in one
 * insert, and if that insert fails the claim is undone, so a nomination is never half-recorded.
 */
import { Types } from 'mongoose';
import type { Logger } from '../../lib/logger.js';
import type { Mailer } from '../../lib/mailer.js';
import { hashToken } from '../../lib/passwords.js';
import { Candidate } from '../candidates/candidate.model.js';
import { Position } from '../positions/position.model.js';
import { Nomination, type NominationFields } from '../references/nomination.model.js';
import { Reference } from '../references/reference.model.js';
import { User } from '../users/user.model.js';
import { nominationMail } from './nomination-mail.js';
import type { NominatedReference } from './nomination.schemas.js';

export type NominationRecord = NominationFields & { _id: Types.ObjectId };
export type NominationState = 'invalid' | 'open' | 'used';

export async function findNomination(token: string): Promise<NominationRecord | null> {
  return Nomination.findOne({ tokenHash: hashToken(token) }).lean<NominationRecord>();
}

/** Unknown, expired and cancelled links are `invalid` (one page for all); a used link thanks again. */
export function nominationState(n: NominationRecord | null, now: Date): NominationState {
  if (!n) return 'invalid';
  if (n.status === 'used') return 'used';
  if (n.status !== 'sent' || !n.expiresAt || n.expiresAt.getTime() <= now.getTime()) return 'invalid';
  return 'open';
}

/**
 * The candidate and position the page names. Read here rather than through their services, which
 * check a signed-in user's access: this page has none.
 */
export async function nominationContext(n: NominationRecord) {
  const [candidate, position] = await Promise.all([
    Candidate.findById(n.candidate, { name: 1, email: 1 }).lean(),
    Position.findById(n.position, { title: 1, owner: 1 }).lean(),
  ]);
  return {
    candidateName: candidate?.name ?? '',
    candidateEmail: candidate?.email ?? '',
    positionTitle: position?.title ?? '',
    owner: position?.owner,
  };
}

export type NominateOutcome = { kind: 'done'; count: number } | { kind: 'closed'; state: 'invalid' | 'used' };

export async function nominate(
  n: NominationRecord,
  references: NominatedReference[],
  ip: string | undefined,
  now: Date,
): Promise<NominateOutcome> {
  const claimed = await Nomination.findOneAndUpdate(
    { _id: n._id, tokenHash: n.tokenHash, status: 'sent', expiresAt: { $gt: now } },
    { $set: { status: 'used', usedAt: now, ...(ip ? { ip } : {}) } },
    { returnDocument: 'after', projection: { _id: 1 } },
  ).lean();
  if (!claimed) {
    const state = nominationState(await Nomination.findById(n._id).lean<NominationRecord>(), now);
    return { kind: 'closed', state: state === 'used' ? 'used' : 'invalid' };
  }
  const docs = references.map((r) => ({
    _id: new Types.ObjectId(),
    position: n.position,
    candidate: n.candidate,
    ...r,
    source: 'candidate' as const,
    status: 'not-sent' as const,
  }));
  try {
    await Reference.insertMany(docs, { ordered: true });
  } catch (e) {
    await Reference.deleteMany({ _id: { $in: docs.map((d) => d._id) } });
    await Nomination.updateOne(
      { _id: n._id, status: 'used', usedAt: now },
      { $set: { status: 'sent' }, $unset: { usedAt: 1, ip: 1 } },
    );
    throw e;
  }
  return { kind: 'done', count: docs.length };
}

/**
 * Tells the position's owner through the outbox. The nomination is already recorded: a failure to
 * queue is logged, not shown to the candidate (the references appear on the candidate's page anyway).
 */
export async function notifyOwner(
  deps: { mailer: Mailer; logger: Logger; baseUrl: string },
  n: NominationRecord,
  ctx: Awaited<ReturnType<typeof nominationContext>>,
  references: NominatedReference[],
): Promise<void> {
  try {
    const owner = ctx.owner ? await User.findById(ctx.owner, { email: 1, name: 1 }).lean() : null;
    if (!owner)
      return deps.logger.warn('nomination: the position has no owner to tell', { nomination: String(n._id) });
    await deps.mailer.queue(
      nominationMail({
        to: owner.email,
        ownerName: owner.name,
        candidate: ctx.candidateName,
        position: ctx.positionTitle,
        references,
        link: `${deps.baseUrl}/positions/${String(n.position)}/candidates/${String(n.candidate)}`,
      }),
    );
  } catch (e) {
    deps.logger.error('nomination: could not queue the mail to the owner', {
      nomination: String(n._id),
      error: (e as Error)?.message,
    });
  }
}
