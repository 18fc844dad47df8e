/** The question bank: saving generated and hand-written items, review (edit, approve, archive), reading. */
import { Types } from 'mongoose';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import type { GeneratedItem, GeneratorKind } from '../generators/types.js';
import { DEFAULT_SCALE_KEY, generateFor, type GeneratorSource } from './generator-source.js';
import type { SaveGeneratedInput, WrittenItemInput } from './question-bank.schemas.js';
import { QuestionItem, type QuestionItemDoc } from './question-item.model.js';

export interface Actor {
  _id: Types.ObjectId;
  name: string;
}

const oid = (id: string) => (/^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null);
const sameList = (a: string[] = [], b: string[] = []) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

function levelLabel(source: GeneratorSource, level: number): string | undefined {
  return source.levels.find((l) => l.value === level)?.label;
}

function assertLevel(source: GeneratorSource, level: number): void {
  if (!source.levels.some((l) => l.value === level))
    throw new ValidationError('Choose a level from the list.', { level: 'Choose a level from the list.' });
}

/**
 * Saves the selected generated items as drafts. The server generates again from the same inputs
 * (the generators are deterministic) and compares: an item whose text or probes the person changed
 * is recorded as written by them; the rating guide and sample answers always come from the generator.
 */
export async function saveGenerated(source: GeneratorSource, input: SaveGeneratedInput, by: Actor) {
  const generated = generateFor(source, {
    level: input.level,
    scaleKey: input.scale,
    context: { jobTitle: input.jobTitle, candidateName: input.candidateName },
  });
  const docs = input.items
    .filter((row) => row.selected)
    .map((row) => {
      const original: GeneratedItem | undefined = generated[row.index];
      if (!original)
        throw new ValidationError(
          'The generated questions have changed since you opened the page. Generate them again.',
        );
      const probes = original.probes
        ? { situation: row.situation, action: row.action, result: row.result }
        : undefined;
      const edited =
        row.text !== original.text ||
        (probes !== undefined &&
          (!sameList(probes.situation, original.probes!.situation) ||
            !sameList(probes.action, original.probes!.action) ||
            !sameList(probes.result, original.probes!.result)));
      return {
        competency: source.competency._id,
        kind: original.kind,
        variant: original.variant,
        level: original.level,
        levelLabel: levelLabel(source, original.level),
        text: row.text!,
        probes,
        ratingGuide: original.ratingGuide ?? [],
        sampleAnswers: original.sampleAnswers,
        themes: original.themes ?? [],
        scenarioId: original.scenarioId,
        scoringNotes: original.scoringNotes,
        ratingOptions: original.ratingOptions ?? [],
        ratingScaleKey: original.ratingGuide ? (input.scale ?? DEFAULT_SCALE_KEY) : undefined,
        provenance: edited
          ? { type: 'written' as const, source: original.source, by: by._id, byName: by.name }
          : { type: 'generated' as const, source: original.source },
        status: 'draft' as const,
        createdBy: by._id,
      };
    });
  return QuestionItem.insertMany(docs);
}

export async function createWritten(source: GeneratorSource, input: WrittenItemInput, by: Actor) {
  assertLevel(source, input.level);
  const { situation, action, result, ...rest } = input;
  return QuestionItem.create({
    ...rest,
    competency: source.competency._id,
    levelLabel: levelLabel(source, input.level),
    probes: { situation, action, result },
    provenance: { type: 'written', by: by._id, byName: by.name },
    status: 'draft',
    createdBy: by._id,
  });
}

export async function findItem(itemId: string): Promise<QuestionItemDoc> {
  const _id = oid(itemId);
  const item = _id ? await QuestionItem.findById(_id) : null;
  if (!item) throw new NotFoundError('There is no such question.');
  return item;
}

export async function setStatus(itemId: string, status: 'draft' | 'approved' | 'archived', by: Actor) {
  const item = await findItem(itemId);
  item.status = status;
  item.approvedBy = status === 'approved' ? by._id : undefined;
  item.approvedAt = status === 'approved' ? new Date() : undefined;
  item.updatedBy = by._id;
  await item.save();
  return item;
}

/** The bank of a competency: drafts and approved items (archived ones on request), in reading order. */
export async function listBank(competencyId: Types.ObjectId, options: { includeArchived?: boolean } = {}) {
  return QuestionItem.find({
    competency: competencyId,
    status: { $in: options.includeArchived ? ['draft', 'approved', 'archived'] : ['draft', 'approved'] },
  })
    .sort({ kind: 1, level: 1, createdAt: 1 })
    .lean();
}

/** Approved items of a competency, for interview guides (which use approved items by default). */
export async function listApprovedItems(
  competencyId: string | Types.ObjectId,
  filter: { kind?: GeneratorKind; level?: number } = {},
) {
  const competency = typeof competencyId === 'string' ? oid(competencyId) : competencyId;
  if (!competency) return [];
  return QuestionItem.find({
    competency,
    status: 'approved',
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.level !== undefined ? { level: filter.level } : {}),
  })
    .sort({ kind: 1, level: 1, createdAt: 1 })
    .lean();
}

export type ItemForView = QuestionItemDoc;
