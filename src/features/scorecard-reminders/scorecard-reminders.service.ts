/**
 * Overdue ratings. A pass (on a timer in the server, with an injected clock in tests) finds the
 * interviews not yet revealed whose start is at least the first of SCORECARD_REMINDER_HOURS ago, and
 * mails each panelist who has not submitted the latest reminder due (missed ones are not sent late).
 * Submitting ends the reminders: a submitted panelist is no longer looked at. Each reminder is
 * claimed with a conditional upsert on `sent` before its mail is queued, so two passes (or two
 * processes) never send the same one. The chair can also nudge the panel at once, at most once an
 * hour per interview.
 */
import type { Types } from 'mongoose';
import type { Config } from '../../config/env.js';
import type { Logger } from '../../lib/logger.js';
import type { Mailer } from '../../lib/mailer.js';
import { ConflictError, ForbiddenError, TooManyRequestsError } from '../../lib/errors.js';
import { Interview } from '../interviews/interview.model.js';
import { formatTime, zoneFor } from '../../lib/format-time.js';
import type { PanelContext } from '../interviews/panel-context.js';
import { User } from '../users/user.model.js';
import { overdueRatingsMail } from './scorecard-mail.js';
import { ScorecardReminder } from './scorecard-reminder.model.js';

const HOUR_MS = 3_600_000;
export const NUDGE_INTERVAL_MS = HOUR_MS;

export interface ScorecardDeps {
  mailer: Mailer;
  config: Pick<Config, 'baseUrl' | 'scorecards'>;
}

/** The index of the latest reminder due `now` for an interview that started at `start`, or -1. */
export function dueScorecardReminder(start: Date, hours: number[], now: Date): number {
  let k = -1;
  hours.forEach((h, i) => {
    if (now.getTime() >= start.getTime() + h * HOUR_MS) k = i;
  });
  return k;
}

const isDuplicate = (e: unknown) => (e as { code?: number })?.code === 11000;

/** Claims reminder number `count` for (interview, user); false when it (or a later one) went out. */
async function claim(interview: Types.ObjectId, user: Types.ObjectId, count: number, now: Date) {
  try {
    const r = await ScorecardReminder.updateOne(
      { interview, user, sent: { $lt: count } },
      { $set: { sent: count, lastSentAt: now } },
      { upsert: true },
    );
    return r.modifiedCount + r.upsertedCount === 1;
  } catch (e) {
    if (isDuplicate(e)) return false; // a document with sent >= count exists: already sent
    throw e;
  }
}

interface OpenInterview {
  _id: Types.ObjectId;
  scheduledAt: Date;
  panel: { user: Types.ObjectId; submittedAt?: Date | null }[];
  candidate: { name: string } | null;
  position: { title: string } | null;
}

async function recipients(ids: Types.ObjectId[]) {
  const users = await User.find({ _id: { $in: ids }, status: 'active' }, 'name email timeZone').lean();
  return new Map(users.map((u) => [String(u._id), u]));
}

/** One reminder pass; returns how many reminders were queued. */
export async function runScorecardReminders(deps: ScorecardDeps, now = new Date()): Promise<number> {
  const hours = deps.config.scorecards.reminderHours;
  if (!hours.length) return 0;
  const due = (await Interview.find(
    {
      status: { $in: ['scheduled', 'in-progress'] },
      revealedAt: { $exists: false },
      scheduledAt: { $lte: new Date(now.getTime() - hours[0] * HOUR_MS) },
    },
    'scheduledAt panel candidate position',
  )
    .populate('candidate', 'name')
    .populate('position', 'title')
    .lean()) as unknown as OpenInterview[];
  let queued = 0;
  for (const i of due) {
    const k = dueScorecardReminder(i.scheduledAt, hours, now);
    const pending = i.panel.filter((p) => !p.submittedAt);
    const people = await recipients(pending.map((p) => p.user));
    for (const seat of pending) {
      const person = people.get(String(seat.user));
      if (!person || !(await claim(i._id, seat.user, k + 1, now))) continue;
      await deps.mailer.queue(
        overdueRatingsMail({
          to: person.email,
          name: person.name,
          candidate: i.candidate?.name ?? 'the candidate',
          position: i.position?.title ?? 'the position',
          when: formatTime(i.scheduledAt, zoneFor(person)),
          link: `${deps.config.baseUrl}/interviews/${i._id}/score`,
        }),
      );
      queued++;
    }
  }
  return queued;
}

/** The chair mails every panelist who has not submitted; returns how many were nudged. */
export async function nudgePanel(
  ctx: PanelContext,
  deps: ScorecardDeps,
  by: Types.ObjectId,
  now = new Date(),
) {
  if (!ctx.isChair) throw new ForbiddenError('Only the chair of this panel can nudge it.');
  const i = ctx.interview;
  if (i.status === 'cancelled' || i.status === 'complete' || i.revealedAt)
    throw new ConflictError('Every panelist has submitted: there is nobody to nudge.');
  const pending = i.panel.filter((p) => !p.submittedAt && String(p.user) !== String(by));
  if (!pending.length)
    throw new ConflictError('Every other panelist has submitted: there is nobody to nudge.');
  const last = await ScorecardReminder.findOne({ interview: i._id, 'nudges.0': { $exists: true } })
    .sort({ 'nudges.at': -1 })
    .lean();
  const lastAt = last?.nudges.reduce((t, n) => Math.max(t, n.at?.getTime() ?? 0), 0) ?? 0;
  if (now.getTime() - lastAt < NUDGE_INTERVAL_MS)
    throw new TooManyRequestsError(
      `The panel was nudged at ${formatTime(new Date(lastAt), zoneFor(await User.findById(by, 'timeZone').lean()))}; you can nudge again an hour after that.`,
    );
  const people = await recipients(pending.map((p) => p.user));
  const chair = await User.findById(by, 'name').lean();
  let nudged = 0;
  for (const seat of pending) {
    const person = people.get(String(seat.user));
    if (!person) continue;
    await ScorecardReminder.updateOne(
      { interview: i._id, user: seat.user },
      { $push: { nudges: { by, at: now } } },
      { upsert: true },
    );
    await deps.mailer.queue(
      overdueRatingsMail({
        to: person.email,
        name: person.name,
        candidate: ctx.candidate?.name ?? 'the candidate',
        position: ctx.position?.title ?? 'the position',
        when: formatTime(i.scheduledAt, zoneFor(person)),
        link: `${deps.config.baseUrl}/interviews/${i._id}/score`,
        nudgedBy: chair?.name ?? 'The chair',
      }),
    );
    nudged++;
  }
  return nudged;
}

/** Runs the pass on a timer; returns a function that stops it and waits for a pass in progress. */
export function startScorecardReminders(
  deps: ScorecardDeps & { logger?: Logger },
  intervalMs = 10 * 60 * 1000,
): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = runScorecardReminders(deps)
      .then((n) => n && deps.logger?.info('scorecard reminders', { queued: n }))
      .catch((e) =>
        deps.logger?.warn('scorecard reminders failed', { error: String((e as Error)?.message ?? e) }),
      )
      .finally(() => (running = undefined));
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
