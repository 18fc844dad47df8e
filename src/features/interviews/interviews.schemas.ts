/**
 * The schedule form: candidate, panel rows (user + role), date and time, place or link. The date
 * and time come from a datetime-local input, read in the scheduler's time zone and stored in UTC.
 */
import { z } from 'zod';
import { objectId } from '../users/users.schemas.js';
import { blankToUndefined } from '../competencies/form-fields.js';
import { formatTime, localTimeToUtc } from '../../lib/format-time.js';
import { MAX_PANEL, MIN_PANEL, PANEL_ROLES } from './interview.model.js';

export { fieldErrors } from '../users/users.schemas.js';

/** How many panel rows the form offers. */
export const PANEL_ROWS = MAX_PANEL;
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

/**
 * A datetime-local value (`2026-12-08T14:00`) read as a wall-clock time in `zone`, to a UTC Date
 * in the future. A time that a daylight-saving change skips is refused with the reason; a time
 * that happens twice (clocks going back) is read as the first, earlier one.
 */
export const localDateTime = (zone: string, now = new Date()) =>
  z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'Enter the date and time.' })
      .transform((v, ctx) => {
        const r = localTimeToUtc(v, zone);
        if (r.ok) return r.date;
        ctx.addIssue({
          code: 'custom',
          message:
            r.reason === 'nonexistent'
              ? `${v.trim().replace('T', ' ')} does not exist in ${zone}: the clocks go forward then. Choose a time outside the skipped hour.`
              : 'Enter a real date and time: day, month, year, hours and minutes (the picker fills them in).',
        });
        return z.NEVER;
      })
      .refine((d) => d.getTime() > now.getTime(), {
        message: `Choose a date and time in the future (it is now ${formatTime(now, zone)}).`,
      }),
  );

const location = z.preprocess(
  blankToUndefined,
  z.string({ error: 'Enter the place or the video link.' }).trim().max(500, 'Use at most 500 characters.'),
);

export const scheduleForm = (zone: string, now = new Date()) =>
  z.object({
    candidate: z.preprocess(blankToUndefined, z.string({ error: 'Choose a candidate.' }).pipe(objectId)),
    panel,
    scheduledAt: localDateTime(zone, now),
    location,
    // A checkbox: sent as "on" when ticked, absent when not.
    inviteCandidate: z.preprocess(
      (v) => (v === undefined || v === '' ? false : v === 'on' || v === 'true' ? true : v),
      z.boolean({ error: 'Tick the box to email the candidate, or leave it empty.' }),
    ),
  });
export type ScheduleInput = z.output<ReturnType<typeof scheduleForm>>;

/** Moving an interview nobody has started scoring: a new time and place, and why (told to the panel). */
export const rescheduleForm = (zone: string, now = new Date()) =>
  z.strictObject({
    _csrf: z.string().optional(),
    scheduledAt: localDateTime(zone, now),
    location,
    why: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z.string().trim().max(2000, 'Keep the reason under 2,000 characters.').optional(),
    ),
  });
export type RescheduleInput = z.output<ReturnType<typeof rescheduleForm>>;

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
