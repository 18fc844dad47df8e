import assert from 'node:assert/strict';
import {
  Binary,
  BSONRegExp,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  MongoServerError,
  Timestamp,
  UUID,
  type Db,
} from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';

/**
 * Long above 2^53 and Decimal128 must behave exactly as in MongoDB or be refused with a clear
 * server error; a silently wrong answer fails. Assertion failures always propagate.
 */
async function correctOrRefused(
  db: Db,
  scenario: () => Promise<void>,
  afterRefusal: () => Promise<void>,
): Promise<'correct' | 'refused'> {
  try {
    await scenario();
    return 'correct';
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    assert.ok(
      error instanceof MongoServerError,
      `expected a server error or a correct result, got ${String(error)}`,
    );
    assert.ok(
      error.message.length > 10 && error.message !== 'n/a',
      `the refusal needs a clear message, got ${JSON.stringify(error.message)}`,
    );
    // A refusal must not have hurt the server, nor left a silently altered value behind.
    assert.deepEqual(await db.command({ ping: 1 }), { ok: 1 });
    await afterRefusal();
    return 'refused';
  }
}

/** Whatever was stored despite a refusal must still be one of the exact values written. */
async function assertStoredValuesAmong(
  db: Db,
  collection: string,
  field: string,
  allowed: string[],
): Promise<void> {
  const docs = await db
    .collection(collection)
    .find({}, { promoteLongs: false, promoteValues: false })
    .toArray();
  for (const doc of docs) {
    const value = doc[field] as { toString(): string } | undefined;
    const text =
      value instanceof Long
        ? value.toString()
        : value instanceof Decimal128
          ? value.toString()
          : `not exact: ${String(value)}`;
    assert.ok(
      allowed.includes(text),
      `a refused write left ${field} = ${text} (${value?.constructor?.name}) in ${collection}`,
    );
  }
}

