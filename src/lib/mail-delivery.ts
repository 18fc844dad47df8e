/**
 * One pass of the mail worker: claim a due outbox message under a lease, deliver it, record the
 * outcome. Used by createMailer (mailer.ts), which owns the timer and the stop() bookkeeping.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import mongoose from 'mongoose';
import type { Transporter } from 'nodemailer';
import { OutboxMessage, type OutboxDoc } from '../features/outbox/outbox.model.js';
import type { Logger } from './logger.js';

/** Delay before the next attempt after `attempts` failed ones: base, 2 base, 4 base ... capped. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40));
}

/** A Message-ID that a retry of the same outbox message repeats. */
export function outboxMessageId(id: string, from: string): string {
  const domain = /@([^\s<>@]+?)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return `<outbox.${id}@${domain}>`;
}

/** `20250102T030405Z-<id>.eml`: sorts by queue time, and a resend rewrites the same file. */
export function emlFileName(createdAt: Date, id: string): string {
  return `${createdAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${id}.eml`;
}

/** SMTP 5xx replies (unknown mailbox, policy refusal) will not get better by waiting. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

type Outcome = 'sent' | 'retry' | 'failed' | 'none';
const RELEASE = { $unset: { lockedUntil: 1, lockedBy: 1 } } as const;

export interface DeliveryOptions {
  mode: 'smtp' | 'file';
  transport: Transporter;
  outboxDir: string;
  logger: Logger;
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
  leaseMs: number;
  /** Checked between messages: a pass ends early once the mailer is stopping. */
  stopping: () => boolean;
}

/** Returns deliverAll(): tries every message due now once; resolves to how many were sent. */
export function createDelivery(options: DeliveryOptions): () => Promise<number> {
  const { mode, transport, outboxDir, logger, maxAttempts, baseMs, maxMs, leaseMs } = options;

  async function send(msg: OutboxDoc): Promise<{ emlFile?: string }> {
    const info = await transport.sendMail({
      from: msg.from,
      ...(msg.replyTo ? { replyTo: msg.replyTo } : {}),
      to: msg.to,
      subject: msg.subject,
      text: msg.text,
      ...(msg.html ? { html: msg.html } : {}),
      ...(msg.icalEvent?.content
        ? {
            icalEvent: {
              method: msg.icalEvent.method,
              filename: msg.icalEvent.filename ?? 'invite.ics',
              content: msg.icalEvent.content,
            },
          }
        : {}),
      messageId: msg.messageId,
    });
    if (mode === 'smtp') return {};
    const emlFile = emlFileName(msg.createdAt, msg.id);
    // Messages hold live invitation, reset and reference links: owner-only, whatever the umask.
    await fs.mkdir(outboxDir, { recursive: true, mode: 0o700 });
    await fs.chmod(outboxDir, 0o700);
    // Written whole then renamed, so a reader never sees half a message.
    const tmp = path.join(outboxDir, `.${emlFile}.${process.pid}.tmp`);
    await fs.writeFile(tmp, (info as { message: Buffer }).message, { mode: 0o600 });
    await fs.chmod(tmp, 0o600);
    await fs.rename(tmp, path.join(outboxDir, emlFile));
    return { emlFile };
  }

  /** Claims one due message (skipping `exclude`), tries it once and records the outcome. */
  async function deliverOne(exclude: mongoose.Types.ObjectId[]): Promise<Outcome> {
    const now = new Date();
    const token = crypto.randomUUID();
    const msg = await OutboxMessage.findOneAndUpdate(
      {
        _id: { $nin: exclude },
        $or: [
          { status: 'pending', nextAttemptAt: { $lte: now } },
          { status: 'sending', lockedUntil: { $lte: now }, attempts: { $lt: maxAttempts } },
        ],
      },
      {
        $set: { status: 'sending', lockedUntil: new Date(now.getTime() + leaseMs), lockedBy: token },
        $inc: { attempts: 1 },
      },
      { sort: { nextAttemptAt: 1, _id: 1 }, returnDocument: 'after' },
    );
    if (!msg) return 'none';
    exclude.push(msg._id);
    const mine = { _id: msg._id, status: 'sending' as const, lockedBy: token };
    let emlFile: string | undefined;
    try {
      ({ emlFile } = await send(msg));
    } catch (err) {
      return recordFailure(msg, mine, err);
    }
    // Outside the try: the server has the message, so a failure to record that must not count
    // as a failed delivery (that would send it again at once). Worst case the lease runs out.
    const done = await OutboxMessage.updateOne(mine, {
      $set: { status: 'sent', sentAt: new Date(), ...(emlFile ? { emlFile } : {}) },
      ...RELEASE,
    });
    if (done.modifiedCount !== 1) logger.warn('mail sent after its claim expired', { id: msg.id });
    logger.info(mode === 'smtp' ? 'mail sent' : 'mail written to outbox file', { id: msg.id, emlFile });
    return 'sent';
  }

  async function recordFailure(msg: OutboxDoc, mine: object, err: unknown): Promise<Outcome> {
    const lastError = String((err as Error)?.message ?? err).slice(0, 2000);
    const giveUp = msg.attempts >= maxAttempts || isPermanent(err);
    const nextAttemptAt = new Date(Date.now() + backoffDelay(msg.attempts, baseMs, maxMs));
    await OutboxMessage.updateOne(mine, {
      $set: giveUp ? { status: 'failed', lastError } : { status: 'pending', lastError, nextAttemptAt },
      ...RELEASE,
    });
    const extra = { id: msg.id, attempts: msg.attempts, error: lastError };
    if (giveUp) logger.error('mail delivery failed; giving up', extra);
    else logger.warn('mail delivery failed; will retry', { ...extra, nextAttemptAt });
    return giveUp ? 'failed' : 'retry';
  }

  async function deliverAll(): Promise<number> {
    // Messages whose sender died mid-delivery on their last attempt.
    await OutboxMessage.updateMany(
      { status: 'sending', lockedUntil: { $lte: new Date() }, attempts: { $gte: maxAttempts } },
      {
        $set: { status: 'failed', lastError: 'Delivery was interrupted and no attempts remain.' },
        $unset: { lockedUntil: 1, lockedBy: 1 },
      },
    );
    const seen: mongoose.Types.ObjectId[] = [];
    let sent = 0;
    while (!options.stopping()) {
      const outcome = await deliverOne(seen);
      if (outcome === 'none') break;
      if (outcome === 'sent') sent += 1;
    }
    return sent;
  }

  return deliverAll;
}
