/**
 * A panelist's independent ratings: who may score, and autosave (one conditional upsert per section,
 * so concurrent saves of different sections, or of the value and the note of one section, never
 * overwrite each other). Submitting is in rating-submit.service.ts.
 */
import { Types } from 'mongoose';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { FrozenGuide, FrozenSection } from '../guides/frozen-guide.js';
import { Interview } from '../interviews/interview.model.js';
import {
  panelContext,
  seatContext,
  sectionOf,
  type PanelContext,
  type SeatContext,
} from '../interviews/panel-context.js';
import { panelEvents } from '../../live/event-bus.js';
import type { Actor } from '../positions/positions.service.js';
import { Rating } from './rating.model.js';
import { upsertRating, type RatingWritten } from './rating-write.js';
import { pointsOf, type RatingInput } from './scoring.schemas.js';

export const NOT_ON_PANEL =
  'Only the panelists of this interview score it. As a manager of the position you can follow it on the panel board once it is under way.';
export const CANCELLED = 'This interview was cancelled: there is nothing to score.';
export const COMPLETE = 'This interview is complete: its ratings are locked.';
export const SUBMITTED =
  'You have submitted your ratings, so they are locked. Changes are made in the consensus step on the panel board.';

/**
 * A panelist's context: 403 for anyone not on the interview's panel (managers included). With
 * `seatOnly` (the autosave) only what acting on one's own seat needs is read (seatContext).
 */
export async function scoringContext(
  interviewId: string,
  user: Actor,
  options: { seatOnly: true },
): Promise<SeatContext>;
export async function scoringContext(interviewId: string, user: Actor): Promise<PanelContext>;
export async function scoringContext(
  interviewId: string,
  user: Actor,
  options: { seatOnly?: boolean } = {},
): Promise<SeatContext> {
  const ctx = options.seatOnly ? await seatContext(interviewId, user) : await panelContext(interviewId, user);
  if (!ctx?.me) throw new ForbiddenError(NOT_ON_PANEL);
  return ctx;
}

/** Why this panelist may no longer change their ratings here, or null while they may. */
export function lockedReason(ctx: SeatContext): string | null {
  if (ctx.phase === 'cancelled') return CANCELLED;
  if (ctx.phase === 'complete') return COMPLETE;
  if (ctx.me?.submittedAt) return SUBMITTED;
  return null;
}

export function sectionOrThrow(guide: FrozenGuide, sectionId: string): FrozenSection {
  const section = sectionOf(guide, sectionId);
  if (!section) throw new NotFoundError('This interview guide has no such section.');
  return section;
}

export interface SavedRating {
  section: string;
  value: number | null;
  note: string;
  rev: number;
  savedAt: Date;
}

/** The panelist's ratings of one interview, by section id. */
export async function myRatings(interviewId: Types.ObjectId | string, panelistId: Types.ObjectId | string) {
  const rows = await Rating.find(
    { interview: new Types.ObjectId(String(interviewId)), panelist: new Types.ObjectId(String(panelistId)) },
    'section value note rev locked submittedValue submittedAt updatedAt',
  ).lean();
  return new Map(rows.map((r) => [r.section, r]));
}

const isDuplicateKey = (e: unknown) => (e as { code?: number })?.code === 11000;
export const isBlank = (note: string | null | undefined) => !note || note.trim() === '';

/** scheduled -> in-progress on the first save; refuses (409) an interview cancelled meanwhile. */
async function markStarted(ctx: SeatContext) {
  if (ctx.interview.status !== 'scheduled') return;
  const { _id } = ctx.interview;
  const now = new Date();
  const r = await Interview.updateOne(
    { _id, status: 'scheduled' },
    { $set: { status: 'in-progress', startedAt: now } },
  );
  if (r.modifiedCount === 1) return;
  const fresh = await Interview.findById(_id, 'status').lean();
  if (fresh?.status === 'cancelled') throw new ConflictError(CANCELLED);
}

/**
 * Saves the fields sent (and only those) of one section. A locked rating never matches the filter,
 * so the upsert then tries an insert that the unique index refuses: 409. Two first saves of one
 * section racing each other meet the same refusal (against an unlocked rating); the loser retries.
 */
export async function saveRating(ctx: SeatContext, sectionId: string, input: RatingInput) {
  if (!ctx.me) throw new ForbiddenError(NOT_ON_PANEL);
  const section = sectionOrThrow(ctx.guide, sectionId);
  const reason = lockedReason(ctx);
  if (reason) throw new ConflictError(reason);
  if (input.value != null && !pointsOf(ctx.guide).includes(input.value))
    throw new ValidationError('Choose a rating on the scale.', { value: 'Choose a rating on the scale.' });
  await markStarted(ctx);

  const key = { interview: ctx.interview._id, panelist: new Types.ObjectId(ctx.me.id), section: section.id };
  const origin = {
    position: ctx.interview.position,
    candidate: ctx.interview.candidate,
    competency: new Types.ObjectId(section.competencyId),
  };
  let written: RatingWritten | null = null;
  for (let attempt = 0; !written; attempt++) {
    try {
      written = await upsertRating(key, input, origin);
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      if (attempt >= 2 || (await Rating.exists({ ...key, locked: true }))) throw new ConflictError(SUBMITTED);
    }
  }
  const result: SavedRating = { section: section.id, ...written };
  const id = String(ctx.interview._id);
  // Progress goes to everyone watching, so it carries flags only: never a value or a note. Both
  // events are one insert (the live bus numbers them by storing them).
  await panelEvents.publishAll(id, [
    {
      type: 'progress',
      data: {
        panelist: ctx.me.id,
        section: section.id,
        rated: result.value != null,
        noted: !isBlank(result.note),
      },
    },
    {
      type: 'saved',
      data: { section: result.section, value: result.value, note: result.note, rev: result.rev },
      to: [ctx.me.id],
    },
  ]);
  return result;
}

/** Loads the scoring context for `interviewId` and the panelist's ratings. */
export async function scoringPage(interviewId: string, user: Actor) {
  const ctx = await scoringContext(interviewId, user);
  const ratings = await myRatings(ctx.interview._id, ctx.me!.id);
  return { ctx, ratings };
}
