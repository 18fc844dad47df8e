/**
 * Rating guides: for every point of the chosen scale, what an answer at that point shows. Drawn
 * from the competency's rating factor anchors, performance levels and level descriptions where
 * the model has them.
 */
import { render, sentences } from './clause.js';
import { atLevel, type ResolvedLevel } from './levels.js';
import { performance, type Statement } from './statements.js';
import { finish, inSentence } from './text.js';
import type { CompetencyLike, RatingGuideEntry, ScaleLike } from './types.js';

/** The competency's own anchors for a point of `scale`: by label, else by relative position. */
function anchorsAt(c: CompetencyLike, scale: ScaleLike, index: number): string[] {
  const own = c.ratingScale?.points ?? [];
  if (!own.length || !c.ratingFactors?.length) return [];
  const label = scale.points[index].label;
  let ownLabel = own.find((p) => p.label === label)?.label;
  if (!ownLabel) {
    const r = scale.points.length > 1 ? index / (scale.points.length - 1) : 1;
    ownLabel = own[Math.round(r * (own.length - 1))].label;
  }
  return c.ratingFactors
    .map((f) => {
      const a = f.anchors?.find((x) => x.level === ownLabel)?.description;
      return a ? `${f.name}: ${finish(a)}` : '';
    })
    .filter(Boolean);
}

export function ratingGuide(
  c: CompetencyLike,
  level: ResolvedLevel,
  focus: Statement | undefined,
  scale: ScaleLike,
): RatingGuideEntry[] {
  const n = scale.points.length;
  const did = focus ? render(focus.clause, 'past', 'third') : `showed ${inSentence(c.name)}`;
  const can = focus ? render(focus.clause, 'base', 'third') : `show ${inSentence(c.name)}`;
  const satisfactory = performance(c, 'satisfactory');
  const superior = performance(c, 'superior');
  return scale.points.map((point, i) => {
    const r = n > 1 ? i / (n - 1) : 1;
    const parts: string[] = [];
    if (r < 0.25) parts.push(`No relevant example, or one in which the candidate did not ${can}.`);
    else if (r < 0.5)
      parts.push(
        `A vague or partial example: the candidate describes the situation but not clearly what they did to ${can}, or the result.`,
      );
    else if (r < 0.75) {
      parts.push(
        `A specific example in which the candidate ${did}, as expected ${atLevel(level.label)}, with a clear result.`,
      );
      if (satisfactory) parts.push(`Satisfactory performance: ${finish(sentences(satisfactory).join(' '))}`);
    } else if (r < 1) {
      parts.push(
        `A specific, well-explained example in which the candidate ${did} with little guidance and a good result.`,
      );
      if (satisfactory && !superior) parts.push(`Satisfactory performance: ${finish(satisfactory)}`);
    } else {
      parts.push(
        `Strong, specific examples in which the candidate ${did} in demanding situations, went beyond what was expected and can explain why it worked.`,
      );
      if (superior) parts.push(`Superior performance: ${finish(superior)}`);
    }
    parts.push(...anchorsAt(c, scale, i));
    if (point.description && scale.kind === 'proficiency')
      parts.push(`${point.label} on this scale: ${finish(point.description)}`);
    return { value: point.value, label: point.label, description: parts.join(' ') };
  });
}
