/**
 * Per candidate and competency statistics of a position, in one pipeline. MongoDB does the
 * arithmetic; the service only puts names on rows.
 *
 * Independence: ratings count only from interviews whose every panelist has submitted
 * (`revealedAt` set); consensus ratings only from `complete` interviews. Both rules are stages of
 * the pipelines (here and in ranking.ts), never a filter applied afterwards.
 *
 * The pipelines start from the position's candidates and join each one's interviews (and, for the
 * statistics, ratings) with `localField`/`foreignField` and no sub-pipeline: MongoDB answers each
 * join from an index (interviews' and ratings' `candidate`), the embedded engine with one hash
 * join. Every figure is then computed per candidate over the position's competencies (a literal
 * list from the one position document), so no stage regroups thousands of ratings.
 */
import type { Types } from 'mongoose';
import { DISAGREEMENT_RANGE, medianOf } from '../../lib/aggregation-expr.js';
import { Candidate } from '../candidates/candidate.model.js';
import {
  candidatesWithInterviews,
  completeConsensus,
  round,
  sortedByCompetency,
  valuesOf,
} from './pipeline-parts.js';

export interface CompetencyStatsRow {
  candidate: Types.ObjectId;
  competency: Types.ObjectId;
  /** Submitted ratings counted (revealed interviews only). */
  n: number;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  spread: number | null;
  disagreement: boolean;
  /** Mean of the consensus ratings of the candidate's complete interviews; null when none. */
  consensus: number | null;
  /** Complete interviews that recorded a consensus for this competency. */
  consensusCount: number;
}

/**
 * Per candidate × competency of the position: n, mean, median, min, max, spread and the
 * disagreement flag over the submitted (independent) ratings of revealed interviews, and the
 * mean consensus of complete ones. Cells with neither are left out.
 */
export async function competencyStatistics(
  positionId: Types.ObjectId,
  competencies: Types.ObjectId[],
  /** Only these candidates (the summaries' refresh); all of the position's without. */
  some?: Types.ObjectId[],
): Promise<CompetencyStatsRow[]> {
  return Candidate.aggregate<CompetencyStatsRow>([
    ...candidatesWithInterviews(positionId, some),
    { $lookup: { from: 'ratings', localField: '_id', foreignField: 'candidate', as: 'ratings' } },
    {
      $project: {
        consensus: completeConsensus,
        ratings: 1,
        revealed: {
          $map: {
            input: {
              $filter: {
                input: '$iv',
                cond: {
                  $and: [
                    { $ne: [{ $ifNull: ['$$this.revealedAt', null] }, null] },
                    { $ne: ['$$this.status', 'cancelled'] },
                  ],
                },
              },
            },
            in: '$$this._id',
          },
        },
      },
    },
    {
      $project: {
        consensus: sortedByCompetency('$consensus', 'value'),
        ratings: sortedByCompetency(
          {
            $filter: {
              input: '$ratings',
              cond: {
                $and: [
                  { $in: ['$$this.interview', '$revealed'] },
                  { $ne: [{ $ifNull: ['$$this.submittedAt', null] }, null] },
                ],
              },
            },
          },
          'submittedValue',
        ),
      },
    },
    {
      $project: {
        cells: {
          $map: {
            input: { $literal: competencies },
            as: 'k',
            in: {
              $let: {
                vars: { v: valuesOf('$ratings', '$$k'), c: valuesOf('$consensus', '$$k') },
                in: {
                  candidate: '$_id',
                  competency: '$$k',
                  n: { $size: '$$v' },
                  mean: round({ $avg: '$$v' }),
                  median: round(medianOf('$$v')),
                  min: { $min: '$$v' },
                  max: { $max: '$$v' },
                  spread: { $subtract: [{ $max: '$$v' }, { $min: '$$v' }] },
                  disagreement: {
                    $gte: [{ $subtract: [{ $max: '$$v' }, { $min: '$$v' }] }, DISAGREEMENT_RANGE],
                  },
                  consensus: round({ $avg: '$$c' }),
                  consensusCount: { $size: '$$c' },
                },
              },
            },
          },
        },
      },
    },
    { $unwind: '$cells' },
    { $match: { $or: [{ 'cells.n': { $gt: 0 } }, { 'cells.consensusCount': { $gt: 0 } }] } },
    { $replaceRoot: { newRoot: '$cells' } },
  ]);
}
