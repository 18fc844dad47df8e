/**
 * The consensus step (every panelist has submitted, the interview is not complete): panelists may
 * change their own submitted ratings, with a reason; the chair records a consensus rating and
 * rationale per competency and the overall recommendation; every panelist signs off the consensus
 * they saw; the last sign-off completes and locks the interview. Every change is appended to the
 * audit trail (RatingChange) and published to the board.
 */
import { Types } from 'mongoose';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { Interview, RECOMMENDATION_LABELS, type Recommendation } from '../interviews/interview.model.js';
import { sectionOf, type PanelContext } from '../interviews/panel-context.js';
import { RatingChange } from '../scoring/rating-change.model.js';
import { Rating } from '../scoring/rating.model.js';
import { panelEvents, type PanelEventType } from '../../live/event-bus.js';
import type { ConsensusInput, RatingChangeInput, RecommendationInput } from './panel.schemas.js';

const NOT_CONSENSUS: Record<string, string> = {
  scheduled: 'The consensus step starts once every panelist has submitted their ratings.',
  scoring: 'The consensus step starts once every panelist has submitted their ratings.',
  complete: 'This interview is complete: its ratings and consensus are locked.',
  cancelled: 'This interview was cancelled.',
};

function inConsensus(ctx: PanelContext) {
  if (ctx.phase !== 'consensus') throw new ConflictError(NOT_CONSENSUS[ctx.phase]);
}

function section(ctx: PanelContext, sectionId: string) {
  const s = sectionOf(ctx.guide, sectionId);
  if (!s) throw new NotFoundError('This interview guide has no such competency section.');
  return s;
}

function onScale(ctx: PanelContext, value: number) {
  const points = ctx.guide.ratingScale.points.map((p) => p.value);
  if (!points.includes(value))
    throw new ValidationError('Choose a rating on the scale.', {
      value: `Choose one of ${points.join(', ')}.`,
    });
}

const changed = async (interview: string, type: PanelEventType, data = {}) => {
  await panelEvents.publish(interview, type, data);
};

/** A panelist changes their own submitted rating during the consensus step, giving a reason. */
export async function changeOwnRating(
  ctx: PanelContext,
  sectionId: string,
  input: RatingChangeInput,
  by: Types.ObjectId,
) {
  if (!ctx.me) throw new ForbiddenError('Only the panel’s members change their own ratings.');
  inConsensus(ctx);
  const s = section(ctx, sectionId);
  onScale(ctx, input.value);
  const current = await Rating.findOne({ interview: ctx.interview._id, panelist: by, section: s.id }).lean();
  if (!current || current.value == null)
    throw new NotFoundError('You have no submitted rating for this competency.');
  if (current.value === input.value)
    throw new ValidationError('That is already your rating.', {
      value: 'Choose a different rating, or leave it.',
    });
  // Conditional on the value we read: two tabs changing the same rating cannot both win silently.
  const res = await Rating.updateOne(
    { _id: current._id, value: current.value },
    { $set: { value: input.value }, $inc: { rev: 1 } },
  );
  if (!res.modifiedCount)
    throw new ConflictError('This rating changed meanwhile: reload the board and try again.');
  await RatingChange.create({
    interview: ctx.interview._id,
    kind: 'rating',
    panelist: by,
    section: s.id,
    competency: new Types.ObjectId(s.competencyId),
    from: current.value,
    to: input.value,
    why: input.why,
    by,
  });
  await changed(String(ctx.interview._id), 'rating-changed', {
    panelist: String(by),
    section: s.id,
    from: current.value,
    to: input.value,
  });
}

function chairOnly(ctx: PanelContext) {
  if (!ctx.isChair) throw new ForbiddenError('Only the chair records the consensus.');
  inConsensus(ctx);
}

/** Clears every sign-off (the consensus they signed changed) and tells the board. */
async function signOffsCleared(ctx: PanelContext) {
  if (ctx.panel.some((p) => p.signedOffAt))
    await changed(String(ctx.interview._id), 'signoff', { cleared: true });
}

