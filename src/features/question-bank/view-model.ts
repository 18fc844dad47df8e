/** Shapes the question bank and generated items for the views (labels, grouping, form values). */
import type { GeneratedItem, GeneratorKind } from '../generators/types.js';
import { GENERATOR_KINDS } from '../generators/types.js';
import type { GeneratorSource } from './generator-source.js';

export const ITEM_KIND_LABELS: Record<GeneratorKind, string> = {
  qualification: 'Qualification statements',
  behavioral: 'Behavioral questions',
  situational: 'Situational questions',
  reference: 'Reference-check questions',
};
export const kindOptions = GENERATOR_KINDS.map((value) => ({ value, label: ITEM_KIND_LABELS[value] }));

export const STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  approved: 'Approved',
  archived: 'Archived',
};

export function scaleOptions(source: GeneratorSource) {
  return source.scales.map((s) => ({ value: s.key ?? '', label: `${s.name} (${s.points.length} points)` }));
}

export function levelLabelOf(source: GeneratorSource, level: number): string {
  return source.levels.find((l) => l.value === level)?.label ?? `Level ${level}`;
}

interface BankItem {
  kind: string;
  level: number;
}

/** Items grouped by kind (in the generators' order), then by level. */
export function groupBank<T extends BankItem>(source: GeneratorSource, items: T[]) {
  return GENERATOR_KINDS.map((kind) => {
    const ofKind = items.filter((i) => i.kind === kind);
    const levels = [...new Set(ofKind.map((i) => i.level))].sort((a, b) => a - b);
    return {
      kind,
      label: ITEM_KIND_LABELS[kind],
      count: ofKind.length,
      levels: levels.map((level) => ({
        level,
        label: levelLabelOf(source, level),
        items: ofKind.filter((i) => i.level === level),
      })),
    };
  });
}

export interface PostedRow {
  selected?: unknown;
  text?: unknown;
  situation?: unknown;
  action?: unknown;
  result?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Generated items as editable cards, in four columns; posted edits (a 422 re-render) win over generated text. */
export function generatedColumns(items: GeneratedItem[], posted: PostedRow[] = []) {
  const cards = items.map((item, index) => {
    const row = posted[index] ?? {};
    const edited = posted.length > 0;
    return {
      index,
      item,
      text: str(row.text) ?? item.text,
      situation: str(row.situation) ?? (item.probes?.situation ?? []).join('\n'),
      action: str(row.action) ?? (item.probes?.action ?? []).join('\n'),
      result: str(row.result) ?? (item.probes?.result ?? []).join('\n'),
      selected: edited ? row.selected === 'on' : false,
    };
  });
  return GENERATOR_KINDS.map((kind) => {
    const ofKind = cards.filter((c) => c.item.kind === kind);
    return {
      kind,
      label: ITEM_KIND_LABELS[kind],
      cards: ofKind,
      note: ofKind.length ? undefined : (EMPTY_NOTES[kind] ?? 'Nothing generated for this kind.'),
    };
  });
}

/**
 * Why a kind came out empty. The situational generator only uses a scenario whose theme matches
 * the competency: a generic scenario would test something else, so it writes none instead.
 */
export const NO_SITUATIONAL =
  'No situational question: this competency matches none of the scenario themes (customer service, safety, ' +
  'teamwork, planning and the others in the scenario library), and a scenario about something else would ' +
  'not test it. Write one by hand in the bank, or add indicators that describe the situations the job involves.';

const EMPTY_NOTES: Partial<Record<GeneratorKind, string>> = { situational: NO_SITUATIONAL };