describe('conformance: BSON types', function () {
  const target = useMongoTarget();
  let db: Db;

  beforeEach(function () {
    db = target.client.db(target.freshDbName());
  });

  describe('other BSON types', function () {
    it('when Binary, UUID, regular expression, Timestamp, MinKey and MaxKey values are stored, then they read back equal', async function () {
      const docs = db.collection('misc');
      const uuid = new UUID();
      const original = {
        _id: 'all' as never,
        bin: new Binary(Buffer.from([0, 1, 2, 250]), 0),
        uuid,
        pattern: new BSONRegExp('^ab+c$', 'i'),
        ts: new Timestamp({ t: 1_700_000_000, i: 7 }),
        low: new MinKey(),
        high: new MaxKey(),
      };

      await docs.insertOne(original);
      const stored = await docs.findOne({ _id: 'all' as never }, { bsonRegExp: true });

      assert.ok(stored?.bin instanceof Binary);
      assert.deepEqual(Buffer.from(stored.bin.buffer), Buffer.from([0, 1, 2, 250]));
      assert.equal((stored.uuid as Binary).toUUID().toHexString(), uuid.toHexString());
      assert.ok(stored.pattern instanceof BSONRegExp);
      assert.equal(stored.pattern.pattern, '^ab+c$');
      assert.equal(stored.pattern.options, 'i');
      assert.ok(stored.ts instanceof Timestamp && stored.ts.equals(original.ts));
      assert.ok(stored.low instanceof MinKey);
      assert.ok(stored.high instanceof MaxKey);
      assert.equal(await docs.countDocuments({ uuid }), 1);
      assert.equal(await docs.countDocuments({ uuid: new UUID() }), 0);
    });
  });

  describe('numeric types', function () {
    it('when int32, int64 within 2^53 and double values are stored, then each keeps its BSON type (MongoDB) or reads back as the same number (engine)', async function () {
      const docs = db.collection('numbers');
      await docs.insertMany([
        { k: 'int', v: 5 },
        { k: 'long', v: Long.fromNumber(5) },
        { k: 'double', v: new Double(5) },
        { k: 'fraction', v: 5.5 },
      ]);

      const byType = async (type: string): Promise<string[]> =>
        (await docs.find({ v: { $type: type } }, { sort: { k: 1 } }).toArray()).map((doc) => doc.k);
      const raw = await docs.find({}, { promoteValues: false, sort: { k: 1 } }).toArray();
      const rawTypes = raw.map((doc) => [doc.k, (doc.v as object).constructor.name]);

      // Numbers of different types compare by value on both.
      assert.equal(await docs.countDocuments({ v: 5 }), 3);
      assert.deepEqual(await byType('number'), ['double', 'fraction', 'int', 'long']);
      if (target.isEmbedded) {
        // Documented in README: the engine holds numbers as JS numbers, so an integral value is
        // stored as int32 whatever type it was sent as; a fraction stays a double.
        assert.deepEqual(await byType('int'), ['double', 'int', 'long']);
        assert.deepEqual(rawTypes, [
          ['double', Int32.name],
          ['fraction', Double.name],
          ['int', Int32.name],
          ['long', Int32.name],
        ]);
        return;
      }
      assert.deepEqual(await byType('int'), ['int']);
      assert.deepEqual(await byType('long'), ['long']);
      assert.deepEqual(await byType('double'), ['double', 'fraction']);
      assert.deepEqual(rawTypes, [
        ['double', Double.name],
        ['fraction', Double.name],
        ['int', Int32.name],
        ['long', Long.name],
      ]);
    });
  });

  describe('Long and Decimal128 (exact or refused)', function () {
    it('when a Long above 2^53 is stored, then it reads back exactly and compares exactly, or is refused', async function () {
      const docs = db.collection('longs');

      await correctOrRefused(
        db,
        async () => {
          await docs.insertMany([
            { k: 'big', v: Long.fromString('9007199254740993') },
            { k: 'limit', v: Long.fromString('9007199254740992') },
          ]);

          const read = await docs.findOne({ k: 'big' }, { useBigInt64: true });
          assert.equal(read?.v, 9007199254740993n);
          const greater = await docs.find({ v: { $gt: Long.fromString('9007199254740992') } }).toArray();
          assert.deepEqual(
            greater.map((doc) => doc.k),
            ['big'],
          );
          const equal = await docs.find({ v: Long.fromString('9007199254740993') }).toArray();
          assert.deepEqual(
            equal.map((doc) => doc.k),
            ['big'],
          );
          const sorted = await docs.find({}, { sort: { v: -1 } }).toArray();
          assert.deepEqual(
            sorted.map((doc) => doc.k),
            ['big', 'limit'],
          );
        },
        () => assertStoredValuesAmong(db, 'longs', 'v', ['9007199254740993', '9007199254740992']),
      );
    });

    it('when Longs above 2^53 are summed or incremented, then the result is exact or the operation is refused', async function () {
      const docs = db.collection('longs');

      await correctOrRefused(
        db,
        async () => {
          await docs.insertMany([{ v: Long.fromString('9007199254740993') }, { v: Long.fromNumber(2) }]);
          const [sum] = await docs
            .aggregate([{ $group: { _id: null, total: { $sum: '$v' } } }], { useBigInt64: true })
            .toArray();
          assert.equal(sum.total, 9007199254740995n);

          await docs.updateOne(
            { v: Long.fromNumber(2) },
            { $inc: { v: Long.fromString('9007199254740991') } },
          );
          const incremented = await docs.find({}, { useBigInt64: true, sort: { v: 1 } }).toArray();
          assert.deepEqual(
            incremented.map((doc) => doc.v),
            [9007199254740993n, 9007199254740993n],
          );
        },
        () => assertStoredValuesAmong(db, 'longs', 'v', ['9007199254740993', '2']),
      );
    });

    it('when Decimal128 0.1 is summed three times, then the total is exactly 0.3 or the insert is refused', async function () {
      const docs = db.collection('money');

      await correctOrRefused(
        db,
        async () => {
          await docs.insertMany([1, 2, 3].map((k) => ({ k, amount: Decimal128.fromString('0.1') })));

          const [sum] = await docs
            .aggregate([{ $group: { _id: null, total: { $sum: '$amount' } } }])
            .toArray();
          assert.ok(sum.total instanceof Decimal128, `expected a Decimal128 total, got ${String(sum.total)}`);
          assert.equal(sum.total.toString(), '0.3');
          const read = await docs.findOne({ k: 1 });
          assert.ok(read?.amount instanceof Decimal128);
          assert.equal(read.amount.toString(), '0.1');
        },
        () => assertStoredValuesAmong(db, 'money', 'amount', ['0.1']),
      );
    });

    it('when Decimal128 values are compared, sorted and incremented, then decimal order and arithmetic apply or they are refused', async function () {
      const docs = db.collection('money');

      await correctOrRefused(
        db,
        async () => {
          await docs.insertMany(
            ['10.5', '9.25', '100', '0.1'].map((value) => ({
              k: value,
              amount: Decimal128.fromString(value),
            })),
          );

          const sorted = await docs.find({}, { sort: { amount: 1 } }).toArray();
          assert.deepEqual(
            sorted.map((doc) => doc.k),
            ['0.1', '9.25', '10.5', '100'],
          );
          const big = await docs
            .find({ amount: { $gt: Decimal128.fromString('9.3') } }, { sort: { amount: 1 } })
            .toArray();
          assert.deepEqual(
            big.map((doc) => doc.k),
            ['10.5', '100'],
          );
          await docs.updateOne({ k: '0.1' }, { $inc: { amount: Decimal128.fromString('0.2') } });
          assert.equal((await docs.findOne({ k: '0.1' }))?.amount.toString(), '0.3');
        },
        () => assertStoredValuesAmong(db, 'money', 'amount', ['10.5', '9.25', '100', '0.1', '0.3']),
      );
    });
  });
});
