/** Reading the mail outbox for administrators, and putting failed messages back in the queue. */
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { OutboxMessage, type OutboxDoc } from './outbox.model.js';

export const OUTBOX_PAGE_SIZE = 50;

export interface OutboxPage {
  messages: OutboxDoc[];
  page: number;
  pages: number;
  total: number;
  pageSize: number;
}

/** Newest first; a page past the last one shows the last one. */
export async function listMessages(page: number, pageSize = OUTBOX_PAGE_SIZE): Promise<OutboxPage> {
  const total = await OutboxMessage.countDocuments();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const messages = await OutboxMessage.find()
    .sort({ createdAt: -1, _id: -1 })
    .skip((current - 1) * pageSize)
    .limit(pageSize);
  return { messages, page: current, pages, total, pageSize };
}

export async function getMessage(id: string): Promise<OutboxDoc> {
  const message = await OutboxMessage.findById(id);
  if (!message) throw new NotFoundError('There is no such message in the outbox.');
  return message;
}

/** failed -> pending, due now, with a fresh set of attempts. */
export async function retryMessage(id: string): Promise<OutboxDoc> {
  const message = await OutboxMessage.findOneAndUpdate(
    { _id: id, status: 'failed' },
    {
      $set: { status: 'pending', attempts: 0, nextAttemptAt: new Date() },
      $unset: { lockedUntil: 1, lockedBy: 1 },
    },
    { returnDocument: 'after' },
  );
  if (message) return message;
  await getMessage(id);
  throw new ConflictError('Only a message that failed can be retried.');
}
