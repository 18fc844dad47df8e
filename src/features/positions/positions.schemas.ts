/** Form schemas for positions; messages are written for the person filling the form. */
import { z } from 'zod';
import { blankToUndefined, optionalText, requiredText, rows, toRows } from '../competencies/form-fields.js';
import { email } from '../users/users.schemas.js';
import { REQUIREMENTS } from './position.model.js';

export { fieldErrors } from '../users/users.schemas.js';

export const MAX_COMPETENCIES = 20;
const idPattern = /^[0-9a-f]{24}$/i;

const number = (message: string, min: number, max: number, int = false) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : blankToUndefined(v)),
    (int ? z.number({ error: message }).int(message) : z.number({ error: message }))
      .min(min, message)
      .max(max, message),
  );

const isEmptyRow = (r: unknown) =>
  !!r &&
  typeof r === 'object' &&
  !String((r as Record<string, unknown>).competency ?? '').trim() &&
  !String((r as Record<string, unknown>).weightReason ?? '').trim();

const competencyRow = z.object({
  competency: z
    .string({ error: 'Choose a competency.' })
    .regex(idPattern, 'Choose a competency from the list.'),
  requiredLevel: number('Choose the required level.', 0, 99, true),
  weight: z.preprocess(
    (v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? 1 : v),
    number('Enter a weight between 0.1 and 10, like 1 or 1.5.', 0.1, 10),
  ),
  weightReason: optionalText(2000),
  requirement: z.preprocess(
    (v) => blankToUndefined(v) ?? 'required',
    z.enum(REQUIREMENTS, { error: 'Choose required or desired.' }),
  ),
});

/** The weight every competency gets unless a documented reason says otherwise: the most common one (ties: 1, then the lowest). */
export function baselineWeight(weights: number[]): number {
  const count = new Map<number, number>();
  for (const w of weights) count.set(w, (count.get(w) ?? 0) + 1);
  const best = Math.max(0, ...count.values());
  const modes = [...count.entries()].filter(([, n]) => n === best).map(([w]) => w);
  if (!modes.length || modes.includes(1)) return 1;
  return Math.min(...modes);
}

export const positionForm = z
  .object({
    title: requiredText('a title'),
    classCode: optionalText(50),
    department: optionalText(300),
    description: optionalText(20_000),
    fromTemplate: z.preprocess(blankToUndefined, z.string().regex(idPattern).optional()),
    // A row without a competency is the empty "add one" row (its selects still send values).
    competencies: z.preprocess(
      (v) => toRows(v).map((r) => (isEmptyRow(r) ? null : r)),
      rows(competencyRow, MAX_COMPETENCIES, 'competencies'),
    ),
  })
  .superRefine((form, ctx) => {
    const seen = new Set<string>();
    // When another field failed, zod still runs this check but skips the rows' transform: blank
    // rows are still there as nulls.
    const listed = form.competencies.filter((c) => !!c);
    const base = baselineWeight(listed.map((c) => c.weight));
    // Rows keep their place in the form only while validating; report by the index zod gives.
    form.competencies.forEach((c, i) => {
      if (!c) return;
      if (seen.has(c.competency))
        ctx.addIssue({
          code: 'custom',
          path: ['competencies', i, 'competency'],
          message: 'This competency is already listed.',
        });
      seen.add(c.competency);
      if (c.weight !== base && !c.weightReason)
        ctx.addIssue({
          code: 'custom',
          path: ['competencies', i, 'weightReason'],
          message: `This weight differs from the others (${base}): write the reason for it.`,
        });
    });
  });
export type PositionInput = z.output<typeof positionForm>;

export const shareForm = z.object({ email });
export const unshareForm = z.object({ user: z.string().regex(idPattern, 'Not a valid user.') });

export const announcementForm = z.object({
  text: requiredText('the announcement text', 50_000),
});
