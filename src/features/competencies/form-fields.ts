/**
 * Building blocks for urlencoded form schemas: empty strings mean absent, textareas are lists
 * (one entry per line), repeated groups keep their form index while validating (so a message
 * lands beside the row the person typed in) and drop blank rows afterwards.
 */
import { z } from 'zod';

export const MAX_TEXT = 20_000;
export const MAX_SHORT = 300;

export const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export function requiredText(what: string, max = MAX_SHORT) {
  return z.preprocess(
    blankToUndefined,
    z
      .string({ error: `Enter ${what}.` })
      .trim()
      .max(max, `Use at most ${max.toLocaleString('en-US')} characters.`),
  );
}

export function optionalText(max = MAX_TEXT) {
  return z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'Enter text.' })
      .trim()
      .max(max, `Use at most ${max.toLocaleString('en-US')} characters.`)
      .optional(),
  );
}

/** A textarea with one entry per line, as a list of trimmed non-empty lines. */
export function lines(max = 200) {
  return z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(/\r?\n/)
            .map((s) => s.trim())
            .filter(Boolean)
        : (v ?? []),
    z
      .array(z.string({ error: 'Enter text, one entry per line.' }).max(MAX_TEXT, 'One line is too long.'), {
        error: 'Enter text, one entry per line.',
      })
      .max(max, `Use at most ${max} lines.`),
  );
}

/** qs gives arrays, or objects with numeric keys past 20 entries; both become arrays in index order. */
export function toRows(v: unknown): unknown[] {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v;
  if (typeof v === 'object')
    return Object.keys(v)
      .filter((k) => /^\d+$/.test(k))
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => (v as Record<string, unknown>)[k]);
  return [v];
}

function isBlank(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.every(isBlank);
  if (typeof v === 'object') return Object.values(v).every(isBlank);
  return false;
}

/** A repeated group: rows keep their index while validating; blank rows are dropped after. */
export function rows<T extends z.ZodType>(row: T, max: number, what: string) {
  return z.preprocess(
    (v) => toRows(v).map((r) => (isBlank(r) ? null : r)),
    z
      .array(row.nullable())
      .transform((list) => list.filter((x): x is NonNullable<typeof x> => x !== null))
      .refine((list) => list.length <= max, `Use at most ${max} ${what}.`),
  );
}

export const wholeNumber = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : blankToUndefined(v)),
  z
    .number({ error: 'Enter a whole number, like 3.' })
    .int('Enter a whole number, like 3.')
    .min(0, 'Enter 0 or more.')
    .max(99, 'Enter 99 or less.')
    .optional(),
);
