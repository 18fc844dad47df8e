/**
 * Generates everything for one model (every kind, every level of every competency) and measures
 * it with the metrics in metrics.ts. The result keeps the offending texts so that a person can
 * read what failed, not only count it.
 */
import {
  generate,
  itemTexts,
  levelOptions,
  lint,
  type CompetencyLike,
  type GeneratedItem,
} from '../src/features/generators/index.js';
import {
  guideLines,
  hasModelContent,
  modelTexts,
  sharesScenarioRun,
  nearDuplicates,
  quotingStems,
  sameAtEveryLevel,
  type Question,
} from './metrics.js';
import type { EvalModel } from './models.js';

export interface EvalItem {
  model: string;
  competency: string;
  levelLabel: string;
  item: GeneratedItem;
}

export interface ModelReport {
  model: string;
  origin: 'seed' | 'corpus';
  competencies: number;
  items: number;
  texts: number;
  gateFailures: { competency: string; level: number; text: string; problems: string[] }[];
  quotingStems: { competency: string; level: number; text: string; run: string }[];
  sameAtEveryLevel: string[];
  guideLines: number;
  /** Guide lines of competencies that are only a name: nothing in the model to draw from (not in the %). */
  nameOnlyGuideLines: number;
  guideLinesWithoutContent: { competency: string; line: string }[];
  nearDuplicates: { a: string; b: string; similarity: number }[];
  /** Competency-levels the generators refused or crashed on (a generator bug, reported as such). */
  errors: { competency: string; level: number; message: string }[];
}

export function measureModel(model: EvalModel): { report: ModelReport; items: EvalItem[] } {
  const report: ModelReport = {
    model: model.key,
    origin: model.origin,
    competencies: model.competencies.length,
    items: 0,
    texts: 0,
    gateFailures: [],
    quotingStems: [],
    sameAtEveryLevel: [],
    guideLines: 0,
    nameOnlyGuideLines: 0,
    guideLinesWithoutContent: [],
    nearDuplicates: [],
    errors: [],
  };
  const all: EvalItem[] = [];
  const questions: Question[] = [];
  for (const c of model.competencies) {
    const byLevel = new Map<number, GeneratedItem[]>();
    for (const option of levelOptions(c, model.proficiencyScale)) {
      const items = generateSafely(model, c, option.value, report);
      byLevel.set(option.value, items);
      for (const item of items) {
        all.push({ model: model.key, competency: c.name, levelLabel: option.label, item });
        measureItem(report, c, option.value, item);
        if (item.kind === 'behavioral' || item.kind === 'situational')
          questions.push({ group: c.key, level: option.value, text: item.text });
      }
      for (const q of quotingStems(items, c))
        report.quotingStems.push({ competency: c.name, level: option.value, ...q });
    }
    if (sameAtEveryLevel(byLevel)) report.sameAtEveryLevel.push(c.name);
  }
  report.nearDuplicates = nearDuplicates(questions);
  return { report, items: all };
}

function generateSafely(
  model: EvalModel,
  c: CompetencyLike,
  level: number,
  report: ModelReport,
): GeneratedItem[] {
  try {
    return generate({
      competency: c,
      level,
      proficiencyScale: model.proficiencyScale,
      ratingScale: model.ratingScale,
      context: model.context,
    });
  } catch (e) {
    report.errors.push({ competency: c.name, level, message: e instanceof Error ? e.message : String(e) });
    return [];
  }
}

function measureItem(report: ModelReport, c: CompetencyLike, level: number, item: GeneratedItem): void {
  report.items++;
  for (const text of itemTexts(item)) {
    report.texts++;
    const problems = lint(text);
    if (problems.length)
      report.gateFailures.push({
        competency: c.name,
        level,
        text,
        problems: problems.map((p) => `${p.rule}: ${p.message}`),
      });
  }
  // A situational item's anchors are written for its scenario (issue 14: "for situational items the
  // scenario's own answers"): a line built from those answers is question-specific content too.
  const scenario = item.sampleAnswers
    ? [item.sampleAnswers.weak, item.sampleAnswers.acceptable, item.sampleAnswers.strong]
    : [];
  const nameOnly = modelTexts(c).length === 0;
  for (const line of guideLines([item])) {
    if (nameOnly) {
      report.nameOnlyGuideLines++;
      continue;
    }
    report.guideLines++;
    if (!hasModelContent(line, c) && !sharesScenarioRun(line, scenario))
      report.guideLinesWithoutContent.push({ competency: c.name, line });
  }
}

/** The row of the table: counts only. */
export interface Row {
  model: string;
  competencies: number;
  items: number;
  gateFailures: number;
  quotingStems: number;
  sameAtEveryLevel: number;
  guideLines: number;
  nameOnlyGuideLines: number;
  guideWithoutContent: number;
  guideWithoutContentPct: number;
  nearDuplicates: number;
  errors: number;
}

export function rowOf(r: ModelReport): Row {
  return {
    model: r.model,
    competencies: r.competencies,
    items: r.items,
    gateFailures: r.gateFailures.length,
    quotingStems: r.quotingStems.length,
    sameAtEveryLevel: r.sameAtEveryLevel.length,
    guideLines: r.guideLines,
    nameOnlyGuideLines: r.nameOnlyGuideLines,
    guideWithoutContent: r.guideLinesWithoutContent.length,
    guideWithoutContentPct: pct(r.guideLinesWithoutContent.length, r.guideLines),
    nearDuplicates: r.nearDuplicates.length,
    errors: r.errors.length,
  };
}

export function totalRow(rows: Row[]): Row {
  const sum = (k: keyof Row) => rows.reduce((n, r) => n + (r[k] as number), 0);
  return {
    model: 'TOTAL',
    competencies: sum('competencies'),
    items: sum('items'),
    gateFailures: sum('gateFailures'),
    quotingStems: sum('quotingStems'),
    sameAtEveryLevel: sum('sameAtEveryLevel'),
    guideLines: sum('guideLines'),
    nameOnlyGuideLines: sum('nameOnlyGuideLines'),
    guideWithoutContent: sum('guideWithoutContent'),
    guideWithoutContentPct: pct(sum('guideWithoutContent'), sum('guideLines')),
    nearDuplicates: sum('nearDuplicates'),
    errors: sum('errors'),
  };
}

function pct(n: number, of: number): number {
  return of ? Math.round((1000 * n) / of) / 10 : 0;
}

/** The targets of issue 14 a `--check` run enforces; returns what was missed, per model. */
export function missedTargets(rows: Row[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    if (r.gateFailures) out.push(`${r.model}: ${r.gateFailures} quality-gate failures (target 0)`);
    if (r.quotingStems)
      out.push(`${r.model}: ${r.quotingStems} situational stems quote an indicator (target 0)`);
    if (r.sameAtEveryLevel)
      out.push(
        `${r.model}: ${r.sameAtEveryLevel} competencies with the same questions at every level (target 0)`,
      );
    if (r.guideWithoutContentPct > 10)
      out.push(
        `${r.model}: ${r.guideWithoutContentPct}% rating-guide lines without model content (target <= 10%)`,
      );
    if (r.errors) out.push(`${r.model}: ${r.errors} competency-levels the generators failed on (target 0)`);
  }
  return out;
}
