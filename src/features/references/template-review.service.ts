/**
 * The reference questionnaire's review: before any request goes out, someone on the hiring team (a
 * manager or admin allowed on the position) reads the questions and marks them reviewed. The mark
 * records who and when; any later change to the questions removes it (reference-template.service's
 * edit), so what is sent is always what someone read.
 */
import type { Types } from 'mongoose';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import { findPosition, type Actor } from '../positions/positions.service.js';
import { ReferenceTemplate } from './reference-template.model.js';
import {
  ensureTemplate,
  questionCount,
  templateSettingsOf,
  TEMPLATE_CHANGED,
} from './reference-template.service.js';

export const NOT_REVIEWED =
  'The reference questionnaire has not been reviewed since it was last changed: someone on the hiring team must read it and mark it reviewed before requests are sent. Nothing was sent.';
export const NOTHING_TO_REVIEW =
  'The questionnaire has no questions to review: add some or generate them again first.';

/** The review of the position's current questions, or null when they need review (or do not exist yet). */
export async function reviewOf(positionId: Types.ObjectId) {
  return (await templateSettingsOf(positionId)).review;
}

/** Refuses (409, nothing written) while the position's questions are not reviewed. */
export async function assertReviewed(positionId: Types.ObjectId): Promise<void> {
  if (!(await reviewOf(positionId))) throw new ConflictError(NOT_REVIEWED);
}

/**
 * Marks the questions reviewed, as of the revision the reviewer read (`rev`): if they changed
 * since, the reviewer has not read them (409). Marking reviewed questions again keeps the first mark.
 */
export async function markReviewed(positionId: string, rev: number, user: Actor, now = new Date()) {
  const position = await findPosition(positionId, user);
  const t = await ensureTemplate(position, user);
  if (t.rev !== rev) throw new ConflictError(TEMPLATE_CHANGED);
  if (!questionCount(t)) throw new ValidationError(NOTHING_TO_REVIEW);
  if (t.review) return { review: t.review, already: true };
  const review = { by: user._id, byName: user.name, at: now };
  const updated = await ReferenceTemplate.findOneAndUpdate(
    { _id: t._id, rev, review: { $exists: false } },
    { $set: { review } },
    { returnDocument: 'after', projection: { review: 1 } },
  ).lean();
  if (updated) return { review, already: false };
  // Changed or reviewed meanwhile: a second reviewer's mark is fine, a change is not.
  const fresh = await ReferenceTemplate.findById(t._id, { rev: 1, review: 1 }).lean();
  if (fresh?.rev === rev && fresh.review?.at)
    return { review: { byName: fresh.review.byName ?? '', at: fresh.review.at }, already: true };
  throw new ConflictError(TEMPLATE_CHANGED);
}
