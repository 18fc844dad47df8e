/**
 * Which scenario themes fit a competency: its words against each theme's keywords, the name and
 * definition weighing most. Explainable: every match lists the words of the competency that hit.
 */
import { inSentence } from '../text.js';
import type { CompetencyLike, ThemeMatch } from '../types.js';
import { THEMES } from './library.js';
import type { Theme } from './types.js';

/** A theme needs this score: a hit in the name or definition, or two elsewhere. */
export const MATCH_THRESHOLD = 2;

interface Field {
  words: string[];
  weight: number;
}

const tokens = (text: string) => text.toLowerCase().match(/[a-z][a-z'’-]*/g) ?? [];

/** The competency's text by field, the name and definition weighted above the rest. */
function fieldsOf(c: CompetencyLike): Field[] {
  const f = (weight: number, ...texts: (string | null | undefined)[]): Field => ({
    words: texts.filter(Boolean).flatMap((t) => [...tokens(t!), '|']),
    weight,
  });
  return [
    f(4, c.name),
    f(2, c.definition, ...(c.keySkills ?? []).map((k) => k.name)),
    f(
      1,
      ...(c.behavioralIndicators ?? []),
      ...(c.levels ?? []).flatMap((l) => [l.description, ...(l.indicators ?? [])]),
      ...(c.keyElements ?? []).flatMap((k) => [k.element, ...(k.distinguishingBehaviors ?? [])]),
      ...(c.effectiveBehaviors ?? []),
      ...(c.ineffectiveBehaviors ?? []),
      ...(c.keySkills ?? []).flatMap((k) => [
        k.definition,
        ...(k.indicators ?? []),
        ...(k.levels ?? []).flatMap((l) => [l.description, ...(l.indicators ?? [])]),
      ]),
    ),
  ];
}

function wordMatches(pattern: string, word: string): boolean {
  if (pattern.endsWith('*')) return word.startsWith(pattern.slice(0, -1));
  return word === pattern || word === `${pattern}s` || word === `${pattern}es` || word === `${pattern}'s`;
}

/** The words of `field` that match the keyword (a word or phrase), first occurrence, else null. */
function find(keyword: string, words: string[]): string | null {
  const parts = keyword.toLowerCase().split(/\s+/);
  outer: for (let i = 0; i + parts.length <= words.length; i++) {
    for (let j = 0; j < parts.length; j++) if (!wordMatches(parts[j], words[i + j])) continue outer;
    return words.slice(i, i + parts.length).join(' ');
  }
  return null;
}

function scoreTheme(theme: Theme, fields: Field[]): ThemeMatch {
  let score = 0;
  const matched: string[] = [];
  for (const keyword of theme.keywords) {
    let best = 0;
    let hits = 0;
    let word: string | null = null;
    for (const field of fields) {
      const w = find(keyword, field.words);
      if (!w) continue;
      hits++;
      if (field.weight > best) {
        best = field.weight;
        word = w;
      }
    }
    if (!word) continue;
    // A word found in several fields counts a little more than one found once.
    score += best + 0.25 * (hits - 1);
    if (!matched.includes(word)) matched.push(word);
  }
  return { key: theme.key, label: theme.label, score: Math.round(score * 100) / 100, matched };
}

/** Themes whose score reaches the threshold, best first (ties by the library's order). */
export function matchThemes(c: CompetencyLike): ThemeMatch[] {
  const fields = fieldsOf(c);
  return THEMES.map((t) => scoreTheme(t, fields))
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => m.score >= MATCH_THRESHOLD)
    .sort((a, b) => b.m.score - a.m.score || a.i - b.i)
    .map(({ m }) => m);
}

/** Why a competency gets no situational question, for the page; undefined when it gets one. */
export function situationalUnavailableReason(c: CompetencyLike): string | undefined {
  if (matchThemes(c).length) return undefined;
  const fields = fieldsOf(c);
  const closest = THEMES.map((t) => scoreTheme(t, fields)).sort((a, b) => b.score - a.score)[0];
  const near =
    closest && closest.score > 0
      ? ` The closest theme, ${closest.label}, matched only “${closest.matched.join('”, “')}”.`
      : '';
  return `No situational question for ${inSentence(c.name)}: its name, definition and behaviors match none of the scenario library's themes, and a generic scenario would not test it.${near} Write a situational question for it by hand in the question bank.`;
}
