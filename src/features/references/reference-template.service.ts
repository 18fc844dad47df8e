/**
 * A position's reference template: created from the generator on first use, edited by the
 * position's managers (edit, add, remove, move questions; regenerate; confidentiality). Every edit
 * is one update conditional on the revision it read, so two managers never overwrite each other.
 */
import { Types } from 'mongoose';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { Competency } from '../competencies/competency.model.js';
import { latestPublishedNumber } from '../guides/guide-versions.service.js';
import { loadSources } from '../positions/position-competencies.js';
import type { PositionDoc } from '../positions/position.model.js';
import { findPosition, type Actor } from '../positions/positions.service.js';
import { ReferenceTemplate, type ConfidentialityMode } from './reference-template.model.js';
import { MAX_QUESTIONS, type AddItemInput, type ConfidentialityInput } from './references.schemas.js';
import {
  generateTemplateContent,
  newItemId,
  type TemplateContent,
  type TemplateItem,
  type TemplateSection,
  type TemplateSource,
} from './template-generate.js';

export const DEFAULT_CONFIDENTIALITY = { mode: 'individual' as const, minResponses: 2 };
export const TEMPLATE_CHANGED =
  'Someone else changed this questionnaire meanwhile. Reload the page and try again.';

/** The template as plain data (what the pages, freezing and edits work on). */
export interface TemplateReview {
  by?: Types.ObjectId;
  byName?: string;
  at: Date;
}

export interface TemplateData extends TemplateContent {
  _id: Types.ObjectId;
  rev: number;
  source: TemplateSource;
  /** Set while the current questions are reviewed (see template-review.service.ts). */
  review?: TemplateReview;
  confidentiality: { mode: 'individual' | 'aggregate'; minResponses: number };
  updatedAt?: Date;
}

function plain(doc: unknown): TemplateData {
  const t = doc as Record<string, unknown> & {
    _id: Types.ObjectId;
    rev?: number;
    ratingOptions?: string[];
    opening?: TemplateItem[];
    competencies?: TemplateSection[];
    closing?: TemplateItem[];
    confidentiality?: { mode?: 'individual' | 'aggregate'; minResponses?: number };
    source?: { guide?: Types.ObjectId | null; guideVersion?: number | null; publishedAt?: Date | null };
    review?: { by?: Types.ObjectId | null; byName?: string | null; at?: Date | null } | null;
    updatedAt?: Date;
  };
  const item = (i: TemplateItem) => ({ id: i.id, text: i.text });
  return {
    _id: t._id,
    rev: t.rev ?? 0,
    ratingOptions: [...(t.ratingOptions ?? [])],
    opening: (t.opening ?? []).map(item),
    competencies: (t.competencies ?? []).map((s) => ({
      competency: s.competency,
      name: s.name,
      items: s.items.map(item),
    })),
    closing: (t.closing ?? []).map(item),
    confidentiality: {
      mode: t.confidentiality?.mode ?? DEFAULT_CONFIDENTIALITY.mode,
      minResponses: t.confidentiality?.minResponses ?? DEFAULT_CONFIDENTIALITY.minResponses,
    },
    source: {
      ...(t.source?.guide ? { guide: t.source.guide } : {}),
      ...(t.source?.guideVersion ? { guideVersion: t.source.guideVersion } : {}),
      ...(t.source?.publishedAt ? { publishedAt: t.source.publishedAt } : {}),
    },
    review: t.review?.at
      ? { by: t.review.by ?? undefined, byName: t.review.byName ?? undefined, at: t.review.at }
      : undefined,
    updatedAt: t.updatedAt,
  };
}

/** The position's template, generated and stored the first time anyone needs it. */
export async function ensureTemplate(position: PositionDoc, by?: Actor): Promise<TemplateData> {
  const existing = await ReferenceTemplate.findOne({ position: position._id }).lean();
  if (existing) return plain(existing);
  const content = await generateTemplateContent(position);
  try {
    const created = await ReferenceTemplate.create({
      position: position._id,
      ...content,
      updatedBy: by?._id,
    });
    return plain(created.toObject());
  } catch (e) {
    // Two first visits at once: the other one's template stands.
    if ((e as { code?: number })?.code !== 11000) throw e;
    return plain(await ReferenceTemplate.findOne({ position: position._id }).lean());
  }
}

