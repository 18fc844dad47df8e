/**
 * Situational questions: a dilemma from the scenario library, chosen by the themes the competency
 * matches, pitched at the target level, with the scenario's own sample answers and a rating guide
 * built from them and from the competency's behaviors. A competency that matches no theme gets none
 * (see situationalUnavailableReason): a generic scenario would not test it.
 */
import { analyze, render, type Clause } from './clause.js';
import { atLevel, type ResolvedLevel } from './levels.js';
import { lint } from './lint.js';
import { renderScenario, type FilledScenario } from './scenarios/fill.js';
import { themeByKey } from './scenarios/library.js';
import { matchThemes } from './scenarios/match.js';
import type { Scenario, Tier } from './scenarios/types.js';
import { performance, type Statement } from './statements.js';
import { finish, lcFirst, stableHash } from './text.js';
import type {
  CompetencyLike,
  GeneratedItem,
  PositionContext,
  RatingGuideEntry,
  ScaleLike,
  ThemeMatch,
} from './types.js';

export { matchThemes, situationalUnavailableReason } from './scenarios/match.js';

/** Items per competency and level. */
const PER_LEVEL = 2;

/** Entry for the lower quarter of the levels, advanced for the upper third, intermediate between. */
export function tierOf(level: ResolvedLevel): Tier {
  if (level.position <= 0.25) return 'entry';
  return level.position < 0.7 ? 'intermediate' : 'advanced';
}

