/**
 * Per competency: the submitted references' ratings (count, references, not observed, mean) beside
 * the consensus ratings of the candidate's complete interviews (count, mean). Both halves are
 * pipeline stages run inside the candidate's one read (candidate-records.ts, as `$facet` branches
 * over the references and over the interviews joined to the candidate), merged here by competency.
 * Ratings map the options to 1..5 in their order, "Not observed" excluded (counted apart).
 */
import type { PipelineStage, Types } from 'mongoose';
import { REFERENCE_RATING_OPTIONS } from '../generators/index.js';

export const NOT_OBSERVED = REFERENCE_RATING_OPTIONS[REFERENCE_RATING_OPTIONS.length - 1];

/** Two decimals, half up, as an expression ($round rounds half to even, and differs in the embedded engine). */
const round2 = (expr: string) => ({
  $let: {
    vars: { v: expr },
    in: {
      $cond: [
        { $eq: ['$$v', null] },
        null,
        { $divide: [{ $floor: { $add: [{ $multiply: ['$$v', 100] }, 0.5] } }, 100] },
      ],
    },
  },
});

export interface ReferenceRatingRow {
  _id: Types.ObjectId;
  name: string | null;
  ratings: number;
  references: number;
  notObserved: number;
  mean: number | null;
}

export interface ConsensusRow {
  _id: Types.ObjectId;
  consensus: number | null;
  consensusCount: number;
}

export type ComparisonRow = ReferenceRatingRow & Omit<ConsensusRow, '_id'>;

type Stages = PipelineStage.FacetPipelineStage[];

/** Over the candidate's references: the submitted ones' ratings per competency. */
export function referenceRatingStages(): Stages {
  return [
    { $match: { status: 'submitted', replacedBy: { $exists: false } } },
    {
      $project: {
        answers: 1,
        questions: '$questionnaire.questions',
        scored: {
          $filter: { input: '$questionnaire.ratingOptions', cond: { $ne: ['$$this', NOT_OBSERVED] } },
        },
      },
    },
    { $unwind: '$answers' },
    {
      $set: {
        q: {
          $arrayElemAt: [
            { $filter: { input: '$questions', cond: { $eq: ['$$this.id', '$answers.question'] } } },
            0,
          ],
        },
      },
    },
    { $match: { 'q.rated': true, 'q.competency': { $ne: null } } },
    {
      $project: {
        _id: 0,
        competency: '$q.competency',
        name: '$q.competencyName',
        reference: '$_id',
        notObserved: { $cond: [{ $eq: ['$answers.rating', NOT_OBSERVED] }, 1, 0] },
        // 1..5 by the option's place among the scored options; not observed or unanswered: none.
        score: {
          $let: {
            vars: { i: { $indexOfArray: ['$scored', '$answers.rating'] } },
            in: { $cond: [{ $gte: ['$$i', 0] }, { $add: ['$$i', 1] }, null] },
          },
        },
      },
    },
    {
      $group: {
        _id: '$competency',
        name: { $max: '$name' },
        ratings: { $sum: { $cond: [{ $ne: [{ $ifNull: ['$score', null] }, null] }, 1, 0] } },
        raters: {
          $addToSet: { $cond: [{ $ne: [{ $ifNull: ['$score', null] }, null] }, '$reference', null] },
        },
        notObserved: { $sum: '$notObserved' },
        mean: { $avg: '$score' },
      },
    },
    {
      $project: {
        name: 1,
        ratings: 1,
        notObserved: 1,
        references: { $size: { $setDifference: ['$raters', [null]] } },
        mean: round2('$mean'),
      },
    },
  ];
}

/** Over the candidate's interviews: the consensus per competency of the complete ones. */
export function consensusStages(): Stages {
  return [
    { $match: { status: 'complete' } },
    { $unwind: '$consensus' },
    {
      $group: {
        _id: '$consensus.competency',
        consensus: { $avg: '$consensus.value' },
        consensusCount: { $sum: 1 },
      },
    },
    { $project: { consensusCount: 1, consensus: round2('$consensus') } },
  ];
}

/** One row per competency rated by a reference or by a panel's consensus. */
export function mergeComparison(refs: ReferenceRatingRow[], consensus: ConsensusRow[]): ComparisonRow[] {
  const byId = new Map<string, ComparisonRow>();
  const none = { name: null, ratings: 0, references: 0, notObserved: 0, mean: null };
  for (const r of refs) byId.set(String(r._id), { ...r, consensus: null, consensusCount: 0 });
  for (const c of consensus) {
    const row = byId.get(String(c._id));
    if (row) Object.assign(row, { consensus: c.consensus, consensusCount: c.consensusCount });
    else byId.set(String(c._id), { ...none, ...c });
  }
  return [...byId.values()];
}
