/**
 * Behaviorally anchored rating guides: for every point of the chosen scale, one or two plain lines
 * saying what the candidate did (behavioral) or proposes to do (situational) at that point, drawn
 * from the competency's own content: ineffective behaviors and lower levels toward the bottom, the
 * question's own indicator at the target level in the middle, higher levels and superior
 * performance at the top, the rating factors' anchors beside them. The scale's generic definition
 * follows, marked "Scale", as context only.
 */
import { sentences } from './clause.js';
import { difficultyOf, neighbourLevels, type ResolvedLevel } from './levels.js';
import { definitionStatements, didNot, firstClean, phrase, statementOf, wouldNot } from './phrasing.js';
import { performance, type Statement } from './statements.js';
import { finish, inSentence, stableHash, ucFirst } from './text.js';
import type { CompetencyLike, RatingGuideEntry, ScaleLike } from './types.js';

export interface GuideOptions {
  /** 'past' (behavioral, the default): what the candidate did; 'proposed' (situational): what they would do. */
  mode?: 'past' | 'proposed';
  /** What a question without a focus behavior asks about (a key skill's name); default the competency's. */
  name?: string;
}

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

/** Statements from plain model lines (the first sentence of each), rotated by a seed. */
function statements(lines: (string | null | undefined)[], source: string, seed: number): Statement[] {
  const out = lines.map((l, i) => statementOf(l, `${source} ${i + 1}`)).filter((s): s is Statement => !!s);
  const k = out.length ? seed % out.length : 0;
  return [...out.slice(k), ...out.slice(0, k)];
}

