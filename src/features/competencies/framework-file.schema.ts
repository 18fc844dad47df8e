/**
 * The framework file format, version 1: what seeds/ holds, what export writes and what import
 * reads. One framework with its competencies, the rating scales they use, and position
 * templates. Cross-references are checked too, and every message names its path, e.g.
 * `competencies[3].levels[1].description: required`.
 */
import { z } from 'zod';

export const FRAMEWORK_FILE_VERSION = 1;

const text = z.string().trim().min(1, 'required').max(20_000, 'too long (20,000 characters at most)');
const shortText = z.string().trim().min(1, 'required').max(300, 'too long (300 characters at most)');
const list = z.array(text).max(200, 'too many entries (200 at most)').default([]);
export const slug = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'must be lower-case letters, digits and single hyphens (e.g. customer-service)',
  )
  .max(80, 'too long (80 characters at most)');

/** Where a part came from: the source document and its section heading. */
export const sourceRef = z.object({
  document: shortText,
  section: shortText.optional(),
  note: text.optional(),
});

export const scalePoint = z.object({
  value: z.number().int('must be a whole number'),
  label: shortText,
  description: text.optional(),
  indicators: list,
});

export const ratingScale = z.object({
  key: slug,
  name: shortText,
  kind: z.enum(['proficiency', 'rating']),
  description: text.optional(),
  points: z.array(scalePoint).min(2, 'a scale needs at least 2 points').max(10, 'at most 10 points'),
  source: sourceRef.optional(),
});

/** One proficiency level of a competency, in order. `number` is the number the source prints, if any. */
export const level = z.object({
  number: z.number().int().optional(),
  label: shortText.optional(),
  description: text.optional(),
  indicators: list,
  source: sourceRef.optional(),
});

export const keyElement = z.object({
  element: text,
  distinguishingBehaviors: list,
});

export const performanceLevel = z.object({ label: shortText, description: text });

/** A rating factor with an anchor (what that rating looks like) per point of the competency's rating scale. */
export const ratingFactor = z.object({
  name: shortText,
  anchors: z.array(z.object({ level: shortText, description: text })).min(1, 'needs at least one anchor'),
});

export const COMPETENCY_KINDS = ['behavioral', 'technical', 'core-value'] as const;

/**
 * Sections a source names but leaves empty ("Under Development"): recorded as absent, never as text.
 */
export const ABSENT_SECTIONS = [
  'definition',
  'importance',
  'levels',
  'behavioralIndicators',
  'distinguishingBehaviors',
  'performanceLevels',
  'standards',
  'qualificationStatements',
  'outreachActivities',
  'interviewQuestions',
  'referenceCheckQuestions',
  'developmentalActivities',
  'training',
] as const;

export const competency = z.object({
  key: slug,
  code: shortText.optional(),
  name: shortText,
  definition: text.optional(),
  kind: z.enum(COMPETENCY_KINDS),
  importance: text.optional(),
  levels: z.array(level).max(20).default([]),
  behavioralIndicators: list,
  keyElements: z.array(keyElement).max(100).default([]),
  performanceLevels: z.array(performanceLevel).max(10).default([]),
  /** Key of the scale the rating factors' anchors follow (in this file's `scales`). */
  ratingScaleKey: slug.optional(),
  ratingFactors: z.array(ratingFactor).max(50).default([]),
  recruiting: z
    .object({
      qualificationStatements: list,
      outreachActivities: list,
      interviewQuestions: list,
      referenceCheckQuestions: list,
    })
    .partial()
    .default({}),
  development: z.object({ developmentalActivities: list, training: list }).partial().default({}),
  absentSections: z.array(z.enum(ABSENT_SECTIONS)).default([]),
  /** Which part came from which document and section (part: 'definition', 'levels', 'ratingFactors', ...). */
  provenance: z
    .array(z.object({ part: shortText, document: shortText, section: shortText.optional() }))
    .default([]),
});

