/** Form and request schemas for the guide builder. */
import { z } from 'zod';
import { blankToUndefined, lines, optionalText, requiredText, toRows } from '../competencies/form-fields.js';
import { GUIDE_KINDS } from './guide-questions.js';

export { fieldErrors } from '../users/users.schemas.js';

const id = z.string({ error: 'Not a valid id.' }).regex(/^[0-9a-f]{24}$/i, 'Not a valid id.');
const int = (message: string, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : blankToUndefined(v)),
    z.number({ error: message }).int(message).min(min, message).max(max, message),
  );

const checked = z.preprocess((v) => v === 'on' || v === '1' || v === 'true' || v === true, z.boolean());

/**
 * Editing a guide question: text and probes; the rating guide (one text per scale point) and
 * sample answers when the form shows them (`answers` marks the answer fields); `regenerateGuide`
 * asks for the guide to be written again for the edited text.
 */
export const questionEdit = z.object({
  text: requiredText('the question', 5000),
  situation: lines(20),
  action: lines(20),
  result: lines(20),
  guide: z
    .preprocess(
      (v) => toRows(v).map((x) => (typeof x === 'string' ? x.trim() : x)),
      z
        .array(
          z
            .string({ error: 'Enter what an answer at this point shows.' })
            .max(5000, 'This line is too long.'),
          {
            error: 'Send the rating guide as one text per scale point.',
          },
        )
        .max(20, 'A rating guide has at most 20 scale points.'),
    )
    .optional(),
  answers: checked,
  weak: optionalText(5000),
  acceptable: optionalText(5000),
  strong: optionalText(5000),
  regenerateGuide: checked,
});
export type QuestionEdit = z.output<typeof questionEdit>;

/** Adding a question: an approved bank item, or generated output by kind, index and level. */
export const addQuestionForm = z.union([
  z.object({ item: id }),
  z.object({
    kind: z.enum(GUIDE_KINDS, { error: 'Choose behavioral or situational.' }),
    index: int('Choose a question from the list.', 0, 99),
    level: int('Choose a level from the list.', 0, 99),
  }),
]);

export const minutesForm = z.object({
  minutes: int('Enter the minutes for this section, from 1 to 180.', 1, 180),
});
export const scaleForm = z.object({
  scale: z
    .string({ error: 'Choose a rating scale.' })
    .regex(/^[\w.-]{1,200}$/, 'Choose a rating scale from the list.'),
});
export const instructionsForm = z.object({
  panelInstructions: lines(30).refine((l) => l.length > 0, 'Write at least one instruction for the panel.'),
});
export const moveForm = z.object({
  direction: z.enum(['up', 'down'], { error: 'Choose up or down.' }),
});
export const orderBody = z
  .object({
    sections: z.array(id).max(50).optional(),
    section: id.optional(),
    questions: z.array(id).max(200).optional(),
  })
  .refine(
    (o) => o.sections || (o.section && o.questions),
    'Send the new order of the sections or of one section’s questions.',
  );
