import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * A link sent to a candidate to name their references themselves (no account). The token is
 * stored only hashed; the link works until it expires or the candidate has nominated. The
 * candidate never sees what references answer.
 */
const nominationSchema = new Schema(
  {
    position: { type: Schema.Types.ObjectId, ref: 'Position', required: true },
    candidate: { type: Schema.Types.ObjectId, ref: 'Candidate', required: true, index: true },
    tokenHash: { type: String, required: true, unique: true },
    expiresAt: { type: Date, required: true },
    /** How many references the manager asks for. */
    wanted: { type: Number, default: 3, min: 1, max: 10 },
    status: { type: String, enum: ['sent', 'used', 'expired', 'cancelled'], default: 'sent', required: true },
    sentBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    outbox: String,
    usedAt: Date,
    ip: String,
  },
  { timestamps: true },
);

// The reminder pass expires the links that ran out: open links by expiry.
nominationSchema.index({ status: 1, expiresAt: 1 });

export type NominationFields = InferSchemaType<typeof nominationSchema>;
export const Nomination = mongoose.model('Nomination', nominationSchema);
