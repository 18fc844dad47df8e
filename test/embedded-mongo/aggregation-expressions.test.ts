import assert from 'node:assert/strict';
import { ObjectId, type Db, type Document } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';

/** Aggregation stages and expressions the product's scoring reports rely on. */
describe('conformance: aggregation stages and expressions', function () {
  const target = useMongoTarget();
  let db: Db;

  beforeEach(function () {
    db = target.client.db(target.freshDbName());
  });

  const run = (collection: string, pipeline: Document[], options: Document = {}): Promise<Document[]> =>
    db.collection(collection).aggregate(pipeline, options).toArray();

  it('when $round meets a half, then it rounds to the even neighbour as MongoDB does', async function () {
    await db
      .collection('v')
      .insertMany([10.5, 11.5, 12.5, 13.5, -2.5, 2.345].map((value, i) => ({ i, value })));

    const docs = await run('v', [
      { $sort: { i: 1 } },
      { $project: { _id: 0, r: { $round: ['$value', 0] }, t: { $trunc: ['$value', 0] } } },
    ]);

    assert.deepEqual(
      docs.map((doc) => doc.r),
      [10, 12, 12, 14, -2, 2],
    );
    assert.deepEqual(
      docs.map((doc) => doc.t),
      [10, 11, 12, 13, -2, 2],
    );
  });

  it('when $round has a place, then it rounds half to even at that decimal as MongoDB does', async function () {
    await db
      .collection('v')
      .insertMany([3.3351, 68.75, 0.125, -3.3351, 1234.5, 2.5].map((value, i) => ({ i, value })));

    const docs = await run('v', [
      { $sort: { i: 1 } },
      {
        $project: {
          _id: 0,
          two: { $round: ['$value', 2] },
          one: { $round: ['$value', 1] },
          tens: { $round: ['$value', -1] },
        },
      },
    ]);

    assert.deepEqual(
      docs.map((doc) => doc.two),
      [3.34, 68.75, 0.12, -3.34, 1234.5, 2.5],
    );
    assert.deepEqual(
      docs.map((doc) => doc.one),
      [3.3, 68.8, 0.1, -3.3, 1234.5, 2.5],
    );
    assert.deepEqual(
      docs.map((doc) => doc.tens + 0), // + 0: the sign of a zero is not compared
      [0, 70, 0, 0, 1230, 0],
    );
  });

  it('when $sum and $avg meet non-numeric or missing values, then those values are ignored', async function () {
    await db.collection('v').insertMany([{ v: 1 }, { v: '2' }, { v: null }, {}, { v: 3 }]);

    const [all] = await run('v', [
      { $group: { _id: null, sum: { $sum: '$v' }, avg: { $avg: '$v' }, none: { $avg: '$missing' } } },
    ]);

    assert.equal(all.sum, 4);
    assert.equal(all.avg, 2);
    assert.equal(all.none, null);
  });

  it('when $stdDevSamp, $sortByCount and $bucket run, then they give MongoDB results', async function () {
    const scores = [2, 4, 4, 4, 5, 5, 7, 9];
    await db
      .collection('s')
      .insertMany([
        ...scores.map((score) => ({ team: 'a', score })),
        { team: 'b', score: 10 },
        { team: 'b', score: 20 },
      ]);

    const [sample] = await run('s', [
      { $match: { team: 'a' } },
      { $group: { _id: null, sd: { $stdDevSamp: '$score' } } },
    ]);
    const counts = await run('s', [{ $sortByCount: '$team' }]);
    const buckets = await run('s', [
      { $bucket: { groupBy: '$score', boundaries: [0, 5, 10, 100], default: 'other' } },
    ]);

    assert.ok(Math.abs(sample.sd - Math.sqrt(32 / 7)) < 1e-9, `got ${sample.sd}`);
    assert.deepEqual(counts, [
      { _id: 'a', count: 8 },
      { _id: 'b', count: 2 },
    ]);
    assert.deepEqual(buckets, [
      { _id: 0, count: 4 },
      { _id: 5, count: 4 },
      { _id: 10, count: 2 },
    ]);
  });

  it('when $group uses a compound _id and the collection is empty, then groups are keyed by the object or absent', async function () {
    await db.collection('s').insertMany([
      { team: 'a', level: 1 },
      { team: 'a', level: 1 },
      { team: 'a', level: 2 },
    ]);

    const groups = await run('s', [
      { $group: { _id: { team: '$team', level: '$level' }, n: { $sum: 1 } } },
      { $sort: { '_id.level': 1 } },
    ]);
    const empty = await run('nothing', [{ $group: { _id: null, n: { $sum: 1 } } }]);

    assert.deepEqual(groups, [
      { _id: { team: 'a', level: 1 }, n: 2 },
      { _id: { team: 'a', level: 2 }, n: 1 },
    ]);
    assert.deepEqual(empty, []);
  });

  it('when $setWindowFields ranks scores per partition, then ties share a rank and $denseRank leaves no gaps', async function () {
    await db.collection('c').insertMany([
      { role: 'dev', name: 'a', total: 90 },
      { role: 'dev', name: 'b', total: 80 },
      { role: 'dev', name: 'c', total: 80 },
      { role: 'dev', name: 'd', total: 70 },
      { role: 'ops', name: 'e', total: 50 },
    ]);

    const ranked = await run('c', [
      {
        $setWindowFields: {
          partitionBy: '$role',
          sortBy: { total: -1 },
          output: { rank: { $rank: {} }, dense: { $denseRank: {} } },
        },
      },
      { $sort: { role: 1, total: -1, name: 1 } },
      { $project: { _id: 0, name: 1, rank: 1, dense: 1 } },
    ]);

    assert.deepEqual(ranked, [
      { name: 'a', rank: 1, dense: 1 },
      { name: 'b', rank: 2, dense: 2 },
      { name: 'c', rank: 2, dense: 2 },
      { name: 'd', rank: 4, dense: 3 },
      { name: 'e', rank: 1, dense: 1 },
    ]);
  });

  it('when dates are formatted and split, then UTC parts come back', async function () {
    await db.collection('d').insertOne({ at: new Date('2025-01-15T23:30:00Z') });

    const [doc] = await run('d', [
      {
        $project: {
          _id: 0,
          day: { $dateToString: { format: '%Y-%m-%d', date: '$at' } },
          y: { $year: '$at' },
          m: { $month: '$at' },
          h: { $hour: '$at' },
        },
      },
    ]);

    assert.deepEqual(doc, { day: '2025-01-15', y: 2025, m: 1, h: 23 });
  });

  it('when $cond, $switch, $ifNull, $filter, $map and $reduce are used, then each computes as in MongoDB', async function () {
    await db.collection('e').insertOne({ k: 1, score: 4, marks: [1, 5, 3], note: null });

    const [doc] = await run('e', [
      {
        $project: {
          _id: 0,
          pass: { $cond: [{ $gte: ['$score', 3] }, 'yes', 'no'] },
          level: { $switch: { branches: [{ case: { $lt: ['$score', 3] }, then: 'low' }], default: 'high' } },
          note: { $ifNull: ['$note', 'none'] },
          big: { $filter: { input: '$marks', as: 'm', cond: { $gt: ['$$m', 2] } } },
          doubled: { $map: { input: '$marks', in: { $multiply: ['$$this', 2] } } },
          total: { $reduce: { input: '$marks', initialValue: 0, in: { $add: ['$$value', '$$this'] } } },
          label: { $concat: ['k-', { $toString: '$k' }] },
        },
      },
    ]);

    assert.deepEqual(doc, {
      pass: 'yes',
      level: 'high',
      note: 'none',
      big: [5, 3],
      doubled: [2, 10, 6],
      total: 9,
      label: 'k-1',
    });
  });

  it('when ObjectIds are converted with $toString and $toObjectId, then lookups by string id work', async function () {
    const id = new ObjectId();
    await db.collection('people').insertOne({ _id: id, name: 'Ann' });
    await db.collection('notes').insertOne({ personId: id.toHexString(), text: 'hi' });

    const [doc] = await run('notes', [
      { $addFields: { pid: { $toObjectId: '$personId' } } },
      { $lookup: { from: 'people', localField: 'pid', foreignField: '_id', as: 'person' } },
      {
        $project: {
          _id: 0,
          name: { $first: '$person.name' },
          back: { $toString: { $first: '$person._id' } },
        },
      },
    ]);

    assert.deepEqual(doc, { name: 'Ann', back: id.toHexString() });
  });

  it('when $lookup uses an array localField, then every element is joined', async function () {
    await db.collection('tags').insertMany([
      { _id: 't1' as never, label: 'one' },
      { _id: 't2' as never, label: 'two' },
      { _id: 't3' as never, label: 'three' },
    ]);
    await db.collection('posts').insertOne({ tagIds: ['t1', 't3'] });

    const [post] = await run('posts', [
      { $lookup: { from: 'tags', localField: 'tagIds', foreignField: '_id', as: 'tags' } },
    ]);

    assert.deepEqual((post.tags as Document[]).map((tag) => tag.label).sort(), ['one', 'three']);
  });

  it('when $unwind includes the array index and $replaceRoot promotes a subdocument, then both shapes are right', async function () {
    await db.collection('o').insertOne({ k: 'a', lines: [{ sku: 'x' }, { sku: 'y' }] });

    const docs = await run('o', [
      { $unwind: { path: '$lines', includeArrayIndex: 'pos' } },
      { $replaceRoot: { newRoot: { $mergeObjects: ['$lines', { pos: '$pos' }] } } },
    ]);

    assert.deepEqual(docs, [
      { sku: 'x', pos: 0 },
      { sku: 'y', pos: 1 },
    ]);
  });

  it('when $sample and allowDiskUse are used, then the requested number of distinct documents comes back', async function () {
    await db.collection('many').insertMany(Array.from({ length: 50 }, (_, n) => ({ n })));

    const sample = await run('many', [{ $sample: { size: 5 } }], { allowDiskUse: true });

    assert.equal(sample.length, 5);
    assert.equal(new Set(sample.map((doc) => doc.n)).size, 5);
  });
});
