/** What the review page shows: each source line with the fields it fed, and each field with its lines. */
import type { DraftCompetency, ParseResult } from './draft.types.js';
import { ASSIGN_TARGETS } from './framework-draft.model.js';

export interface LineRow {
  n: number;
  text: string;
  unused: boolean;
  /** "Service Orientation: levels[0].indicators[1]" for each field the line fed. */
  usedBy: string[];
  assignedTo?: string;
  /** The competency the line sits in (the last one starting at or before it): the form's default. */
  competency?: string;
}

const SINGULAR: Record<string, string> = { notes: 'note', anchors: 'anchor' };

/**
 * A field path as a reader says it: `levels[1].indicators[2]` is "level 2, indicator 3",
 * `ineffectiveBehaviors[0]` "ineffective behavior 1" (lists count from 1, as people do).
 */
export function partLabel(part: string): string {
  return part
    .split('.')
    .map((segment) => {
      const m = /^(\w+?)(?:\[(\d+)\])?$/.exec(segment);
      if (!m) return segment;
      const words = m[1].replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
      if (m[2] === undefined) return words;
      const one = SINGULAR[m[1]] ?? words.replace(/s$/, '');
      return `${one} ${Number(m[2]) + 1}`;
    })
    .join(', ');
}

export function lineRows(
  lines: string[],
  result: ParseResult,
  assignments: { line: number; target: string }[],
): LineRow[] {
  const unused = new Set(result.unusedLines.map((u) => u.line));
  const usedBy = new Map<number, string[]>();
  for (const c of result.draft.competencies)
    for (const p of c.provenance)
      for (let n = p.line ?? 0; n <= (p.lineEnd ?? p.line ?? 0); n++)
        usedBy.set(n, [...(usedBy.get(n) ?? []), `${c.name}: ${partLabel(p.part)}`]);
  const assigned = new Map(assignments.map((a) => [a.line, a.target]));
  const starts = result.draft.competencies
    .map((c) => ({ key: c.key, line: Math.min(...c.provenance.map((p) => p.line ?? Infinity)) }))
    .filter((s) => Number.isFinite(s.line))
    .sort((a, b) => a.line - b.line);
  const competencyAt = (n: number) => starts.filter((s) => s.line <= n).pop()?.key ?? starts[0]?.key;
  return lines
    .map((text, i) => ({
      n: i + 1,
      text,
      unused: unused.has(i + 1),
      usedBy: [...new Set(usedBy.get(i + 1) ?? [])],
      assignedTo: assigned.get(i + 1),
      competency: competencyAt(i + 1),
    }))
    .filter((r) => r.text.trim());
}

/** "lines 3–5" for the field at `part` (and its sub-fields when `deep`). */
export function sourceOf(c: DraftCompetency, part: string, deep = false): { label: string; first?: number } {
  const lines = c.provenance
    .filter((p) => p.part === part || (deep && p.part.startsWith(`${part}.`)))
    .flatMap((p) => (p.line ? [p.line, p.lineEnd ?? p.line] : []));
  if (!lines.length) return { label: 'no source line' };
  const lo = Math.min(...lines);
  const hi = Math.max(...lines);
  return { label: lo === hi ? `line ${lo}` : `lines ${lo}–${hi}`, first: lo };
}

/**
 * A level as people name it: "Level 2: Proficient". The level's own number when the document gave
 * one, else its place in the list counted from 1 (never the array index: people count from 1).
 */
export function levelName(level: { number?: number; label?: string }, index: number): string {
  const name = `Level ${level.number ?? index + 1}`;
  return level.label ? `${name}: ${level.label}` : name;
}

export const TARGET_LABELS: Record<(typeof ASSIGN_TARGETS)[number], string> = {
  competency: 'Start a new competency (split here)',
  definition: 'Definition',
  level: 'A level (new, or the level chosen)',
  indicator: 'An indicator (of the level chosen, or of the competency)',
  effective: 'Effective behaviors (what it looks like)',
  ineffective: "Ineffective behaviors (what it doesn't look like)",
  notes: 'Notes',
  ignore: 'Ignore this line',
};
