/** The weighted ranking of a position's candidates, in one pipeline (see aggregation.ts). */
import type { Types } from 'mongoose';
import { Candidate } from '../candidates/candidate.model.js';
import {
  candidatesWithInterviews,
  completeConsensus,
  round,
  sortedByCompetency,
  valuesOf,
} from './pipeline-parts.js';

export interface WeightedCompetency {
  competency: Types.ObjectId;
  weight: number;
}

export interface InterviewBrief {
  interview: Types.ObjectId;
  scheduledAt: Date;
  status: string;
  /** Only once the interview is complete. */
  recommendation: string | null;
}

export interface RankingRow {
  candidate: Types.ObjectId;
  name: string;
  stage: string;
  /** Σ(weight × consensus) / Σ(weight), over the position's competencies with a consensus. */
  weightedTotal: number | null;
  /** The weighted total as a percent of the scale's highest point. */
  percent: number | null;
  /** 1 for the highest total; equal totals share a rank; null without a total. */
  rank: number | null;
  /** The position's competencies that have a consensus for this candidate. */
  competencies: { competency: Types.ObjectId; weight: number; consensus: number }[];
  /** The candidate's interviews, earliest first. */
  interviews: InterviewBrief[];
}

/**
 * Every candidate of the position with the weighted total of their consensus ratings and its rank.
 * `weights` are the position's current competencies and weights (passed in as a literal, from the
 * one position document), so a weight changed later changes the ranking at once; a consensus on a
 * competency the position no longer has does not count. A candidate without a complete interview
 * has no total and no rank, and is listed after the ranked ones.
 */
export async function ranking(
  positionId: Types.ObjectId,
  weights: WeightedCompetency[],
  scaleMax: number,
  /** Only these candidates (the summaries' refresh; ranks are then among them only). */
  some?: Types.ObjectId[],
): Promise<RankingRow[]> {
  const interviews = {
    $sortArray: {
      input: {
        $map: {
          input: '$iv',
          in: {
            interview: '$$this._id',
            scheduledAt: '$$this.scheduledAt',
            status: '$$this.status',
            recommendation: {
              $cond: [
                { $eq: ['$$this.status', 'complete'] },
                { $ifNull: ['$$this.recommendation.value', null] },
                null,
              ],
            },
          },
        },
      },
      sortBy: { scheduledAt: 1 },
    },
  };
  const perCompetency = {
    $map: {
      input: { $literal: weights },
      as: 'w',
      in: {
        competency: '$$w.competency',
        weight: '$$w.weight',
        consensus: { $avg: valuesOf('$consensus', '$$w.competency') },
      },
    },
  };
  return Candidate.aggregate<RankingRow>([
    ...candidatesWithInterviews(positionId, some),
    {
      $project: {
        _id: 0,
        candidate: '$_id',
        name: 1,
        stage: 1,
        interviews,
        consensus: sortedByCompetency(completeConsensus, 'value'),
      },
    },
    { $set: { competencies: perCompetency } },
    {
      $set: {
        competencies: { $filter: { input: '$competencies', cond: { $ne: ['$$this.consensus', null] } } },
      },
    },
    {
      $set: {
        total: {
          $let: {
            vars: { weights: { $sum: '$competencies.weight' } },
            in: {
              $cond: [
                { $gt: ['$$weights', 0] },
                {
                  $divide: [
                    {
                      $sum: {
                        $map: {
                          input: '$competencies',
                          in: { $multiply: ['$$this.weight', '$$this.consensus'] },
                        },
                      },
                    },
                    '$$weights',
                  ],
                },
                null,
              ],
            },
          },
        },
        competencies: {
          $map: {
            input: '$competencies',
            in: {
              competency: '$$this.competency',
              weight: '$$this.weight',
              consensus: round('$$this.consensus'),
            },
          },
        },
      },
    },
    {
      $set: {
        weightedTotal: round('$total'),
        percent: round({ $multiply: [{ $divide: ['$total', scaleMax] }, 100] }, 1),
        ranked: { $cond: [{ $eq: ['$total', null] }, 0, 1] },
      },
    },
    // Ranked on the rounded total: candidates whose totals read the same share a rank.
    {
      $setWindowFields: {
        partitionBy: '$ranked',
        sortBy: { weightedTotal: -1 },
        output: { rank: { $rank: {} } },
      },
    },
    { $set: { rank: { $cond: [{ $eq: ['$ranked', 1] }, '$rank', null] } } },
    { $sort: { ranked: -1, rank: 1, name: 1, candidate: 1 } },
    { $project: { total: 0, ranked: 0, consensus: 0 } },
  ]);
}
