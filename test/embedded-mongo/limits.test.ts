import assert from 'node:assert/strict';
import { MongoError, type Db } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';

const MB = 1024 * 1024;
/** Over the 16 MB document limit but under bson's 17 MB serialisation buffer, so the driver sends it. */
const OVERSIZE = 16 * MB + 256 * 1024;

describe('conformance: document size limits', function () {
  this.timeout(60_000);
  const target = useMongoTarget();
  let db: Db;

  beforeEach(function () {
    db = target.client.db(target.freshDbName());
  });

  async function refused(action: Promise<unknown>): Promise<MongoError> {
    const error = await action.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.ok(
      error instanceof MongoError,
      `expected the operation to be refused with a MongoError, got ${String(error)}`,
    );
    assert.ok(
      !/ECONNRESET|closed|socket/i.test(error.message),
      `expected a refusal, not a dropped connection: ${error.message}`,
    );
    return error;
  }

  it('when a document just under 16 MB is inserted, then it is stored and read back whole', async function () {
    const text = 'a'.repeat(16 * MB - 1024);

    const { insertedId } = await db.collection('big').insertOne({ text });

    const stored = await db.collection('big').findOne({ _id: insertedId });
    assert.equal((stored?.text as string).length, text.length);
  });

  it('when insertOne sends a document over 16 MB, then it is refused, not stored, and the server keeps serving', async function () {
    await refused(db.collection('big').insertOne({ marker: 'too-big', text: 'a'.repeat(OVERSIZE) }));

    assert.deepEqual(await db.command({ ping: 1 }), { ok: 1 });
    assert.equal(await db.collection('big').countDocuments({ marker: 'too-big' }), 0);
    await db.collection('big').insertOne({ marker: 'small' });
    assert.equal(await db.collection('big').countDocuments({ marker: 'small' }), 1);
  });

  it('when an update would grow a document beyond 16 MB, then it is refused and the document is unchanged', async function () {
    const docs = db.collection('grow');
    await docs.insertOne({ k: 1, a: 'a'.repeat(9 * MB) });

    await refused(docs.updateOne({ k: 1 }, { $set: { b: 'b'.repeat(9 * MB) } }));

    const stored = await docs.findOne({ k: 1 }, { projection: { a: 0 } });
    assert.deepEqual(Object.keys(stored ?? {}).sort(), ['_id', 'k']);
    assert.deepEqual(await db.command({ ping: 1 }), { ok: 1 });
  });

  it('when insertMany carries several large documents totalling over 48 MB, then all of them are stored', async function () {
    const docs = Array.from({ length: 7 }, (_, i) => ({ i, text: String(i).repeat(8 * MB) }));

    const result = await db.collection('many').insertMany(docs);

    assert.equal(result.insertedCount, 7);
    assert.equal(await db.collection('many').countDocuments(), 7);
  });

  it('when a client keeps using the server after a refused oversize document, then other clients are unaffected', async function () {
    const other = await target.newClient();

    await refused(db.collection('big').insertOne({ text: 'a'.repeat(OVERSIZE) }));

    assert.deepEqual(await other.db('admin').command({ ping: 1 }), { ok: 1 });
  });
});
