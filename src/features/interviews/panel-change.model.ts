import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * The audit trail of a panel's changes by the position's manager: a panelist replaced (`replaced`,
 * `panelist` left and `replacement` took the seat) or removed (`removed`), and an interview cancelled
 * (`cancelled`), with who, when and why. Append-only; shown on the interview page.
 */
const panelChangeSchema = new Schema({
  interview: { type: Schema.Types.ObjectId, ref: 'Interview', required: true, index: true },
  kind: { type: String, enum: ['replaced', 'removed', 'cancelled'], required: true },
  panelist: { type: Schema.Types.ObjectId, ref: 'User' },
  replacement: { type: Schema.Types.ObjectId, ref: 'User' },
  /** The phase the interview was in: a change in the middle of scoring says so. */
  phase: { type: String, required: true },
  why: { type: String, required: true, trim: true, maxlength: 2000 },
  by: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  at: { type: Date, required: true, default: () => new Date() },
});

export type PanelChangeFields = InferSchemaType<typeof panelChangeSchema>;
export const PanelChange = mongoose.model('PanelChange', panelChangeSchema);