export const positionTemplate = z.object({
  key: slug,
  title: shortText,
  classCode: shortText.optional(),
  description: text.optional(),
  competencies: z
    .array(z.object({ key: slug, requiredLevel: z.number().int().min(1).optional() }))
    .min(1, 'needs at least one competency'),
});

export const frameworkFile = z
  .object({
    schemaVersion: z.literal(FRAMEWORK_FILE_VERSION, { error: `must be ${FRAMEWORK_FILE_VERSION}` }),
    framework: z.object({
      key: slug,
      name: shortText,
      organization: shortText,
      description: text.optional(),
      source: z.object({ document: shortText, title: shortText.optional(), url: z.url().optional() }),
      /** Key of the framework-wide proficiency scale, when the framework defines one (in `scales`). */
      proficiencyScaleKey: slug.optional(),
      notes: list,
    }),
    scales: z.array(ratingScale).max(20).default([]),
    competencies: z.array(competency).min(1, 'a framework needs at least one competency').max(500),
    positionTemplates: z.array(positionTemplate).max(50).default([]),
  })
  .superRefine((file, ctx) => {
    const scaleKeys = new Map(file.scales.map((s) => [s.key, s]));
    const seen = new Set<string>();
    file.competencies.forEach((c, i) => {
      if (seen.has(c.key))
        ctx.addIssue({
          code: 'custom',
          path: ['competencies', i, 'key'],
          message: `duplicate key "${c.key}"`,
        });
      seen.add(c.key);
      if (c.ratingScaleKey && !scaleKeys.has(c.ratingScaleKey)) {
        ctx.addIssue({
          code: 'custom',
          path: ['competencies', i, 'ratingScaleKey'],
          message: `no scale "${c.ratingScaleKey}" in scales`,
        });
      }
      if (c.ratingFactors.length && !c.ratingScaleKey) {
        ctx.addIssue({
          code: 'custom',
          path: ['competencies', i, 'ratingScaleKey'],
          message: 'required when there are rating factors',
        });
      }
      const labels = new Set(scaleKeys.get(c.ratingScaleKey ?? '')?.points.map((p) => p.label) ?? []);
      c.ratingFactors.forEach((f, j) =>
        f.anchors.forEach((a, k) => {
          if (labels.size && !labels.has(a.level)) {
            ctx.addIssue({
              code: 'custom',
              path: ['competencies', i, 'ratingFactors', j, 'anchors', k, 'level'],
              message: `"${a.level}" is not a point of scale "${c.ratingScaleKey}"`,
            });
          }
        }),
      );
    });
    if (file.framework.proficiencyScaleKey && !scaleKeys.has(file.framework.proficiencyScaleKey)) {
      ctx.addIssue({
        code: 'custom',
        path: ['framework', 'proficiencyScaleKey'],
        message: `no scale "${file.framework.proficiencyScaleKey}" in scales`,
      });
    }
    file.positionTemplates.forEach((t, i) =>
      t.competencies.forEach((ref, j) => {
        if (!seen.has(ref.key))
          ctx.addIssue({
            code: 'custom',
            path: ['positionTemplates', i, 'competencies', j, 'key'],
            message: `no competency "${ref.key}" in this file`,
          });
      }),
    );
  });

export type FrameworkFile = z.infer<typeof frameworkFile>;
export type FrameworkFileInput = z.input<typeof frameworkFile>;
export type CompetencyData = z.infer<typeof competency>;
export type RatingScaleData = z.infer<typeof ratingScale>;

/** Paths as people read them: `competencies[3].levels[1].description`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)),
    '',
  );
}

/** Validates a parsed JSON value; returns the file or a list of `path: message` problems. */
export function validateFrameworkFile(
  value: unknown,
): { ok: true; file: FrameworkFile } | { ok: false; problems: string[] } {
  const parsed = frameworkFile.safeParse(value);
  if (parsed.success) return { ok: true, file: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => {
      const where = formatPath(i.path);
      const message = i.code === 'invalid_type' && i.input === undefined ? 'required' : i.message;
      return where ? `${where}: ${message}` : message;
    }),
  };
}
