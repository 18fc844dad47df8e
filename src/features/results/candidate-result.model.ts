/**
 * Results kept per candidate (issue 18): what the dashboard, the comparison, the ranking and the
 * candidate's profile show of one candidate (weighted total, consensus and panel statistics per
 * competency, disagreement flags, interviews), so a page reads one small document per candidate
 * instead of aggregating every interview and rating of the position. They are derived data: the
 * pipelines in ranking.ts and aggregation.ts build them (candidate-results.ts) and remain the
 * reference a test compares them with.
 */
import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

const candidateResultSchema = new Schema(
  {
    position: { type: Schema.Types.ObjectId, ref: 'Position', required: true },
    candidate: { type: Schema.Types.ObjectId, ref: 'Candidate', required: true },
    name: { type: String, required: true },
    stage: { type: String, required: true },
    /** InterviewBrief[] (ranking.ts), earliest first. */
    interviews: { type: [Schema.Types.Mixed], default: [] },
    /** The position's competencies with a consensus: `{ competency, weight, consensus }`. */
    competencies: { type: [Schema.Types.Mixed], default: [] },
    /** One ResultCell per competency of the position, in its order. */
    cells: { type: [Schema.Types.Mixed], default: [] },
    weightedTotal: { type: Number, default: null },
    percent: { type: Number, default: null },
    /** 1 with a weighted total, 0 without (listed after the ranked ones). */
    ranked: { type: Number, required: true },
    /** Cells flagged Disagreement. */
    disagreements: { type: Number, required: true },
  },
  { timestamps: true },
);
candidateResultSchema.index({ candidate: 1 }, { unique: true });
// The summaries of a position (only when its ranking order must be rebuilt from them).
candidateResultSchema.index({ position: 1 });

export const CandidateResult = model('CandidateResult', candidateResultSchema);
export type CandidateResultLean = InferSchemaType<typeof candidateResultSchema> & { _id: Types.ObjectId };

/**
 * How far the summaries of a position are built: changes to its candidates and interviews since
 * `builtAt` (less a margin) are folded in on the next read; other weights or another scale top
 * rebuild them all.
 */
const resultsStateSchema = new Schema({
  position: { type: Schema.Types.ObjectId, ref: 'Position', required: true },
  builtAt: { type: Date, required: true },
  weightsKey: { type: String, required: true },
  scaleMax: { type: Number, required: true },
  /** UsedVersion[] (scale.ts): the guide versions complete interviews used, with their scale's top. */
  versions: { type: [Schema.Types.Mixed], default: undefined },
  /** Documents changed within the margin before `builtAt`, with the `updatedAt` already folded in. */
  recent: {
    type: [
      {
        _id: false,
        doc: { type: Schema.Types.ObjectId, required: true },
        at: { type: Date, required: true },
      },
    ],
    default: [],
  },
});
resultsStateSchema.index({ position: 1 }, { unique: true });

export const ResultsState = model('ResultsState', resultsStateSchema);

/**
 * The ranking order of a position's summaries, as parallel arrays (one entry per candidate, ranked
 * first by weighted total, then the others, each by name), with the ranks and the position-wide
 * counts. One document, not an order number in each summary: one candidate's new total moves every
 * candidate between its old and new place by one, which would rewrite up to every summary of the
 * position; this document is rewritten whole in one command, and a page reads a `$slice` of it
 * (results-order.ts).
 */
const resultsOrderSchema = new Schema({
  position: { type: Schema.Types.ObjectId, ref: 'Position', required: true },
  candidates: { type: [Schema.Types.ObjectId], default: [] },
  names: { type: [String], default: [] },
  totals: { type: [Number], default: [] },
  ranks: { type: [Number], default: [] },
  disagreements: { type: [Number], default: [] },
  /** Entries (candidates of the position with a summary). */
  count: { type: Number, required: true },
  /** Entries with a weighted total. */
  ranked: { type: Number, required: true },
  /** Flagged cells over all entries. */
  disagreementTotal: { type: Number, required: true },
});
resultsOrderSchema.index({ position: 1 }, { unique: true });

export const ResultsOrder = model('ResultsOrder', resultsOrderSchema);
