/**
 * Durable mail: queue() stores the message in the outbox collection and returns at once; a
 * worker claims due messages one at a time under a lease (an atomic findOneAndUpdate, so two
 * workers or two processes never hold one message at once), delivers them over SMTP or, without
 * SMTP_URL, as .eml files, and retries failures with exponential backoff.
 *
 * Delivery is at least once with duplicates made unlikely, not exactly once in every case: if a
 * process dies after the SMTP server accepted a message but before it is marked sent, the lease
 * runs out and the message is sent again. The Message-ID is derived from the outbox id so such a
 * resend carries the same Message-ID as the first copy (and file mode rewrites the same file).
 */
import nodemailer from 'nodemailer';
import { OutboxMessage } from '../features/outbox/outbox.model.js';
import { createDelivery, outboxMessageId } from './mail-delivery.js';

export { backoffDelay, emlFileName, outboxMessageId } from './mail-delivery.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** A calendar invitation (text/calendar part), as nodemailer's icalEvent takes it. */
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; filename?: string; content: string };
}

export interface Mailer {
  /** 'smtp' when SMTP_URL is set, 'file' when messages are written under DATA_DIR/outbox. */
  readonly mode: 'smtp' | 'file';
  /** Stores the message in the outbox collection and wakes the worker; returns the outbox id. */
  queue(message: MailMessage): Promise<string>;
  /** Starts the background delivery worker. */
  start(): void;
  /** Stops the worker and waits for a delivery in progress. */
  stop(): Promise<void>;
  /** Delivers every due message now; returns how many were sent. */
  deliverDue(): Promise<number>;
  /** Asks a started worker to look for due messages now (after an admin's retry, for example). */
  wake?(): void;
}

export interface MailerOptions {
  smtpUrl?: string;
  from: string;
  /** Reply-To of every message (MAIL_REPLY_TO), when set. */
  replyTo?: string;
  /** Directory for .eml files when there is no SMTP server. */
  outboxDir: string;
  logger: import('./logger.js').Logger;
  pollIntervalMs?: number;
  maxAttempts?: number;
  /** First retry delay; each further failure doubles it (default 5 s). */
  backoffBaseMs?: number;
  /** Longest retry delay (default 1 h). */
  backoffMaxMs?: number;
  /** How long a claim lasts; past it a message stuck in `sending` is due again (default 5 min). */
  leaseMs?: number;
  /** SMTP connection, greeting and socket timeouts (default 30 s); must stay well below leaseMs. */
  smtpTimeoutMs?: number;
}

export function createMailer(options: MailerOptions): Mailer {
  const { logger, from, replyTo, outboxDir } = options;
  const mode: Mailer['mode'] = options.smtpUrl ? 'smtp' : 'file';
  const pollIntervalMs = options.pollIntervalMs ?? 5000;
  const timeout = options.smtpTimeoutMs ?? 30_000;
  const transport = options.smtpUrl
    ? nodemailer.createTransport({
        url: options.smtpUrl,
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      })
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  const inFlight = new Set<Promise<unknown>>();
  let started = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let rerun = false;

  const deliverAll = createDelivery({
    mode,
    transport,
    outboxDir,
    logger,
    maxAttempts: options.maxAttempts ?? 10,
    baseMs: options.backoffBaseMs ?? 5000,
    maxMs: options.backoffMaxMs ?? 60 * 60 * 1000,
    leaseMs: options.leaseMs ?? 5 * 60 * 1000,
    stopping: () => stopping,
  });

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };

  function schedule(delayMs: number): void {
    if (!started || stopping) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delayMs);
    timer.unref();
  }

  function tick(): void {
    timer = undefined;
    if (running) {
      rerun = true;
      return;
    }
    running = true;
    track(deliverAll())
      .catch((err) =>
        logger.warn('mail worker could not read the outbox', { error: String(err?.message ?? err) }),
      )
      .finally(() => {
        running = false;
        const again = rerun;
        rerun = false;
        schedule(again ? 0 : pollIntervalMs);
      });
  }

  function wake(): void {
    if (!started || stopping) return;
    if (running) rerun = true;
    else schedule(0);
  }

  return {
    mode,
    async queue(message) {
      const doc = new OutboxMessage({
        ...message,
        from,
        ...(replyTo ? { replyTo } : {}),
        status: 'pending',
        nextAttemptAt: new Date(),
      });
      doc.messageId = outboxMessageId(doc.id, from);
      await doc.save();
      wake();
      return doc.id;
    },
    start() {
      if (started) return;
      started = true;
      stopping = false;
      logger.debug(mode === 'smtp' ? 'mail worker started (SMTP)' : 'mail worker started (files)', {
        ...(mode === 'file' ? { outboxDir } : {}),
      });
      schedule(0);
    },
    async stop() {
      stopping = true;
      started = false;
      clearTimeout(timer);
      timer = undefined;
      while (inFlight.size) await Promise.allSettled([...inFlight]);
      transport.close();
      stopping = false;
    },
    deliverDue() {
      return track(deliverAll());
    },
    wake,
  };
}