export function ratingGuide(
  c: CompetencyLike,
  level: ResolvedLevel,
  focus: Statement | undefined,
  scale: ScaleLike,
  options: GuideOptions = {},
): RatingGuideEntry[] {
  const proposed = options.mode === 'proposed';
  const seed = stableHash(c.key, level.value, focus?.text ?? '');
  // A question about the competency as a whole (no focus behavior) is still anchored in the
  // model's own lines when it has any: the level's or the competency's indicators, else its
  // definition. Not for a key skill's question (options.name), whose lines are the skill's.
  if (!focus && !options.name)
    focus =
      statements([...level.indicators, ...(c.behavioralIndicators ?? [])], 'indicator', seed).find(
        (x) => !!phrase(x.clause, 'past', 'third', false),
      ) ?? definitionStatements(c).find((x) => !!phrase(x.clause, 'past', 'third', false));
  const name = inSentence(options.name ?? c.name);
  const { settingThird: setting } = difficultyOf(level);
  // "the candidate followed up" / "the candidate would follow up".
  const did = (s: Statement | undefined, negative = false) => {
    if (!s) return undefined;
    if (!proposed) return phrase(s.clause, 'past', 'third', negative);
    const base = phrase(s.clause, 'base', 'third', negative);
    return base ? `would ${base}` : undefined;
  };
  const fallsShort = (s: Statement | undefined) =>
    s ? (proposed ? wouldNot(s.clause) : didNot(s.clause)) : undefined;
  const line = (text: string | undefined) => (text ? finish(text) : undefined);
  const notFocus = (xs: Statement[]) => xs.filter((x) => x.text !== focus?.text);

  const { below, above } = neighbourLevels(c, level);
  const ineffective = statements(c.ineffectiveBehaviors ?? [], 'ineffective behavior', seed);
  const lower = statements(below[0] ?? [], 'lower level', seed);
  // Other behaviors at the target: the level's own indicators, or (scale levels) the competency's.
  const targetOthers = notFocus(
    level.from === 'own'
      ? statements(level.indicators, 'indicator', seed)
      : [
          ...statements(c.behavioralIndicators ?? [], 'indicator', seed),
          ...statements(
            (c.keyElements ?? []).flatMap((k) => [k.element, ...(k.distinguishingBehaviors ?? [])]),
            'key element',
            seed,
          ),
          ...definitionStatements(c),
        ],
  );
  // Last resort above the target: the competency's other behaviors, whatever their level.
  const wider =
    level.from === 'own'
      ? notFocus([
          ...statements(c.behavioralIndicators ?? [], 'indicator', seed),
          ...statements(
            (c.keyElements ?? []).flatMap((k) => [k.element, ...(k.distinguishingBehaviors ?? [])]),
            'key element',
            seed,
          ),
          ...definitionStatements(c),
        ])
      : [];
  const higher = statements(above[0] ?? [], 'higher level', seed);
  const highest = statements(above[1] ?? above[0] ?? [], 'higher level', seed + 1);
  const effective = notFocus(statements(c.effectiveBehaviors ?? [], 'effective behavior', seed));
  const satisfactory = performance(c, 'satisfactory');
  const superior = performance(c, 'superior');
  const superiorStmt = superior ? statementOf(sentences(superior)[0], 'superior performance') : undefined;
  const unsatisfactory = c.performanceLevels?.find((p) =>
    /unsatisf|below|not meet|needs improvement|marginal/i.test(p.label ?? ''),
  )?.description;

  const subject = 'The candidate';
  // Statements cited by one point are not repeated by the next one up.
  const cited = new Set<string>();
  const lowest = (): string[] => {
    const lines = ineffective
      .map((s) => {
        const v = did(s, true);
        return v ? firstClean(finish(`${subject} ${v}`)) : undefined;
      })
      .filter((x): x is string => !!x)
      .slice(0, 2);
    if (lines.length) return lines;
    const fallback = firstClean(
      unsatisfactory ? `Unsatisfactory performance: ${finish(unsatisfactory)}` : undefined,
      fallsShort(focus) &&
        (proposed
          ? line(`${subject} ${fallsShort(focus)}, or offered no workable course of action`)
          : line(`No relevant example, or one in which the candidate ${fallsShort(focus)}`)),
      proposed
        ? `No workable course of action, or one that ignores ${name}.`
        : `No relevant example of ${name}, or an example that shows its absence.`,
    );
    return fallback ? [fallback] : [];
  };
  const low = (): string[] => {
    const focusBase = focus ? phrase(focus.clause, 'base', 'third') : undefined;
    const needed = focusBase
      ? `${proposed ? 'would need' : 'needed'} help to ${focusBase}`
      : `showed little ${name} without help`;
    // The first lower-level behavior that renders cleanly (rendered lazily: guides are many).
    let fromBelow: string | undefined;
    for (const s of lower) {
      const v = did(s);
      fromBelow = v ? firstClean(line(`${subject} ${v}, but ${needed}`)) : undefined;
      if (fromBelow) break;
    }
    // "Only after being told how did the candidate ..." (never "did the candidate be").
    const told =
      focusBase && !proposed && !/^be\b/i.test(focusBase)
        ? line(`Only after being told how did the candidate ${focusBase}, or only in part`)
        : undefined;
    const t = firstClean(
      fromBelow,
      told,
      focus && did(focus)
        ? line(`${subject} ${did(focus)} only in part, or only after being told how`)
        : undefined,
      `${subject} showed some ${name}, but only after being told how, and the result was unclear.`,
    );
    return t ? [t] : [];
  };
  const middle = (): string[] => {
    const v = focus ? did(focus) : undefined;
    // A long or listed behavior reads better with the situation first.
    const long = !!v && (v.includes(',') || v.split(' ').length > 10);
    const main = firstClean(
      v && long ? line(`${ucFirst(setting)}, the candidate ${v}, with a clear result`) : undefined,
      v ? line(`${subject} ${v} ${setting}, with a clear result`) : undefined,
      v ? line(`${subject} ${v}, with a clear result`) : undefined,
      `${subject} showed ${name} ${setting}, with a clear result.`,
    );
    let second: string | undefined;
    for (const s of targetOthers.slice(0, 3)) {
      second = firstClean(line(`${subject} also ${did(s)}`));
      if (second) {
        cited.add(s.text);
        break;
      }
    }
    second ??= firstClean(
      satisfactory ? `Satisfactory performance: ${finish(sentences(satisfactory).join(' '))}` : undefined,
    );
    return [main, second].filter((x): x is string => !!x);
  };
  const better = (prev: number, pool: Statement[], extra?: string): string[] => {
    for (const s of [...pool, ...(superiorStmt ? [superiorStmt] : []), ...effective]) {
      if (cited.has(s.text)) continue;
      const t = firstClean(line(`As at ${prev}, and also ${did(s)}`));
      if (t) {
        cited.add(s.text);
        return [t];
      }
    }
    return extra ? [extra] : [];
  };
  // A question with no behavior of its own that renders cleanly still points the panel at what the
  // model says, quoted as written (lint-checked), so the anchors are never the scale alone.
  const rawModel =
    focus && did(focus)
      ? []
      : [...level.indicators, ...(c.behavioralIndicators ?? []), ...sentences(c.definition ?? '')]
          .map((t) => t.trim())
          .filter(Boolean);
  const modelNote = (k: number) =>
    rawModel.length
      ? firstClean(`What the model describes: ${finish(rawModel[k % rawModel.length])}`)
      : undefined;
  const n = scale.points.length;
  return scale.points.map((point, i) => {
    const r = n > 1 ? i / (n - 1) : 1;
    const prev = scale.points[i - 1]?.value;
    let parts: string[];
    if (i === 0 && n > 1) parts = lowest();
    else if (i === n - 1 && n > 1) {
      parts = better(
        prev,
        [...highest, ...higher, ...targetOthers, ...wider],
        firstClean(
          line(
            focus &&
              `As at ${prev}, and the candidate ${did(focus)} in a demanding situation and helped others do the same`,
          ),
          `As at ${prev}, and the candidate showed ${name} in a demanding situation and helped others do the same.`,
        ),
      );
      const sup = superior ? `Superior performance: ${finish(sentences(superior).join(' '))}` : undefined;
      if (sup && firstClean(sup) && !(superiorStmt && cited.has(superiorStmt.text))) parts.push(sup);
    } else if (r < 0.5) parts = low();
    else if (r <= 0.67) parts = middle();
    else
      parts = better(
        prev,
        [...higher, ...targetOthers, ...wider],
        firstClean(
          line(focus && `As at ${prev}, and the candidate ${did(focus)} with little guidance`),
          `As at ${prev}, and the candidate showed ${name} with little guidance.`,
        ),
      );
    const note = i > 0 && !options.name ? modelNote(i - 1) : undefined;
    if (note) parts.push(note);
    parts.push(...anchorsAt(c, scale, i));
    if (point.description && scale.kind === 'proficiency')
      parts.push(`Scale (${point.label}): ${finish(point.description)}`);
    return { value: point.value, label: point.label, description: parts.join(' ') };
  });
}
