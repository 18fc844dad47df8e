/**
 * The models the harness measures: the seed library (seeds/frameworks, one model per framework)
 * and the team's own corpus (eval/corpus/*.json, a shape read straight into CompetencyLike; see
 * eval/README.md). Corpus files are checked strictly so that a misspelt field fails loudly
 * instead of silently measuring less.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { validateFrameworkFile } from '../src/features/competencies/framework-file.schema.js';
import type { CompetencyLike, PositionContext, ScaleLike } from '../src/features/generators/index.js';

export interface EvalModel {
  key: string;
  name: string;
  origin: 'seed' | 'corpus';
  competencies: CompetencyLike[];
  proficiencyScale: ScaleLike | null;
  ratingScale?: ScaleLike;
  context: PositionContext;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const text = z.string().trim().min(1);
const texts = z.array(text);
const level = z.strictObject({
  number: z.number().int().optional(),
  label: text.optional(),
  description: text.optional(),
  indicators: texts.optional(),
});
const scale = z.strictObject({
  key: text.optional(),
  name: text,
  kind: z.enum(['proficiency', 'rating']).optional(),
  points: z
    .array(
      z.strictObject({
        value: z.number().int(),
        label: text,
        description: text.optional(),
        indicators: texts.optional(),
      }),
    )
    .min(2),
});
const competency = z.strictObject({
  key: text,
  name: text,
  code: text.optional(),
  definition: text.optional(),
  kind: z.enum(['behavioral', 'technical', 'core-value']).optional(),
  levels: z.array(level).optional(),
  behavioralIndicators: texts.optional(),
  keyElements: z
    .array(z.strictObject({ element: text, distinguishingBehaviors: texts.optional() }))
    .optional(),
  performanceLevels: z.array(z.strictObject({ label: text, description: text })).optional(),
  ratingFactors: z
    .array(
      z.strictObject({
        name: text,
        anchors: z.array(z.strictObject({ level: text, description: text })).min(1),
      }),
    )
    .optional(),
  ratingScale: scale.optional(),
  effectiveBehaviors: texts.optional(),
  ineffectiveBehaviors: texts.optional(),
  keySkills: z
    .array(
      z.strictObject({
        name: text,
        definition: text.optional(),
        levels: z.array(level).optional(),
        indicators: texts.optional(),
      }),
    )
    .optional(),
});
export const corpusFile = z.strictObject({
  key: text,
  name: text,
  context: z.strictObject({
    jobTitle: text.optional(),
    organization: text.optional(),
    candidateName: text.optional(),
    setting: text.optional(),
    publicServed: text.optional(),
    relationship: z.enum(['supervisor', 'peer', 'direct-report', 'client', 'other']).optional(),
  }),
  proficiencyScale: scale.optional(),
  ratingScale: scale.optional(),
  competencies: z.array(competency).min(1),
});

/** A sample position for the seeds, which carry no job context of their own. */
const SEED_CONTEXT: PositionContext = {
  jobTitle: 'Customer Service Representative',
  organization: 'the City',
  candidateName: 'Jordan Rivera',
  setting: 'the permit counter',
  publicServed: 'residents',
  relationship: 'supervisor',
};

export function seedModels(): EvalModel[] {
  const dir = path.join(ROOT, 'seeds', 'frameworks');
  return listJson(dir).map((f) => {
    const r = validateFrameworkFile(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    if (!r.ok) throw new Error(`seeds/frameworks/${f}: ${r.problems.join('; ')}`);
    const scales = new Map(r.file.scales.map((s) => [s.key, s]));
    const key = r.file.framework.proficiencyScaleKey;
    return {
      key: r.file.framework.key,
      name: r.file.framework.name,
      origin: 'seed' as const,
      competencies: r.file.competencies.map((c) => ({
        ...c,
        ratingScale: c.ratingScaleKey ? scales.get(c.ratingScaleKey) : null,
      })),
      proficiencyScale: key ? (scales.get(key) ?? null) : null,
      context: SEED_CONTEXT,
    };
  });
}

export function corpusModels(dir = path.join(ROOT, 'eval', 'corpus')): EvalModel[] {
  return listJson(dir).map((f) => {
    const parsed = corpusFile.safeParse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      throw new Error(`eval/corpus/${f}: ${where.join('; ')}`);
    }
    const m = parsed.data;
    return {
      key: m.key,
      name: m.name,
      origin: 'corpus' as const,
      competencies: m.competencies,
      proficiencyScale: m.proficiencyScale ?? null,
      ratingScale: m.ratingScale,
      context: m.context,
    };
  });
}

function listJson(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((x) => x.endsWith('.json'))
    .sort();
}
