/** Interview guides: creating one for a position, finding it with the position's permissions, scales. */
import { Types } from 'mongoose';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { listScales } from '../competencies/library.service.js';
import { DEFAULT_RATING_SCALE } from '../generators/index.js';
import type { ScaleLike } from '../generators/types.js';
import { toScaleLike } from '../question-bank/generator-source.js';
import { positionView } from '../positions/position-view.js';
import { Position, type PositionDoc } from '../positions/position.model.js';
import { canAccess, findPosition, type Actor } from '../positions/positions.service.js';
import { starterQuestions } from './guide-questions.js';
import { Guide, type GuideDoc } from './guide.model.js';

/** Prefilled panel instructions (OPM structured-interview practice). */
export const DEFAULT_PANEL_INSTRUCTIONS = [
  'Ask every candidate the same questions, in the same order, with the same time for each section; use only the probes written in this guide.',
  'Rate each competency independently, before any discussion with the other panelists.',
  'Take notes that justify each rating: what the candidate said about the situation, what they did and the result.',
  'Rate against the rating guide, not against the other candidates.',
  'Avoid the common rating errors: halo (one strong answer colouring the other ratings), leniency (rating everyone high), severity (rating everyone low), central tendency (rating everyone in the middle), similar-to-me (favouring candidates like yourself) and first impressions (deciding in the first minutes).',
  'After everyone has rated, the panel compares the ratings, discusses the discrepancies and records a consensus rating with its reason; changes to individual ratings are recorded.',
];
export const DEFAULT_MINUTES = 10;

const oid = (id: string) => (/^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null);

/** Scales a guide can use: the stored ones (OPM's five points, Needs Improvement / Meets / Exceeds, ...). */
export async function guideScales(): Promise<ScaleLike[]> {
  const stored = (await listScales()).map((s) => toScaleLike(s)).filter((s): s is ScaleLike => !!s);
  if (!stored.some((s) => s.key === DEFAULT_RATING_SCALE.key)) stored.unshift(DEFAULT_RATING_SCALE);
  const def = stored.findIndex((s) => s.key === DEFAULT_RATING_SCALE.key);
  return [stored[def], ...stored.filter((_, i) => i !== def)];
}

export async function findScale(key: string | undefined): Promise<ScaleLike> {
  const scale = (await guideScales()).find((s) => s.key === (key || DEFAULT_RATING_SCALE.key));
  if (!scale)
    throw new ValidationError('Choose a rating scale from the list.', {
      scale: 'Choose a rating scale from the list.',
    });
  return scale;
}

export const scaleCopy = (s: ScaleLike) => ({
  key: s.key ?? undefined,
  name: s.name,
  kind: s.kind ?? undefined,
  points: s.points.map((p) => ({ value: p.value, label: p.label, description: p.description ?? undefined })),
});

export async function findGuideSummary(positionId: Types.ObjectId) {
  const g = await Guide.findOne({ position: positionId }, 'status draftVersion latestVersion').lean();
  return g
    ? { id: String(g._id), status: g.status, draftVersion: g.draftVersion, latestVersion: g.latestVersion }
    : null;
}

/** Creates the guide of a position (or returns the existing one): a section per competency, starter questions. */
export async function createGuide(positionId: string, by: Actor): Promise<GuideDoc> {
  const position = await findPosition(positionId, by);
  const existing = await Guide.findOne({ position: position._id });
  if (existing) return existing;
  const view = await positionView(position);
  const scale = await findScale(undefined);
  const sections = [];
  for (const c of view.competencies)
    sections.push({
      competency: new Types.ObjectId(c.competencyId),
      minutes: DEFAULT_MINUTES,
      questions: await starterQuestions(c.competencyId, c.requiredLevel, scale),
    });
  return Guide.create({
    position: position._id,
    ratingScale: scaleCopy(scale),
    panelInstructions: DEFAULT_PANEL_INSTRUCTIONS,
    sections,
    createdBy: by._id,
    updatedBy: by._id,
  });
}

/** A guide and its position, for someone who may build it (the position's owner, sharers, admins). */
export async function findGuide(
  id: string,
  user: Actor,
): Promise<{ guide: GuideDoc; position: PositionDoc }> {
  const _id = oid(id);
  const guide = _id ? await Guide.findById(_id) : null;
  if (!guide) throw new NotFoundError('There is no such interview guide.');
  const position = await Position.findById(guide.position);
  if (!position) throw new NotFoundError('The position of this guide no longer exists.');
  if (!canAccess(position, user)) throw new ForbiddenError('This interview guide is not shared with you.');
  return { guide, position };
}
