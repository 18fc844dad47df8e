/**
 * The reminder pass, run on a timer by the server and with an injected clock by the tests. For each
 * open request (sent, opened, in progress; not replaced):
 *   - past its link's expiry: `expired`;
 *   - otherwise reminder k once `now` ≥ sentAt + reminderDays[k] days and fewer than k+1 went out,
 *     unless the reference saved something within the last day (then a later pass sends it). A pass
 *     sends at most one reminder per request: the latest one due (missed ones are not sent late).
 *     Each is claimed with an update conditional on `remindersSent` before it is queued, so two
 *     passes (or two processes) never send the same reminder.
 * A request still `sent` whose latest request or resend message finally failed in the outbox turns
 * `failed` (once opened, the mail evidently arrived). Nominations past their expiry turn `expired`.
 *
 * Links: the database keeps only the token's hash, so a reminder repeats the link of the latest
 * request or resend, read back from that outgoing message and checked against the stored hash.
 * When it cannot be read back, the reminder points to the earlier email instead.
 */
import { OutboxMessage } from '../outbox/outbox.model.js';
import { hashToken } from '../../lib/passwords.js';
import type { Logger } from '../../lib/logger.js';
import { Candidate } from '../candidates/candidate.model.js';
import { Position } from '../positions/position.model.js';
import { Nomination } from './nomination.model.js';
import { reminderMail } from './reference-mail.js';
import { OPEN_REFERENCE_STATUSES, Reference, type ReferenceDoc } from './reference.model.js';
import { DAY_MS, type ReferenceDeps } from './references.service.js';

export interface ReminderDeps extends ReferenceDeps {
  logger?: Logger;
}

export interface ReminderReport {
  expired: number;
  failed: number;
  reminded: number;
  nominationsExpired: number;
}

const open = { status: { $in: OPEN_REFERENCE_STATUSES }, replacedBy: { $exists: false } };

