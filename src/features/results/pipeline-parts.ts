/**
 * Pieces the results pipelines share: rounding, the independence rule as stages, a position's
 * candidates with their interviews, and per-competency slices of an array.
 */
import type { Types } from 'mongoose';

/** Figures are rounded here, once, so every page, the JSON and the ranking agree on them. */
export const DECIMALS = 2;

/**
 * Rounds half up to `places` decimals (null stays null). Not `$round`: MongoDB's rounds half to
 * even, and the embedded engine's (mingo's) looks at one more digit only (3.3351 -> 3.33); this
 * expression gives the same figure on both.
 */
export function round(expr: unknown, places = DECIMALS) {
  const f = 10 ** places;
  return {
    $let: {
      vars: { rounding: expr },
      in: {
        $cond: [
          { $eq: ['$$rounding', null] },
          null,
          { $divide: [{ $floor: { $add: [{ $multiply: ['$$rounding', f] }, 0.5] } }, f] },
        ],
      },
    },
  };
}

/** Submitted ratings of interviews that have been revealed (the independence rule, as stages). */
export function revealedRatingStages(match: Record<string, unknown>) {
  return [
    { $match: { ...match, submittedAt: { $ne: null } } },
    { $lookup: { from: 'interviews', localField: 'interview', foreignField: '_id', as: 'iv' } },
    { $set: { iv: { $arrayElemAt: ['$iv', 0] } } },
    { $match: { 'iv.revealedAt': { $ne: null }, 'iv.status': { $ne: 'cancelled' } } },
  ];
}

/** The position's candidates (or only `some` of them), each with `iv`: their interviews. */
export const candidatesWithInterviews = (positionId: Types.ObjectId, some?: Types.ObjectId[]) => [
  { $match: some ? { position: positionId, _id: { $in: some } } : { position: positionId } },
  { $lookup: { from: 'interviews', localField: '_id', foreignField: 'candidate', as: 'iv' } },
];

/** The consensus entries of the candidate's complete interviews, in one array. */
export const completeConsensus = {
  $reduce: {
    input: { $filter: { input: '$iv', cond: { $eq: ['$$this.status', 'complete'] } } },
    initialValue: [],
    in: { $concatArrays: ['$$value', { $ifNull: ['$$this.consensus', []] }] },
  },
};

/**
 * The entries of `array` sorted by competency once, as parallel arrays: `k` (competencies), `kr`
 * (the same reversed) and `v` (each entry's `value`). `valuesOf` then takes one competency's values
 * as a single slice found by two `$indexOfArray` searches. A `$filter` per competency would do the
 * same with one expression evaluation per entry and competency; the embedded engine (mingo)
 * evaluates expressions at a few microseconds each, and this halves the statistics' time there.
 */
export const sortedByCompetency = (array: unknown, value: string) => ({
  $let: {
    vars: { s: { $sortArray: { input: array, sortBy: { competency: 1 } } } },
    in: { k: '$$s.competency', kr: { $reverseArray: '$$s.competency' }, v: `$$s.${value}` },
  },
});

/** The values of competency `k` from `sorted` (a `sortedByCompetency` field path such as '$r'). */
export const valuesOf = (sorted: string, k: string) => ({
  $let: {
    vars: { first: { $indexOfArray: [`${sorted}.k`, k] }, fromEnd: { $indexOfArray: [`${sorted}.kr`, k] } },
    in: {
      $cond: [
        { $lt: ['$$first', 0] },
        [],
        {
          $slice: [
            `${sorted}.v`,
            '$$first',
            { $subtract: [{ $subtract: [{ $size: `${sorted}.k` }, '$$fromEnd'] }, '$$first'] },
          ],
        },
      ],
    },
  },
});
