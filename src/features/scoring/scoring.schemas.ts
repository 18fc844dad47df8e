/**
 * Input of the scoring page. The rating scale is the interview's frozen guide's, so the schemas are
 * built per guide: a value is valid only when it is one of that scale's points.
 */
import { z } from 'zod';
import type { FrozenGuide } from '../guides/frozen-guide.js';
import { NOTE_MAX } from './rating.model.js';
import { schemaCache } from '../../lib/schema-cache.js';

export const SCORE_ACTIONS = ['save', 'submit'] as const;
export type ScoreAction = (typeof SCORE_ACTIONS)[number];

export const NOTE_TOO_LONG = `Keep the note to ${NOTE_MAX.toLocaleString('en-US')} characters or fewer.`;

/** The scale's point values, in the guide's order. */
export const pointsOf = (guide: FrozenGuide) => guide.ratingScale.points.map((p) => p.value);

const notOnScale = (points: number[]) => `Choose a rating on the scale (${points.join(', ')}).`;

const valueOnScale = (points: number[]) =>
  z.number({ error: notOnScale(points) }).refine((v) => points.includes(v), notOnScale(points));

const note = z.string({ error: 'The note must be text.' }).max(NOTE_MAX, NOTE_TOO_LONG);

const ratingBodies = schemaCache<ReturnType<typeof buildRatingBody>>();

/** Autosave body: `{ value?: number | null, note?: string }`; at least one of them. Built once per scale. */
export const ratingBody = (points: number[]) => ratingBodies(points.join(','), () => buildRatingBody(points));

const buildRatingBody = (points: number[]) =>
  z
    .object(
      { value: valueOnScale(points).nullable().optional(), note: note.optional() },
      { error: 'Send a JSON object with a value, a note or both.' },
    )
    .refine((v) => v.value !== undefined || v.note !== undefined, {
      message: 'Send a value, a note or both.',
      path: ['form'],
    });
export type RatingInput = z.output<ReturnType<typeof buildRatingBody>>;

/** A form's radio arrives as a string; none chosen means "leave the rating as it is". */
const formValue = (points: number[]) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? undefined : typeof v === 'string' ? Number(v) : v),
    valueOnScale(points).optional(),
  );

/**
 * The no-JavaScript form: `ratings[<sectionId>][value]`, `ratings[<sectionId>][note]` and
 * `action=save|submit`. Sections the guide does not have are refused (a stale or forged form).
 */
export const scoreForm = (guide: FrozenGuide) => {
  // Published guide versions are cached objects (panel-context.ts), so the form's schema is too.
  let found = scoreForms.get(guide);
  if (!found) scoreForms.set(guide, (found = buildScoreForm(guide)));
  return found;
};

const scoreForms = new WeakMap<FrozenGuide, ReturnType<typeof buildScoreForm>>();

function buildScoreForm(guide: FrozenGuide) {
  const points = pointsOf(guide);
  const ids = new Set(guide.sections.map((s) => s.id));
  const section = z.object(
    { value: formValue(points), note: z.preprocess((v) => v ?? '', note) },
    { error: 'Fill in the form again.' },
  );
  return z.object({
    action: z.preprocess(
      (v) => (v === undefined || v === '' ? 'save' : v),
      z.enum(SCORE_ACTIONS, { error: 'Choose Save or Submit.' }),
    ),
    /** `yes` from the confirmation step: submitting locks the ratings, so the form asks first. */
    confirm: z.preprocess(
      (v) => (v === undefined || v === '' ? undefined : v),
      z.literal('yes', { error: 'Confirm from the confirmation page.' }).optional(),
    ),
    ratings: z.preprocess(
      (v) => v ?? {},
      z
        .record(z.string(), section, { error: 'Fill in the form again.' })
        .refine((r) => Object.keys(r).every((k) => ids.has(k)), {
          message: 'This form does not match the interview guide: reload the page and try again.',
          path: ['form'],
        }),
    ),
  });
}
export type ScoreFormInput = z.output<ReturnType<typeof scoreForm>>;

/**
 * zod issues as `{ "<sectionId>.value" | "<sectionId>.note" | "form": message }`: the keys the
 * scoring page puts its messages next to (first message per key).
 */
export function scoreFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    const key =
      path[0] === 'ratings' && path.length >= 3
        ? `${path[1]}.${path[2]}`
        : path[0] === 'ratings'
          ? 'form'
          : path.join('.') || 'form';
    out[key] ??= issue.message;
  }
  return out;
}

/** POST /submit carries nothing but, from a form, the CSRF token. */
export const submitBody = z.union([z.undefined(), z.looseObject({ _csrf: z.string().optional() })]);
