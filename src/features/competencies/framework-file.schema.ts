/**
 * The framework file format: what seeds/ holds, what export writes and what import reads. One
 * framework with its competencies, the rating scales they use, and position templates.
 * Version 2 adds key skills, effective and ineffective behaviors, required levels by grade,
 * a framework-wide proficiency scale and provenance with lines and pages; version 1 files
 * (none of those parts) still import. Every object is strict: an unknown field is refused with
 * its path and a hint. Cross-references are checked too, and every message names its path,
 * e.g. `competencies[3].levels[1].description: required`.
 */
import { z } from 'zod';
import { checkCrossReferences } from './framework-file.checks.js';
import { expected, formatPath, strict, UNKNOWN_SEPARATOR } from './framework-file.messages.js';

export { formatPath } from './framework-file.messages.js';

/** The version export writes; import reads every version in FRAMEWORK_FILE_VERSIONS. */
export const FRAMEWORK_FILE_VERSION = 2;
export const FRAMEWORK_FILE_VERSIONS = [1, 2] as const;

const text = z
  .string(expected('a text'))
  .trim()
  .min(1, 'required')
  .max(20_000, 'too long (20,000 characters at most)');
const shortText = z
  .string(expected('a text'))
  .trim()
  .min(1, 'required')
  .max(300, 'too long (300 characters at most)');
const list = z
  .array(text, expected('a list of texts'))
  .max(200, 'too many entries (200 at most)')
  .default([]);
const listOf = <T extends z.ZodType>(item: T, what: string, max: number) =>
  z
    .array(item, expected(`a list of ${what}`))
    .max(max, `too many entries (${max} at most)`)
    .default([]);
const wholeNumber = z.number(expected('a whole number')).int('must be a whole number');
const positive = wholeNumber.min(1, 'must be 1 or more');
export const slug = z
  .string(expected('a text'))
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'must be lower-case letters, digits and single hyphens (e.g. customer-service)',
  )
  .max(80, 'too long (80 characters at most)');

/** Only web addresses: a javascript: or data: address must never reach a page as a link. */
export const WEB_URL_MESSAGE =
  'must be a web address starting with http:// or https:// (other schemes such as javascript: or data: are refused)';
export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !!url.hostname;
  } catch {
    return false;
  }
}
export const webUrl = z
  .string(expected('a text'))
  .trim()
  .max(2_000, 'too long (2,000 characters at most)')
  .refine(isWebUrl, WEB_URL_MESSAGE);

/** Where a part came from: the source document and its section heading. */
export const sourceRef = strict({
  document: shortText,
  section: shortText.optional(),
  note: text.optional(),
});

export const scalePoint = strict({
  value: wholeNumber,
  label: shortText,
  description: text.optional(),
  indicators: list,
});

export const ratingScale = strict({
  key: slug,
  name: shortText,
  kind: z.enum(['proficiency', 'rating'], { error: 'must be proficiency or rating' }),
  description: text.optional(),
  points: z
    .array(scalePoint, expected('a list of scale points'))
    .min(2, 'a scale needs at least 2 points')
    .max(10, 'at most 10 points'),
  source: sourceRef.optional(),
});

/** One proficiency level of a competency, in order. `number` is the number the source prints, if any. */
export const level = strict({
  number: wholeNumber.optional(),
  label: shortText.optional(),
  description: text.optional(),
  indicators: list,
  source: sourceRef.optional(),
});

export const keyElement = strict({
  element: text,
  distinguishingBehaviors: list,
});

export const performanceLevel = strict({ label: shortText, description: text });

/** A rating factor with an anchor (what that rating looks like) per point of the competency's rating scale. */
export const ratingFactor = strict({
  name: shortText,
  anchors: z
    .array(strict({ level: shortText, description: text }), expected('a list of anchors'))
    .min(1, 'needs at least one anchor'),
});

/** v2: a key skill inside a competency, with levels and indicators of its own. */
export const keySkill = strict({
  name: shortText,
  definition: text.optional(),
  levels: listOf(level, 'levels', 20),
  indicators: list,
});

/** v2: the level a grade or job level requires (e.g. grade "Band B", level 3). */
export const requiredLevel = strict({ grade: shortText, level: positive });

