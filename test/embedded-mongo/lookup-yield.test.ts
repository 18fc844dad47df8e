/**
 * $lookup by equality through the foreign collection's index (or one pass over it without one),
 * and long aggregations that let other connections' commands run between their slices.
 */
import assert from 'node:assert/strict';
import type { Db, Document } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';

const ids = (docs: Document[]) => docs.map((d) => d._id as unknown);

describe('conformance: $lookup by equality, with and without an index', function () {
  const target = useMongoTarget();
  let db: Db;

  beforeEach(async function () {
    db = target.client.db(target.freshDbName());
    await db.collection('people').insertMany([
      { _id: 1 as never, team: 'a', name: 'Ann' },
      { _id: 2 as never, team: ['a', 'b'], name: 'Bo' },
      { _id: 3 as never, team: null, name: 'Cy' },
      { _id: 4 as never, name: 'Di' },
      { _id: 5 as never, team: 'b', name: 'Ed' },
    ]);
    await db
      .collection('rows')
      .insertMany([
        { _id: 'one' as never, t: 'a', ref: 5 },
        { _id: 'many' as never, t: ['b', 'a'], ref: [4, 1] },
        { _id: 'missing' as never },
        { _id: 'none' as never, t: 'z', ref: 99 },
      ]);
  });

  const joinOnTeam = async () =>
    db
      .collection('rows')
      .aggregate([
        { $lookup: { from: 'people', localField: 't', foreignField: 'team', as: 'p' } },
        { $sort: { _id: 1 } },
      ])
      .toArray();

  const expectTeams = (out: Document[]) => {
    const by = Object.fromEntries(out.map((d) => [d._id, ids(d.p)]));
    assert.deepEqual(by.one, [1, 2], 'a scalar matches documents holding it, arrays by any element');
    assert.deepEqual(by.many, [1, 2, 5], 'a local array matches any element, once each, in natural order');
    assert.deepEqual(by.missing, [3, 4], 'a missing local field matches null and missing foreign fields');
    assert.deepEqual(by.none, [], 'no match gives an empty array');
  };

  it('when the foreign field has no index, then the join matches by value, arrays and missing fields as mongod does', async () => {
    expectTeams(await joinOnTeam());
  });

  it('when the foreign field has an index, then the join through it gives the same documents', async () => {
    await db.collection('people').createIndex({ team: 1 });
    expectTeams(await joinOnTeam());
  });

  it('when the join is on the foreign _id, then each reference finds its document and a missing one finds none', async () => {
    const out = await db
      .collection('rows')
      .aggregate([
        { $lookup: { from: 'people', localField: 'ref', foreignField: '_id', as: 'p' } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    const by = Object.fromEntries(out.map((d) => [d._id, ids(d.p)]));
    assert.deepEqual(by, { many: [1, 4], missing: [], none: [], one: [5] });
  });

  it('when a later stage changes the joined documents, then the stored foreign documents stay as they were', async () => {
    const out = await db
      .collection('rows')
      .aggregate([
        { $match: { _id: 'one' } },
        { $lookup: { from: 'people', localField: 't', foreignField: 'team', as: 'p' } },
        { $unwind: '$p' },
        { $set: { 'p.name': 'changed' } },
      ])
      .toArray();
    assert.deepEqual(
      out.map((d) => d.p.name),
      ['changed', 'changed'],
    );
    const stored = await db.collection('people').find().sort({ _id: 1 }).toArray();
    assert.deepEqual(
      stored.map((d) => d.name),
      ['Ann', 'Bo', 'Cy', 'Di', 'Ed'],
    );
  });

  it('when $lookup has the pipeline form, then it still runs as before', async () => {
    const out = await db
      .collection('rows')
      .aggregate([
        { $match: { _id: 'one' } },
        {
          $lookup: {
            from: 'people',
            let: { r: '$ref' },
            pipeline: [{ $match: { $expr: { $eq: ['$_id', '$$r'] } } }, { $project: { name: 1 } }],
            as: 'p',
          },
        },
      ])
      .toArray();
    assert.deepEqual(out[0].p, [{ _id: 5, name: 'Ed' }]);
  });
});

describe('embedded engine: a long aggregation yields to other connections', function () {
  const target = useMongoTarget();
  const ROWS = 30_000;

  it('when a write arrives on another connection during a long aggregation, then it is answered before the aggregation, which reads the collection as it was when it began', async function () {
    this.timeout(120_000);
    const name = target.freshDbName();
    const db = target.client.db(name);
    await db.collection('teams').insertMany(Array.from({ length: 100 }, (_, k) => ({ _id: k as never, k })));
    for (let i = 0; i < ROWS; i += 5000) {
      await db
        .collection('rows')
        .insertMany(Array.from({ length: 5000 }, (_, j) => ({ i: i + j, team: (i + j) % 100 })));
    }
    const other = (await target.newClient()).db(name);
    await other.command({ ping: 1 });

    const finished: string[] = [];
    const report = db
      .collection('rows')
      .aggregate([
        { $lookup: { from: 'teams', localField: 'team', foreignField: '_id', as: 't' } },
        { $unwind: '$t' },
        { $addFields: { twice: { $multiply: ['$i', 2] } } },
        { $group: { _id: null, n: { $sum: 1 }, total: { $sum: '$twice' } } },
      ])
      .toArray()
      .then((r) => {
        finished.push('report');
        return r;
      });
    // Let the aggregate reach the engine first, then write on the other connection.
    await new Promise((r) => setTimeout(r, 50));
    await other.collection('rows').insertOne({ i: ROWS, team: 1 });
    finished.push('write');
    const [result] = await report;

    assert.deepEqual(finished, ['write', 'report']);
    assert.equal(result.n, ROWS, 'the document written during the read is not in it');
    assert.equal(result.total, ROWS * (ROWS - 1));
    assert.equal(await db.collection('rows').countDocuments(), ROWS + 1);
  });
});
