import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const CHANGE_KINDS = ['rating', 'consensus', 'recommendation'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * The audit trail of an interview after submission: every change of a submitted rating (`rating`,
 * `panelist` is whose rating), of a consensus rating (`consensus`) and of the overall
 * recommendation (`recommendation`): who, when, from, to, why. Append-only.
 */
const ratingChangeSchema = new Schema(
  {
    interview: { type: Schema.Types.ObjectId, ref: 'Interview', required: true },
    kind: { type: String, enum: CHANGE_KINDS, required: true },
    panelist: { type: Schema.Types.ObjectId, ref: 'User' },
    section: String,
    competency: { type: Schema.Types.ObjectId, ref: 'Competency' },
    /** Ratings as numbers, recommendations as their value; null when there was none before. */
    from: { type: Schema.Types.Mixed, default: null },
    to: { type: Schema.Types.Mixed, default: null },
    why: { type: String, required: true, trim: true, maxlength: 5000 },
    by: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    at: { type: Date, required: true, default: () => new Date() },
  },
  { minimize: false },
);
ratingChangeSchema.index({ interview: 1, at: 1 });

export type RatingChangeFields = InferSchemaType<typeof ratingChangeSchema>;
export const RatingChange = mongoose.model('RatingChange', ratingChangeSchema);
