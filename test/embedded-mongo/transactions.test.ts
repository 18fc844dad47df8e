import assert from 'node:assert/strict';
import { Long, MongoServerError, type Db } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';
import { serverError } from './fixtures/assertions.js';

/**
 * The driver rewraps IllegalOperation on a write ("This MongoDB deployment does not support
 * retryable writes...") and keeps the server's error as `originalError`, for mongod and engine alike.
 */
function assertIllegalOperation(error: unknown): void {
  assert.ok(error instanceof MongoServerError, `expected a server error, got ${String(error)}`);
  const original = (error as MongoServerError & { originalError?: MongoServerError }).originalError;
  const code = error.code ?? original?.code;
  assert.equal(code, 20, `expected IllegalOperation (20), got ${String(code)}: ${error.message}`);
  assert.equal(error.codeName ?? original?.codeName, 'IllegalOperation');
}

/**
 * A standalone mongod refuses transaction numbers with IllegalOperation (20); a replica set
 * accepts them. The embedded engine is a standalone, so against it the refusal is required.
 */
describe('conformance: transactions and transaction numbers', function () {
  const target = useMongoTarget();
  let db: Db;

  beforeEach(function () {
    db = target.client.db(target.freshDbName());
  });

  async function topologyIsStandalone(): Promise<boolean> {
    const hello = await target.client.db('admin').command({ hello: 1 });
    return hello.setName === undefined && hello.msg !== 'isdbgrid';
  }

  it('when a write runs inside withTransaction on a standalone, then it fails with IllegalOperation (20) and nothing is written', async function () {
    const standalone = target.isEmbedded || (await topologyIsStandalone());
    if (!standalone) this.skip();
    await db.createCollection('docs');
    const session = target.client.startSession();

    try {
      const error = await serverError(
        session.withTransaction(async () => {
          await db.collection('docs').insertOne({ inTransaction: true }, { session });
        }),
      );
      assertIllegalOperation(error);
    } finally {
      await session.endSession();
    }

    assert.equal(await db.collection('docs').countDocuments(), 0);
  });

  it('when an insert command carries a txnNumber on a standalone, then it is refused with code 20 and not applied', async function () {
    const standalone = target.isEmbedded || (await topologyIsStandalone());
    if (!standalone) this.skip();
    const session = target.client.startSession();

    try {
      await serverError(
        db.command({ insert: 'docs', documents: [{ a: 1 }], txnNumber: Long.fromNumber(1) }, { session }),
        20,
      );
      await serverError(
        db.command(
          {
            update: 'docs',
            updates: [{ q: {}, u: { $set: { b: 1 } }, upsert: true }],
            txnNumber: Long.fromNumber(2),
          },
          { session },
        ),
        20,
      );
      await serverError(
        db.command(
          {
            findAndModify: 'docs',
            query: {},
            update: { $set: { c: 1 } },
            upsert: true,
            txnNumber: Long.fromNumber(3),
          },
          { session },
        ),
        20,
      );
    } finally {
      await session.endSession();
    }

    assert.equal(await db.collection('docs').countDocuments(), 0);
  });

  it('when a write uses a transaction, then it is refused on a standalone or committed on a replica set, never half applied', async function () {
    const session = target.client.startSession();
    let outcome: 'refused' | 'committed';

    try {
      session.startTransaction();
      await db.collection('docs').insertOne({ n: 1 }, { session });
      await db.collection('docs').insertOne({ n: 2 }, { session });
      await session.commitTransaction();
      outcome = 'committed';
    } catch (error) {
      assertIllegalOperation(error);
      outcome = 'refused';
      if (session.inTransaction()) await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }

    if (target.isEmbedded) assert.equal(outcome, 'refused');
    assert.equal(await db.collection('docs').countDocuments(), outcome === 'committed' ? 2 : 0);
  });

  it('when sessions are used without transactions, then reads and writes work normally', async function () {
    const session = target.client.startSession();

    try {
      await db.collection('docs').insertOne({ a: 1 }, { session });
      await db.collection('docs').updateOne({ a: 1 }, { $set: { b: 2 } }, { session });
      const doc = await db.collection('docs').findOne({ a: 1 }, { session });
      assert.equal(doc?.b, 2);
    } finally {
      await session.endSession();
    }
  });
});
