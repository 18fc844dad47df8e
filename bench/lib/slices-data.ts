/** The `$group` both slicing benches run (engine-slices.ts, engine-slices-cpu.ts): 500 keys, the app's accumulators. */
export const GROUP_BY_KEYS = {
  $group: {
    _id: '$grp',
    n: { $sum: 1 },
    total: { $sum: '$score' },
    mean: { $avg: '$score' },
    best: { $max: '$score' },
    names: { $push: '$name' },
    first: { $first: '$i' },
  },
};
