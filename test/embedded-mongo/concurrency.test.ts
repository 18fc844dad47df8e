import assert from 'node:assert/strict';
import { MongoServerError, type Db, type MongoClient } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';

/** Many operations in flight over several connections: single-document atomicity and uniqueness hold. */
describe('conformance: concurrent operations', function () {
  const target = useMongoTarget();
  let pooled: MongoClient;
  let db: Db;

  before(async function () {
    pooled = await target.newClient({ maxPoolSize: 20, minPoolSize: 10 });
  });

  beforeEach(function () {
    db = pooled.db(target.freshDbName());
  });

  it('when 200 $inc updates on one document run concurrently, then none is lost', async function () {
    const counters = db.collection<{ _id: string; value: number }>('counters');
    await counters.insertOne({ _id: 'c', value: 0 });

    await Promise.all(
      Array.from({ length: 200 }, () => counters.updateOne({ _id: 'c' }, { $inc: { value: 1 } })),
    );

    assert.equal((await counters.findOne({ _id: 'c' }))?.value, 200);
  });

  it('when 40 clients insert the same unique value at once, then exactly one succeeds and the rest get 11000', async function () {
    const users = db.collection('users');
    await users.createIndex({ email: 1 }, { unique: true });

    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => users.insertOne({ email: 'race@x', attempt: i })),
    );

    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter(
      (result): result is PromiseRejectedResult => result.status === 'rejected',
    );
    assert.equal(fulfilled.length, 1);
    for (const { reason } of rejected) {
      assert.ok(reason instanceof MongoServerError);
      assert.equal(reason.code, 11000);
    }
    assert.equal(await users.countDocuments(), 1);
  });

  it('when 30 upserts on the same unique key run at once, then a single document results', async function () {
    const users = db.collection('users');
    await users.createIndex({ email: 1 }, { unique: true });

    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () =>
        users.updateOne({ email: 'up@x' }, { $inc: { visits: 1 } }, { upsert: true }),
      ),
    );

    const visits = (await users.findOne({ email: 'up@x' }))?.visits as number;
    const succeeded = results.filter((result) => result.status === 'fulfilled').length;
    assert.equal(await users.countDocuments(), 1);
    // MongoDB may answer a racing upsert with 11000; every acknowledged upsert counted once.
    assert.equal(visits, succeeded);
    for (const result of results)
      if (result.status === 'rejected') assert.equal((result.reason as MongoServerError).code, 11000);
  });

  it('when 40 workers claim 20 jobs with findOneAndUpdate, then every job is claimed exactly once', async function () {
    const jobs = db.collection<{ _id: number; status: string; worker?: number }>('jobs');
    await jobs.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: i, status: 'new' })));

    const claims = await Promise.all(
      Array.from({ length: 40 }, (_, worker) =>
        jobs.findOneAndUpdate(
          { status: 'new' },
          { $set: { status: 'taken', worker } },
          { returnDocument: 'after' },
        ),
      ),
    );

    const claimed = claims.filter((claim) => claim !== null);
    assert.equal(claimed.length, 20);
    assert.equal(new Set(claimed.map((claim) => claim._id)).size, 20);
    assert.equal(await jobs.countDocuments({ status: 'taken' }), 20);
    for (const claim of claimed) assert.equal((await jobs.findOne({ _id: claim._id }))?.worker, claim.worker);
  });

  it('when 500 inserts run concurrently over the pool, then all of them are stored with distinct ids', async function () {
    const docs = db.collection('docs');

    const results = await Promise.all(Array.from({ length: 500 }, (_, n) => docs.insertOne({ n })));

    assert.equal(new Set(results.map((result) => result.insertedId.toHexString())).size, 500);
    assert.equal(await docs.countDocuments(), 500);
    assert.deepEqual((await docs.distinct('n')).length, 500);
  });

  it('when readers page through a collection while writers insert, then every original document is read', async function () {
    const docs = db.collection('docs');
    await docs.insertMany(Array.from({ length: 400 }, (_, n) => ({ n, original: true })));

    const [read] = await Promise.all([
      docs.find({ original: true }, { batchSize: 25, sort: { n: 1 } }).toArray(),
      Promise.all(Array.from({ length: 100 }, (_, n) => docs.insertOne({ n: 1000 + n, original: false }))),
    ]);

    assert.deepEqual(
      read.map((doc) => doc.n),
      Array.from({ length: 400 }, (_, n) => n),
    );
  });
});
