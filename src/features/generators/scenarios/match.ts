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
  /** The words in order ("|" between texts, so phrases do not run across them). */
  words: string[];
  /** Where each distinct word occurs: keywords are looked up by word, not by scanning. */
  at: Map<string, number[]>;
  /** The distinct words by their first two letters, so a keyword looks only at words that can match. */
  byHead: Map<string, string[]>;
  weight: number;
}

const tokens = (text: string) => text.toLowerCase().match(/[a-z][a-z'’-]*/g) ?? [];

function field(weight: number, texts: (string | null | undefined)[]): Field {
  const words = texts.filter(Boolean).flatMap((t) => [...tokens(t!), '|']);
  const at = new Map<string, number[]>();
  words.forEach((w, i) => {
    const list = at.get(w);
    if (list) list.push(i);
    else at.set(w, [i]);
  });
  const byHead = new Map<string, string[]>();
  for (const w of at.keys()) {
    const head = w.slice(0, 2);
    const list = byHead.get(head);
    if (list) list.push(w);
    else byHead.set(head, [w]);
  }
  return { words, at, byHead, weight };
}

/** The competency's text by field, the name and definition weighted above the rest. */
function fieldsOf(c: CompetencyLike): Field[] {
  return [
    field(4, [c.name]),
    field(2, [c.definition, ...(c.keySkills ?? []).map((k) => k.name)]),
    field(1, [
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
    ]),
  ];
}

interface Part {
  stem: string;
  /** The stem's first two letters, the key into Field.byHead. */
  head: string;
  prefix: boolean;
}

/** "stem*" matches any word starting with the stem; a word matches itself and its plural. */
function partMatches(p: Part, word: string): boolean {
  if (!word.startsWith(p.stem)) return false;
  if (p.prefix) return true;
  const n = word.length - p.stem.length;
  if (n === 0) return true;
  if (n === 1) return word.endsWith('s');
  return n === 2 && (word.endsWith('es') || word.endsWith("'s") || word.endsWith('’s'));
}

const compiled = new Map<string, Part[]>();
function partsOf(keyword: string): Part[] {
  let parts = compiled.get(keyword);
  if (!parts) {
    parts = keyword
      .toLowerCase()
      .split(/\s+/)
      .map((w) => {
        const stem = w.replace(/\*$/, '');
        return { stem, head: stem.slice(0, 2), prefix: w.endsWith('*') };
      });
    compiled.set(keyword, parts);
  }
  return parts;
}

/** The words of the field that match the keyword (a word or phrase), or null. */
function find(keyword: string, f: Field): string | null {
  const parts = partsOf(keyword);
  for (const word of f.byHead.get(parts[0].head) ?? []) {
    if (!partMatches(parts[0], word)) continue;
    for (const i of f.at.get(word)!) {
      if (i + parts.length > f.words.length) continue;
      if (parts.every((p, j) => j === 0 || partMatches(p, f.words[i + j])))
        return f.words.slice(i, i + parts.length).join(' ');
    }
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
      const w = find(keyword, field);
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

/**
 * Matches by competency object: generating every level of a competency matches it once. The
 * generators never change a competency, and callers get copies, so a cached answer stays right.
 */
const cache = new WeakMap<CompetencyLike, ThemeMatch[]>();

/** Themes whose score reaches the threshold, best first (ties by the library's order). */
export function matchThemes(c: CompetencyLike): ThemeMatch[] {
  let found = cache.get(c);
  if (!found) {
    found = rank(c);
    cache.set(c, found);
  }
  return found.map((m) => ({ ...m, matched: [...m.matched] }));
}

function rank(c: CompetencyLike): ThemeMatch[] {
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
