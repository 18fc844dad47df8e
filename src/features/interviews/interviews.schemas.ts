/** The schedule form: candidate, panel rows (user + role), date and time (UTC), place or link. */
import { z } from 'zod';
import { objectId } from '../users/users.schemas.js';
import { blankToUndefined } from '../competencies/form-fields.js';
import { MAX_PANEL, MIN_PANEL, PANEL_ROLES } from './interview.model.js';

export { fieldErrors } from '../users/users.schemas.js';

/** How many panel rows the form offers. */
export const PANEL_ROWS = MAX_PANEL;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** `YYYY-MM-DDTHH:MM` (a datetime-local input), read as UTC; null when malformed or not a real date. */
export function parseUtc(value: string): Date | null {
  const m = DATETIME.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const same =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi;
  return same ? date : null;
}

/** Rows arrive as an array (panel[0][user]) or, past qs's array limit, as an object; blank rows drop. */
const rows = (v: unknown) =>
  (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : [])
    .map((r) => (r && typeof r === 'object' ? (r as Record<string, unknown>) : {}))
    .filter((r) => typeof r.user === 'string' && r.user.trim() !== '')
    .map((r) => ({ user: String(r.user).trim(), role: r.role ?? 'member' }));

const panel = z.preprocess(
  rows,
  z
    .array(
      z.object({
        user: objectId,
        role: z.enum(PANEL_ROLES, { error: 'Choose chair or member for each panelist.' }),
      }),
      { error: 'Choose the panelists.' },
    )
    .superRefine((p, ctx) => {
      // Every problem of the panel in one message, so one submit shows them all.
      const problems: string[] = [];
      if (p.length < MIN_PANEL || p.length > MAX_PANEL)
        problems.push(`Choose ${MIN_PANEL} to ${MAX_PANEL} panelists (you chose ${p.length}).`);
      const chairs = p.filter((x) => x.role === 'chair').length;
      if (chairs !== 1)
        problems.push(
          chairs ? `Choose exactly one chair (you chose ${chairs}).` : 'Choose one panelist as the chair.',
        );
      if (new Set(p.map((x) => x.user.toLowerCase())).size !== p.length)
        problems.push('Each panelist may sit on the panel once.');
      if (problems.length) ctx.addIssue({ code: 'custom', message: problems.join(' '), path: [] });
    }),
);

export const scheduleForm = (now = new Date()) =>
  z.object({
    candidate: z.preprocess(blankToUndefined, z.string({ error: 'Choose a candidate.' }).pipe(objectId)),
    panel,
    scheduledAt: z.preprocess(
      blankToUndefined,
      z
        .string({ error: 'Enter the date and time.' })
        .transform((v, ctx) => {
          const d = parseUtc(v);
          if (!d) {
            ctx.addIssue({ code: 'custom', message: 'Enter the date and time as YYYY-MM-DD HH:MM.' });
            return z.NEVER;
          }
          return d;
        })
        .refine((d) => d.getTime() > now.getTime(), 'Choose a date and time in the future.'),
    ),
    location: z.preprocess(
      blankToUndefined,
      z
        .string({ error: 'Enter the place or the video link.' })
        .trim()
        .max(500, 'Use at most 500 characters.'),
    ),
  });
export type ScheduleInput = z.output<ReturnType<typeof scheduleForm>>;

/** Replacing (or, on a panel of 3 or 4, removing) one panelist who has not submitted. */
export const panelChangeForm = z.strictObject({
  _csrf: z.string().optional(),
  panelist: z.string({ error: 'Choose the panelist who leaves.' }).pipe(objectId),
  replacement: z.preprocess(blankToUndefined, objectId.optional()),
  why: z
    .string({ error: 'Say why the panel changes.' })
    .trim()
    .min(3, 'Say why the panel changes (at least 3 characters).')
    .max(2000, 'Keep the reason under 2,000 characters.'),
});
export type PanelChangeInput = z.infer<typeof panelChangeForm>;

export const cancelForm = z.strictObject({
  _csrf: z.string().optional(),
  why: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(2000, 'Keep the reason under 2,000 characters.').optional(),
  ),
});
