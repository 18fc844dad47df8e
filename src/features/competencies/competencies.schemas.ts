/**
 * Form schemas for the competency library pages (urlencoded with extended qs parsing, so
 * `levels[0][label]` arrives nested). Field messages are written for the person filling the form.
 */
import { z } from 'zod';
import { ABSENT_SECTIONS, COMPETENCY_KINDS, isWebUrl } from './framework-file.schema.js';
import {
  MAX_SHORT,
  MAX_TEXT,
  blankToUndefined,
  lines,
  optionalText,
  requiredText,
  rows,
  wholeNumber,
} from './form-fields.js';

export { fieldErrors, objectId } from '../users/users.schemas.js';
export { toRows } from './form-fields.js';

const levelRow = z
  .object({
    number: wholeNumber,
    label: optionalText(MAX_SHORT),
    description: optionalText(),
    indicators: lines(),
  })
  .refine((l) => l.label || l.description || l.indicators.length, {
    path: ['description'],
    message: 'Give this level a label, a description or indicators.',
  });

/** A key skill (framework format v2): a name, and optionally a definition, indicators and levels. */
const keySkillRow = z.object({
  name: requiredText('the key skill’s name'),
  definition: optionalText(),
  indicators: lines(),
  levels: rows(levelRow, 20, 'levels'),
});

/** The level a grade requires (framework format v2), e.g. Band B: 3. */
const requiredLevelRow = z.object({
  grade: requiredText('the grade or job level, like Band B'),
  level: wholeNumber.refine((v) => v !== undefined && v >= 1, 'Enter the required level, like 3.'),
});

const keyElementRow = z.object({
  element: requiredText('the key element', MAX_TEXT),
  distinguishingBehaviors: lines(),
});

const performanceLevelRow = z.object({
  label: requiredText('a label, like Satisfactory'),
  description: requiredText('a description of this performance level', MAX_TEXT),
});

const anchorRow = z.object({
  level: requiredText('the scale point'),
  description: requiredText('what this rating looks like', MAX_TEXT),
});

const ratingFactorRow = z.object({
  name: requiredText('the factor’s name, like Completeness'),
  anchors: rows(anchorRow, 10, 'anchors').refine((a) => a.length > 0, 'Describe at least one anchor.'),
});

const optionalId = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^[0-9a-f]{24}$/i, 'Choose an option from the list.')
    .optional(),
);

const absentSections = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z
    .array(z.enum(ABSENT_SECTIONS, { error: 'Choose sections from the list.' }))
    .transform((v) => [...new Set(v)]),
);

export const competencyForm = z
  .object({
    name: requiredText('a name'),
    code: optionalText(MAX_SHORT),
    kind: z.enum(COMPETENCY_KINDS, { error: 'Choose a kind.' }),
    definition: optionalText(),
    importance: optionalText(),
    levels: rows(levelRow, 20, 'levels'),
    behavioralIndicators: lines(),
    effectiveBehaviors: lines(),
    ineffectiveBehaviors: lines(),
    keySkills: rows(keySkillRow, 50, 'key skills'),
    requiredLevels: rows(requiredLevelRow, 50, 'required levels'),
    keyElements: rows(keyElementRow, 100, 'key elements'),
    performanceLevels: rows(performanceLevelRow, 10, 'performance levels'),
    ratingScale: optionalId,
    ratingFactors: rows(ratingFactorRow, 50, 'rating factors'),
    qualificationStatements: lines(),
    outreachActivities: lines(),
    interviewQuestions: lines(),
    referenceCheckQuestions: lines(),
    developmentalActivities: lines(),
    training: lines(),
    absentSections,
    changeNote: optionalText(MAX_SHORT),
  })
  .refine((c) => !c.ratingFactors.length || c.ratingScale, {
    path: ['ratingScale'],
    message: 'Choose the rating scale the factors’ anchors follow.',
  })
  .superRefine((c, ctx) => {
    const grades = new Set<string>();
    c.requiredLevels.forEach((r, i) => {
      if (grades.has(r.grade))
        ctx.addIssue({
          code: 'custom',
          path: ['requiredLevels', i, 'grade'],
          message: 'This grade is listed twice.',
        });
      grades.add(r.grade);
      if (c.levels.length && (r.level ?? 0) > c.levels.length)
        ctx.addIssue({
          code: 'custom',
          path: ['requiredLevels', i, 'level'],
          message: `This competency has ${c.levels.length} levels: enter 1 to ${c.levels.length}.`,
        });
    });
  })
  .transform(
    ({
      qualificationStatements,
      outreachActivities,
      interviewQuestions,
      referenceCheckQuestions,
      developmentalActivities,
      training,
      changeNote,
      ...rest
    }) => ({
      data: {
        ...rest,
        recruiting: {
          qualificationStatements,
          outreachActivities,
          interviewQuestions,
          referenceCheckQuestions,
        },
        development: { developmentalActivities, training },
      },
      changeNote,
    }),
  );

export type CompetencyFormOutput = z.output<typeof competencyForm>;
export type CompetencyInput = CompetencyFormOutput['data'];

export const frameworkForm = z.object({
  name: requiredText('a name'),
  organization: requiredText('the organization'),
  description: optionalText(),
  /** Only web addresses: a javascript: or data: address must never become a link. */
  sourceUrl: z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'Enter a web address.' })
      .trim()
      .max(2_000, 'Use at most 2,000 characters.')
      .refine(
        isWebUrl,
        'Enter a web address starting with http:// or https:// (javascript:, data: and other kinds are refused).',
      )
      .optional(),
  ),
  notes: lines(),
  proficiencyScale: optionalId,
});
export type FrameworkInput = z.output<typeof frameworkForm>;

export const cloneFrameworkForm = z.object({
  organization: requiredText('your organization'),
  name: optionalText(MAX_SHORT),
});

export const cloneCompetencyForm = z.object({
  framework: z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'Choose the framework to copy into.' })
      .regex(/^[0-9a-f]{24}$/i, 'Choose a framework from the list.'),
  ),
});

/** Search: empty values are ignored; anything else must be valid. */
export const searchQuery = z.object({
  q: optionalText(200).refine((v) => v === undefined || v.length <= 200, 'Use at most 200 characters.'),
  framework: optionalId,
  kind: z.preprocess(
    blankToUndefined,
    z.enum(COMPETENCY_KINDS, { error: 'Choose a kind from the list.' }).optional(),
  ),
});
