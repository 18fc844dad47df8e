import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * One outgoing email. The mail worker moves it pending -> sending (claimed under a lease) ->
 * sent, or back to pending with a later nextAttemptAt, or to failed when attempts run out.
 */
const outboxSchema = new Schema(
  {
    from: { type: String, required: true, maxlength: 320 },
    replyTo: { type: String, maxlength: 320 },
    to: { type: String, required: true, trim: true, maxlength: 320 },
    subject: { type: String, required: true, maxlength: 998 },
    text: { type: String, required: true },
    html: { type: String },
    /** An iCalendar invitation sent as the message's text/calendar part (interviews). */
    icalEvent: {
      type: new Schema(
        {
          method: { type: String, enum: ['REQUEST', 'CANCEL'], required: true },
          filename: { type: String, maxlength: 200 },
          content: { type: String, required: true },
        },
        { _id: false },
      ),
      required: false,
    },
    status: { type: String, enum: OUTBOX_STATUSES, default: 'pending', required: true },
    /** Delivery attempts started so far (counted when a worker claims the message). */
    attempts: { type: Number, default: 0, required: true },
    nextAttemptAt: { type: Date, required: true, default: () => new Date() },
    /** While `sending`: the claim's lease. Past it, another worker may take the message over. */
    lockedUntil: { type: Date },
    /** While `sending`: the claim's token, so a worker whose lease ran out cannot overwrite a newer claim. */
    lockedBy: { type: String },
    lastError: { type: String, maxlength: 2000 },
    sentAt: { type: Date },
    /** The Message-ID header, fixed when queued so every retry carries the same one. */
    messageId: { type: String, required: true },
    /** File mode: the .eml file's name inside the outbox directory. */
    emlFile: { type: String },
  },
  { timestamps: true },
);

outboxSchema.index({ status: 1, nextAttemptAt: 1 });
outboxSchema.index({ createdAt: -1 });

export type OutboxFields = InferSchemaType<typeof outboxSchema>;
export type OutboxDoc = HydratedDocument<OutboxFields>;
export const OutboxMessage = mongoose.model('OutboxMessage', outboxSchema);
