/**
 * Generators: from a competency, a target level, a rating scale and a position context to
 * qualification statements, behavioral and situational questions and reference-check questions.
 * Pure functions: no database, deterministic (the same input gives the same output).
 *
 * Every item passes the quality gate before it is offered: qualityProblems(item) lists what lint()
 * finds in each of its texts (itemTexts), and applyQualityGate(items) tidies quoted source text and
 * drops any item with a problem. The language layer (analyzeStatement, renderStatement,
 * renderOrUndefined) is re-exported for callers that render statements themselves.
 */
import { behavioralQuestions } from './behavioral.js';
import { tidyText } from './language/tidy.js';
import { lint, type LintProblem } from './lint.js';
import { DEFAULT_RATING_SCALE, resolveLevel } from './levels.js';
import { qualificationStatements } from './qualification.js';
import { referenceQuestions } from './reference.js';
import { situationalQuestions } from './situational.js';
import { statementsFor } from './statements.js';
import {
  GENERATOR_KINDS,
  GeneratorInputError,
  type GenerateInput,
  type GeneratedItem,
  type GeneratorKind,
} from './types.js';

export * from './types.js';
export { DEFAULT_RATING_SCALE, levelOptions } from './levels.js';
export { lint, type LintProblem } from './lint.js';
export {
  analyzeStatement,
  renderStatement,
  renderOrUndefined,
  type RenderTarget,
  type Rendering,
  type StatementAnalysis,
} from './language/index.js';
export { REFERENCE_RATING_OPTIONS } from './reference.js';
export { matchThemes, situationalUnavailableReason } from './scenarios/match.js';

export function generate(input: GenerateInput): GeneratedItem[] {
  const kinds = input.kinds?.length ? input.kinds : [...GENERATOR_KINDS];
  for (const k of kinds) {
    if (!GENERATOR_KINDS.includes(k as GeneratorKind)) {
      throw new GeneratorInputError(
        `Unknown kind “${String(k)}”. Choose from: ${GENERATOR_KINDS.join(', ')}.`,
      );
    }
  }
  const c = input.competency;
  const level = resolveLevel(c, input.level, input.proficiencyScale);
  const scale = input.ratingScale?.points?.length ? input.ratingScale : DEFAULT_RATING_SCALE;
  const context = input.context ?? {};
  const pool = statementsFor(c, level);
  const out: GeneratedItem[] = [];
  for (const kind of kinds) {
    if (kind === 'qualification') out.push(...qualificationStatements(c, level, pool, context));
    if (kind === 'behavioral') out.push(...behavioralQuestions(c, level, pool, scale));
    if (kind === 'situational') out.push(...situationalQuestions(c, level, pool, scale, context));
    if (kind === 'reference') out.push(...referenceQuestions(c, level, pool, context));
  }
  return applyQualityGate(out);
}

/** The quality gate: quoted source text is tidied, and an item with any text that fails lint() is not offered. */
export function applyQualityGate(items: GeneratedItem[]): GeneratedItem[] {
  return items.map(tidyItem).filter((item) => qualityProblems(item).length === 0);
}

/** Every problem the quality gate finds in an item's texts, each with the text it is in. */
export function qualityProblems(item: GeneratedItem): (LintProblem & { text: string })[] {
  return itemTexts(item).flatMap((text) => lint(text).map((p) => ({ ...p, text })));
}

/** Source text quoted verbatim keeps its slash shorthand and stray spaces: tidied before the gate. */
function tidyItem(item: GeneratedItem): GeneratedItem {
  const t = (s: string) => tidyText(s);
  return {
    ...item,
    text: t(item.text),
    ...(item.probes
      ? {
          probes: {
            situation: item.probes.situation.map(t),
            action: item.probes.action.map(t),
            result: item.probes.result.map(t),
          },
        }
      : {}),
    ...(item.ratingGuide
      ? { ratingGuide: item.ratingGuide.map((g) => ({ ...g, description: t(g.description) })) }
      : {}),
    ...(item.sampleAnswers
      ? {
          sampleAnswers: {
            weak: t(item.sampleAnswers.weak),
            acceptable: t(item.sampleAnswers.acceptable),
            strong: t(item.sampleAnswers.strong),
          },
        }
      : {}),
  };
}

/** Every text of an item (prompt, probes, guide, sample answers), for linting. */
export function itemTexts(item: GeneratedItem): string[] {
  return [
    item.text,
    ...(item.probes ? [...item.probes.situation, ...item.probes.action, ...item.probes.result] : []),
    ...(item.ratingGuide ?? []).map((g) => g.description),
    ...(item.sampleAnswers
      ? [item.sampleAnswers.weak, item.sampleAnswers.acceptable, item.sampleAnswers.strong]
      : []),
  ];
}