/** The index of the latest reminder due at `now`, or -1. */
export function dueReminder(sentAt: Date, reminderDays: number[], now: Date): number {
  let k = -1;
  reminderDays.forEach((d, i) => {
    if (now.getTime() >= sentAt.getTime() + d * DAY_MS) k = i;
  });
  return k;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The link of the latest request or resend, when its message still holds it and it is the current one. */
async function currentLink(ref: ReferenceDoc, baseUrl: string): Promise<string | undefined> {
  const last = [...ref.messages].reverse().find((m) => m.kind === 'request' || m.kind === 'resend');
  if (!last?.outbox || !/^[0-9a-f]{24}$/i.test(last.outbox)) return undefined;
  const msg = await OutboxMessage.findById(last.outbox, 'text').lean();
  const m = msg && new RegExp(`${escapeRegExp(baseUrl)}/r/([A-Za-z0-9_-]{20,})`).exec(msg.text);
  return m && hashToken(m[1]) === ref.tokenHash ? m[0] : undefined;
}

/** Open requests still `sent` whose latest request or resend message failed for good. */
async function markFailed(now: Date): Promise<number> {
  const rows = await Reference.aggregate<{ _id: unknown; tokenHash: string }>([
    { $match: { ...open, status: 'sent', 'messages.0': { $exists: true } } },
    {
      $project: {
        tokenHash: 1,
        // $arrayElemAt -1 (not $last): an empty list yields nothing rather than an error.
        last: {
          $arrayElemAt: [
            { $filter: { input: '$messages', cond: { $in: ['$$this.kind', ['request', 'resend']] } } },
            -1,
          ],
        },
      },
    },
    { $match: { 'last.outbox': { $regex: /^[0-9a-f]{24}$/i } } },
    { $set: { outboxId: { $toObjectId: '$last.outbox' } } },
    { $lookup: { from: 'outboxmessages', localField: 'outboxId', foreignField: '_id', as: 'o' } },
    { $match: { 'o.status': 'failed' } },
    { $project: { tokenHash: 1 } },
  ]);
  let n = 0;
  for (const r of rows) {
    const res = await Reference.updateOne(
      { _id: r._id, status: 'sent', tokenHash: r.tokenHash },
      { $set: { status: 'failed', failedAt: now } },
    );
    n += res.modifiedCount;
  }
  return n;
}

async function remind(ref: ReferenceDoc, k: number, deps: ReminderDeps, now: Date): Promise<boolean> {
  const claimed = await Reference.updateOne(
    { _id: ref._id, remindersSent: ref.remindersSent, tokenHash: ref.tokenHash, ...open },
    { $set: { remindersSent: k + 1 } },
  );
  if (claimed.modifiedCount !== 1) return false;
  const [candidate, position] = await Promise.all([
    Candidate.findById(ref.candidate, 'name').lean(),
    Position.findById(ref.position, 'title').lean(),
  ]);
  try {
    const outbox = await deps.mailer.queue(
      reminderMail({
        to: ref.email,
        name: ref.name,
        candidate: candidate?.name ?? 'the candidate',
        position: position?.title ?? 'the position',
        org: deps.config.orgName,
        link: await currentLink(ref, deps.config.baseUrl),
        sentAt: ref.sentAt!,
        expiresAt: ref.tokenExpiresAt!,
      }),
    );
    await Reference.updateOne(
      { _id: ref._id },
      { $push: { messages: { outbox, kind: 'reminder', at: now } } },
    );
    return true;
  } catch (e) {
    // Not queued: give the reminder back so a later pass sends it.
    await Reference.updateOne(
      { _id: ref._id, remindersSent: k + 1 },
      { $set: { remindersSent: ref.remindersSent } },
    ).catch(() => undefined);
    throw e;
  }
}

export async function runReferenceReminders(
  deps: ReminderDeps,
  now: Date = new Date(),
): Promise<ReminderReport> {
  const expired = await Reference.updateMany(
    { ...open, tokenExpiresAt: { $lte: now } },
    { $set: { status: 'expired', expiredAt: now } },
  );
  const failed = await markFailed(now);

  let reminded = 0;
  const days = deps.config.references.reminderDays;
  if (days.length) {
    const due = await Reference.find({
      ...open,
      sentAt: { $lte: new Date(now.getTime() - days[0] * DAY_MS) },
      tokenExpiresAt: { $gt: now },
      remindersSent: { $lt: days.length },
    });
    for (const ref of due) {
      const k = dueReminder(ref.sentAt!, days, now);
      if (k < 0 || (ref.remindersSent ?? 0) > k) continue;
      // Someone who saved within the last day is still at it: wait.
      if (ref.lastSavedAt && now.getTime() - ref.lastSavedAt.getTime() < DAY_MS) continue;
      if (await remind(ref, k, deps, now)) reminded += 1;
    }
  }

  const nominations = await Nomination.updateMany(
    { status: 'sent', expiresAt: { $lte: now } },
    { $set: { status: 'expired' } },
  );
  return {
    expired: expired.modifiedCount,
    failed,
    reminded,
    nominationsExpired: nominations.modifiedCount,
  };
}

/**
 * Runs the pass every `intervalMs` (first run soon after start). Returns stop(), which clears the
 * timer and waits for a pass in progress.
 */
export function startReferenceReminders(
  deps: ReminderDeps,
  options: { intervalMs?: number; firstDelayMs?: number } = {},
): () => Promise<void> {
  const intervalMs = options.intervalMs ?? 10 * 60 * 1000;
  let stopped = false;
  let running: Promise<unknown> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    running = runReferenceReminders(deps)
      .then((r) => {
        if (r.expired || r.failed || r.reminded || r.nominationsExpired)
          deps.logger?.info('reference reminders', { ...r });
      })
      .catch((err) =>
        deps.logger?.warn('reference reminders failed', { error: String((err as Error)?.message ?? err) }),
      )
      .finally(() => {
        running = undefined;
        if (!stopped) schedule(intervalMs);
      });
  };
  const schedule = (ms: number) => {
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  schedule(options.firstDelayMs ?? Math.min(intervalMs, 5000));

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
