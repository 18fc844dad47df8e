/** Form schemas for candidates; the CSV import validates each row with `candidateForm` too. */
import { z } from 'zod';
import { blankToUndefined, optionalText } from '../competencies/form-fields.js';
import { email, name } from '../users/users.schemas.js';
import { STAGES } from './candidate.model.js';

export { fieldErrors } from '../users/users.schemas.js';

export const MAX_NOTES = 5000;
export const MAX_IMPORT_ROWS = 2000;

export const candidateForm = z.object({
  name: z.preprocess((v) => v ?? '', name),
  email: z.preprocess((v) => v ?? '', email),
  notes: optionalText(MAX_NOTES),
});
export type CandidateInput = z.output<typeof candidateForm>;

export const stageForm = z.object({
  stage: z.enum(STAGES, { error: 'Choose a stage from the list.' }),
  note: optionalText(2000),
});
export type StageInput = z.output<typeof stageForm>;

export const PASTE_OR_FILE =
  'Paste the CSV or choose a .csv file: a header row name,email,notes and one candidate per line.';

/** The import form's text fields (the file, when one is uploaded, arrives beside them). */
export const importForm = z.strictObject(
  {
    _csrf: z.string().optional(),
    csv: z.preprocess(blankToUndefined, z.string().max(2_000_000, 'The CSV is too large.').optional()),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `The import form does not take ${issue.keys.map((k) => `“${k}”`).join(', ')}: send the CSV as “csv” or as the file “file”.`
        : undefined,
  },
);
