/**
 * The sliced reads give the results of the reads in one go: $group against mingo's own $group,
 * sortDocsSliced against sortDocs, findDocsSliced against findDocs, $facet against mingo's $facet,
 * on random documents of mixed types. Slices of 0 ms make every piece of work its own slice, so
 * every pause point is crossed.
 */
import assert from 'node:assert/strict';
import { BSON, ObjectId } from 'bson';
import { ProcessingMode } from 'mingo';
import { Aggregator } from 'mingo/aggregator';
import { aggregateSliced, type CollectionResolver } from '../../../src/embedded-mongo/aggregation.js';
import { computeOptions } from '../../../src/embedded-mongo/mingo-context.js';
import { findDocs, findDocsSliced } from '../../../src/embedded-mongo/query.js';
import { Slicer } from '../../../src/embedded-mongo/slices.js';
import { sortDocs, sortDocsSliced } from '../../../src/embedded-mongo/sort.js';
import { cloneDoc, type Doc } from '../../../src/embedded-mongo/values.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OIDS = Array.from({ length: 4 }, (_, i) => new ObjectId(`64b000000000000000000${i}00`.slice(0, 24)));

function randomDocs(n: number, seed: number): Doc[] {
  const r = random(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const docs: Doc[] = [];
  for (let i = 0; i < n; i++) {
    const d: Doc = { _id: i, n: i };
    const g = pick<unknown>([1, 2, 3, 'a', 'b', null, undefined, OIDS[i % 4], { k: i % 3 }, [1, 2]]);
    if (g !== undefined) d.g = g;
    const x = pick<unknown>([r() * 100, Math.floor(r() * 10), -r(), 'text', null, undefined, [r(), 3]]);
    if (x !== undefined) d.x = x;
    d.k = pick(['p', 'q', 'r']);
    d.y = pick<unknown>([{ a: i }, { b: 'z', a: 1 }, null, { c: [i] }]);
    d.when = new Date(Date.UTC(2026, 0, 1 + (i % 20)));
    docs.push(d);
  }
  return docs;
}

const noResolver: CollectionResolver = () => [];
const everyTime = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Values compared as their BSON bytes: types (Date, ObjectId, int/double) and field order count. */
const bytes = (docs: Doc[]) => docs.map((d) => Buffer.from(BSON.serialize(d)).toString('hex'));

/** mingo over copies of the input: the engine's run of a pipeline in one go before slicing. */
function mingoRun(docs: Doc[], pipeline: Doc[]): Doc[] {
  const options = computeOptions({ processingMode: ProcessingMode.CLONE_INPUT });
  return new Aggregator(pipeline, options).run(docs) as Doc[];
}

describe('embedded engine internals: sliced reads give the results of reads in one go', function () {
  this.timeout(60_000);

  const GROUPS: Doc[] = [
    {
      _id: '$g',
      n: { $sum: 1 },
      tenth: { $sum: 0.1 },
      total: { $sum: '$x' },
      twice: { $sum: { $multiply: [{ $ifNull: ['$n', 0] }, 2] } },
      mean: { $avg: '$x' },
      low: { $min: '$x' },
      high: { $max: '$x' },
      xs: { $push: '$x' },
      kinds: { $addToSet: '$k' },
      first: { $first: '$x' },
      last: { $last: '$n' },
      count: { $count: {} },
      sdPop: { $stdDevPop: '$x' },
      sdSamp: { $stdDevSamp: '$x' },
      merged: { $mergeObjects: '$y' },
      whenMax: { $max: '$when' },
    },
    { _id: { g: '$g', k: '$k' }, rows: { $push: '$$ROOT' }, total: { $sum: '$x' } },
    { _id: null, all: { $sum: '$n' }, mean: { $avg: '$n' }, days: { $addToSet: '$when' } },
    { _id: { $mod: ['$n', 7] }, ys: { $push: '$y.a' }, top: { $max: '$y' } },
  ];

  for (const [i, spec] of GROUPS.entries()) {
    it(`when $group spec ${i + 1} runs in slices over random documents, then it equals mingo's $group`, async () => {
      for (const seed of [1, 2, 3]) {
        const docs = randomDocs(700, seed * 10 + i);
        const before = bytes(docs);
        const pipeline = [{ $group: spec }];
        const sliced = await aggregateSliced(docs, pipeline, noResolver, undefined, everyTime, 0);
        assert.deepEqual(bytes(sliced), bytes(mingoRun(docs, pipeline)), `seed ${seed}`);
        assert.deepEqual(bytes(docs), before, 'the input documents are unchanged');
      }
    });
  }

  it('when a $group runs over many documents with longer slices, then it still equals mingo', async () => {
    const docs = randomDocs(20_000, 99);
    const pipeline = [{ $match: { k: { $ne: 'r' } } }, { $group: GROUPS[0] }, { $sort: { n: -1, _id: 1 } }];
    const sliced = await aggregateSliced(docs, pipeline, noResolver, undefined, everyTime, 1);
    const inOneGo = sortDocs(mingoRun(docs, pipeline.slice(0, 2)), { n: -1, _id: 1 });
    assert.deepEqual(bytes(sliced), bytes(inOneGo));
  });

  it('when a grouped value holds stored documents and a later stage changes it, then the input stays as it was', async () => {
    const docs = randomDocs(50, 5);
    const before = bytes(docs);
    const out = await aggregateSliced(
      docs,
      [{ $group: { _id: null, rows: { $push: '$$ROOT' }, one: { $first: '$$ROOT' } } }],
      noResolver,
      undefined,
      everyTime,
      0,
    );
    out[0].rows[0].n = 'changed';
    out[0].one.k = 'changed';
    assert.deepEqual(bytes(docs), before);
  });

  it('when $group has no _id or an unknown accumulator, then it fails as mingo does', async () => {
    const docs = randomDocs(10, 7);
    await assert.rejects(
      aggregateSliced(docs, [{ $group: { n: { $sum: 1 } } }], noResolver, undefined, everyTime, 0),
      /_id/,
    );
    await assert.rejects(
      aggregateSliced(docs, [{ $group: { _id: 1, n: { $nope: 1 } } }], noResolver, undefined, everyTime, 0),
      /\$nope/,
    );
  });

  it('when $facet runs its sub-pipelines in slices, then it equals mingo and each facet sees the same input', async () => {
    const docs = randomDocs(600, 11);
    const pipeline = [
      {
        $facet: {
          byKind: [{ $group: { _id: '$k', n: { $sum: 1 }, xs: { $push: '$x' } } }],
          changed: [{ $match: { k: 'p' } }, { $set: { k: 'changed' } }, { $project: { k: 1, n: 1 } }],
          counted: [{ $match: { k: 'q' } }, { $count: 'n' }],
          sorted: [{ $sort: { n: -1 } }, { $limit: 5 }],
        },
      },
    ];
    const [sliced] = await aggregateSliced(docs, pipeline, noResolver, undefined, everyTime, 0);
    const [inOneGo] = mingoRun(docs, pipeline);
    for (const facet of ['byKind', 'counted', 'sorted']) {
      assert.deepEqual(bytes(sliced[facet]), bytes(inOneGo[facet]), facet);
    }
    // The engine projects {k: 1, n: 1} itself (native-stages.ts) in the document's field order, as
    // mongod does; mingo orders the fields as the projection names them. Same fields, same values.
    const keysSorted = (d: Doc) =>
      Object.fromEntries(Object.entries(d).sort(([a], [b]) => a.localeCompare(b)));
    assert.deepEqual(
      bytes(sliced.changed.map(keysSorted)),
      bytes(inOneGo.changed.map(keysSorted)),
      'changed',
    );
    assert.ok(
      sliced.byKind.every((g: Doc) => g._id !== 'changed'),
      'one facet does not see another one',
    );
    sliced.sorted[0].k = 'changed';
    assert.notEqual(docs[599].k, 'changed', 'what a facet keeps of the input is a copy');
  });

  it('when documents of mixed types are sorted in slices, then the order is sortDocs order, ties kept stable', async () => {
    const docs = randomDocs(5_000, 21);
    for (const spec of [{ x: 1 }, { g: -1, n: 1 }, { k: 1, x: -1 }, { y: 1 }, { when: -1 }]) {
      const sliced = await sortDocsSliced(docs, spec, new Slicer(everyTime, 0));
      assert.deepEqual(
        sliced.map((d) => d._id),
        sortDocs(docs, spec).map((d) => d._id),
        JSON.stringify(spec),
      );
    }
  });

  it('when a find with a filter, sort, skip, limit and projection runs in slices, then it equals findDocs', async () => {
    const docs = randomDocs(3_000, 31);
    const cases: [Doc, Parameters<typeof findDocs>[2]][] = [
      [
        { k: { $in: ['p', 'q'] } },
        { sort: { x: -1, n: 1 }, skip: 10, limit: 50, projection: { x: 1, k: 1 } },
      ],
      [{ x: { $gte: 5 } }, { projection: { y: 0 } }],
      [{}, { skip: 5, limit: 7 }],
      [{ g: null }, { sort: { when: 1 } }],
    ];
    for (const [filter, opts] of cases) {
      const sliced = await findDocsSliced(docs, filter, opts, new Slicer(everyTime, 0));
      assert.deepEqual(bytes(sliced), bytes(findDocs(docs, filter, opts)), JSON.stringify(filter));
    }
    const stored = cloneDoc(docs[0]);
    assert.deepEqual(docs[0], stored, 'the stored documents are unchanged');
  });
});
