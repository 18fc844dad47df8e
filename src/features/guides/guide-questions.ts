/** Questions for a guide section: approved bank items, or fresh generator output (behavioral, situational). */
import { Types } from 'mongoose';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import type { GeneratedItem, ScaleLike } from '../generators/types.js';
import { generate } from '../generators/index.js';
import { loadGeneratorSource, type GeneratorSource } from '../question-bank/generator-source.js';
import { listApprovedItems } from '../question-bank/question-bank.service.js';
import { QuestionItem } from '../question-bank/question-item.model.js';

export const GUIDE_KINDS = ['behavioral', 'situational'] as const;
export type GuideKind = (typeof GUIDE_KINDS)[number];
const STARTERS = 2;

const probesOf = (p?: { situation?: string[]; action?: string[]; result?: string[] } | null) => ({
  situation: [...(p?.situation ?? [])],
  action: [...(p?.action ?? [])],
  result: [...(p?.result ?? [])],
});

/** Behavioral and situational output of the generators for a level and scale, each with its index within its kind. */
export function generatedFor(source: GeneratorSource, level: number, scale: ScaleLike) {
  const out: { kind: GuideKind; index: number; item: GeneratedItem }[] = [];
  for (const kind of GUIDE_KINDS) {
    const items = generate({
      competency: source.like,
      level,
      ratingScale: scale,
      proficiencyScale: source.proficiencyScale,
      kinds: [kind],
    });
    items.forEach((item, index) => out.push({ kind, index, item }));
  }
  return out;
}

/** Approved behavioral and situational items of the bank, the required level first. */
export async function bankChoices(competencyId: string, level: number) {
  const items = (await listApprovedItems(competencyId)).filter((i) =>
    (GUIDE_KINDS as readonly string[]).includes(i.kind),
  );
  return [...items.filter((i) => i.level === level), ...items.filter((i) => i.level !== level)];
}

export function fromGenerated(
  kind: GuideKind,
  index: number,
  level: number,
  item: GeneratedItem,
  scale: ScaleLike,
) {
  return {
    _id: new Types.ObjectId(),
    kind,
    text: item.text,
    probes: probesOf(item.probes),
    ratingGuide: item.ratingGuide ?? [],
    sampleAnswers: item.sampleAnswers,
    source: { type: 'generated' as const, level, index, scaleKey: scale.key ?? undefined },
  };
}

type BankItem = Awaited<ReturnType<typeof listApprovedItems>>[number];
export function fromBank(item: BankItem) {
  return {
    _id: new Types.ObjectId(),
    kind: item.kind as GuideKind,
    text: item.text,
    probes: probesOf(item.probes),
    ratingGuide: (item.ratingGuide ?? []).map((r) => ({
      value: r.value,
      label: r.label,
      description: r.description,
    })),
    sampleAnswers: item.sampleAnswers ?? undefined,
    source: {
      type: 'bank' as const,
      item: item._id,
      level: item.level,
      scaleKey: item.ratingScaleKey ?? undefined,
    },
  };
}

/** A new section's questions: approved bank items at the required level, else the first generated behavioral ones. */
export async function starterQuestions(competencyId: string, level: number, scale: ScaleLike) {
  const bank = (await bankChoices(competencyId, level)).filter((i) => i.level === level).slice(0, STARTERS);
  if (bank.length) return bank.map(fromBank);
  try {
    const source = await loadGeneratorSource(competencyId);
    return generatedFor(source, level, scale)
      .filter((g) => g.kind === 'behavioral')
      .slice(0, STARTERS)
      .map((g) => fromGenerated(g.kind, g.index, level, g.item, scale));
  } catch {
    return [];
  }
}

/** One approved bank item of this competency, as a guide question. */
export async function bankQuestion(competencyId: string, itemId: string) {
  const item = /^[0-9a-f]{24}$/i.test(itemId)
    ? await QuestionItem.findOne({ _id: itemId, competency: competencyId, status: 'approved' }).lean()
    : null;
  if (!item || !(GUIDE_KINDS as readonly string[]).includes(item.kind))
    throw new NotFoundError(
      'That question is not an approved behavioral or situational question of this competency.',
    );
  return fromBank(item as BankItem);
}

/** The generated question at `index` of `kind`, generated again (the generators are deterministic). */
export async function generatedQuestion(
  competencyId: string,
  kind: GuideKind,
  index: number,
  level: number,
  scale: ScaleLike,
) {
  const source = await loadGeneratorSource(competencyId);
  if (!source.levels.some((l) => l.value === level))
    throw new ValidationError('Choose a level from the list.', { level: 'Choose a level from the list.' });
  const found = generatedFor(source, level, scale).find((g) => g.kind === kind && g.index === index);
  if (!found) throw new ValidationError('The generated questions have changed. Open the list again.');
  return fromGenerated(kind, index, level, found.item, scale);
}