const words = (t: string) => t.toLowerCase().match(/[a-z0-9]+(?:['’-][a-z0-9]+)*/g) ?? [];

/** Every run of five words in the competency's own statements, to keep stems from quoting them. */
function fiveGrams(c: CompetencyLike): Set<string> {
  const texts = [
    c.definition ?? '',
    ...(c.behavioralIndicators ?? []),
    ...(c.levels ?? []).flatMap((l) => [l.description ?? '', ...(l.indicators ?? [])]),
    ...(c.keyElements ?? []).map((k) => k.element ?? ''),
    ...(c.effectiveBehaviors ?? []),
    ...(c.ineffectiveBehaviors ?? []),
    ...(c.keySkills ?? []).flatMap((k) => [...(k.indicators ?? []), k.definition ?? '']),
  ];
  const out = new Set<string>();
  for (const t of texts) {
    const w = words(t);
    for (let i = 0; i + 5 <= w.length; i++) out.add(w.slice(i, i + 5).join(' '));
  }
  return out;
}

function quotes(stem: string, grams: Set<string>): boolean {
  const w = words(stem);
  for (let i = 0; i + 5 <= w.length; i++) if (grams.has(w.slice(i, i + 5).join(' '))) return true;
  return false;
}

interface Choice {
  theme: ThemeMatch;
  scenario: Scenario;
  filled: FilledScenario;
}

/**
 * Up to PER_LEVEL scenarios: one from each close-ranked theme, else several from the best one.
 * The start is a hash of the competency and level, so one model's competencies spread over the
 * library and each level gets its own scenario; a stem that would quote the competency is skipped.
 */
function choose(
  c: CompetencyLike,
  level: ResolvedLevel,
  themes: ThemeMatch[],
  ctx: PositionContext,
): Choice[] {
  const close = themes.filter((t) => t.score >= themes[0].score * 0.75).slice(0, PER_LEVEL);
  const grams = fiveGrams(c);
  const tier = tierOf(level);
  const out: Choice[] = [];
  for (let round = 0; out.length < PER_LEVEL && round < PER_LEVEL; round++) {
    for (const match of close) {
      if (out.length >= PER_LEVEL) break;
      const scenarios = themeByKey(match.key)?.scenarios ?? [];
      const start = stableHash(c.key, level.value, match.key);
      for (let k = 0; k < scenarios.length; k++) {
        const scenario = scenarios[(start + k) % scenarios.length];
        if (out.some((o) => o.scenario.id === scenario.id)) continue;
        const filled = renderScenario(scenario, tier, ctx);
        if (quotes(filled.stem, grams)) continue;
        out.push({ theme: match, scenario, filled });
        break;
      }
    }
  }
  return out;
}

/** A competency statement as "the candidate would ...", or undefined when it does not render cleanly. */
function wouldLine(prefix: string, clause: Clause | undefined): string | undefined {
  if (!clause || clause.lead === 'none') return undefined;
  const line = `${prefix} the course shows the candidate would ${render(clause, 'base', 'third')}.`;
  return lint(line).length ? undefined : line;
}

const clean = (line: string | undefined) => (line && !lint(line).length ? line : undefined);
const candidate = (answer: string) => `The candidate ${lcFirst(answer)}`;
const bare = (s: string) => lcFirst(s.trim().replace(/[.\s]+$/, ''));

/** Point 2: the first step of the acceptable course alone ("finds out what the person needs"). */
function partial(acceptable: string): string {
  const first = acceptable.split(/,\s+/)[0];
  const line =
    first !== acceptable && first.split(/\s+/).length >= 2
      ? `The candidate ${bare(first)}, but stops there or cannot say why it is the right course.`
      : undefined;
  return (
    clean(line) ??
    'The candidate avoids the weak course but proposes only part of the acceptable one, or cannot say why it is the right course.'
  );
}

/** The point below the top: the acceptable course plus the strong course's last step. */
function beyond(strong: string): string {
  const i = strong.lastIndexOf(', and ');
  const line =
    i > 0
      ? `The candidate takes the acceptable course and also ${bare(strong.slice(i + 6))}, but not the rest of the strong course.`
      : undefined;
  return (
    clean(line) ??
    'The candidate proposes everything in the acceptable course and some of the strong one, but not all of it or not all of its reasons.'
  );
}

function scenarioGuide(
  c: CompetencyLike,
  level: ResolvedLevel,
  pool: Statement[],
  scale: ScaleLike,
  f: FilledScenario,
): RatingGuideEntry[] {
  const n = scale.points.length;
  const at =
    pool.find((s) => s.source.startsWith(`level ${level.value} `)) ??
    pool.find((s) => !/^level /.test(s.source));
  const below = pool.find((s) => s.source.startsWith(`level ${level.value - 1} indicator`));
  const nextText = level.next?.indicators.map((t) => analyze(t)).find((x) => x.lead !== 'none');
  const top = wouldLine(`Beyond what is expected ${atLevel(level.label)},`, nextText);
  const superior = performance(c, 'superior');
  const ineffective = (c.ineffectiveBehaviors ?? []).find((b) => b.trim());
  return scale.points.map((point, i) => {
    const r = n > 1 ? i / (n - 1) : 1;
    const parts: (string | undefined)[] = [];
    if (r < 0.25) {
      parts.push(candidate(f.weak));
      if (ineffective)
        parts.push(clean(`The model lists this as ineffective: ${finish(lcFirst(ineffective.trim()))}`));
    } else if (r < 0.5) {
      parts.push(partial(f.acceptable));
      if (below) parts.push(wouldLine('At most the level below:', below.clause));
    } else if (r < 0.75) {
      parts.push(candidate(f.acceptable));
      if (at) parts.push(wouldLine(`Expected ${atLevel(level.label)}:`, at.clause));
    } else if (r < 1) {
      parts.push(beyond(f.strong));
    } else {
      parts.push(candidate(f.strong));
      parts.push(
        top ??
          (superior ? clean(`Superior performance in the model: ${finish(superior.trim())}`) : undefined),
      );
    }
    if (point.description)
      parts.push(clean(`Generic scale definition, for context: ${finish(point.description)}`));
    return { value: point.value, label: point.label, description: parts.filter(Boolean).join(' ') };
  });
}

export function situationalQuestions(
  c: CompetencyLike,
  level: ResolvedLevel,
  pool: Statement[],
  scale: ScaleLike,
  context: PositionContext,
): GeneratedItem[] {
  const themes = matchThemes(c);
  if (!themes.length) return [];
  return choose(c, level, themes, context).map(({ theme, scenario, filled }) => ({
    kind: 'situational',
    level: level.value,
    text: filled.stem,
    sampleAnswers: { weak: filled.weak, acceptable: filled.acceptable, strong: filled.strong },
    scoringNotes: filled.notes,
    ratingGuide: scenarioGuide(c, level, pool, scale, filled),
    themes: themes.slice(0, 5),
    scenarioId: scenario.id,
    source: `scenario ${scenario.id}, theme ${theme.label}`,
  }));
}
