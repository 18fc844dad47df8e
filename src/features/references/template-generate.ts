/**
 * A position's reference questionnaire from the reference-question generator: the opening
 * questions, per competency (in the position's order, at its required level) the rated questions,
 * the closing questions.
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
export interface TemplateContent {
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

export async function generateTemplateContent(position: PositionDoc): Promise<TemplateContent> {
  const rows = [...position.competencies].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const competencies: TemplateSection[] = [];
  let general: GeneratedItem[] | undefined;
  const sources = await loadGeneratorSources(rows.map((r) => r.competency));
  for (const row of rows) {
    const source = sources.get(String(row.competency));
    if (!source) continue; // a competency removed from the library
    const level = source.levels.some((l) => l.value === row.requiredLevel)
      ? row.requiredLevel
      : (source.levels[0]?.value ?? 1);
    let items: GeneratedItem[];
    try {
      items = generate({
        competency: source.like,
        level,
        proficiencyScale: source.proficiencyScale,
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
      name: source.competency.name,
      items: ofVariant(items, 'competency').map(toItem),
    });
  }
  general ??= generalItems(position.title);
  return {
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
