/**
 * A rating guide for an edited question. The generators write a guide for each question they
 * generate, not for arbitrary text, so the server generates the competency's questions of that
 * kind at that level again and takes the guide (and sample answers) of the one closest to the
 * edited text: the question the person started from, or the one their edit turned it into.
 */
import { ValidationError } from '../../lib/errors.js';
import type { GeneratedItem, GeneratorKind, RatingGuideEntry, SampleAnswers } from '../generators/types.js';
import { generateFor, loadGeneratorSource } from './generator-source.js';

export interface RegeneratedGuide {
  ratingGuide: RatingGuideEntry[];
  sampleAnswers?: SampleAnswers;
  scoringNotes?: string;
  /** The generated question whose guide was taken. */
  from: string;
}

function wordSet(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z0-9]+/g) ?? []);
}

/** Jaccard similarity of the two texts' words: enough to tell which generated question an edit came from. */
function similarity(a: string, b: string): number {
  const sa = wordSet(a);
  const sb = wordSet(b);
  let both = 0;
  for (const w of sa) if (sb.has(w)) both++;
  const all = sa.size + sb.size - both;
  return all ? both / all : 0;
}

export function closestGenerated(items: GeneratedItem[], text: string): GeneratedItem | undefined {
  let best: GeneratedItem | undefined;
  let bestScore = -1;
  for (const item of items) {
    const s = similarity(item.text, text);
    if (s > bestScore) [best, bestScore] = [item, s];
  }
  return best;
}

export async function regenerateGuide(
  competencyId: string,
  want: { kind: GeneratorKind; level: number; text: string; scaleKey?: string },
): Promise<RegeneratedGuide> {
  const source = await loadGeneratorSource(competencyId);
  const items = generateFor(source, {
    level: want.level,
    scaleKey: want.scaleKey,
    kinds: [want.kind],
  }).filter((i) => i.ratingGuide?.length || i.sampleAnswers);
  const match = closestGenerated(items, want.text);
  if (!match)
    throw new ValidationError(
      `The generators write no rating guide for a ${want.kind} question of “${source.competency.name}” at this level, so there is none to regenerate. Edit the guide by hand.`,
    );
  return {
    ratingGuide: match.ratingGuide ?? [],
    sampleAnswers: match.sampleAnswers,
    scoringNotes: match.scoringNotes,
    from: match.text,
  };
}
