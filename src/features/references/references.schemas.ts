/**
 * Form schemas for reference checks: a reference (manager's add and replace forms; the nomination
 * form may reuse `referenceForm`), the template's question forms and the confidentiality setting,
 * the nomination request.
 */
import { z } from 'zod';
import { blankToUndefined, optionalText } from '../competencies/form-fields.js';
import { email, name, objectId } from '../users/users.schemas.js';
import { CONFIDENTIALITY_MODES } from './reference-template.model.js';
import { RELATIONSHIPS } from './reference.model.js';

export { fieldErrors } from '../users/users.schemas.js';

export const MAX_QUESTION = 2000;
export const MAX_QUESTIONS = 100;

const phone = z.preprocess(
  blankToUndefined,
  z
    .string({ error: 'Enter a phone number.' })
    .trim()
    .max(40, 'Use at most 40 characters.')
    .regex(/^\+?[0-9 ().\-/]{5,40}$/, 'Enter a phone number with digits, spaces and + ( ) - only.')
    .optional(),
);

/** A reference: who they are and how they know the candidate. */
export const referenceForm = z.object({
  name: z.preprocess((v) => v ?? '', name),
  email: z.preprocess((v) => v ?? '', email),
  phone,
  relationship: z.enum(RELATIONSHIPS, { error: 'Choose the relationship from the list.' }),
  organization: optionalText(200),
});
export type ReferenceInput = z.output<typeof referenceForm>;

const questionText = z.preprocess(
  blankToUndefined,
  z
    .string({ error: 'Enter the question.' })
    .trim()
    .min(1, 'Enter the question.')
    .max(MAX_QUESTION, `Use at most ${MAX_QUESTION.toLocaleString('en-US')} characters.`),
);

export const TEMPLATE_PARTS = ['opening', 'competency', 'closing'] as const;
export type TemplatePart = (typeof TEMPLATE_PARTS)[number];

export const editItemForm = z.object({ text: questionText });

export const addItemForm = z
  .object({
    part: z.enum(TEMPLATE_PARTS, { error: 'Choose where the question goes.' }),
    competency: z.preprocess(blankToUndefined, objectId.optional()),
    text: questionText,
  })
  .refine((v) => v.part !== 'competency' || !!v.competency, {
    path: ['competency'],
    message: 'Choose the competency the question rates.',
  });
export type AddItemInput = z.output<typeof addItemForm>;

export const moveForm = z.object({
  direction: z.enum(['up', 'down'], { error: 'Move the question up or down.' }),
});

export const confidentialityForm = z.object({
  mode: z.enum(CONFIDENTIALITY_MODES, { error: 'Choose how reference answers are shown.' }),
  minResponses: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : blankToUndefined(v)),
    z
      .number({ error: 'Enter a whole number from 1 to 20.' })
      .int('Enter a whole number from 1 to 20.')
      .min(1, 'Enter a whole number from 1 to 20.')
      .max(20, 'Enter a whole number from 1 to 20.'),
  ),
});
export type ConfidentialityInput = z.output<typeof confidentialityForm>;

export const nominateForm = z.object({
  wanted: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : blankToUndefined(v)),
    z
      .number({ error: 'Enter how many references to ask for, from 1 to 10.' })
      .int('Enter a whole number from 1 to 10.')
      .min(1, 'Ask for at least 1 reference.')
      .max(10, 'Ask for at most 10 references.'),
  ),
});

/** Marking the questionnaire reviewed: the revision the reviewer read (a hidden field of the page). */
export const reviewForm = z.object({
  rev: z.preprocess(
    (v) => (typeof v === 'string' && /^\d{1,9}$/.test(v.trim()) ? Number(v) : v),
    z
      .number({ error: 'Reload the page: it did not say which version of the questions you read.' })
      .int()
      .min(0),
  ),
});
