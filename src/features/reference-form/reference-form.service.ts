/**
 * The reference's side of a reference check, reached only through the link's token. Every write is
 * one conditional update on the reference still being open (status in OPEN_REFERENCE_STATUSES, link
 * not expired, not replaced) and, for saves and the submission, on the draft revision the form was
 * made from: a stale tab never overwrites newer text, and of two submissions only one lands.
 */
import type { Types } from 'mongoose';
import { OPEN_REFERENCE_STATUSES, Reference, type ReferenceFields } from '../references/reference.model.js';
import { hashToken } from '../../lib/passwords.js';
import type { Draft, Questionnaire } from './reference-answers.js';

export type ReferenceRecord = ReferenceFields & { _id: Types.ObjectId };
export type LinkState = 'invalid' | 'open' | 'submitted' | 'declined';

export type WriteOutcome =
  /** `ref`: the reference as the save left it (what the page shows next, without a read). */
  | { kind: 'saved'; savedAt: Date; rev: number; ref: ReferenceRecord }
  | { kind: 'submitted'; submittedAt: Date }
  | { kind: 'declined' }
  | { kind: 'closed'; state: Exclude<LinkState, 'open'> }
  /** `ref`: the reference as it now stands (another window's newer draft). */
  | { kind: 'conflict'; rev: number; ref: ReferenceRecord };

/** Fields a link's page and writes never read: left in the database, not sent over the wire. */
export const UNUSED = { messages: 0, submission: 0 } as const;

export async function findByToken(token: string): Promise<ReferenceRecord | null> {
  return Reference.findOne({ tokenHash: hashToken(token) }, UNUSED).lean<ReferenceRecord>();
}

export const questionnaireOf = (ref: ReferenceRecord): Questionnaire => ({
  ratingOptions: ref.questionnaire?.ratingOptions ?? [],
  questions: ref.questionnaire?.questions ?? [],
});

/**
 * What the link shows. Unknown, replaced, never sent, failed and expired links are all `invalid`:
 * one page for all of them. A submission or a decline stays visible as such after the link's expiry.
 */
export function linkState(ref: ReferenceRecord | null, now: Date): LinkState {
  if (!ref || ref.replacedBy || !ref.questionnaire?.questions?.length) return 'invalid';
  if (ref.status === 'submitted') return 'submitted';
  if (ref.status === 'declined') return 'declined';
  if (!OPEN_REFERENCE_STATUSES.includes(ref.status)) return 'invalid';
  if (!ref.tokenExpiresAt || ref.tokenExpiresAt.getTime() <= now.getTime()) return 'invalid';
  return 'open';
}

const openFilter = (ref: ReferenceRecord, now: Date) => ({
  _id: ref._id,
  tokenHash: ref.tokenHash,
  status: { $in: OPEN_REFERENCE_STATUSES },
  replacedBy: null,
  tokenExpiresAt: { $gt: now },
});

/** Documents written before draftRev existed count as revision 0. */
const atRev = (rev: number) => (rev === 0 ? { draftRev: { $in: [0, null] } } : { draftRev: rev });

export const revOf = (ref: ReferenceRecord) => ref.draftRev ?? 0;

/** First visit: `sent` becomes `opened`. Later visits change nothing. */
export async function markOpened(ref: ReferenceRecord, now: Date): Promise<void> {
  if (ref.status !== 'sent') return;
  await Reference.updateOne(
    { ...openFilter(ref, now), status: 'sent' },
    { $set: { status: 'opened', openedAt: ref.openedAt ?? now } },
  );
}

/** Why a conditional write matched nothing: the link closed meanwhile, or another tab saved first. */
async function explainMiss(ref: ReferenceRecord, now: Date): Promise<WriteOutcome> {
  const fresh = await Reference.findById(ref._id, UNUSED).lean<ReferenceRecord>();
  // A new link was sent meanwhile: this one is dead, whatever the new one allows.
  const state = fresh?.tokenHash === ref.tokenHash ? linkState(fresh, now) : 'invalid';
  if (state !== 'open') return { kind: 'closed', state };
  return { kind: 'conflict', rev: revOf(fresh!), ref: fresh! };
}

