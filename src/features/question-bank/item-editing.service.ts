/**
 * Editing a bank item: its text, probes, rating guide and sample answers, or its text with the
 * rating guide written again for it. A change by a person makes the item theirs, and an approved
 * item goes back to draft for review. The quality gate does not block saving (a person may be
 * midway through a fix); the problems are reported, and guides refuse to publish them.
 */
import { ValidationError } from '../../lib/errors.js';
import type { GeneratorKind } from '../generators/types.js';
import { regenerateGuide } from './guide-regeneration.js';
import { itemProblems, type TextProblem } from './item-quality.js';
import type { EditItemInput } from './question-bank.schemas.js';
import { findItem, type Actor } from './question-bank.service.js';
import type { QuestionItemDoc } from './question-item.model.js';

const sameList = (a: string[] = [], b: string[] = []) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

type Guide = { value: number; label: string; description: string }[];
type Answers = { weak?: string; acceptable?: string; strong?: string };

const plainGuide = (item: QuestionItemDoc): Guide =>
  (item.ratingGuide ?? []).map((g) => ({
    value: Number(g.value),
    label: g.label ?? '',
    description: g.description ?? '',
  }));

/** The guide the person typed: the item's scale points with their new descriptions. */
function typedGuide(item: QuestionItemDoc, lines: string[]): Guide {
  const now = plainGuide(item);
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

function typedAnswers(item: QuestionItemDoc, input: EditItemInput): Answers {
  const had = item.sampleAnswers ?? {};
  const fields: Record<string, string> = {};
  for (const k of ['weak', 'acceptable', 'strong'] as const)
    if (had[k] && !input[k]) fields[k] = `Enter the ${k} answer.`;
  if (Object.keys(fields).length) throw new ValidationError('Sample answers cannot be left empty.', fields);
  return { weak: input.weak, acceptable: input.acceptable, strong: input.strong };
}

export interface EditOutcome {
  item: QuestionItemDoc;
  changed: boolean;
  /** The guide was written again for the edited text. */
  regenerated: boolean;
  /** The text changed but its rating guide was kept: the page offers to write it again. */
  guideMayBeStale: boolean;
  problems: TextProblem[];
}

export async function editItem(itemId: string, input: EditItemInput, by: Actor): Promise<EditOutcome> {
  const item = await findItem(itemId);
  const oldText = item.text;
  let guide = plainGuide(item);
  const had = item.sampleAnswers ?? {};
  let answers: Answers = {
    weak: had.weak ?? undefined,
    acceptable: had.acceptable ?? undefined,
    strong: had.strong ?? undefined,
  };
  let scoringNotes = item.scoringNotes ?? undefined;
  if (input.regenerateGuide) {
    const fresh = await regenerateGuide(String(item.competency), {
      kind: item.kind as GeneratorKind,
      level: item.level,
      text: input.text,
      scaleKey: item.ratingScaleKey ?? undefined,
    });
    guide = fresh.ratingGuide;
    if (fresh.sampleAnswers) answers = { ...fresh.sampleAnswers };
    scoringNotes = fresh.scoringNotes ?? scoringNotes;
  } else {
    if (input.guide) guide = typedGuide(item, input.guide);
    if (input.answers) answers = typedAnswers(item, input);
  }
  const p = item.probes ?? { situation: [], action: [], result: [] };
  const before = item.sampleAnswers ?? {};
  const changed =
    item.text !== input.text ||
    !sameList(p.situation, input.situation) ||
    !sameList(p.action, input.action) ||
    !sameList(p.result, input.result) ||
    JSON.stringify(guide) !== JSON.stringify(plainGuide(item)) ||
    (['weak', 'acceptable', 'strong'] as const).some((k) => (before[k] ?? undefined) !== answers[k]) ||
    scoringNotes !== (item.scoringNotes ?? undefined);
  if (changed) {
    item.text = input.text;
    item.probes = { situation: input.situation, action: input.action, result: input.result };
    item.set('ratingGuide', guide);
    item.set('sampleAnswers', answers.weak || answers.acceptable || answers.strong ? answers : undefined);
    item.scoringNotes = scoringNotes;
    item.provenance = { type: 'written', source: item.provenance?.source, by: by._id, byName: by.name };
    if (item.status === 'approved') {
      item.status = 'draft';
      item.approvedBy = undefined;
      item.approvedAt = undefined;
    }
    item.updatedBy = by._id;
    await item.save();
  }
  return {
    item,
    changed,
    regenerated: input.regenerateGuide && changed,
    guideMayBeStale: oldText !== input.text && !input.regenerateGuide && guide.length > 0,
    problems: itemProblems(item),
  };
}
