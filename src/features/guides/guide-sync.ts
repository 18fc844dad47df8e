/** Keeping a guide's sections in step with its position's competencies. */
import { Types } from 'mongoose';
import type { PositionView } from '../positions/position-view.js';
import type { Actor } from '../positions/positions.service.js';
import { markChanged } from './guide-editing.service.js';
import { DEFAULT_MINUTES, findScale } from './guides.service.js';
import { starterQuestions } from './guide-questions.js';
import type { GuideDoc } from './guide.model.js';

/** Sections follow the position: a section for each new competency, none for a removed one. */
export async function syncSections(guide: GuideDoc, position: PositionView, by: Actor) {
  const wanted = new Set(position.competencies.map((c) => c.competencyId));
  const kept = guide.sections.filter((s) => wanted.has(String(s.competency)));
  const have = new Set(kept.map((s) => String(s.competency)));
  const scale = await findScale(guide.ratingScale.key ?? undefined);
  const added = [];
  for (const c of position.competencies.filter((x) => !have.has(x.competencyId)))
    added.push({
      _id: new Types.ObjectId(),
      competency: new Types.ObjectId(c.competencyId),
      minutes: DEFAULT_MINUTES,
      questions: await starterQuestions(c.competencyId, c.requiredLevel, scale),
    });
  if (!added.length && kept.length === guide.sections.length) return false;
  guide.set('sections', [...kept.map((s) => s.toObject()), ...added]);
  await markChanged(guide, by);
  return true;
}

/** Whether the sections cover exactly the position's competencies. */
export function inSync(guide: GuideDoc, position: PositionView): boolean {
  const wanted = position.competencies.map((c) => c.competencyId).sort();
  const have = guide.sections.map((s) => String(s.competency)).sort();
  return wanted.length === have.length && wanted.every((x, i) => x === have[i]);
}
