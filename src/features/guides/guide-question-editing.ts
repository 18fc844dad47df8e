/**
 * Editing one question of a guide's draft: its text and probes, its rating guide and sample
 * answers, or its text with the rating guide written again for it (server-side, by the
 * generators, for the guide's scale). The quality gate does not block saving; it blocks publishing.
 */
import { ValidationError } from '../../lib/errors.js';
import { regenerateGuide } from '../question-bank/guide-regeneration.js';
import { itemProblems, type TextProblem } from '../question-bank/item-quality.js';
import type { Actor } from '../positions/positions.service.js';
import { markChanged, questionOf, sectionOf } from './guide-editing.service.js';
import type { GuideDoc } from './guide.model.js';
import type { QuestionEdit } from './guides.schemas.js';

type Guide = { value: number; label: string; description: string }[];
type Answers = { weak?: string; acceptable?: string; strong?: string };

const same = (a: string[] = [], b: string[] = []) => a.length === b.length && a.every((x, i) => x === b[i]);

function typedGuide(now: Guide, lines: string[]): Guide {
  if (lines.length !== now.length)
    throw new ValidationError(
      `The rating guide has ${now.length} scale points; send one text for each (${lines.length} sent).`,
      { guide: 'Send one text for each scale point.' },
    );
  const fields: Record<string, string> = {};
  lines.forEach((l, i) => {
    if (!l) fields[`guide.${i}`] = `Describe what an answer at ${now[i].value} (${now[i].label}) shows.`;
  });
  if (Object.keys(fields).length)
    throw new ValidationError('Every point of the rating guide needs a description.', fields);
  return now.map((g, i) => ({ ...g, description: lines[i] }));
}

function typedAnswers(had: Answers, edit: QuestionEdit): Answers {
  const fields: Record<string, string> = {};
  for (const k of ['weak', 'acceptable', 'strong'] as const)
    if (had[k] && !edit[k]) fields[k] = `Enter the ${k} answer.`;
  if (Object.keys(fields).length) throw new ValidationError('Sample answers cannot be left empty.', fields);
  return { weak: edit.weak, acceptable: edit.acceptable, strong: edit.strong };
}

export async function editQuestion(
  guide: GuideDoc,
  sectionId: string,
  questionId: string,
  edit: QuestionEdit,
  by: Actor,
): Promise<{ changed: boolean; regenerated: boolean; guideMayBeStale: boolean; problems: TextProblem[] }> {
  const section = sectionOf(guide, sectionId);
  const q = questionOf(section, questionId);
  const oldText = q.text;
  const oldGuide: Guide = (q.ratingGuide ?? []).map((g) => ({
    value: Number(g.value),
    label: g.label ?? '',
    description: g.description ?? '',
  }));
  const had: Answers = {
    weak: q.sampleAnswers?.weak ?? undefined,
    acceptable: q.sampleAnswers?.acceptable ?? undefined,
    strong: q.sampleAnswers?.strong ?? undefined,
  };
  let ratingGuide = oldGuide;
  let answers = had;
  if (edit.regenerateGuide) {
    if (q.source?.level == null)
      throw new ValidationError(
        'This question does not record its level, so its rating guide cannot be regenerated.',
      );
    const fresh = await regenerateGuide(String(section.competency), {
      kind: q.kind,
      level: q.source.level,
      text: edit.text,
      scaleKey: guide.ratingScale.key ?? undefined,
    });
    ratingGuide = fresh.ratingGuide;
    if (fresh.sampleAnswers) answers = { ...fresh.sampleAnswers };
  } else {
    if (edit.guide) ratingGuide = typedGuide(oldGuide, edit.guide);
    if (edit.answers) answers = typedAnswers(had, edit);
  }
  const p = q.probes ?? { situation: [], action: [], result: [] };
  const changed =
    q.text !== edit.text ||
    !same(p.situation, edit.situation) ||
    !same(p.action, edit.action) ||
    !same(p.result, edit.result) ||
    JSON.stringify(ratingGuide) !== JSON.stringify(oldGuide) ||
    (['weak', 'acceptable', 'strong'] as const).some((k) => had[k] !== answers[k]);
  if (changed) {
    q.text = edit.text;
    q.probes = { situation: edit.situation, action: edit.action, result: edit.result };
    q.set('ratingGuide', ratingGuide);
    q.set('sampleAnswers', answers.weak || answers.acceptable || answers.strong ? answers : undefined);
    await markChanged(guide, by);
  }
  const problems = itemProblems({ text: q.text, probes: q.probes, ratingGuide, sampleAnswers: answers });
  return {
    changed,
    regenerated: changed && edit.regenerateGuide,
    guideMayBeStale: oldText !== edit.text && !edit.regenerateGuide && ratingGuide.length > 0,
    problems,
  };
}
