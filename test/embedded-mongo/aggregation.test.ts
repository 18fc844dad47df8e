import assert from 'node:assert/strict';
import type { Db, Document } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';

function assertClose(actual: unknown, expected: number): void {
  assert.equal(typeof actual, 'number', `expected a number, got ${String(actual)}`);
  assert.ok(Math.abs((actual as number) - expected) < 1e-9, `expected ${expected}, got ${String(actual)}`);
}

describe('conformance: aggregation', function () {
  const target = useMongoTarget();
  let db: Db;

  beforeEach(async function () {
    db = target.client.db(target.freshDbName());
    const teamA = [2, 4, 4, 4, 5, 5, 7, 9].map((score, i) => ({
      team: 'a',
      player: `a${i}`,
      score,
      tags: i % 2 === 0 ? ['even', 'a'] : ['odd'],
    }));
    const teamB = [10, 20].map((score, i) => ({ team: 'b', player: `b${i}`, score, tags: [] }));
    await db.collection('scores').insertMany([...teamA, ...teamB]);
    await db.collection('customers').insertMany([
      { _id: 'c1' as never, name: 'Acme' },
      { _id: 'c2' as never, name: 'Globex' },
      { _id: 'c3' as never, name: 'Initech' },
    ]);
    await db.collection('orders').insertMany([
      { orderNo: 1, customerId: 'c1', total: 10 },
      { orderNo: 2, customerId: 'c1', total: 5 },
      { orderNo: 3, customerId: 'c2', total: 7 },
      { orderNo: 4, customerId: 'nobody', total: 1 },
    ]);
  });

  const run = (collection: string, pipeline: Document[]): Promise<Document[]> =>
    db.collection(collection).aggregate(pipeline).toArray();

  it('when $group uses $sum, $avg, $min, $max and $stdDevPop, then each team gets the exact statistics', async function () {
    const groups = await run('scores', [
      {
        $group: {
          _id: '$team',
          count: { $sum: 1 },
          total: { $sum: '$score' },
          avg: { $avg: '$score' },
          min: { $min: '$score' },
          max: { $max: '$score' },
          sd: { $stdDevPop: '$score' },
        },
      },
      { $sort: { _id: 1 } },
    ]);

    assert.equal(groups.length, 2);
    assert.deepEqual(
      groups.map(({ _id, count, total, min, max }) => ({ _id, count, total, min, max })),
      [
        { _id: 'a', count: 8, total: 40, min: 2, max: 9 },
        { _id: 'b', count: 2, total: 30, min: 10, max: 20 },
      ],
    );
    assertClose(groups[0].avg, 5);
    assertClose(groups[0].sd, 2);
    assertClose(groups[1].avg, 15);
    assertClose(groups[1].sd, 5);
  });

  it('when $group uses _id null, $push, $addToSet, $first and $last after a $sort, then they follow the sorted order', async function () {
    const [all] = await run('scores', [
      { $sort: { score: -1, player: 1 } },
      {
        $group: {
          _id: null,
          best: { $first: '$player' },
          worst: { $last: '$player' },
          teams: { $addToSet: '$team' },
          top: { $push: '$score' },
        },
      },
    ]);

    assert.equal(all._id, null);
    assert.equal(all.best, 'b1');
    assert.equal(all.worst, 'a0');
    assert.deepEqual([...(all.teams as string[])].sort(), ['a', 'b']);
    assert.deepEqual(all.top, [20, 10, 9, 7, 5, 5, 4, 4, 4, 2]);
  });

  it('when $match, $sort, $skip and $limit are combined, then the pipeline returns the right window', async function () {
    const docs = await run('scores', [
      { $match: { team: 'a', score: { $gte: 4 } } },
      { $sort: { score: -1, player: 1 } },
      { $skip: 1 },
      { $limit: 3 },
    ]);

    assert.deepEqual(
      docs.map((doc) => doc.player),
      ['a6', 'a4', 'a5'],
    );
  });

  it('when $match uses $expr, then it compares fields of the same document', async function () {
    await db.collection('ranges').insertMany([
      { k: 1, lo: 1, hi: 5 },
      { k: 2, lo: 7, hi: 3 },
    ]);

    const docs = await run('ranges', [{ $match: { $expr: { $lt: ['$lo', '$hi'] } } }]);

    assert.deepEqual(
      docs.map((doc) => doc.k),
      [1],
    );
  });

  it('when $lookup joins another collection and $unwind flattens it, then each order carries its customer', async function () {
    const docs = await run('orders', [
      { $lookup: { from: 'customers', localField: 'customerId', foreignField: '_id', as: 'customer' } },
      { $unwind: '$customer' },
      { $project: { _id: 0, orderNo: 1, name: '$customer.name' } },
      { $sort: { orderNo: 1 } },
    ]);

    assert.deepEqual(docs, [
      { orderNo: 1, name: 'Acme' },
      { orderNo: 2, name: 'Acme' },
      { orderNo: 3, name: 'Globex' },
    ]);
  });

  it('when $lookup finds nothing and $unwind preserves empty arrays, then the unmatched order stays', async function () {
    const docs = await run('orders', [
      { $match: { orderNo: 4 } },
      { $lookup: { from: 'customers', localField: 'customerId', foreignField: '_id', as: 'customer' } },
      { $unwind: { path: '$customer', preserveNullAndEmptyArrays: true } },
      { $project: { _id: 0, orderNo: 1, customer: 1 } },
    ]);

    assert.deepEqual(docs, [{ orderNo: 4 }]);
  });

  it('when $lookup uses let and a pipeline, then each customer gets its own orders summed', async function () {
    const docs = await run('customers', [
      {
        $lookup: {
          from: 'orders',
          let: { cid: '$_id' },
          pipeline: [
            { $match: { $expr: { $eq: ['$customerId', '$$cid'] } } },
            { $group: { _id: null, sum: { $sum: '$total' } } },
          ],
          as: 'spent',
        },
      },
      { $project: { name: 1, spent: { $ifNull: [{ $arrayElemAt: ['$spent.sum', 0] }, 0] } } },
      { $sort: { _id: 1 } },
    ]);

    assert.deepEqual(docs, [
      { _id: 'c1', name: 'Acme', spent: 15 },
      { _id: 'c2', name: 'Globex', spent: 7 },
      { _id: 'c3', name: 'Initech', spent: 0 },
    ]);
  });

  it('when $unwind runs on an array field, then each element becomes a document and empty arrays disappear', async function () {
    const docs = await run('scores', [
      { $unwind: '$tags' },
      { $group: { _id: '$tags', n: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);

    assert.deepEqual(docs, [
      { _id: 'a', n: 4 },
      { _id: 'even', n: 4 },
      { _id: 'odd', n: 4 },
    ]);
  });

  it('when $project computes expressions, then computed and included fields come back', async function () {
    const [doc] = await run('scores', [
      { $match: { player: 'a0' } },
      {
        $project: {
          _id: 0,
          player: 1,
          upper: { $toUpper: '$player' },
          doubled: { $multiply: ['$score', 2] },
          tagCount: { $size: '$tags' },
        },
      },
    ]);

    assert.deepEqual(doc, { player: 'a0', upper: 'A0', doubled: 4, tagCount: 2 });
  });

  it('when $addFields adds computed fields, then the original fields stay', async function () {
    const [doc] = await run('scores', [
      { $match: { player: 'b1' } },
      { $addFields: { bonus: { $add: ['$score', 5] }, 'meta.source': 'calc' } },
      { $project: { _id: 0, tags: 0 } },
    ]);

    assert.deepEqual(doc, { team: 'b', player: 'b1', score: 20, bonus: 25, meta: { source: 'calc' } });
  });

  it('when $facet runs several sub-pipelines, then one document holds every result', async function () {
    const [facets] = await run('scores', [
      {
        $facet: {
          byTeam: [{ $group: { _id: '$team', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
          top: [{ $sort: { score: -1 } }, { $limit: 2 }, { $project: { _id: 0, player: 1 } }],
          total: [{ $count: 'n' }],
        },
      },
    ]);

    assert.deepEqual(facets, {
      byTeam: [
        { _id: 'a', n: 8 },
        { _id: 'b', n: 2 },
      ],
      top: [{ player: 'b1' }, { player: 'b0' }],
      total: [{ n: 10 }],
    });
  });

  it('when $count follows a $match, then it returns the count, or no document when nothing matched', async function () {
    assert.deepEqual(await run('scores', [{ $match: { team: 'a' } }, { $count: 'players' }]), [
      { players: 8 },
    ]);
    assert.deepEqual(await run('scores', [{ $match: { team: 'zzz' } }, { $count: 'players' }]), []);
  });

  it('when aggregating a collection that does not exist, then the result is empty', async function () {
    assert.deepEqual(await run('missing', [{ $match: {} }]), []);
  });

  it('when a pipeline reshapes documents with $addFields, $set, $unset and $unwind, then the stored documents are unchanged', async function () {
    const stored = db.collection('stored');
    await stored.insertMany([
      { k: 1, nested: { a: 1 }, arr: [1, 2] },
      { k: 2, nested: { a: 2 }, arr: [3] },
    ]);
    const before = await stored.find({}, { sort: { k: 1 } }).toArray();
    const pipeline = [
      { $addFields: { extra: 1, 'nested.b': 2 } },
      { $set: { 'nested.a': 99 } },
      { $unset: 'k' },
      { $unwind: '$arr' },
      { $group: { _id: '$nested.a', all: { $push: '$$ROOT' } } },
    ];

    const first = await stored.aggregate(pipeline).toArray();
    const second = await stored.aggregate(pipeline).toArray();

    assert.deepEqual(await stored.find({}, { sort: { k: 1 } }).toArray(), before);
    assert.deepEqual(second, first);
    assert.equal((first[0].all as unknown[]).length, 3);
  });
});
