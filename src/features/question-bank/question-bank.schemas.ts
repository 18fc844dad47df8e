/** Form and query schemas for the question bank; messages are written for the person filling the form. */
import { z } from 'zod';
import { GENERATOR_KINDS } from '../generators/types.js';
import { blankToUndefined, lines, optionalText, requiredText, toRows } from '../competencies/form-fields.js';

export { fieldErrors } from '../users/users.schemas.js';

export const MAX_ITEM_TEXT = 5000;
const MAX_CONTEXT = 200;

const level = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : blankToUndefined(v)),
  z
    .number({ error: 'Choose a level.' })
    .int('Choose a level from the list.')
    .min(0, 'Choose a level from the list.')
    .max(99, 'Choose a level from the list.'),
);

const scaleKey = z.preprocess(
  blankToUndefined,
  z
    .string()
    .max(MAX_CONTEXT, 'Choose a rating scale from the list.')
    .regex(/^[\w.-]+$/, 'Choose a rating scale from the list.')
    .optional(),
);

/** The generate form (a GET query, also echoed as hidden fields when saving). */
export const generateQuery = z.object({
  level,
  scale: scaleKey,
  jobTitle: optionalText(MAX_CONTEXT),
  candidateName: optionalText(MAX_CONTEXT),
});
export type GenerateQuery = z.output<typeof generateQuery>;

const checked = z.preprocess((v) => v === 'on' || v === '1' || v === 'true' || v === true, z.boolean());
const probeLines = lines(20);

/** One generated item as the generate page sends it back: its index, the edits, the checkbox. */
const generatedRow = z.object({
  index: z.preprocess((v) => (typeof v === 'string' ? Number(v) : v), z.number().int().min(0).max(999)),
  selected: checked,
  text: optionalText(MAX_ITEM_TEXT),
  situation: probeLines,
  action: probeLines,
  result: probeLines,
});

export const saveGeneratedForm = generateQuery
  .extend({
    items: z.preprocess(
      toRows,
      z.array(generatedRow, { error: 'Select at least one item to save.' }).max(500),
    ),
  })
  .superRefine((form, ctx) => {
    form.items.forEach((item, i) => {
      if (item.selected && !item.text)
        ctx.addIssue({ code: 'custom', path: ['items', i, 'text'], message: 'Enter the text of this item.' });
    });
    if (!form.items.some((i) => i.selected))
      ctx.addIssue({ code: 'custom', path: ['items'], message: 'Select at least one item to save.' });
  });
export type SaveGeneratedInput = z.output<typeof saveGeneratedForm>;

const itemFields = {
  text: requiredText('the question or statement', MAX_ITEM_TEXT),
  situation: probeLines,
  action: probeLines,
  result: probeLines,
};

/** A question written by hand. */
export const writtenItemForm = z.object({
  kind: z.enum(GENERATOR_KINDS, { error: 'Choose a kind.' }),
  level,
  ...itemFields,
});
export type WrittenItemInput = z.output<typeof writtenItemForm>;

/** One line per scale point of the rating guide, in the item's order (blank lines are reported, not dropped). */
const guideLines = z.preprocess(
  (v) => toRows(v).map((x) => (typeof x === 'string' ? x.trim() : x)),
  z
    .array(
      z
        .string({ error: 'Enter what an answer at this point shows.' })
        .max(MAX_ITEM_TEXT, 'This line is too long.'),
      { error: 'Send the rating guide as one text per scale point.' },
    )
    .max(20, 'A rating guide has at most 20 scale points.'),
);

/**
 * Editing a stored item: its text and probes, and, when the form shows them, its rating guide
 * (`guide`) and sample answers (`answers` marks that the three answer fields were on the form).
 * `regenerateGuide` asks the server to write the guide again for the edited text.
 */
export const editItemForm = z.object({
  ...itemFields,
  guide: guideLines.optional(),
  answers: checked,
  weak: optionalText(MAX_ITEM_TEXT),
  acceptable: optionalText(MAX_ITEM_TEXT),
  strong: optionalText(MAX_ITEM_TEXT),
  regenerateGuide: checked,
});
export type EditItemInput = z.output<typeof editItemForm>;
