/**
 * The behavior statements a competency offers at a level, most specific first: the level's own
 * description and indicators, then the competency's indicators, key elements, the "meets" anchors
 * of its rating factors and its satisfactory performance. Only statements that start with a verb
 * can become questions; each keeps its provenance.
 */
import { analyze, sentences, type Clause } from './clause.js';
import { analyzeStatement, type StatementAnalysis } from './language/index.js';
import type { ResolvedLevel } from './levels.js';
import { stableHash } from './text.js';
import { prewarmWords } from './verbs.js';
import type { CompetencyLike } from './types.js';

export interface Statement {
  text: string;
  clause: Clause;
  source: string;
  /**
   * The language layer's analysis (form, parts): render with renderStatement(s.analysis, target),
   * which refuses a form it cannot write correctly. Optional so hand-built statements still fit.
   */
  analysis?: StatementAnalysis;
}

function verbLed(text: string, source: string): Statement | null {
  const clause = analyze(text);
  if (clause.lead === 'none') return null;
  // Computed when first read (cached by the language layer): most statements are never rendered.
  return {
    text,
    clause,
    source,
    get analysis() {
      return analyzeStatement(text);
    },
  };
}

export function statementsFor(c: CompetencyLike, level: ResolvedLevel): Statement[] {
  prewarmWords([
    ...(c.behavioralIndicators ?? []),
    ...(c.levels ?? []).flatMap((l) => [l.description ?? '', ...(l.indicators ?? [])]),
    ...(c.keyElements ?? []).map((k) => k.element ?? ''),
    ...(c.performanceLevels ?? []).map((p) => p.description ?? ''),
    ...(c.ratingFactors ?? []).flatMap((f) => (f.anchors ?? []).map((a) => a.description ?? '')),
  ]);
  const out: (Statement | null)[] = [];
  if (level.from === 'own' && level.description) {
    sentences(level.description).forEach((s, i) =>
      out.push(verbLed(s, `level ${level.value} description${i ? ` (sentence ${i + 1})` : ''}`)),
    );
  }
  // A proficiency scale's lines describe the level, not behaviors to ask about; only own levels count.
  if (level.from === 'own')
    level.indicators.forEach((s, i) => out.push(verbLed(s, `level ${level.value} indicator ${i + 1}`)));
  // Behaviors of the neighbouring levels come next: a scale's levels build on each other.
  if (level.from === 'own') {
    for (const n of [level.value - 1, level.value + 1]) {
      (c.levels?.[n - 1]?.indicators ?? []).forEach((s, i) =>
        out.push(verbLed(s, `level ${n} indicator ${i + 1}`)),
      );
    }
  }
  // Rotate the competency-wide indicators by level, so each level leads with different ones.
  const general = (c.behavioralIndicators ?? []).map((s, i) => ({ s, i }));
  const shift = general.length ? stableHash(c.key, level.value) % general.length : 0;
  for (const { s, i } of [...general.slice(shift), ...general.slice(0, shift)])
    out.push(verbLed(s, `indicator ${i + 1}`));
  const elements = (c.keyElements ?? []).map((k, i) => ({ s: k.element ?? '', i })).filter((k) => k.s);
  const kshift = elements.length ? stableHash(c.key, 'key elements', level.value) % elements.length : 0;
  for (const { s, i } of [...elements.slice(kshift), ...elements.slice(0, kshift)])
    out.push(verbLed(s, `key element ${i + 1}`));
  const scalePoints = c.ratingScale?.points ?? [];
  const meets = scalePoints.length
    ? scalePoints[Math.floor((scalePoints.length - 1) / 2) + (scalePoints.length % 2 === 0 ? 1 : 0)]?.label
    : undefined;
  for (const f of c.ratingFactors ?? []) {
    const anchor = f.anchors?.find((a) => a.level === meets)?.description;
    if (anchor) out.push(verbLed(anchor.split(';')[0], `rating factor “${f.name}”`));
  }
  const satisfactory = c.performanceLevels?.find((p) =>
    /satisf|meets|fully/i.test(p.label ?? ''),
  )?.description;
  if (satisfactory)
    sentences(satisfactory).forEach((s) => out.push(verbLed(s, 'satisfactory performance level')));
  const seen = new Set<string>();
  return out.filter((s): s is Statement => {
    if (!s || seen.has(s.text)) return false;
    seen.add(s.text);
    return true;
  });
}

export function performance(c: CompetencyLike, which: 'satisfactory' | 'superior'): string | undefined {
  const re = which === 'satisfactory' ? /satisf|meets/i : /superior|exceeds|outstanding/i;
  return c.performanceLevels?.find((p) => re.test(p.label ?? ''))?.description ?? undefined;
}
