/**
 * How much of a rating guide comes from the competency model: a guide line "has model content"
 * when it shares a run of three words (crudely stemmed, so "provided" matches "provides") with the
 * model's own text. The scale's generic definition ("Scale (...): ...") is context, not content,
 * and is left out.
 */
import type { CompetencyLike, GeneratedItem } from '../../src/features/generators/index.js';

const stem = (w: string) => w.replace(/(ing|ed|es|s|e)$/, '');
const words = (t: string) =>
  t
    .toLowerCase()
    .replace(/[’']/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map(stem);

function trigrams(t: string): string[] {
  const w = words(t);
  return w.slice(2).map((_, i) => `${w[i]} ${w[i + 1]} ${w[i + 2]}`);
}

/** Every text of the model a guide may draw on (not its generic proficiency scale). */
export function modelTexts(c: CompetencyLike): string[] {
  return [
    c.definition,
    ...(c.levels ?? []).flatMap((l) => [l.description, ...(l.indicators ?? [])]),
    ...(c.behavioralIndicators ?? []),
    ...(c.keyElements ?? []).flatMap((k) => [k.element, ...(k.distinguishingBehaviors ?? [])]),
    ...(c.performanceLevels ?? []).map((p) => p.description),
    ...(c.ratingFactors ?? []).flatMap((f) => (f.anchors ?? []).map((a) => a.description)),
    ...(c.effectiveBehaviors ?? []),
    ...(c.ineffectiveBehaviors ?? []),
    ...(c.keySkills ?? []).flatMap((k) => [
      k.definition,
      ...(k.indicators ?? []),
      ...(k.levels ?? []).flatMap((l) => [l.description, ...(l.indicators ?? [])]),
    ]),
  ].filter((x): x is string => !!x && !!x.trim());
}

export function contentIndex(c: CompetencyLike): Set<string> {
  return new Set(modelTexts(c).flatMap(trigrams));
}

/** The guide entry without its marked scale definition. */
export const ownPart = (description: string) => description.replace(/\s*Scale \([^)]*\):.*$/, '');

export function hasModelContent(line: string, index: Set<string>): boolean {
  return trigrams(line).some((g) => index.has(g));
}

/** Counts guide entries (one per scale point) with and without model content. */
export function guideCoverage(
  c: CompetencyLike,
  items: GeneratedItem[],
): { lines: number; withContent: number } {
  const index = contentIndex(c);
  let lines = 0;
  let withContent = 0;
  for (const item of items)
    for (const g of item.ratingGuide ?? []) {
      lines++;
      if (hasModelContent(ownPart(g.description), index)) withContent++;
    }
  return { lines, withContent };
}
