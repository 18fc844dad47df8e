import assert from 'node:assert/strict';
import { MongoError, type Db } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';

/** Connection and write-concern options that clients send. */
describe('conformance: client options', function () {
  const target = useMongoTarget();
  let dbName: string;
  let db: Db;

  beforeEach(function () {
    dbName = target.freshDbName();
    db = target.client.db(dbName);
  });

  it('when a client asks for zlib compression, then reads and writes still work', async function () {
    const compressed = await target.newClient({ compressors: ['zlib'] });
    const docs = compressed.db(dbName).collection('docs');

    await docs.insertMany(Array.from({ length: 200 }, (_, n) => ({ n, text: 'compressible '.repeat(20) })));

    assert.equal(await docs.countDocuments(), 200);
    assert.equal((await docs.find({}, { batchSize: 50 }).toArray()).length, 200);
  });

  it('when a client disables retryable writes and reads, then operations work the same', async function () {
    const plain = await target.newClient({ retryWrites: false, retryReads: false });
    const docs = plain.db(dbName).collection('docs');

    await docs.insertOne({ a: 1 });
    await docs.updateOne({ a: 1 }, { $set: { b: 2 } });

    assert.equal((await docs.findOne({ a: 1 }))?.b, 2);
  });

  it('when a write asks for w: majority with journaling, then a standalone acknowledges it', async function () {
    const docs = db.collection('docs');

    await docs.insertOne({ a: 1 }, { writeConcern: { w: 'majority', j: true } });
    await docs.updateOne({ a: 1 }, { $set: { b: 1 } }, { writeConcern: { w: 1, j: true } });

    assert.equal(await docs.countDocuments({ b: 1 }), 1);
  });

  it('when an unacknowledged write (w: 0) is sent, then a later read on the same client sees it', async function () {
    const single = await target.newClient({ maxPoolSize: 1 });
    const docs = single.db(dbName).collection('docs');

    const result = await docs.insertOne({ quiet: true }, { writeConcern: { w: 0 } });

    assert.equal(result.acknowledged, false);
    assert.equal(await docs.countDocuments({ quiet: true }), 1);
  });

  it('when a write asks for w: 2 on a standalone, then it is refused and nothing is written', async function () {
    const hello = await target.client.db('admin').command({ hello: 1 });
    if (hello.setName !== undefined || hello.msg === 'isdbgrid') this.skip();

    const error = await db
      .collection('docs')
      .insertOne({ a: 1 }, { writeConcern: { w: 2 } })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );

    assert.ok(error instanceof MongoError, `expected the write to be refused, got ${String(error)}`);
    assert.equal(await db.collection('docs').countDocuments(), 0);
  });

  // The embedded engine has a minimal $changeStream (test/embedded-mongo/change-stream.test.ts):
  // there a stream answers (an empty batch after the await time) instead of being refused.
  it('when a change stream is opened on a standalone MongoDB, then it fails instead of hanging', async function () {
    const hello = await target.client.db('admin').command({ hello: 1 });
    if (target.isEmbedded || hello.setName !== undefined || hello.msg === 'isdbgrid') this.skip();
    const stream = db.collection('docs').watch();

    try {
      const error = await stream.tryNext().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      assert.ok(
        error instanceof MongoError,
        `expected the change stream to be refused, got ${String(error)}`,
      );
    } finally {
      await stream.close();
    }
  });

  it('when a change stream is opened on the embedded engine, then it answers without hanging: nothing yet, then the next insert', async function () {
    if (!target.isEmbedded) this.skip();
    const stream = db.collection('docs').watch([], { maxAwaitTimeMS: 100 });
    try {
      assert.equal(await stream.tryNext(), null);
      await db.collection('docs').insertOne({ a: 1 });
      const change = await stream.next();
      assert.equal(change.operationType, 'insert');
    } finally {
      await stream.close();
    }
  });
});
