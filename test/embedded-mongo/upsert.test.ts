import assert from 'node:assert/strict';
import { ObjectId, type Collection, type Db, type Document } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';
import { withoutId } from './fixtures/assertions.js';

describe('conformance: upserts', function () {
  const target = useMongoTarget();
  let db: Db;
  let docs: Collection<Document>;

  beforeEach(function () {
    db = target.client.db(target.freshDbName());
    docs = db.collection('docs');
  });

  it('when updateOne upserts, then the new document holds the equality fields of the filter (dotted too), $set and $setOnInsert', async function () {
    const result = await docs.updateOne(
      { email: 'a@example.org', 'profile.kind': 'member', 'profile.level': 2, age: { $gt: 18 } },
      { $set: { name: 'Ann' }, $setOnInsert: { createdBy: 'upsert', 'audit.source': 'test' } },
      { upsert: true },
    );

    assert.equal(result.matchedCount, 0);
    assert.equal(result.modifiedCount, 0);
    assert.equal(result.upsertedCount, 1);
    assert.ok(result.upsertedId instanceof ObjectId);
    const stored = await docs.findOne({ _id: result.upsertedId });
    // `age: {$gt: 18}` is not an equality, so it does not reach the new document.
    assert.deepEqual(withoutId(stored), {
      email: 'a@example.org',
      profile: { kind: 'member', level: 2 },
      name: 'Ann',
      createdBy: 'upsert',
      audit: { source: 'test' },
    });
  });

  it('when the filter uses $eq and $and of equalities, then those fields seed the upserted document', async function () {
    const result = await docs.updateOne(
      { $and: [{ a: 1 }, { b: { $eq: 'two' } }], c: { $in: [1, 2] } },
      { $set: { d: true } },
      { upsert: true },
    );

    assert.equal(result.upsertedCount, 1);
    assert.deepEqual(withoutId(await docs.findOne({})), { a: 1, b: 'two', d: true });
  });

  it('when the document already exists, then $setOnInsert is not applied and $set is', async function () {
    await docs.insertOne({ key: 'k', createdBy: 'original', v: 1 });

    const result = await docs.updateOne(
      { key: 'k' },
      { $set: { v: 2 }, $setOnInsert: { createdBy: 'upsert', extra: 1 } },
      { upsert: true },
    );

    assert.equal(result.matchedCount, 1);
    assert.equal(result.modifiedCount, 1);
    assert.equal(result.upsertedCount, 0);
    assert.equal(result.upsertedId, null);
    assert.deepEqual(withoutId(await docs.findOne({ key: 'k' })), { key: 'k', createdBy: 'original', v: 2 });
    assert.equal(await docs.countDocuments(), 1);
  });

  it('when the filter has an _id equality, then the upserted document takes that _id and it is reported', async function () {
    const result = await docs.updateOne({ _id: 'chosen' as never }, { $inc: { n: 1 } }, { upsert: true });
    const again = await docs.updateOne({ _id: 'chosen' as never }, { $inc: { n: 1 } }, { upsert: true });

    assert.equal(result.upsertedId, 'chosen');
    assert.equal(again.upsertedId, null);
    assert.deepEqual(await docs.findOne({}), { _id: 'chosen', n: 2 });
  });

  it('when updateMany upserts with nothing matching, then exactly one document is inserted', async function () {
    const result = await docs.updateMany({ group: 'g' }, { $set: { flag: true } }, { upsert: true });

    assert.equal(result.upsertedCount, 1);
    assert.ok(result.upsertedId instanceof ObjectId);
    assert.deepEqual(withoutId(await docs.findOne({})), { group: 'g', flag: true });
  });

  it('when replaceOne upserts, then the replacement is inserted and later replaced in place', async function () {
    const inserted = await docs.replaceOne({ key: 'r' }, { key: 'r', v: 1 }, { upsert: true });
    const replaced = await docs.replaceOne({ key: 'r' }, { key: 'r', v: 2 }, { upsert: true });

    assert.equal(inserted.upsertedCount, 1);
    assert.ok(inserted.upsertedId instanceof ObjectId);
    assert.equal(replaced.upsertedCount, 0);
    assert.equal(replaced.matchedCount, 1);
    assert.deepEqual(await docs.find().toArray(), [{ _id: inserted.upsertedId, key: 'r', v: 2 }]);
  });

  it('when an upsert uses $inc and $push on a new document, then they start from empty values', async function () {
    await docs.updateOne(
      { key: 'c' },
      { $inc: { count: 3 }, $push: { log: 'first' }, $addToSet: { set: 'x' } } as Document,
      { upsert: true },
    );

    assert.deepEqual(withoutId(await docs.findOne({ key: 'c' })), {
      key: 'c',
      count: 3,
      log: ['first'],
      set: ['x'],
    });
  });

  it('when bulkWrite mixes upserts, then upsertedIds are reported by operation index', async function () {
    await docs.insertOne({ key: 'exists' });

    const result = await docs.bulkWrite([
      { updateOne: { filter: { key: 'exists' }, update: { $set: { v: 1 } }, upsert: true } },
      { updateOne: { filter: { key: 'new1' }, update: { $set: { v: 2 } }, upsert: true } },
      { insertOne: { document: { key: 'plain' } } },
      { updateOne: { filter: { key: 'new2' }, update: { $set: { v: 3 } }, upsert: true } },
    ]);

    assert.equal(result.upsertedCount, 2);
    assert.equal(result.matchedCount, 1);
    assert.equal(result.insertedCount, 1);
    assert.deepEqual(Object.keys(result.upsertedIds).sort(), ['1', '3']);
    assert.equal(await docs.countDocuments(), 4);
  });

  it('when an upsert $sets _id to the value in the filter, then it inserts, and later updates keep that _id', async function () {
    // The shape connect-mongo and other libraries use for session upserts.
    const first = await docs.updateOne(
      { _id: 'sid-1' as never },
      { $set: { _id: 'sid-1', v: 1 } } as Document,
      { upsert: true },
    );
    const second = await docs.updateOne(
      { _id: 'sid-1' as never },
      { $set: { _id: 'sid-1', v: 2 } } as Document,
      { upsert: true },
    );

    assert.equal(first.upsertedId, 'sid-1');
    assert.equal(second.matchedCount, 1);
    assert.deepEqual(await docs.find().toArray(), [{ _id: 'sid-1', v: 2 }]);
    await assert.rejects(docs.updateOne({ _id: 'sid-1' as never }, { $set: { _id: 'other' } } as Document), {
      code: 66,
    });
  });
});
