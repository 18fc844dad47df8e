/**
 * The board's figures, computed by MongoDB: the panel's progress (flags only, the values never leave
 * the database) and, once revealed, every rating with the per-competency statistics.
 */
import type { Types } from 'mongoose';
import { DISAGREEMENT_RANGE, medianOf } from '../../lib/aggregation-expr.js';
import { Rating } from '../scoring/rating.model.js';

export interface ProgressRow {
  panelist: string;
  section: string;
  rated: boolean;
  noted: boolean;
}

/** Who has rated and noted what: booleans computed in the pipeline, never the values. */
export async function panelProgress(interview: Types.ObjectId): Promise<ProgressRow[]> {
  const rows = await Rating.aggregate<{
    panelist: Types.ObjectId;
    section: string;
    rated: boolean;
    noted: boolean;
  }>([
    { $match: { interview } },
    {
      $project: {
        _id: 0,
        panelist: 1,
        section: 1,
        rated: { $ne: [{ $ifNull: ['$value', null] }, null] },
        noted: { $gt: [{ $strLenCP: { $trim: { input: { $ifNull: ['$note', ''] } } } }, 0] },
      },
    },
  ]);
  return rows.map((r) => ({ ...r, panelist: String(r.panelist) }));
}

export interface SectionStats {
  section: string;
  n: number;
  mean: number;
  median: number;
  min: number;
  max: number;
  spread: number;
  disagreement: boolean;
  ratings: { panelist: string; value: number | null; submittedValue: number | null; note: string }[];
}

/**
 * Per section (competency) of a revealed interview: every panelist's current rating, note and
 * submitted rating, and the mean, median, minimum, maximum and spread of the current ratings, with
 * the disagreement flag (a range of DISAGREEMENT_RANGE points or more). Call only once revealed.
 */
export async function interviewStats(interview: Types.ObjectId): Promise<SectionStats[]> {
  const rows = await Rating.aggregate<
    SectionStats & { _id: string; ratings: { panelist: Types.ObjectId }[] }
  >([
    { $match: { interview, value: { $ne: null } } },
    { $sort: { section: 1, panelist: 1 } },
    {
      $group: {
        _id: '$section',
        n: { $sum: 1 },
        mean: { $avg: '$value' },
        min: { $min: '$value' },
        max: { $max: '$value' },
        values: { $push: '$value' },
        ratings: {
          $push: { panelist: '$panelist', value: '$value', submittedValue: '$submittedValue', note: '$note' },
        },
      },
    },
    {
      $project: {
        _id: 0,
        section: '$_id',
        n: 1,
        mean: 1,
        min: 1,
        max: 1,
        ratings: 1,
        median: medianOf('$values'),
        spread: { $subtract: ['$max', '$min'] },
        disagreement: { $gte: [{ $subtract: ['$max', '$min'] }, DISAGREEMENT_RANGE] },
      },
    },
  ]);
  return rows.map((r) => ({
    ...r,
    ratings: r.ratings.map((x) => ({ ...x, panelist: String(x.panelist) })) as SectionStats['ratings'],
  }));
}
