/**
 * Asking the candidate to name their references: a Nomination with a token link (stored only
 * hashed) mailed to the candidate. A new request cancels the candidate's earlier open ones, so only
 * the latest link works. The nomination form (reference-form feature) creates the references.
 */
import { newToken } from '../../lib/passwords.js';
import type { Actor } from '../positions/positions.service.js';
import { Nomination } from './nomination.model.js';
import { nominationLink, nominationMail } from './reference-mail.js';
import { candidateContext, DAY_MS, type ReferenceDeps } from './references.service.js';

export async function requestNominations(
  positionId: string,
  candidateId: string,
  wanted: number,
  user: Actor,
  deps: ReferenceDeps,
  now = new Date(),
) {
  const { position, candidate } = await candidateContext(positionId, candidateId, user);
  const { token, hash } = newToken();
  const expiresAt = new Date(now.getTime() + deps.config.references.linkDays * DAY_MS);
  await Nomination.updateMany(
    { candidate: candidate._id, status: 'sent' },
    { $set: { status: 'cancelled' } },
  );
  const nomination = await Nomination.create({
    position: position._id,
    candidate: candidate._id,
    tokenHash: hash,
    expiresAt,
    wanted,
    status: 'sent',
    sentBy: user._id,
  });
  let outbox: string;
  try {
    outbox = await deps.mailer.queue(
      nominationMail({
        to: candidate.email,
        candidate: candidate.name,
        position: position.title,
        wanted,
        link: nominationLink(deps.config.baseUrl, token),
        expiresAt,
        sender: user.name,
        org: deps.config.orgName,
      }),
    );
  } catch (e) {
    await Nomination.updateOne({ _id: nomination._id }, { $set: { status: 'cancelled' } }).catch(
      () => undefined,
    );
    throw e;
  }
  await Nomination.updateOne({ _id: nomination._id }, { $set: { outbox } });
  return nomination;
}
