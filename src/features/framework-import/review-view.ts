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
        usedBy.set(n, [...(usedBy.get(n) ?? []), `${c.name}: ${p.part}`]);
  const assigned = new Map(assignments.map((a) => [a.line, a.target]));
  return lines
    .map((text, i) => ({
      n: i + 1,
      text,
      unused: unused.has(i + 1),
      usedBy: [...new Set(usedBy.get(i + 1) ?? [])],
      assignedTo: assigned.get(i + 1),
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
