/**
 * Submitting a panelist's ratings: lock them first (so no save can slip in between the check and
 * the copy), check that every section is complete (otherwise unlock and refuse, 422), copy each
 * value to `submittedValue`, mark the panel seat, and reveal once nobody is left to submit.
 */
import { Types } from 'mongoose';
import { ConflictError, ForbiddenError, ValidationError } from '../../lib/errors.js';
import type { FrozenGuide } from '../guides/frozen-guide.js';
import { Interview } from '../interviews/interview.model.js';
import type { PanelContext } from '../interviews/panel-context.js';
import { panelEvents } from '../../live/event-bus.js';
import { Rating } from './rating.model.js';
import { pointsOf } from './scoring.schemas.js';
import { isBlank, lockedReason, myRatings, NOT_ON_PANEL } from './scoring.service.js';

/** Every competency still lacking a rating on the scale or a non-blank note, with field messages. */
export function missingRatings(
  guide: FrozenGuide,
  ratings: Map<string, { value?: number | null; note?: string | null }>,
) {
  const points = pointsOf(guide);
  const fields: Record<string, string> = {};
  const names: string[] = [];
  for (const s of guide.sections) {
    const r = ratings.get(s.id);
    const rated = r?.value != null && points.includes(r.value);
    const noted = !isBlank(r?.note);
    if (rated && noted) continue;
    if (!rated) fields[`${s.id}.value`] = `Choose a rating for ${s.competencyName}.`;
    if (!noted) fields[`${s.id}.note`] = `Write a note that justifies the rating for ${s.competencyName}.`;
    names.push(
      `${s.competencyName} (${[!rated && 'rating', !noted && 'note'].filter(Boolean).join(' and ')})`,
    );
  }
  return names.length
    ? {
        fields,
        message: `Before you submit, give every competency a rating and a note. Missing: ${names.join('; ')}.`,
      }
    : null;
}

/**
 * Submits the panelist's ratings: lock them first (so no save can slip in between the check and
 * the copy), check that every section is complete (otherwise unlock and refuse, 422), copy each
 * value to `submittedValue`, mark the panel seat, and reveal once nobody is left to submit.
 */
export async function submitRatings(ctx: PanelContext) {
  if (!ctx.me) throw new ForbiddenError(NOT_ON_PANEL);
  const reason = lockedReason(ctx);
  if (reason) throw new ConflictError(reason);
  const interview = ctx.interview._id;
  const panelist = new Types.ObjectId(ctx.me.id);
  const mine = { interview, panelist };

  // A save racing the lock may still insert a first rating of a section; lock again until stable.
  let ratings = await lockAndRead(mine);
  for (let i = 0; i < 3 && [...ratings.values()].some((r) => !r.locked); i++)
    ratings = await lockAndRead(mine);
  const missing = missingRatings(ctx.guide, ratings);
  if (missing || [...ratings.values()].some((r) => !r.locked)) {
    await Rating.updateMany({ ...mine, submittedAt: null }, { $set: { locked: false } }, LOCK_ONLY);
    if (missing) throw new ValidationError(missing.message, missing.fields);
    throw new ConflictError('Your ratings changed while submitting. Please try again.');
  }

  const now = new Date();
  await Rating.updateMany(
    { ...mine, submittedAt: null },
    [{ $set: { submittedValue: '$value', submittedAt: now, locked: true } }],
    { updatePipeline: true },
  );
  const seat = await Interview.updateOne(
    { _id: interview, panel: { $elemMatch: { user: panelist, submittedAt: null } } },
    { $set: { 'panel.$.submittedAt': now } },
  );
  if (seat.modifiedCount !== 1) throw new ConflictError('You have already submitted your ratings.');
  const reveal = await Interview.updateOne(
    { _id: interview, revealedAt: null, panel: { $not: { $elemMatch: { submittedAt: null } } } },
    { $set: { revealedAt: now } },
  );
  const revealed = reveal.modifiedCount === 1;
  // The submit and, from the last panelist, the reveal: one insert (one write) for both events.
  await panelEvents.publishAll(String(interview), [
    { type: 'submitted', data: { panelist: ctx.me.id } },
    ...(revealed ? [{ type: 'revealed' as const }] : []),
  ]);
  return { submittedAt: now, revealed };
}

/** The lock is not an edit: a refused submit leaves each rating's "saved at" (updatedAt) as it was. */
const LOCK_ONLY = { timestamps: false } as const;

async function lockAndRead(mine: { interview: Types.ObjectId; panelist: Types.ObjectId }) {
  await Rating.updateMany(mine, { $set: { locked: true } }, LOCK_ONLY);
  return myRatings(mine.interview, mine.panelist);
}