/** The position's confidentiality setting (the default when no template exists yet). */
export async function confidentialityOf(positionId: Types.ObjectId) {
  return (await templateSettingsOf(positionId)).confidentiality;
}

/** What templateSettings reads of a template (absent: the position has none yet). */
export interface TemplateSettingsSource {
  confidentiality?: { mode?: ConfidentialityMode | null; minResponses?: number | null } | null;
  review?: { byName?: string | null; at?: Date | null } | null;
}

/** The template's confidentiality (defaults where unset) and review (who and when, or null). */
export function templateSettings(t: TemplateSettingsSource | null | undefined) {
  return {
    confidentiality: {
      mode: t?.confidentiality?.mode ?? DEFAULT_CONFIDENTIALITY.mode,
      minResponses: t?.confidentiality?.minResponses ?? DEFAULT_CONFIDENTIALITY.minResponses,
    },
    review: t?.review?.at ? { byName: t.review.byName ?? '', at: t.review.at } : null,
  };
}

/** The template's confidentiality and review, in one read. */
export async function templateSettingsOf(positionId: Types.ObjectId) {
  return templateSettings(
    await ReferenceTemplate.findOne({ position: positionId }, 'confidentiality review').lean(),
  );
}

export const questionCount = (t: TemplateContent) =>
  t.opening.length + t.closing.length + t.competencies.reduce((n, s) => n + s.items.length, 0);

/**
 * The position's competencies in order with their names and required levels: what the template
 * page shows of the position (not positionView, which also reads the owner and sharers).
 */
async function positionCompetencies(position: PositionDoc) {
  const rows = [...position.competencies].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const sources = await loadSources(rows.map((r) => r.competency));
  return rows.map((r) => {
    const source = sources.get(String(r.competency));
    return {
      competencyId: String(r.competency),
      name: source?.competency.name ?? '(competency no longer available)',
      levelLabel:
        source?.levels.find((l) => l.value === r.requiredLevel)?.label ?? `Level ${r.requiredLevel}`,
    };
  });
}

/** What the template page shows: the position's competencies in order, each with its section. */
export async function templatePage(positionId: string, user: Actor) {
  const position = await findPosition(positionId, user);
  const [template, competencies, latestNumber] = await Promise.all([
    ensureTemplate(position, user),
    positionCompetencies(position),
    latestPublishedNumber(position._id),
  ]);
  const view = { id: String(position._id), title: position.title, competencies };
  const inPosition = new Set(view.competencies.map((c) => c.competencyId));
  const sections = [
    ...view.competencies.map((c) => ({
      competencyId: c.competencyId,
      name: c.name,
      levelLabel: c.levelLabel as string | undefined,
      inPosition: true,
      items: template.competencies.find((s) => String(s.competency) === c.competencyId)?.items ?? [],
    })),
    ...template.competencies
      .filter((s) => !inPosition.has(String(s.competency)))
      .map((s) => ({
        competencyId: String(s.competency),
        name: s.name,
        levelLabel: undefined,
        inPosition: false,
        items: s.items,
      })),
  ];
  const latestGuide = latestNumber === null ? null : { version: latestNumber };
  return { position, view, template, sections, questionCount: questionCount(template), latestGuide };
}

type Lists = Pick<TemplateData, 'opening' | 'competencies' | 'closing' | 'confidentiality' | 'source'>;

/**
 * Applies `change` to the template's lists and stores them, conditional on the revision read. A
 * change to the questions (`questions`, the default) sets the questionnaire back to "needs review".
 */