/** Which part came from which document, section, line(s) or page. */
export const provenanceEntry = strict({
  part: shortText,
  document: shortText,
  section: shortText.optional(),
  line: positive.optional(),
  lineEnd: positive.optional(),
  page: positive.optional(),
}).refine((p) => p.lineEnd === undefined || (p.line !== undefined && p.lineEnd >= p.line), {
  path: ['lineEnd'],
  message: 'must come with line and be at least line',
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

export const competency = strict({
  key: slug,
  code: shortText.optional(),
  name: shortText,
  definition: text.optional(),
  kind: z.enum(COMPETENCY_KINDS, { error: `must be one of ${COMPETENCY_KINDS.join(', ')}` }),
  importance: text.optional(),
  levels: listOf(level, 'levels', 20),
  behavioralIndicators: list,
  /** v2: what the competency looks like when shown. */
  effectiveBehaviors: list,
  /** v2: what it looks like when missing (feeds the low anchors of rating guides). */
  ineffectiveBehaviors: list,
  keySkills: listOf(keySkill, 'key skills', 50),
  requiredLevels: listOf(requiredLevel, 'required levels', 50),
  keyElements: listOf(keyElement, 'key elements', 100),
  performanceLevels: listOf(performanceLevel, 'performance levels', 10),
  /** Key of the scale the rating factors' anchors follow (in this file's `scales`). */
  ratingScaleKey: slug.optional(),
  ratingFactors: listOf(ratingFactor, 'rating factors', 50),
  recruiting: strict({
    qualificationStatements: list,
    outreachActivities: list,
    interviewQuestions: list,
    referenceCheckQuestions: list,
  })
    .partial()
    .default({}),
  development: strict({ developmentalActivities: list, training: list }).partial().default({}),
  absentSections: z
    .array(
      z.enum(ABSENT_SECTIONS, { error: `must be one of ${ABSENT_SECTIONS.join(', ')}` }),
      expected('a list of section names'),
    )
    .default([]),
  /** Which part came from which document and section (part: 'definition', 'levels', 'ratingFactors', ...). */
  provenance: listOf(provenanceEntry, 'provenance entries', 500),
});

export const positionTemplate = strict({
  key: slug,
  title: shortText,
  classCode: shortText.optional(),
  description: text.optional(),
  /** v2: the grade or job level this template is for; its competencies' required levels follow it. */
  grade: shortText.optional(),
  competencies: z
    .array(
      strict({ key: slug, requiredLevel: positive.optional(), grade: shortText.optional() }),
      expected('a list of competency references'),
    )
    .min(1, 'needs at least one competency'),
});

export const frameworkFile = strict(
  {
    schemaVersion: z.union(
      FRAMEWORK_FILE_VERSIONS.map((v) => z.literal(v)),
      { error: `must be ${FRAMEWORK_FILE_VERSIONS.join(' or ')}` },
    ),
    framework: strict({
      key: slug,
      name: shortText,
      organization: shortText,
      description: text.optional(),
      source: strict({ document: shortText, title: shortText.optional(), url: webUrl.optional() }),
      /** Key of the framework-wide proficiency scale, when the framework defines one (in `scales`). */
      proficiencyScaleKey: slug.optional(),
      notes: list,
    }),
    scales: listOf(ratingScale, 'scales', 20),
    competencies: z
      .array(competency, expected('a list of competencies'))
      .min(1, 'a framework needs at least one competency')
      .max(500, 'too many competencies (500 at most)'),
    positionTemplates: listOf(positionTemplate, 'position templates', 50),
  },
  'a framework file (a JSON object)',
).superRefine(checkCrossReferences);

export type FrameworkFile = z.infer<typeof frameworkFile>;
export type FrameworkFileInput = z.input<typeof frameworkFile>;
export type CompetencyData = z.infer<typeof competency>;
export type RatingScaleData = z.infer<typeof ratingScale>;

/** Validates a parsed JSON value; returns the file or a list of `path: message` problems. */
export function validateFrameworkFile(
  value: unknown,
): { ok: true; file: FrameworkFile } | { ok: false; problems: string[] } {
  const parsed = frameworkFile.safeParse(value);
  if (parsed.success) return { ok: true, file: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.flatMap((i) => {
      // Unknown-field messages carry their own path ("unknown field a.b: did you mean c?").
      if (i.code === 'unrecognized_keys') return i.message.split(UNKNOWN_SEPARATOR);
      const where = formatPath(i.path);
      return where ? `${where}: ${i.message}` : i.message;
    }),
  };
}
