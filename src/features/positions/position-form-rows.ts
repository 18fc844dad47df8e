/**
 * The position form's competency rows beyond what zod checks one field at a time:
 * - `add[n][competency]` / `add[n][requiredLevel]`: the "Add competencies" checklist, so several
 *   competencies go in with one save; ticked entries become ordinary rows (weight 1, required).
 * - Every problem at once: when a field fails, zod skips the form-wide checks (duplicates, weight
 *   reasons) and the library checks (levels, archived competencies) run only after it; here they
 *   run on whatever rows can be read, so one submit shows every problem.
 */
import { toRows } from '../competencies/form-fields.js';
import { AppError } from '../../lib/errors.js';
import { checkCompetencyRows } from './position-competencies.js';
import { baselineWeight, MAX_COMPETENCIES } from './positions.schemas.js';

const idPattern = /^[0-9a-f]{24}$/i;
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
type Row = Record<string, unknown>;
const rowsOf = (v: unknown): Row[] =>
  toRows(v).map((r) => (r && typeof r === 'object' && !Array.isArray(r) ? (r as Row) : {}));

export class AddRowsError extends AppError {}

/** The body with ticked "add" entries appended to `competencies`; refuses a malformed checklist. */
export function mergeAddedRows(body: Record<string, unknown>): Record<string, unknown> {
  const { add, ...rest } = body;
  if (add === undefined || add === '') return rest;
  if (typeof add !== 'object' || add === null)
    throw new AddRowsError('Choose the competencies to add from the list.', 422, {
      competencies: 'Choose the competencies to add from the list.',
    });
  const ticked = rowsOf(add).filter((r) => str(r.competency));
  if (!ticked.length) return rest;
  if (ticked.some((r) => !idPattern.test(str(r.competency))))
    throw new AddRowsError('Choose the competencies to add from the list.', 422, {
      competencies: 'Choose the competencies to add from the list.',
    });
  const existing = rowsOf(rest.competencies).filter((r) => str(r.competency) || str(r.weightReason));
  const added = ticked.map((r) => ({
    competency: str(r.competency),
    requiredLevel: str(r.requiredLevel),
    weight: '1',
    weightReason: '',
    requirement: 'required',
  }));
  return { ...rest, competencies: [...existing, ...added].slice(0, MAX_COMPETENCIES + 1) };
}

/** Duplicates and missing weight reasons, from the rows as typed (by their index in the form). */
function crossRowProblems(rows: Row[]): Record<string, string> {
  const fields: Record<string, string> = {};
  const seen = new Set<string>();
  const weightOf = (r: Row) => (str(r.weight) === '' ? 1 : Number(str(r.weight)));
  const listed = rows.filter((r) => idPattern.test(str(r.competency)));
  const base = baselineWeight(listed.map(weightOf).filter(Number.isFinite));
  rows.forEach((r, i) => {
    const id = str(r.competency);
    if (!idPattern.test(id)) return;
    if (seen.has(id)) fields[`competencies.${i}.competency`] = 'This competency is already listed.';
    seen.add(id);
    const w = weightOf(r);
    if (Number.isFinite(w) && w !== base && !str(r.weightReason))
      fields[`competencies.${i}.weightReason`] =
        `This weight differs from the others (${base}): write the reason for it.`;
  });
  return fields;
}

/**
 * Every problem of the rows zod's field checks let through or could not reach: the form-wide and
 * the library checks. `fields` holds zod's messages already; theirs win on the same field.
 */
export async function otherRowProblems(
  body: Record<string, unknown>,
  fields: Record<string, string>,
  kept: Set<string>,
): Promise<Record<string, string>> {
  const rows = rowsOf(body.competencies);
  const out = { ...crossRowProblems(rows) };
  const checkable = rows
    .map((r, i) => ({ i, competency: str(r.competency), requiredLevel: Number(str(r.requiredLevel)) }))
    .filter((r) => idPattern.test(r.competency) && Number.isInteger(r.requiredLevel))
    .filter((r) => !fields[`competencies.${r.i}.competency`] && !fields[`competencies.${r.i}.requiredLevel`]);
  try {
    await checkCompetencyRows(checkable, kept);
  } catch (e) {
    if (!(e instanceof AppError) || e.status !== 422) throw e;
    for (const [key, message] of Object.entries(e.fields ?? {})) {
      const m = /^competencies\.(\d+)\.(.*)$/.exec(key);
      const row = m ? checkable[Number(m[1])] : undefined;
      if (row) out[`competencies.${row.i}.${m![2]}`] = message;
    }
  }
  return { ...out, ...fields };
}