async function edit(
  positionId: string,
  user: Actor,
  change: (t: Lists, position: PositionDoc) => unknown,
  what: 'questions' | 'settings' = 'questions',
) {
  const position = await findPosition(positionId, user);
  const t = await ensureTemplate(position, user);
  const lists: Lists = {
    opening: t.opening,
    competencies: t.competencies,
    closing: t.closing,
    confidentiality: t.confidentiality,
    source: t.source,
  };
  await change(lists, position);
  const updated = await ReferenceTemplate.findOneAndUpdate(
    { _id: t._id, rev: t.rev },
    {
      $set: { ...lists, updatedBy: user._id },
      $inc: { rev: 1 },
      ...(what === 'questions' ? { $unset: { review: 1 } } : {}),
    },
    { returnDocument: 'after', runValidators: true },
  ).lean();
  if (!updated) throw new ConflictError(TEMPLATE_CHANGED);
  return plain(updated);
}

function locate(t: Lists, itemId: string): { list: TemplateItem[]; index: number } {
  for (const list of [t.opening, ...t.competencies.map((s) => s.items), t.closing]) {
    const index = list.findIndex((i) => i.id === itemId);
    if (index >= 0) return { list, index };
  }
  throw new NotFoundError('That question is no longer in the questionnaire.');
}

export const editItem = (positionId: string, itemId: string, text: string, user: Actor) =>
  edit(positionId, user, (t) => {
    const { list, index } = locate(t, itemId);
    list[index] = { id: itemId, text };
  });

export const removeItem = (positionId: string, itemId: string, user: Actor) =>
  edit(positionId, user, (t) => {
    const { list, index } = locate(t, itemId);
    list.splice(index, 1);
  });

/** Moves a question one place up or down within its part (or its competency's section). */
export const moveItem = (positionId: string, itemId: string, direction: 'up' | 'down', user: Actor) =>
  edit(positionId, user, (t) => {
    const { list, index } = locate(t, itemId);
    const to = direction === 'up' ? index - 1 : index + 1;
    if (to < 0 || to >= list.length) return;
    [list[index], list[to]] = [list[to], list[index]];
  });

export const addItem = (positionId: string, input: AddItemInput, user: Actor) =>
  edit(positionId, user, async (t, position) => {
    if (questionCount({ ...t, ratingOptions: [] }) >= MAX_QUESTIONS)
      throw new ValidationError(`A questionnaire holds at most ${MAX_QUESTIONS} questions.`, {
        text: `A questionnaire holds at most ${MAX_QUESTIONS} questions: remove one first.`,
      });
    const item = { id: newItemId(), text: input.text };
    if (input.part === 'opening') return t.opening.push(item);
    if (input.part === 'closing') return t.closing.push(item);
    const competencyId = input.competency!.toLowerCase();
    let section = t.competencies.find((s) => String(s.competency) === competencyId);
    if (!section) {
      const row = position.competencies.find((c) => String(c.competency) === competencyId);
      const competency = row ? await Competency.findById(row.competency, 'name').lean() : null;
      if (!competency)
        throw new ValidationError('Choose a competency of this position.', {
          competency: 'Choose a competency of this position.',
        });
      section = { competency: competency._id, name: competency.name, items: [] };
      // Keep the sections in the position's order.
      const order = position.competencies.map((c) => String(c.competency));
      t.competencies.push(section);
      t.competencies.sort((a, b) => rank(order, String(a.competency)) - rank(order, String(b.competency)));
    }
    section.items.push(item);
  });

const rank = (order: string[], id: string) => {
  const i = order.indexOf(id);
  return i < 0 ? order.length : i;
};

/** Every question generated again from the latest guide's competencies (the confidentiality setting stays). */
export const regenerate = (positionId: string, user: Actor) =>
  edit(positionId, user, async (t, position) => {
    const content = await generateTemplateContent(position);
    t.opening = content.opening;
    t.competencies = content.competencies;
    t.closing = content.closing;
    t.source = content.source ?? {};
  });

export const setConfidentiality = (positionId: string, input: ConfidentialityInput, user: Actor) =>
  edit(
    positionId,
    user,
    (t) => {
      t.confidentiality = { mode: input.mode, minResponses: input.minResponses };
    },
    'settings',
  );
