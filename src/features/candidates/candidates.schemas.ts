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

export const importForm = z.object({
  csv: z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'Paste the CSV: a header row name,email,notes and one candidate per line.' })
      .max(2_000_000, 'The CSV is too large.'),
  ),
});
