/**
 * Aggregation expressions shared by the pipelines. MongoDB's `$median` returns one of the values
 * (never the mean of the middle two), so panels of two or four get the textbook median from this.
 */

/** The median of a numeric array expression (null for an empty array). */
export function medianOf(array: unknown) {
  return {
    $let: {
      vars: { s: { $sortArray: { input: array, sortBy: 1 } } },
      in: {
        $let: {
          vars: { n: { $size: '$$s' } },
          in: {
            $cond: [
              { $eq: ['$$n', 0] },
              null,
              {
                $cond: [
                  { $eq: [{ $mod: ['$$n', 2] }, 1] },
                  { $arrayElemAt: ['$$s', { $floor: { $divide: ['$$n', 2] } }] },
                  {
                    $avg: [
                      { $arrayElemAt: ['$$s', { $subtract: [{ $divide: ['$$n', 2] }, 1] }] },
                      { $arrayElemAt: ['$$s', { $divide: ['$$n', 2] }] },
                    ],
                  },
                ],
              },
            ],
          },
        },
      },
    },
  };
}

/** A disagreement: the panel's ratings of one competency span this many scale points or more. */
export const DISAGREEMENT_RANGE = 2;