/** The chair records (or revises) the consensus rating of one competency with its rationale. */
export async function recordConsensus(
  ctx: PanelContext,
  sectionId: string,
  input: ConsensusInput,
  by: Types.ObjectId,
) {
  chairOnly(ctx);
  const s = section(ctx, sectionId);
  onScale(ctx, input.value);
  const before = ctx.interview.consensus.find((c) => c.section === s.id);
  const now = new Date();
  const entry = {
    section: s.id,
    competency: new Types.ObjectId(s.competencyId),
    value: input.value,
    rationale: input.rationale,
    by,
    at: now,
  };
  const open = { _id: ctx.interview._id, status: 'in-progress' as const };
  const clear = { 'panel.$[].signedOffAt': null };
  // Replace the section's entry when there is one, else append it; either way one atomic update
  // that also clears the sign-offs and bumps the revision they refer to.
  let res = await Interview.updateOne(
    { ...open, 'consensus.section': s.id },
    { $set: { 'consensus.$': entry, ...clear }, $inc: { consensusRev: 1 } },
  );
  if (!res.matchedCount)
    res = await Interview.updateOne(
      { ...open, 'consensus.section': { $ne: s.id } },
      { $push: { consensus: entry }, $set: clear, $inc: { consensusRev: 1 } },
    );
  if (!res.matchedCount)
    throw new ConflictError('This interview changed meanwhile: reload the board and try again.');
  await RatingChange.create({
    interview: ctx.interview._id,
    kind: 'consensus',
    section: s.id,
    competency: entry.competency,
    from: before?.value ?? null,
    to: input.value,
    why: input.rationale,
    by,
    at: now,
  });
  await changed(String(ctx.interview._id), 'consensus', { section: s.id, value: input.value });
  await signOffsCleared(ctx);
}

/** The chair records (or revises) the overall recommendation. */
export async function recordRecommendation(
  ctx: PanelContext,
  input: RecommendationInput,
  by: Types.ObjectId,
) {
  chairOnly(ctx);
  const before = (ctx.interview.recommendation?.value ?? null) as Recommendation | null;
  const now = new Date();
  const res = await Interview.updateOne(
    { _id: ctx.interview._id, status: 'in-progress' as const },
    {
      $set: {
        recommendation: { value: input.value, rationale: input.rationale, by, at: now },
        'panel.$[].signedOffAt': null,
      },
      $inc: { consensusRev: 1 },
    },
  );
  if (!res.matchedCount)
    throw new ConflictError('This interview changed meanwhile: reload the board and try again.');
  await RatingChange.create({
    interview: ctx.interview._id,
    kind: 'recommendation',
    from: before,
    to: input.value,
    why: input.rationale,
    by,
    at: now,
  });
  await changed(String(ctx.interview._id), 'recommendation', {
    value: input.value,
    label: RECOMMENDATION_LABELS[input.value],
  });
  await signOffsCleared(ctx);
}

/** What still stands between the panel and signing off, in words; empty when they can. */
export function missingForSignOff(ctx: PanelContext): string[] {
  const have = new Set(ctx.interview.consensus.map((c) => c.section));
  const missing = ctx.guide.sections
    .filter((s) => !have.has(s.id))
    .map((s) => `a consensus rating for ${s.competencyName}`);
  if (!ctx.interview.recommendation?.value) missing.push('the overall recommendation');
  return missing;
}

/**
 * A panelist signs off the consensus at the revision they saw. The last sign-off completes the
 * interview (status complete, locked).
 */
export async function signOff(ctx: PanelContext, consensusRev: number, by: Types.ObjectId) {
  if (!ctx.me) throw new ForbiddenError('Only the panel’s members sign off.');
  inConsensus(ctx);
  if (ctx.me.signedOffAt) throw new ConflictError('You have already signed off.');
  const missing = missingForSignOff(ctx);
  if (missing.length) throw new ValidationError(`The chair has yet to record ${joinAnd(missing)}.`);
  const res = await Interview.updateOne(
    {
      _id: ctx.interview._id,
      status: 'in-progress' as const,
      consensusRev,
      panel: { $elemMatch: { user: by, signedOffAt: null } },
    },
    { $set: { 'panel.$.signedOffAt': new Date() } },
  );
  if (!res.modifiedCount)
    throw new ConflictError(
      'The consensus changed since you loaded the board: review it and sign off again.',
    );
  const id = String(ctx.interview._id);
  await changed(id, 'signoff', { panelist: String(by), signedOff: true });
  const done = await Interview.updateOne(
    {
      _id: ctx.interview._id,
      status: 'in-progress' as const,
      panel: { $not: { $elemMatch: { signedOffAt: null } } },
    },
    { $set: { status: 'complete', completedAt: new Date() } },
  );
  if (done.modifiedCount) await changed(id, 'completed');
  return { completed: done.modifiedCount > 0 };
}

export const joinAnd = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** The audit trail, oldest first, with names. */
export async function auditTrail(interview: Types.ObjectId) {
  return RatingChange.find({ interview }).sort({ at: 1, _id: 1 }).lean();
}
