/**
 * A position's reference questionnaire from the reference-question generator: the opening
 * questions, per competency of the latest published guide version (in the guide's order, at the
 * position's required level; the position's own competencies while no guide is published) the
 * rated questions, the closing questions.
 *
 * The candidate's name: templates are per position, so their text says "the candidate" (the
 * generator's wording without a name). When a request is sent the questionnaire is frozen for that
 * reference and every "the candidate" becomes the candidate's name (`personalize`); managers who
 * edit a question write "the candidate" where the name belongs.
 */
import { Types } from 'mongoose';
import {
  generate,
  GeneratorInputError,
  REFERENCE_RATING_OPTIONS,
  type GeneratedItem,
} from '../generators/index.js';
import { forRelationship } from '../generators/reference.js';
import type { ReferenceRelationship } from '../generators/types.js';
import { latestPublishedVersion } from '../guides/guide-versions.service.js';
import { loadGeneratorSources } from '../question-bank/generator-source.js';
import type { PositionDoc } from '../positions/position.model.js';

export interface TemplateItem {
  id: string;
  text: string;
}
export interface TemplateSection {
  competency: Types.ObjectId;
  name: string;
  items: TemplateItem[];
}
/** Where the competencies came from: a published guide version, or (none published yet) the position. */
export interface TemplateSource {
  guide?: Types.ObjectId;
  guideVersion?: number;
  publishedAt?: Date;
}
export interface TemplateContent {
  source?: TemplateSource;
  ratingOptions: string[];
  opening: TemplateItem[];
  competencies: TemplateSection[];
  closing: TemplateItem[];
}

export const newItemId = () => new Types.ObjectId().toHexString();
const toItem = (g: GeneratedItem): TemplateItem => ({ id: newItemId(), text: g.text });
const ofVariant = (items: GeneratedItem[], variant: string) => items.filter((i) => i.variant === variant);

/** Opening and closing questions do not depend on a competency; these serve a position with none. */
function generalItems(jobTitle: string): GeneratedItem[] {
  return generate({
    competency: { key: 'general', name: 'work' },
    level: 1,
    context: { jobTitle },
    kinds: ['reference'],
  });
}

/**
 * The competencies to ask about, in order, each at the position's required level: those of the
 * latest published guide version (what the panel interviews on), else the position's own.
 */
async function competencyRows(position: PositionDoc) {
  const own = [...position.competencies].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const guide = await latestPublishedVersion(position._id);
  if (!guide) return { rows: own, source: {} };
  const rows = guide.competencyIds.map((id) => ({
    competency: new Types.ObjectId(id),
    requiredLevel: own.find((r) => String(r.competency) === id)?.requiredLevel ?? 0,
  }));
  return {
    rows,
    source: { guide: guide.guide, guideVersion: guide.version, publishedAt: guide.publishedAt },
  };
}

export async function generateTemplateContent(position: PositionDoc): Promise<TemplateContent> {
  const { rows, source } = await competencyRows(position);
  const competencies: TemplateSection[] = [];
  let general: GeneratedItem[] | undefined;
  const loaded = await loadGeneratorSources(rows.map((r) => r.competency));
  for (const row of rows) {
    const competency = loaded.get(String(row.competency));
    if (!competency) continue; // a competency removed from the library
    const level = competency.levels.some((l) => l.value === row.requiredLevel)
      ? row.requiredLevel
      : (competency.levels[0]?.value ?? 1);
    let items: GeneratedItem[];
    try {
      items = generate({
        competency: competency.like,
        level,
        proficiencyScale: competency.proficiencyScale,
        context: { jobTitle: position.title },
        kinds: ['reference'],
      });
    } catch (e) {
      if (e instanceof GeneratorInputError) continue;
      throw e;
    }
    general ??= items;
    competencies.push({
      competency: row.competency,
      name: competency.competency.name,
      items: ofVariant(items, 'competency').map(toItem),
    });
  }
  general ??= generalItems(position.title);
  return {
    source,
    ratingOptions: [...REFERENCE_RATING_OPTIONS],
    opening: ofVariant(general, 'opening').map(toItem),
    competencies,
    closing: ofVariant(general, 'closing').map(toItem),
  };
}

/** "the candidate" (any case, also in "the candidate's") becomes the candidate's name. */
export function personalize(text: string, candidateName: string): string {
  const name = candidateName.trim();
  if (!name) return text;
  return text.replace(/\bthe candidate\b(?!s)/gi, () => name);
}

export interface FrozenQuestion {
  id: string;
  part: 'opening' | 'competency' | 'closing';
  competency?: Types.ObjectId;
  competencyName?: string;
  text: string;
  rated: boolean;
}

/**
 * The questionnaire a reference receives: the template's questions in order, with the name filled
 * in and, when the referee's relationship is given, the generated wording made specific to it
 * (supervisor, peer, direct report, client); questions a manager edited stay as written.
 */
export function freezeQuestionnaire(
  template: {
    ratingOptions: string[];
    opening: TemplateItem[];
    competencies: TemplateSection[];
    closing: TemplateItem[];
  },
  candidateName: string,
  relationship?: ReferenceRelationship,
): { ratingOptions: string[]; questions: FrozenQuestion[] } {
  const text = (t: string) => personalize(forRelationship(t, relationship), candidateName);
  return {
    ratingOptions: [...(template.ratingOptions.length ? template.ratingOptions : REFERENCE_RATING_OPTIONS)],
    questions: [
      ...template.opening.map((i) => ({
        id: i.id,
        part: 'opening' as const,
        text: text(i.text),
        rated: false,
      })),
      ...template.competencies.flatMap((s) =>
        s.items.map((i) => ({
          id: i.id,
          part: 'competency' as const,
          competency: s.competency,
          competencyName: s.name,
          text: text(i.text),
          rated: true,
        })),
      ),
      ...template.closing.map((i) => ({
        id: i.id,
        part: 'closing' as const,
        text: text(i.text),
        rated: false,
      })),
    ],
  };
}
