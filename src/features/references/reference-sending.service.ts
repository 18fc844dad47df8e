/**
 * Sending a candidate's references: only once the position's questionnaire is reviewed (refused
 * with 409, nothing written, until then); the questionnaire frozen from the template at the first
 * send, a new link whose token is stored only as its SHA-256, resending with a new link, replacing
 * a reference by another. Every state change is one update conditional on the state it
 * read, so two clicks never send two links.
 */
import { Types } from 'mongoose';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import type { Mailer } from '../../lib/mailer.js';
import { newToken } from '../../lib/passwords.js';
import type { Actor } from '../positions/positions.service.js';
import { referenceLink, requestMail, resendMail } from './reference-mail.js';
import { ensureTemplate, questionCount } from './reference-template.service.js';
import { Reference, type ReferenceDoc, type ReferenceStatus } from './reference.model.js';
import type { ReferenceInput } from './references.schemas.js';
import {
  candidateContext,
  DAY_MS,
  duplicate,
  isDuplicate,
  loadReference,
  referenceFields,
  RESENDABLE,
  type CandidateContext,
  type ReferenceDeps,
} from './references.service.js';
import { freezeQuestionnaire } from './template-generate.js';
import { assertReviewed } from './template-review.service.js';
import { assertSendable } from '../question-bank/item-quality.js';

export const NO_QUESTIONS =
  'The position’s reference questionnaire has no questions: add some on the questionnaire page first.';

const openRef = { replacedBy: { $exists: false } };

/** The mail facts shared by the request and its resend. */
function facts(
  ctx: CandidateContext,
  ref: ReferenceDoc,
  link: string,
  expiresAt: Date,
  user: Actor,
  org: string,
) {
  return {
    to: ref.email,
    name: ref.name,
    candidate: ctx.candidate.name,
    position: ctx.position.title,
    relationship: ref.relationship,
    link,
    expiresAt,
    sender: user.name,
    org,
    source: ref.source,
  };
}

/**
 * Sends a not-sent reference: freezes its questionnaire (once), stores the new token's hash and
 * expiry with status `sent`, then queues the mail. Refused when it was sent meanwhile.
 */
async function sendOne(
  ctx: CandidateContext,
  ref: ReferenceDoc,
  user: Actor,
  deps: ReferenceDeps,
  now: Date,
) {
  if (ref.replacedBy) throw new ConflictError('This reference was replaced; send the new one instead.');
  if (ref.status !== 'not-sent')
    throw new ConflictError('This request was already sent. Use “Send a new link” to send it again.');
  await assertReviewed(ctx.position._id);
  const frozen = ref.questionnaire?.questions?.length
    ? undefined
    : freezeQuestionnaire(await ensureTemplate(ctx.position, user), ctx.candidate.name, ref.relationship);
  if (frozen && !frozen.questions.length) throw new ValidationError(NO_QUESTIONS);
  assertSendable(frozen?.questions ?? ref.questionnaire?.questions ?? []);
  const { token, hash } = newToken();
  const expiresAt = new Date(now.getTime() + deps.config.references.linkDays * DAY_MS);
  const claimed = await Reference.findOneAndUpdate(
    { _id: ref._id, status: 'not-sent', ...openRef },
    {
      $set: {
        status: 'sent',
        tokenHash: hash,
        tokenExpiresAt: expiresAt,
        sentAt: now,
        remindersSent: 0,
        ...(frozen ? { questionnaire: frozen } : {}),
      },
    },
    { returnDocument: 'after', runValidators: true },
  );
  if (!claimed) throw new ConflictError('This request was sent meanwhile. Reload the page.');
  const mail = requestMail(
    facts(ctx, claimed, referenceLink(deps.config.baseUrl, token), expiresAt, user, deps.config.orgName),
  );
  await queueOrUndo(deps, claimed, mail, 'request', now, {
    $set: { status: 'not-sent' },
    $unset: { tokenHash: 1, tokenExpiresAt: 1, sentAt: 1 },
  });
  return claimed;
}

/** Queues the mail and records it on the reference; when queueing fails, `undo` restores the state. */
async function queueOrUndo(
  deps: ReferenceDeps,
  ref: ReferenceDoc,
  mail: Parameters<Mailer['queue']>[0],
  kind: 'request' | 'resend',
  now: Date,
  undo: Record<string, unknown>,
) {
  let outbox: string;
  try {
    outbox = await deps.mailer.queue(mail);
  } catch (e) {
    await Reference.updateOne({ _id: ref._id, tokenHash: ref.tokenHash }, undo).catch(() => undefined);
    throw e;
  }
  await Reference.updateOne({ _id: ref._id }, { $push: { messages: { outbox, kind, at: now } } });
}

export async function sendReference(
  positionId: string,
  candidateId: string,
  referenceId: string,
  user: Actor,
  deps: ReferenceDeps,
  now = new Date(),
) {
  const ctx = await candidateContext(positionId, candidateId, user);
  return sendOne(ctx, await loadReference(ctx, referenceId), user, deps, now);
}

