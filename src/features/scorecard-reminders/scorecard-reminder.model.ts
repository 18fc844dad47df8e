import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * Reminders to one panelist of one interview whose ratings are overdue: how many timed reminders
 * went out (claimed with a conditional update before the mail is queued, so two passes or two
 * processes never send the same one) and the chair's nudges.
 */
const scorecardReminderSchema = new Schema(
  {
    interview: { type: Schema.Types.ObjectId, ref: 'Interview', required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    /** Timed reminders sent: the k-th is due SCORECARD_REMINDER_HOURS[k-1] hours after the start. */
    sent: { type: Number, default: 0, required: true },
    lastSentAt: Date,
    nudges: { type: [{ by: { type: Schema.Types.ObjectId, ref: 'User' }, at: Date }], default: [] },
  },
  { timestamps: true },
);
scorecardReminderSchema.index({ interview: 1, user: 1 }, { unique: true });

export type ScorecardReminderFields = InferSchemaType<typeof scorecardReminderSchema>;
export const ScorecardReminder = mongoose.model('ScorecardReminder', scorecardReminderSchema);
