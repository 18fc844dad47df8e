/**
 * The candidate's nomination form: rows `ref-<i>-name|email|phone|relationship|organization` for
 * i below the number of references asked for (flat keys, tokenFormBody). Rows left entirely blank
 * are skipped; at least one is needed. Keys the form does not have, or repeated keys, are a stale or
 * forged form (400); the person's mistakes are field messages (422).
 */
import { z } from 'zod';
import { blankToUndefined, optionalText } from '../competencies/form-fields.js';
import { RELATIONSHIPS, type Relationship } from '../references/reference.model.js';
import { email, name } from '../users/users.schemas.js';

export const ROW_FIELDS = ['name', 'email', 'phone', 'relationship', 'organization'] as const;
type RowField = (typeof ROW_FIELDS)[number];
export const rowKey = (i: number, field: RowField) => `ref-${i}-${field}`;
const KEY = /^ref-(\d{1,2})-(name|email|phone|relationship|organization)$/;

export const NOMINATION_OUT_OF_DATE =
  'This form does not match the request. Open the link from your email again and fill it in.';

const phone = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .max(40, 'Keep the phone number to 40 characters or fewer.')
    .regex(/^\+?[0-9 ().\-/]{5,40}$/, 'Enter a phone number with digits, spaces and + ( ) - only.')
    .optional(),
);

const row = z.object({
  name: z.preprocess((v) => v ?? '', name),
  email: z.preprocess((v) => v ?? '', email),
  phone,
  relationship: z.enum(RELATIONSHIPS, { error: 'Choose how this person knows you.' }),
  organization: optionalText(200),
});

export interface NominatedReference {
  name: string;
  email: string;
  phone?: string;
  relationship: Relationship;
  organization?: string;
}

export type Rows = Record<RowField, string>[];

export type NominationRead =
  | { ok: true; references: NominatedReference[]; rows: Rows }
  | { ok: false; status: 400; message: string }
  | { ok: false; status: 422; fields: Record<string, string>; rows: Rows };

const blankRows = (n: number): Rows =>
  Array.from({ length: n }, () => ({ name: '', email: '', phone: '', relationship: '', organization: '' }));

export function readNomination(raw: unknown, wanted: number, candidateEmail: string): NominationRead {
  const body = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const rows = blankRows(wanted);
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf') continue;
    const m = KEY.exec(key);
    if (!m || Number(m[1]) >= wanted || typeof value !== 'string')
      return { ok: false, status: 400, message: NOMINATION_OUT_OF_DATE };
    rows[Number(m[1])][m[2] as RowField] = value;
  }

  const fields: Record<string, string> = {};
  const references: NominatedReference[] = [];
  const seen = new Map<string, number>();
  const own = candidateEmail.trim().toLowerCase();
  rows.forEach((r, i) => {
    if (ROW_FIELDS.every((f) => r[f].trim() === '')) return;
    const parsed = row.safeParse(r);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) fields[rowKey(i, issue.path[0] as RowField)] ??= issue.message;
      return;
    }
    const ref = parsed.data;
    if (ref.email === own)
      fields[rowKey(i, 'email')] =
        'This is your own email address: a reference must be someone else. Enter their email address.';
    else if (seen.has(ref.email))
      fields[rowKey(i, 'email')] =
        `You entered this email address for reference ${seen.get(ref.email)! + 1} already: each reference needs their own.`;
    else seen.set(ref.email, i);
    references.push(ref);
  });
  if (!references.length && !Object.keys(fields).length)
    fields[rowKey(0, 'name')] = 'Name at least one reference: fill in their name, email and relationship.';
  if (Object.keys(fields).length) return { ok: false, status: 422, fields, rows };
  return { ok: true, references, rows };
}