/** Leaves out the keys whose value is undefined, as mongoose's casting does (the driver would store null). */
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const draftFields = (ref: ReferenceRecord, draft: Draft, now: Date) => ({
  identity: defined(draft.identity),
  answers: draft.answers,
  lastSavedAt: now,
  ...(ref.openedAt ? {} : { openedAt: now }),
});

/**
 * A save's or the submission's one conditional update, through the driver rather than mongoose: what
 * it writes is built here from validated input (the zod schemas, mergeDraft) in the schema's own
 * types, so mongoose's casting of every answer on every autosave bought nothing. `updatedAt` is set
 * as the schema's timestamps would. The new draft revision, or null when the write matched nothing.
 */
async function writeDraft(
  ref: ReferenceRecord,
  rev: number,
  now: Date,
  set: Record<string, unknown>,
): Promise<number | null> {
  const done = await Reference.collection.findOneAndUpdate(
    { ...openFilter(ref, now), ...atRev(rev) },
    { $set: { ...set, updatedAt: now }, $inc: { draftRev: 1 } },
    { returnDocument: 'after', projection: { draftRev: 1 } },
  );
  return done ? Number(done.draftRev) : null;
}

/**
 * A durable draft: identity and answers, status `in-progress`. Answers with the reference as the
 * save left it, built from what was written (the write is conditional on the revision `ref` holds,
 * and nothing else changes the fields it sets), so the page needs no read after it.
 */
export async function saveDraft(
  ref: ReferenceRecord,
  draft: Draft,
  rev: number,
  now: Date,
): Promise<WriteOutcome> {
  const fields = { ...draftFields(ref, draft, now), status: 'in-progress' as const };
  const newRev = await writeDraft(ref, rev, now, fields);
  if (newRev === null) return explainMiss(ref, now);
  // A lean record holds plain arrays; ReferenceFields types `answers` as mongoose's DocumentArray.
  const saved = { ...ref, ...fields, draftRev: newRev } as unknown as ReferenceRecord;
  return { kind: 'saved', savedAt: now, rev: newRev, ref: saved };
}

/** The submission, in the same single update as its last draft; only the first of two lands. */
export async function submit(
  ref: ReferenceRecord,
  draft: Draft,
  rev: number,
  meta: { ip?: string; userAgent?: string },
  now: Date,
): Promise<WriteOutcome> {
  const submission = defined({ ip: meta.ip, userAgent: meta.userAgent?.slice(0, 500), at: now });
  const newRev = await writeDraft(ref, rev, now, {
    ...draftFields(ref, draft, now),
    status: 'submitted',
    submittedAt: now,
    submission,
  });
  if (newRev === null) return explainMiss(ref, now);
  return { kind: 'submitted', submittedAt: now };
}

/** Declining keeps any draft as it is; the link then shows that they declined. */
export async function decline(
  ref: ReferenceRecord,
  reason: string | undefined,
  now: Date,
): Promise<WriteOutcome> {
  const done = await Reference.findOneAndUpdate(
    openFilter(ref, now),
    { $set: { status: 'declined', declinedAt: now, ...(reason ? { declineReason: reason } : {}) } },
    { returnDocument: 'after', projection: { _id: 1 } },
  ).lean();
  if (done) return { kind: 'declined' };
  const fresh = await Reference.findById(ref._id, UNUSED).lean<ReferenceRecord>();
  const state = fresh?.tokenHash === ref.tokenHash ? linkState(fresh, now) : 'invalid';
  // Still open means the write lost a race with nothing we know of: treat it as not found.
  return { kind: 'closed', state: state === 'open' ? 'invalid' : state };
}
