/**
 * Input of the reference's questionnaire. The form is flat (tokenFormBody): `name`, `relationship`,
 * `organization`, `confirmed`, `rating:<question id>`, `comment:<question id>`, `rev` and
 * `action=save|submit`. Reading happens in two passes:
 *  - the shape (400): every value a single string, a numeric `rev`, a known action, ratings only for
 *    the questionnaire's rated questions and comments only for its questions. A form the page made
 *    never fails it; a stale or forged one does.
 *  - the values (422, re-rendered with the person's text): lengths, the rating options, the
 *    relationship list.
 */
import { z } from 'zod';
import { blankToUndefined } from '../competencies/form-fields.js';
import { RELATIONSHIPS } from '../references/reference.model.js';
import type { Questionnaire } from './reference-answers.js';
import { schemaCache } from '../../lib/schema-cache.js';

export const FORM_ACTIONS = ['save', 'submit'] as const;
export type FormAction = (typeof FORM_ACTIONS)[number];

export const COMMENT_MAX = 10_000;
export const NAME_MAX = 120;
export const ORGANIZATION_MAX = 200;
export const DECLINE_REASON_MAX = 2000;

const RATING = 'rating:';
const COMMENT = 'comment:';
/** Keys a form may carry besides the ones above (a CSRF field from a reused page is harmless). */
const IGNORED = new Set(['_csrf']);
const FIXED = new Set(['action', 'rev', 'name', 'relationship', 'organization', 'confirmed']);

export const ratingKey = (questionId: string) => RATING + questionId;
export const commentKey = (questionId: string) => COMMENT + questionId;

/** Browsers send textarea line breaks as CRLF; count and keep them as one character. */
const newlines = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : v);

export const FORM_OUT_OF_DATE =
  'This form does not match the questionnaire. Open the link from your email again; your saved answers are kept.';

// Built once per distinct questionnaire shape / set of rating options (schema-cache.ts).
const shapes = schemaCache<ReturnType<typeof buildShape>>();
const valueSchemas = schemaCache<ReturnType<typeof buildValues>>();
const shape = (q: Questionnaire) =>
  shapes(q.questions.map((x) => `${x.id}${x.rated ? '*' : ''}`).join('\u0000'), () => buildShape(q));
const values = (q: Questionnaire) => valueSchemas(q.ratingOptions.join('\u0000'), () => buildValues(q));

const buildShape = (q: Questionnaire) => {
  const rated = new Set(q.questions.filter((x) => x.rated).map((x) => x.id));
  const all = new Set(q.questions.map((x) => x.id));
  return z.record(z.string(), z.string({ error: FORM_OUT_OF_DATE })).superRefine((body, ctx) => {
    for (const key of Object.keys(body)) {
      if (FIXED.has(key) || IGNORED.has(key)) continue;
      if (key.startsWith(RATING) && rated.has(key.slice(RATING.length))) continue;
      if (key.startsWith(COMMENT) && all.has(key.slice(COMMENT.length))) continue;
      ctx.addIssue({ code: 'custom', message: FORM_OUT_OF_DATE, path: [key] });
    }
    if (!/^\d{1,9}$/.test(body.rev ?? '')) ctx.addIssue({ code: 'custom', message: FORM_OUT_OF_DATE });
    if (body.action !== undefined && !(FORM_ACTIONS as readonly string[]).includes(body.action))
      ctx.addIssue({ code: 'custom', message: 'Choose Save or Submit.' });
  });
};

