/**
 * What the user changed on the review page, replayed over the parsed draft: lines reassigned to
 * a field, competencies renamed or merged, levels fixed. Replaying (rather than patching a stored
 * draft) keeps provenance exact and the result the same for the same document and changes.
 */
import type { DraftCompetency, ParseResult } from './draft.types.js';
import type { AssignTarget } from './framework-draft.model.js';
import { parseLines } from './parser.js';
import { classifyLine } from './source-lines.js';

export interface Assignment {
  line: number;
  target: AssignTarget;
  competency?: string | null;
  level?: number | null;
}
export interface Edit {
  op: 'rename' | 'merge' | 'level';
  key: string;
  name?: string | null;
  into?: string | null;
  index?: number | null;
  number?: number | null;
  label?: string | null;
}

/** Parses the lines with the user's changes applied. */
export function buildDraft(
  lines: string[],
  document: string,
  assignments: Assignment[],
  edits: Edit[],
): ParseResult {
  const latest = new Map(assignments.map((a) => [a.line, a]));
  const result = parseLines(lines, document, {
    skip: new Set([...latest.values()].filter((a) => a.target !== 'competency').map((a) => a.line)),
    competencyStarts: new Set(
      [...latest.values()].filter((a) => a.target === 'competency').map((a) => a.line),
    ),
  });
  for (const a of [...latest.values()].sort((x, y) => x.line - y.line)) {
    if (a.target === 'competency' || a.target === 'ignore') continue;
    const c = result.draft.competencies.find((x) => x.key === a.competency);
    const text = classifyLine(lines[a.line - 1] ?? '', a.line).text;
    if (!c || !text) {
      if (text) result.unusedLines.push({ line: a.line, text });
      continue;
    }
    assign(c, a, text, document);
  }
  result.unusedLines.sort((x, y) => x.line - y.line);
  for (const e of edits) applyEdit(result, e);
  const keys = new Set(result.draft.competencies.map((c) => c.key));
  result.draft.positionTemplates = result.draft.positionTemplates
    .map((t) => ({ ...t, competencies: t.competencies.filter((r) => keys.has(r.key)) }))
    .filter((t) => t.competencies.length);
  return result;
}

function assign(c: DraftCompetency, a: Assignment, text: string, document: string): void {
  const record = (part: string): void => void c.provenance.push({ part, document, line: a.line });
  const level = a.level != null ? c.levels[a.level] : undefined;
  switch (a.target) {
    case 'definition':
      c.definition = c.definition ? `${c.definition} ${text}` : text;
      return record('definition');
    case 'level':
      if (level) {
        level.description = level.description ? `${level.description} ${text}` : text;
        return record(`levels[${a.level}].description`);
      }
      c.levels.push({ number: c.levels.length + 1, description: text, indicators: [] });
      return record(`levels[${c.levels.length - 1}]`);
    case 'indicator':
      if (level) {
        level.indicators.push(text);
        return record(`levels[${a.level}].indicators[${level.indicators.length - 1}]`);
      }
      c.behavioralIndicators.push(text);
      return record(`behavioralIndicators[${c.behavioralIndicators.length - 1}]`);
    case 'effective':
    case 'ineffective': {
      const list = a.target === 'effective' ? c.effectiveBehaviors : c.ineffectiveBehaviors;
      list.push(text);
      return record(`${a.target}Behaviors[${list.length - 1}]`);
    }
    case 'notes':
      c.notes.push(text);
      return record(`notes[${c.notes.length - 1}]`);
  }
}

const LISTS = [
  'levels',
  'behavioralIndicators',
  'effectiveBehaviors',
  'ineffectiveBehaviors',
  'keySkills',
  'keyElements',
  'performanceLevels',
  'ratingFactors',
  'notes',
] as const;

function applyEdit(result: ParseResult, e: Edit): void {
  const all = result.draft.competencies;
  const c = all.find((x) => x.key === e.key);
  if (!c) return;
  if (e.op === 'rename' && e.name) c.name = e.name;
  if (e.op === 'level' && e.index != null && c.levels[e.index]) {
    const level = c.levels[e.index];
    if (e.number != null) level.number = e.number;
    if (e.label) level.label = e.label;
  }
  if (e.op === 'merge') {
    const into = all.find((x) => x.key === e.into);
    if (!into || into === c) return;
    const offsets = Object.fromEntries(LISTS.map((f) => [f, into[f].length]));
    for (const f of LISTS) (into[f] as unknown[]).push(...(c[f] as unknown[]));
    if (c.definition) {
      if (!into.definition) into.definition = c.definition;
      else into.notes.push(c.definition);
    }
    into.requiredLevels.push(
      ...c.requiredLevels.filter((r) => !into.requiredLevels.some((x) => x.grade === r.grade)),
    );
    for (const s of c.absentSections) if (!into.absentSections.includes(s)) into.absentSections.push(s);
    for (const p of c.provenance) {
      const part = p.part.replace(/^(\w+)\[(\d+)\]/, (m, f: string, i: string) =>
        f in offsets ? `${f}[${Number(i) + offsets[f]}]` : m,
      );
      into.provenance.push({ ...p, part: part === 'name' ? 'merged' : part });
    }
    all.splice(all.indexOf(c), 1);
  }
}
