/**
 * Panelists measured against their panels, across interviews:
 * - agreement per panel: in each complete interview, each panelist's mean absolute deviation of
 *   their submitted (independent) ratings from the consensus the panel recorded;
 * - calibration per panelist: each submitted rating of a revealed interview against the mean of
 *   that interview's submitted ratings of the same section. A panelist who is, on average, half a
 *   point or more above their panels is lenient, half a point or more below severe.
 *
 * Scope: `'all'` (admins) or the positions a manager may see.
 */
import type { Types } from 'mongoose';
import { Interview } from '../interviews/interview.model.js';
import { Rating } from '../scoring/rating.model.js';
import { revealedRatingStages, round } from './pipeline-parts.js';

export type Scope = 'all' | Types.ObjectId[];

/** Half a scale point above (or below) the panel means on average. */
export const CALIBRATION_THRESHOLD = 0.5;
/** Fewer ratings than this say too little about a panelist's habits. */
export const MIN_CALIBRATION_RATINGS = 6;
export const CALIBRATION_LABELS = {
  lenient: 'Lenient',
  severe: 'Severe',
  'in-line': 'In line',
  'too-few': 'Too few ratings',
} as const;
export type CalibrationLabel = keyof typeof CALIBRATION_LABELS;

export interface CalibrationRow {
  panelist: Types.ObjectId;
  name: string;
  /** Submitted ratings in revealed interviews. */
  ratings: number;
  interviews: number;
  /** Mean of (rating − panel mean): positive lenient, negative severe. */
  meanDeviation: number;
  meanAbsDeviation: number;
  label: CalibrationLabel;
}

export interface AgreementRow {
  interview: Types.ObjectId;
  position: Types.ObjectId;
  positionTitle: string;
  candidate: Types.ObjectId;
  candidateName: string;
  scheduledAt: Date;
  completedAt: Date | null;
  panelists: { panelist: Types.ObjectId; name: string; ratings: number; meanAbsDeviation: number }[];
}

const positionMatch = (scope: Scope) => (scope === 'all' ? {} : { position: { $in: scope } });
/** `name` from the users collection (the panelist's current name). */
const userName = (localField: string) => [
  { $lookup: { from: 'users', localField, foreignField: '_id', as: '_user' } },
  { $set: { name: { $ifNull: [{ $arrayElemAt: ['$_user.name', 0] }, '(removed user)'] } } },
  { $project: { _user: 0 } },
];

export async function calibration(scope: Scope): Promise<CalibrationRow[]> {
  return Rating.aggregate<CalibrationRow>([
    ...revealedRatingStages(positionMatch(scope)),
    {
      $group: {
        _id: { interview: '$interview', section: '$section' },
        panelMean: { $avg: '$submittedValue' },
        ratings: { $push: { panelist: '$panelist', value: '$submittedValue' } },
      },
    },
    { $unwind: '$ratings' },
    {
      $project: {
        _id: 0,
        interview: '$_id.interview',
        panelist: '$ratings.panelist',
        deviation: { $subtract: ['$ratings.value', '$panelMean'] },
      },
    },
    {
      $group: {
        _id: '$panelist',
        ratings: { $sum: 1 },
        interviews: { $addToSet: '$interview' },
        meanDeviation: { $avg: '$deviation' },
        meanAbsDeviation: { $avg: { $abs: '$deviation' } },
      },
    },
    {
      $project: {
        _id: 0,
        panelist: '$_id',
        ratings: 1,
        interviews: { $size: '$interviews' },
        meanDeviation: round('$meanDeviation'),
        meanAbsDeviation: round('$meanAbsDeviation'),
      },
    },
    // Labelled on the rounded figure, so the label always matches the number shown beside it.
    {
      $set: {
        label: {
          $switch: {
            branches: [
              { case: { $lt: ['$ratings', MIN_CALIBRATION_RATINGS] }, then: 'too-few' },
              { case: { $gte: ['$meanDeviation', CALIBRATION_THRESHOLD] }, then: 'lenient' },
              { case: { $lte: ['$meanDeviation', -CALIBRATION_THRESHOLD] }, then: 'severe' },
            ],
            default: 'in-line',
          },
        },
      },
    },
    ...userName('panelist'),
    { $sort: { name: 1, panelist: 1 } },
  ]);
}

/** The most recent `limit` complete interviews in scope, each panelist's deviation from consensus. */
export async function agreement(scope: Scope, limit = 50): Promise<AgreementRow[]> {
  const consensusOfSection = {
    $let: {
      vars: {
        c: {
          $arrayElemAt: [
            { $filter: { input: '$consensus', cond: { $eq: ['$$this.section', '$rating.section'] } } },
            0,
          ],
        },
      },
      in: '$$c.value',
    },
  };
  return Interview.aggregate<AgreementRow>([
    { $match: { ...positionMatch(scope), status: 'complete' } },
    { $sort: { completedAt: -1, _id: 1 } },
    { $limit: limit },
    { $lookup: { from: 'ratings', localField: '_id', foreignField: 'interview', as: 'rating' } },
    { $unwind: '$rating' },
    { $match: { 'rating.submittedAt': { $ne: null } } },
    {
      $project: {
        position: 1,
        candidate: 1,
        scheduledAt: 1,
        completedAt: 1,
        panelist: '$rating.panelist',
        deviation: { $abs: { $subtract: ['$rating.submittedValue', consensusOfSection] } },
      },
    },
    { $match: { deviation: { $type: 'number' } } },
    {
      $group: {
        _id: { interview: '$_id', panelist: '$panelist' },
        position: { $first: '$position' },
        candidate: { $first: '$candidate' },
        scheduledAt: { $first: '$scheduledAt' },
        completedAt: { $first: '$completedAt' },
        ratings: { $sum: 1 },
        meanAbsDeviation: { $avg: '$deviation' },
      },
    },
    { $set: { panelist: '$_id.panelist' } },
    ...userName('panelist'),
    { $sort: { name: 1, panelist: 1 } },
    {
      $group: {
        _id: '$_id.interview',
        position: { $first: '$position' },
        candidate: { $first: '$candidate' },
        scheduledAt: { $first: '$scheduledAt' },
        completedAt: { $first: '$completedAt' },
        panelists: {
          $push: {
            panelist: '$panelist',
            name: '$name',
            ratings: '$ratings',
            meanAbsDeviation: round('$meanAbsDeviation'),
          },
        },
      },
    },
    { $lookup: { from: 'candidates', localField: 'candidate', foreignField: '_id', as: 'c' } },
    { $lookup: { from: 'positions', localField: 'position', foreignField: '_id', as: 'p' } },
    {
      $project: {
        _id: 0,
        interview: '$_id',
        position: 1,
        positionTitle: { $ifNull: [{ $arrayElemAt: ['$p.title', 0] }, '(removed position)'] },
        candidate: 1,
        candidateName: { $ifNull: [{ $arrayElemAt: ['$c.name', 0] }, '(removed candidate)'] },
        scheduledAt: 1,
        completedAt: 1,
        panelists: 1,
      },
    },
    { $sort: { completedAt: -1, interview: 1 } },
  ]);
}
