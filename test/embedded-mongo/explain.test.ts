import assert from 'node:assert/strict';
import mongoose, { Schema, type Connection } from 'mongoose';
import type { Collection, Db, Document } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';
import { describePlan, executionStats, indexScan, planStages } from '../helpers/explain-plan.js';
import { serverError } from './fixtures/assertions.js';

/**
 * explain answers as mongod does, and tells the truth about the engine: the index it reports is
 * the one the query reads through, and the documents it counts are the ones it examined.
 */
describe('conformance: explain', function () {
  const target = useMongoTarget();
  let db: Db;
  let docs: Collection<Document>;

  /** 100 documents: a = i % 10 (10 each), b = i % 4, c = i. */
  beforeEach(async function () {
    db = target.client.db(target.freshDbName());
    docs = db.collection('docs');
    await docs.insertMany(Array.from({ length: 100 }, (_, i) => ({ a: i % 10, b: i % 4, c: i })));
  });

  const explainFind = (filter: Document, verbosity = 'executionStats') =>
    db.command({ explain: { find: 'docs', filter }, verbosity });

  it('when an index serves the filter, then the plan is an IXSCAN under a FETCH and only its matches are examined', async function () {
    await docs.createIndex({ a: 1 });

    const explain = await explainFind({ a: 3 });

    const stages = planStages(explain).map((s) => s.stage);
    assert.deepEqual(stages, ['FETCH', 'IXSCAN'], describePlan(explain));
    assert.equal(indexScan(explain)?.indexName, 'a_1');
    assert.deepEqual(indexScan(explain)?.keyPattern, { a: 1 });
    const stats = executionStats(explain);
    assert.equal(stats.nReturned, 10);
    assert.equal(stats.totalDocsExamined, 10);
    assert.equal(stats.totalKeysExamined, 10);
    assert.equal(typeof stats.executionTimeMillis, 'number');
    assert.equal(explain.queryPlanner.namespace, `${db.databaseName}.docs`);
  });

  it('when no index serves the filter, then the plan is a COLLSCAN that examines every document', async function () {
    await docs.createIndex({ a: 1 });

    const explain = await explainFind({ b: 1, c: { $gte: 50 } });

    assert.equal(planStages(explain).at(-1)?.stage, 'COLLSCAN', describePlan(explain));
    assert.equal(indexScan(explain), undefined);
    assert.equal(executionStats(explain).nReturned, 12);
    assert.equal(executionStats(explain).totalDocsExamined, 100);
    assert.equal(executionStats(explain).totalKeysExamined, 0);
  });

  it('when the filter pins the leading field of a compound index, then that index is used for the prefix', async function () {
    await docs.createIndex({ a: 1, c: 1 });

    const explain = await explainFind({ a: 7, c: { $gt: 20 } });

    assert.equal(indexScan(explain)?.indexName, 'a_1_c_1', describePlan(explain));
    assert.equal(executionStats(explain).nReturned, 8);
    assert.equal(executionStats(explain).totalDocsExamined, 10);
  });

  it('when two indexes apply, then the one with fewer matches is chosen and the query reads through it', async function () {
    await docs.createIndex({ b: 1 });
    await docs.createIndex({ a: 1 });

    const explain = await explainFind({ a: 2, b: 2 });
    const found = await docs.find({ a: 2, b: 2 }).toArray();

    assert.equal(indexScan(explain)?.indexName, 'a_1', describePlan(explain));
    assert.equal(executionStats(explain).totalDocsExamined, 10);
    assert.equal(executionStats(explain).nReturned, found.length);
  });

  it('when $in lists values, then each is looked up and only their documents are examined', async function () {
    await docs.createIndex({ a: 1 });

    const explain = await explainFind({ a: { $in: [1, 2] } });

    assert.equal(indexScan(explain)?.indexName, 'a_1', describePlan(explain));
    assert.equal(executionStats(explain).totalDocsExamined, 20);
    assert.equal(executionStats(explain).nReturned, 20);
  });

  it('when a partial index holds every match of the filter, then it is used; when it may not, then the scan is', async function () {
    await docs.updateMany({ a: { $lt: 5 } }, [{ $set: { token: { $concat: ['t', { $toString: '$c' }] } } }]);
    await docs.createIndex(
      { token: 1 },
      { unique: true, partialFilterExpression: { token: { $type: 'string' } } },
    );

    const byToken = await explainFind({ token: 't42' });
    const byNumber = await explainFind({ token: 42 });

    assert.equal(indexScan(byToken)?.indexName, 'token_1', describePlan(byToken));
    assert.equal(executionStats(byToken).nReturned, 1);
    assert.equal(executionStats(byToken).totalDocsExamined, 1);
    assert.equal(indexScan(byNumber), undefined, describePlan(byNumber));
  });

  it('when a sparse index is pinned to a value, then it is used; a query for null scans', async function () {
    await docs.updateMany({ a: 1 }, { $set: { nick: 'n' } });
    await docs.createIndex({ nick: 1 }, { sparse: true });

    const pinned = await explainFind({ nick: 'n' });
    const forNull = await explainFind({ nick: null });

    assert.equal(indexScan(pinned)?.indexName, 'nick_1', describePlan(pinned));
    assert.equal(executionStats(pinned).totalDocsExamined, 10);
    assert.equal(indexScan(forNull), undefined, describePlan(forNull));
    assert.equal(executionStats(forNull).nReturned, 90);
  });

  it('when every branch of a $or has an index, then the union of their scans is read; otherwise the collection', async function () {
    await docs.createIndex({ a: 1, c: 1 });

    const indexed = await explainFind({ $or: [{ a: 1, c: { $lt: 50 } }, { a: 2 }] });
    const partly = await explainFind({ $or: [{ a: 1 }, { b: 2 }] });

    assert.ok(
      planStages(indexed).some((s) => s.stage === 'OR'),
      describePlan(indexed),
    );
    assert.equal(indexScan(indexed)?.indexName, 'a_1_c_1');
    assert.equal(executionStats(indexed).nReturned, 15);
    assert.equal(executionStats(indexed).totalDocsExamined, 20);
    assert.equal(indexScan(partly), undefined, describePlan(partly));
  });

  it('when the collection does not exist, then the plan is EOF', async function () {
    const explain = await db.command({
      explain: { find: 'nothing', filter: { a: 1 } },
      verbosity: 'executionStats',
    });

    assert.equal(planStages(explain)[0].stage, 'EOF');
    assert.equal(executionStats(explain).nReturned, 0);
  });

  it('when a find sorts and limits, then SORT and the limit appear and nReturned counts the limited result', async function () {
    await docs.createIndex({ a: 1 });

    const explain = await docs.find({ a: 4 }).sort({ c: -1 }).limit(3).explain('executionStats');

    const sort = planStages(explain).find((s) => s.stage === 'SORT');
    assert.deepEqual(sort?.sortPattern, { c: -1 }, describePlan(explain));
    assert.equal(indexScan(explain)?.indexName, 'a_1');
    assert.equal(executionStats(explain).nReturned, 3);
    assert.equal(executionStats(explain).totalDocsExamined, 10);
  });

  it('when a scan is limited without a sort, then it stops after enough documents', async function () {
    const explain = await docs.find({}).limit(5).explain('executionStats');

    assert.equal(planStages(explain)[0].stage, 'LIMIT', describePlan(explain));
    assert.equal(executionStats(explain).nReturned, 5);
    // mongod reads exactly 5; the engine's find notices the limit on the 6th document.
    assert.ok(executionStats(explain).totalDocsExamined <= 6, describePlan(explain));
  });

  it('when the verbosity is queryPlanner, then the plan comes without execution statistics', async function () {
    await docs.createIndex({ a: 1 });

    const explain = await explainFind({ a: 1 }, 'queryPlanner');

    assert.equal(indexScan(explain)?.indexName, 'a_1');
    assert.equal(explain.executionStats, undefined);
  });

  it('when an aggregate starts with $match, then its $cursor stage reports the index, in both explain forms', async function () {
    await docs.createIndex({ a: 1 });
    const pipeline = [{ $match: { a: 5 } }, { $group: { _id: '$b', n: { $sum: 1 } } }];

    const viaDriver = await docs.aggregate(pipeline).explain('executionStats');
    const viaOption = await db.command({ aggregate: 'docs', pipeline, explain: true });

    assert.equal(indexScan(viaDriver)?.indexName, 'a_1', describePlan(viaDriver));
    assert.equal(executionStats(viaDriver).totalDocsExamined, 10);
    assert.equal(indexScan(viaOption)?.indexName, 'a_1', describePlan(viaOption));
  });

  it('when count and distinct are explained, then they report the index their query uses', async function () {
    await docs.createIndex({ b: 1 });

    const count = await db.command({
      explain: { count: 'docs', query: { b: 3 } },
      verbosity: 'executionStats',
    });
    const distinct = await db.command({
      explain: { distinct: 'docs', key: 'a', query: { b: 3 } },
      verbosity: 'executionStats',
    });

    assert.equal(indexScan(count)?.indexName, 'b_1', describePlan(count));
    assert.equal(executionStats(count).totalDocsExamined, 25);
    assert.equal(indexScan(distinct)?.indexName, 'b_1', describePlan(distinct));
  });

  it('when an update or delete is explained, then its filter plan is reported and nothing is written', async function () {
    await docs.createIndex({ a: 1 });

    const update = await db.command({
      explain: { update: 'docs', updates: [{ q: { a: 6 }, u: { $set: { touched: true } }, multi: true }] },
      verbosity: 'executionStats',
    });
    const del = await db.command({
      explain: { delete: 'docs', deletes: [{ q: { a: 6 }, limit: 0 }] },
      verbosity: 'executionStats',
    });

    assert.equal(indexScan(update)?.indexName, 'a_1', describePlan(update));
    assert.equal(indexScan(del)?.indexName, 'a_1', describePlan(del));
    assert.equal(await docs.countDocuments({ touched: true }), 0);
    assert.equal(await docs.countDocuments({ a: 6 }), 10);
  });

  it('when the verbosity, the explained command or its filter is wrong, then explain fails as mongod does', async function () {
    const badVerbosity = await serverError(explainFind({ a: 1 }, 'everything'));
    const unknown = await serverError(db.command({ explain: { frobnicate: 'docs' } }));
    const badFilter = await serverError(explainFind({ a: { $frob: 1 } }));

    assert.match(badVerbosity.message, /everything/);
    assert.equal(badVerbosity.codeName, 'BadValue');
    assert.equal(unknown.codeName, 'CommandNotFound');
    assert.equal(badFilter.codeName, 'BadValue');
  });

  it('when $lookup joins on the leading field of a compound index, then it finds what it finds without the index', async function () {
    const rated = db.collection('rated');
    await rated.insertMany([
      { a: 1, s: 'x' },
      { a: [2, 3], s: 'y' },
      { s: 'missing a' },
      { a: null, s: 'null a' },
      { a: 3, s: 'z' },
    ]);
    const pipeline = [
      { $match: { c: { $in: [1, 2, 3, 4] } } },
      { $project: { _id: 0, c: 1, a: { $cond: [{ $eq: ['$c', 4] }, '$$REMOVE', '$a'] } } },
      { $lookup: { from: 'rated', localField: 'a', foreignField: 'a', as: 'r' } },
      { $project: { c: 1, r: '$r.s' } },
      { $sort: { c: 1 } },
    ];

    const withoutIndex = await docs.aggregate(pipeline).toArray();
    await rated.createIndex({ a: 1, s: 1 });
    const withIndex = await docs.aggregate(pipeline).toArray();

    assert.deepEqual(withIndex, withoutIndex);
    assert.deepEqual(withIndex.find((d) => d.c === 3)?.r, ['y', 'z']);
    assert.deepEqual(withIndex.find((d) => d.c === 4)?.r, ['missing a', 'null a']);
  });

  it('when an equality $lookup joins by _id, then its stage reports the _id index and only the matched documents examined', async function () {
    const people = db.collection('people');
    const ids = (await people.insertMany(Array.from({ length: 50 }, (_, i) => ({ n: i })))).insertedIds;
    await docs.updateOne({ c: 5 }, { $set: { person: ids[7] } });
    const pipeline = [
      { $match: { c: 5 } },
      { $lookup: { from: 'people', localField: 'person', foreignField: '_id', as: 'p' } },
    ];

    const explain = await docs.aggregate(pipeline).explain('executionStats');
    const joined = await docs.aggregate(pipeline).toArray();

    const lookup = (explain.stages as Document[]).find((s) => '$lookup' in s)!;
    assert.ok(lookup, JSON.stringify(explain.stages));
    assert.deepEqual(lookup.indexesUsed, ['_id_']);
    assert.equal(Number(lookup.totalDocsExamined), 1);
    assert.equal(Number(lookup.collectionScans), 0);
    assert.deepEqual(
      joined.map((d) => d.p.map((x: Document) => x.n)),
      [[7]],
    );
  });

  describe('through mongoose', function () {
    let conn: Connection;

    before(async function () {
      conn = await mongoose.createConnection(target.uri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
    });

    after(async function () {
      await conn?.close();
    });

    it('when Model.find().explain() and aggregate().explain() run, then the schema index shows in the plan', async function () {
      const schema = new Schema({ team: String, score: Number });
      schema.index({ team: 1 });
      const Player = conn.useDb(target.freshDbName()).model('Player', schema);
      await Player.init();
      await Player.insertMany(Array.from({ length: 30 }, (_, i) => ({ team: `t${i % 3}`, score: i })));

      const found = (await Player.find({ team: 't1' }).explain('executionStats')) as unknown as Document;
      const aggregated = (await Player.aggregate([
        { $match: { team: 't2' } },
        { $group: { _id: null, total: { $sum: '$score' } } },
      ]).explain('executionStats')) as unknown as Document;

      assert.equal(indexScan(found)?.indexName, 'team_1', describePlan(found));
      assert.equal(executionStats(found).totalDocsExamined, 10);
      assert.equal(indexScan(aggregated)?.indexName, 'team_1', describePlan(aggregated));
    });
  });
});