/** Sends every not-sent reference of the candidate; answers how many went out. */
export async function sendAllReferences(
  positionId: string,
  candidateId: string,
  user: Actor,
  deps: ReferenceDeps,
  now = new Date(),
): Promise<number> {
  const ctx = await candidateContext(positionId, candidateId, user);
  // Checked once before the loop: the loop reads a refusal of one request as "sent meanwhile".
  await assertReviewed(ctx.position._id);
  const pending = await Reference.find({ candidate: ctx.candidate._id, status: 'not-sent', ...openRef }).sort(
    {
      createdAt: 1,
    },
  );
  let sent = 0;
  for (const ref of pending) {
    try {
      await sendOne(ctx, ref, user, deps, now);
      sent += 1;
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e; // sent meanwhile by someone else
    }
  }
  return sent;
}

/**
 * A new link for a sent, opened, in-progress, expired or failed request: the old token stops
 * working, the expiry and the reminder schedule start again, the draft is kept.
 */
export async function resendReference(
  positionId: string,
  candidateId: string,
  referenceId: string,
  user: Actor,
  deps: ReferenceDeps,
  now = new Date(),
) {
  const ctx = await candidateContext(positionId, candidateId, user);
  const ref = await loadReference(ctx, referenceId);
  if (ref.replacedBy) throw new ConflictError('This reference was replaced; it cannot be sent again.');
  if (ref.status === 'not-sent') throw new ConflictError('This request has not been sent yet: use “Send”.');
  if (!RESENDABLE.includes(ref.status))
    throw new ConflictError('This reference has already answered or declined; a new link is not needed.');
  const { token, hash } = newToken();
  const expiresAt = new Date(now.getTime() + deps.config.references.linkDays * DAY_MS);
  const status: ReferenceStatus = ref.lastSavedAt ? 'in-progress' : ref.openedAt ? 'opened' : 'sent';
  const claimed = await Reference.findOneAndUpdate(
    { _id: ref._id, status: ref.status, tokenHash: ref.tokenHash, ...openRef },
    {
      $set: { status, tokenHash: hash, tokenExpiresAt: expiresAt, sentAt: now, remindersSent: 0 },
      $unset: { expiredAt: 1, failedAt: 1 },
    },
    { returnDocument: 'after' },
  );
  if (!claimed) throw new ConflictError('This request changed meanwhile. Reload the page and try again.');
  const mail = resendMail(
    facts(ctx, claimed, referenceLink(deps.config.baseUrl, token), expiresAt, user, deps.config.orgName),
  );
  await queueOrUndo(deps, claimed, mail, 'resend', now, {
    $set: {
      status: ref.status,
      tokenHash: ref.tokenHash,
      tokenExpiresAt: ref.tokenExpiresAt,
      sentAt: ref.sentAt,
      remindersSent: ref.remindersSent,
    },
  });
  return claimed;
}

/**
 * Replaces a reference that has not answered by another person: the old one is marked
 * `replacedBy` and its link stops working; the new one (`replaces`) is sent at once.
 */
export async function replaceReference(
  positionId: string,
  candidateId: string,
  referenceId: string,
  input: ReferenceInput,
  user: Actor,
  deps: ReferenceDeps,
  now = new Date(),
) {
  const ctx = await candidateContext(positionId, candidateId, user);
  const old = await loadReference(ctx, referenceId);
  if (old.replacedBy) throw new ConflictError('This reference was already replaced.');
  if (old.status === 'submitted')
    throw new ConflictError('This reference has answered; it cannot be replaced.');
  if (await Reference.exists({ candidate: ctx.candidate._id, email: input.email })) throw duplicate();
  await assertReviewed(ctx.position._id);
  const template = await ensureTemplate(ctx.position, user);
  if (!questionCount(template)) throw new ValidationError(NO_QUESTIONS);
  assertSendable(freezeQuestionnaire(template, ctx.candidate.name).questions);

  const newId = new Types.ObjectId();
  const marked = await Reference.updateOne(
    { _id: old._id, status: old.status, ...openRef },
    { $set: { replacedBy: newId }, $unset: { tokenHash: 1, tokenExpiresAt: 1 } },
  );
  if (marked.modifiedCount !== 1)
    throw new ConflictError('This reference changed meanwhile. Reload the page and try again.');
  let created: ReferenceDoc;
  try {
    created = await Reference.create({ _id: newId, ...referenceFields(ctx, input, user), replaces: old._id });
  } catch (e) {
    await Reference.updateOne(
      { _id: old._id, replacedBy: newId },
      {
        $unset: { replacedBy: 1 },
        $set: { tokenHash: old.tokenHash, tokenExpiresAt: old.tokenExpiresAt },
      },
    );
    if (isDuplicate(e)) throw duplicate();
    throw e;
  }
  await sendOne(ctx, created, user, deps, now);
  return { old, created };
}
