/**
 * Field-by-field comparison of a parsed draft with a framework file built by hand: competencies,
 * levels, indicators, performance levels and rating factors as sets of normalized facts, scored
 * as precision (how much of what was parsed is right) and recall (how much of the file was found).
 */
import type { FrameworkFileInput } from '../competencies/framework-file.schema.js';
import type { Draft } from './draft.types.js';
import { norm } from './parse-rules.js';

export interface Score {
  expected: number;
  found: number;
  matched: number;
  precision: number;
  recall: number;
}

type CompetencyLike = {
  name: string;
  levels?: { number?: number; label?: string; description?: string; indicators?: string[] }[];
  behavioralIndicators?: string[];
  effectiveBehaviors?: string[];
  ineffectiveBehaviors?: string[];
  keyElements?: { element: string }[];
  performanceLevels?: { label: string; description: string }[];
  ratingFactors?: { name: string; anchors: { level: string; description: string }[] }[];
};

/** Every fact a file states, keyed by competency name so a fact counts only in its competency. */
export function facts(
  competencies: CompetencyLike[],
  scales: { points: { label: string; indicators?: string[] }[] }[] = [],
): Set<string> {
  const out = new Set<string>();
  for (const c of competencies) {
    const k = norm(c.name);
    out.add(`competency|${k}`);
    (c.levels ?? []).forEach((l, i) => {
      out.add(`level|${k}|${i}|${norm(l.label ?? '')}|${norm(l.description ?? '')}`);
      for (const ind of l.indicators ?? []) out.add(`indicator|${k}|${norm(ind)}`);
    });
    for (const ind of [
      ...(c.behavioralIndicators ?? []),
      ...(c.effectiveBehaviors ?? []),
      ...(c.ineffectiveBehaviors ?? []),
    ])
      out.add(`indicator|${k}|${norm(ind)}`);
    for (const e of c.keyElements ?? []) out.add(`indicator|${k}|${norm(e.element)}`);
    for (const p of c.performanceLevels ?? [])
      out.add(`performance|${k}|${norm(p.label)}|${norm(p.description)}`);
    for (const f of c.ratingFactors ?? [])
      out.add(
        `factor|${k}|${norm(f.name)}|${f.anchors.map((a) => `${norm(a.level)}=${norm(a.description)}`).join('|')}`,
      );
  }
  for (const s of scales)
    for (const p of s.points) {
      out.add(`scale|${norm(p.label)}`);
      for (const ind of p.indicators ?? []) out.add(`scale-indicator|${norm(ind)}`);
    }
  return out;
}

export function score(expected: Set<string>, found: Set<string>): Score {
  const matched = [...found].filter((f) => expected.has(f)).length;
  return {
    expected: expected.size,
    found: found.size,
    matched,
    precision: found.size ? matched / found.size : expected.size ? 0 : 1,
    recall: expected.size ? matched / expected.size : 1,
  };
}

/** Scores a draft against a hand-built file; only framework-wide (proficiency) scales count as scales. */
export function compareWithSeed(draft: Draft, seed: FrameworkFileInput): Score {
  const seedScale = (seed.scales ?? []).filter((s) => s.key === seed.framework.proficiencyScaleKey);
  const draftScale = draft.scales.filter((s) => s.key === draft.framework.proficiencyScaleKey);
  return score(
    facts(seed.competencies as CompetencyLike[], seedScale),
    facts(draft.competencies, draftScale),
  );
}
