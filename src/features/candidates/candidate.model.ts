import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';

export const STAGES = [
  'applied',
  'interview',
  'interviewed',
  'references',
  'offer',
  'hired',
  'declined',
  'withdrawn',
] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_LABELS: Record<Stage, string> = {
  applied: 'Applied',
  interview: 'Interview',
  interviewed: 'Interviewed',
  references: 'References',
  offer: 'Offer',
  hired: 'Hired',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

/** One stage change; `byName` keeps the name as it was, so the history reads the same later. */
const stageChangeSchema = new Schema(
  {
    from: { type: String, enum: STAGES, required: true },
    to: { type: String, enum: STAGES, required: true },
    at: { type: Date, required: true },
    by: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    byName: { type: String, required: true },
    note: { type: String, trim: true, maxlength: 2000 },
  },
  { _id: false },
);

const candidateSchema = new Schema(
  {
    position: { type: Schema.Types.ObjectId, ref: 'Position', required: true, index: true },
    name: { type: String, required: true, trim: true, maxlength: 120 },
    email: { type: String, required: true, lowercase: true, trim: true, maxlength: 254 },
    notes: { type: String, trim: true, maxlength: 5000 },
    stage: { type: String, enum: STAGES, default: 'applied', required: true },
    stageHistory: { type: [stageChangeSchema], default: [] },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  },
  { timestamps: true },
);
// One candidate per email address within a position (the same person may apply to several).
candidateSchema.index({ position: 1, email: 1 }, { unique: true });
// The results summaries fold in the candidates changed since their last build (candidate-results.ts).
candidateSchema.index({ position: 1, updatedAt: 1 });

export type CandidateFields = InferSchemaType<typeof candidateSchema>;
export type CandidateDoc = HydratedDocument<CandidateFields>;
export const Candidate = mongoose.model('Candidate', candidateSchema);
