/**
 * The question-quality metrics: pure functions over generated items and the competency they came
 * from. Each one answers a question an interviewer would ask when reading the output (is it
 * grammatical, does the scenario give the answer away, does the level change anything, is the
 * rating guide about this competency, is it the same question twice).
 */
import type { CompetencyLike, GeneratedItem } from '../src/features/generators/index.js';

/** Lower-case words (letters, digits, apostrophes inside words); "priorities/objectives" is two words. */
export function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[’']/g, "'")
      .match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? []
  ).map((w) => w.replace(/'s$/, ''));
}

/** Every run of `n` consecutive words, joined by spaces. */
export function ngrams(ws: string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= ws.length; i++) out.push(ws.slice(i, i + n).join(' '));
  return out;
}

/** The first run of `n` or more words that `text` shares with any of `sources`, or null. */
export function sharedRun(text: string, sources: string[], n: number): string | null {
  const grams = new Set(sources.flatMap((s) => ngrams(words(s), n)));
  return ngrams(words(text), n).find((g) => grams.has(g)) ?? null;
}

/** Jaccard similarity of two texts' word trigrams (texts under three words compare as word sets). */
export function trigramSimilarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  const n = Math.min(wa.length, wb.length) < 3 ? 1 : 3;
  const sa = new Set(ngrams(wa, n));
  const sb = new Set(ngrams(wb, n));
  if (!sa.size && !sb.size) return 1;
  let both = 0;
  for (const g of sa) if (sb.has(g)) both++;
  return both / (sa.size + sb.size - both);
}

/** The texts a situational stem must not quote: every indicator, behavior and level text of the model. */
export function indicatorTexts(c: CompetencyLike): string[] {
  const levels = (ls?: CompetencyLike['levels']) =>
    (ls ?? []).flatMap((l) => [l.description ?? '', ...(l.indicators ?? [])]);
  return [
    ...(c.behavioralIndicators ?? []),
    ...(c.effectiveBehaviors ?? []),
    ...(c.ineffectiveBehaviors ?? []),
    ...levels(c.levels),
    ...(c.keyElements ?? []).flatMap((k) => [k.element ?? '', ...(k.distinguishingBehaviors ?? [])]),
    ...(c.keySkills ?? []).flatMap((s) => [...(s.indicators ?? []), ...levels(s.levels)]),
  ].filter((t) => t.trim());
}

/** Everything the competency itself says (not its rating scale's generic point definitions). */
export function modelTexts(c: CompetencyLike): string[] {
  return [
    c.definition ?? '',
    ...indicatorTexts(c),
    ...(c.keySkills ?? []).flatMap((s) => [s.name, s.definition ?? '']),
    ...(c.performanceLevels ?? []).map((p) => p.description ?? ''),
    ...(c.ratingFactors ?? []).flatMap((f) => [
      f.name ?? '',
      ...(f.anchors ?? []).map((a) => a.description ?? ''),
    ]),
  ].filter((t) => t.trim());
}

/** Situational stems that quote a 5+ word run of an indicator or level text. */
export function quotingStems(items: GeneratedItem[], c: CompetencyLike): { text: string; run: string }[] {
  const sources = indicatorTexts(c);
  return items
    .filter((i) => i.kind === 'situational')
    .map((i) => ({ text: i.text, run: sharedRun(i.text, sources, 5) }))
    .filter((x): x is { text: string; run: string } => x.run !== null);
}

/**
 * True when a competency's questions (behavioral and situational) are the same at every level it
 * was generated for. One level cannot differ from itself, so fewer than two levels is never "same".
 */
export function sameAtEveryLevel(byLevel: Map<number, GeneratedItem[]>): boolean {
  const keys = [...byLevel.values()].map((items) =>
    items
      .filter((i) => i.kind === 'behavioral' || i.kind === 'situational')
      .map((i) => i.text)
      .sort()
      .join('\n'),
  );
  return keys.length > 1 && keys.every((k) => k === keys[0]);
}

/** How a generator marks a rating-guide line that is the scale's generic definition, not the model's. */
export const GENERIC_LINE = /^\s*(\(?generic\b|\(?scale definition\b|\(?scale:|scale \([^)]*\):|\[scale\])/i;

/** Words too common in interview text to show that a line came from the model. */
const STOPWORDS = new Set(
  (
    'a an and or but the of to in on at by for with from as is are was were be been being it its this that ' +
    'these those they them their there then than which who whom whose what when where why how not no nor so ' +
    'do does did done has have had can could would should will may might must shall into onto over under ' +
    'about after before during while also only very more most less least some any all each every other ' +
    'such own same too just candidate candidates candidate’s example examples answer answers situation ' +
    'result results action actions level levels question questions describes described describe gave ' +
    'give shows showed show clear clearly specific well little guidance good poor partial vague relevant ' +
    'one two three time times person people expected none his her him she he you your we our us i me my'
  ).split(/\s+/),
);

/** A crude stem, enough to match "interrupted" with "interrupt" and "patrons" with "patron". */
export function stem(word: string): string {
  return word.length > 4 ? word.replace(/(ing|ed|es|s)$/, '') : word;
}

/** The stemmed words of a text that say something (not stopwords, not interview boilerplate). */
export function contentWords(text: string): Set<string> {
  return new Set(
    words(text)
      .filter((w) => w.length > 2 && !STOPWORDS.has(w) && !/^\d+$/.test(w))
      .map(stem),
  );
}

/**
 * Does a rating-guide line carry content from the model: a 4+ word run in common with the model's
 * text, or at least two content words of the model's text that are not just the competency's name?
 * Lines marked as generic scale definitions never do.
 */
export function hasModelContent(line: string, c: CompetencyLike): boolean {
  if (GENERIC_LINE.test(line)) return false;
  const texts = modelTexts(c);
  if (sharedRun(line, texts, 4)) return true;
  const model = contentWords(texts.join(' '));
  const name = contentWords(c.name);
  let shared = 0;
  for (const w of contentWords(line)) if (model.has(w) && !name.has(w)) shared++;
  return shared >= 2;
}

/** Does a line (not a generic one) share a 3+ word run with the scenario's own answers? */
export function sharesScenarioRun(line: string, answers: string[]): boolean {
  return answers.length > 0 && !GENERIC_LINE.test(line) && sharedRun(line, answers, 3) !== null;
}

/** The rating-guide lines of items: each non-empty line of each scale point's description. */
export function guideLines(items: GeneratedItem[]): string[] {
  return items.flatMap((i) =>
    (i.ratingGuide ?? []).flatMap((g) =>
      g.description
        .split(/\n+/)
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  );
}

export interface Question {
  group: string;
  level: number;
  text: string;
}

/**
 * Pairs of near-duplicate questions (trigram Jaccard >= threshold) generated for the same level,
 * within one competency or across competencies (what one guide could hold side by side). The same
 * competency at two levels is left to `sameAtEveryLevel`.
 */
export function nearDuplicates(
  questions: Question[],
  threshold = 0.8,
): { a: string; b: string; similarity: number }[] {
  const out: { a: string; b: string; similarity: number }[] = [];
  for (let i = 0; i < questions.length; i++) {
    for (let j = i + 1; j < questions.length; j++) {
      const p = questions[i];
      const q = questions[j];
      if (p.level !== q.level) continue;
      const s = trigramSimilarity(p.text, q.text);
      if (s >= threshold) out.push({ a: p.text, b: q.text, similarity: s });
    }
  }
  return out;
}
