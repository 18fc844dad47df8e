/** Forms and JSON bodies of document import; unknown fields are refused, never dropped. */
import { z } from 'zod';
import { ASSIGN_TARGETS } from './framework-draft.model.js';

const csrfField = { _csrf: z.string().optional() };
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const key = z.string().trim().min(1).max(80);
const whole = (what: string, max = 10_000) =>
  z.preprocess(
    blank,
    z.coerce
      .number({ error: `${what} must be a number.` })
      .int(`${what} must be a whole number.`)
      .min(0)
      .max(max),
  );

export const pasteForm = z.strictObject({
  ...csrfField,
  text: z.preprocess(
    blank,
    z.string().max(1_000_000, 'The text is too long (a million characters at most).').optional(),
  ),
});

export const parseApiBody = z.strictObject({
  text: z
    .string({ error: 'Send the document as "text" (a string), or upload it as a file.' })
    .trim()
    .min(1, 'The text is empty.')
    .max(1_000_000, 'The text is too long (a million characters at most).'),
  fileName: z.string().trim().max(200).optional(),
  _csrf: z.string().optional(),
});

export const assignForm = z.strictObject({
  ...csrfField,
  line: whole('The line', 1_000_000).refine((n) => n >= 1, 'Choose a line.'),
  target: z.enum(ASSIGN_TARGETS, { error: 'Choose where the line goes.' }),
  competency: z.preprocess(blank, key.optional()),
  // The form counts levels from 1, as people do; the draft keeps the list index (from 0).
  level: z.preprocess(
    blank,
    whole('The level', 100)
      .refine((n) => n >= 1, 'Choose a level from the list.')
      .transform((n) => n - 1)
      .optional(),
  ),
});

export const renameForm = z.strictObject({
  ...csrfField,
  key,
  name: z
    .string({ error: 'Enter a name.' })
    .trim()
    .min(1, 'Enter a name.')
    .max(300, 'The name is too long (300 characters at most).'),
});

export const mergeForm = z.strictObject({
  ...csrfField,
  key,
  into: z
    .string({ error: 'Choose a competency to merge into.' })
    .trim()
    .min(1, 'Choose a competency to merge into.')
    .max(80),
});

export const levelForm = z.strictObject({
  ...csrfField,
  key,
  index: whole('The level', 100),
  number: z.preprocess(blank, whole('The level number', 100).optional()),
  label: z.preprocess(blank, z.string().trim().max(300).optional()),
});

export const frameworkForm = z.strictObject({
  ...csrfField,
  name: z.string({ error: 'Enter a name.' }).trim().min(1, 'Enter a name for the framework.').max(300),
  organization: z
    .string({ error: 'Enter the organization.' })
    .trim()
    .min(1, 'Enter the organization.')
    .max(300),
});

export const emptyForm = z.strictObject(csrfField);

export const saveForm = z.strictObject({
  ...csrfField,
  target: z.preprocess(
    blank,
    z
      .string()
      .refine(
        (v) => v === 'new' || /^[0-9a-f]{24}$/i.test(v),
        'Choose where to save the draft: a new framework, or a framework from the list.',
      )
      .default('new'),
  ),
  revision: z
    .string({ error: 'Reload the review page and save again (the form is incomplete).' })
    .regex(/^\d{1,16}$/, 'Reload the review page and save again (the form is incomplete).'),
});

/** The first problem of a failed parse, as a sentence a person reads. */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys')
    return `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`;
  return issue?.message ?? 'The form is not valid.';
}
