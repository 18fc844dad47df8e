import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';

export const NOTE_MAX = 10_000;

/**
 * One panelist's rating of one guide section (one competency) in one interview: a document per
 * (interview, panelist, section), so concurrent autosaves of different sections never overwrite
 * each other. `value` and `note` are the current ones; `submittedValue` is what the panelist
 * submitted independently (agreement and calibration are measured on it). Once `locked` (set at
 * submit), only the consensus step changes `value`, and each change is kept in RatingChange.
 *
 * `position`, `candidate` and `competency` are copied in so the aggregation pipelines can group
 * without joins.
 */
const ratingSchema = new Schema(
  {
    interview: { type: Schema.Types.ObjectId, ref: 'Interview', required: true },
    position: { type: Schema.Types.ObjectId, ref: 'Position', required: true },
    candidate: { type: Schema.Types.ObjectId, ref: 'Candidate', required: true },
    panelist: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    /** The frozen guide section's id (FrozenSection.id). */
    section: { type: String, required: true },
    competency: { type: Schema.Types.ObjectId, ref: 'Competency', required: true },
    value: { type: Number, default: null },
    note: { type: String, default: '', maxlength: NOTE_MAX },
    /** Incremented by every save: lets a client tell its own save from a newer one. */
    rev: { type: Number, default: 0 },
    locked: { type: Boolean, default: false },
    submittedValue: { type: Number, default: null },
    submittedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
ratingSchema.index({ interview: 1, panelist: 1, section: 1 }, { unique: true });
// Per-position statistics, ranking and CSV export.
ratingSchema.index({ position: 1, competency: 1 });
// Calibration: a panelist's submitted ratings across interviews.
ratingSchema.index({ panelist: 1, submittedAt: 1 });
ratingSchema.index({ candidate: 1 });
// Results: a position's submitted ratings (statistics, CSV export, the calibration of the positions
// a manager sees: `{ position, submittedAt: { $ne: null } }`). An admin's calibration reads every
// submitted rating, nearly the whole collection, so a collection scan is the right plan there and
// no index is kept for it.
ratingSchema.index({ position: 1, submittedAt: 1 });

export type RatingFields = InferSchemaType<typeof ratingSchema>;
export type RatingDoc = HydratedDocument<RatingFields>;
export const Rating = mongoose.model('Rating', ratingSchema);