const buildValues = (q: Questionnaire) => {
  const options = q.ratingOptions;
  const optionsText = options.map((o) => `“${o}”`).join(', ');
  return z.object({
    name: z.string().trim().max(NAME_MAX, `Keep your name to ${NAME_MAX} characters or fewer.`).optional(),
    relationship: z.preprocess(
      blankToUndefined,
      z.enum(RELATIONSHIPS, { error: 'Choose how you know the candidate from the list.' }).optional(),
    ),
    organization: z
      .string()
      .trim()
      .max(ORGANIZATION_MAX, `Keep the organization to ${ORGANIZATION_MAX} characters or fewer.`)
      .optional(),
    confirmed: z.preprocess(
      (v) => v === 'yes',
      z.boolean(), // a checkbox: ticked or absent
    ),
    ratings: z.record(
      z.string(),
      z.string().refine((v) => options.includes(v), `Choose one of the answers offered: ${optionsText}.`),
    ),
    comments: z.record(
      z.string(),
      z.preprocess(
        newlines,
        z
          .string()
          .max(
            COMMENT_MAX,
            `Keep each answer to ${COMMENT_MAX.toLocaleString('en-US')} characters or fewer.`,
          ),
      ),
    ),
  });
};

export interface ReferenceFormInput {
  action: FormAction;
  rev: number;
  /** Whether the identity fields were sent (they always are from the page). */
  identitySent: boolean;
  name?: string;
  relationship?: (typeof RELATIONSHIPS)[number];
  organization?: string;
  confirmed: boolean;
  /** By question id: only the questions the form sent. */
  ratings: Record<string, string>;
  comments: Record<string, string>;
}

/** What the person typed, as sent, to show again after a refusal (known questions only). */
export interface TypedValues {
  name?: string;
  relationship?: string;
  organization?: string;
  confirmed: boolean;
  ratings: Record<string, string>;
  comments: Record<string, string>;
}

export type ReadResult =
  | { ok: true; input: ReferenceFormInput; typed: TypedValues }
  | { ok: false; status: 400; message: string }
  | { ok: false; status: 422; fields: Record<string, string>; typed: TypedValues };

function split(body: Record<string, string>) {
  const ratings: Record<string, string> = {};
  const comments: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k.startsWith(RATING) && v !== '') ratings[k.slice(RATING.length)] = v;
    else if (k.startsWith(COMMENT)) comments[k.slice(COMMENT.length)] = v;
  }
  return { ratings, comments };
}

export function readReferenceForm(raw: unknown, q: Questionnaire): ReadResult {
  const body = raw && typeof raw === 'object' ? raw : {};
  const shaped = shape(q).safeParse(body);
  if (!shaped.success) return { ok: false, status: 400, message: shaped.error.issues[0].message };
  const b = shaped.data;
  const { ratings, comments } = split(b);
  const typed: TypedValues = {
    name: b.name,
    relationship: b.relationship,
    organization: b.organization,
    confirmed: b.confirmed === 'yes',
    ratings,
    comments: Object.fromEntries(Object.entries(comments).map(([k, v]) => [k, newlines(v) as string])),
  };
  const parsed = values(q).safeParse({
    name: b.name,
    relationship: b.relationship,
    organization: b.organization,
    confirmed: b.confirmed,
    ratings,
    comments,
  });
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const [first, id] = issue.path.map(String);
      const key = first === 'ratings' ? ratingKey(id) : first === 'comments' ? commentKey(id) : first;
      fields[key] ??= issue.message;
    }
    return { ok: false, status: 422, fields, typed };
  }
  const v = parsed.data;
  return {
    ok: true,
    typed,
    input: {
      action: (b.action as FormAction | undefined) ?? 'save',
      rev: Number(b.rev),
      identitySent: b.name !== undefined,
      name: v.name,
      relationship: v.relationship,
      organization: v.organization,
      confirmed: v.confirmed,
      ratings: v.ratings,
      comments: v.comments as Record<string, string>,
    },
  };
}

/** The decline form: an optional reason. */
export const declineForm = z.object({
  reason: z.preprocess(
    (v) => blankToUndefined(newlines(v)),
    z
      .string({ error: 'Write the reason as text.' })
      .trim()
      .max(
        DECLINE_REASON_MAX,
        `Keep the reason to ${DECLINE_REASON_MAX.toLocaleString('en-US')} characters or fewer.`,
      )
      .optional(),
  ),
});

/** `?saved=1` after a saved draft (post/redirect/get); anything else in the query is ignored. */
export const pageQuery = z.object({ saved: z.literal('1').optional().catch(undefined) });
