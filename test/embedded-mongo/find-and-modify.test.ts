import assert from 'node:assert/strict';
import { ObjectId, type Collection, type Db, type Document } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';
import { withoutId } from './fixtures/assertions.js';

describe('conformance: findOneAndUpdate, findOneAndDelete, findOneAndReplace', function () {
  const target = useMongoTarget();
  let db: Db;
  let docs: Collection<Document>;

  beforeEach(async function () {
    db = target.client.db(target.freshDbName());
    docs = db.collection('docs');
  });

  it('when findOneAndUpdate returns the document before, then it is the old version and the new one is stored', async function () {
    await docs.insertOne({ key: 'a', v: 1 });

    const before = await docs.findOneAndUpdate(
      { key: 'a' },
      { $inc: { v: 1 } },
      { returnDocument: 'before' },
    );

    assert.equal(before?.v, 1);
    assert.equal((await docs.findOne({ key: 'a' }))?.v, 2);
  });

  it('when findOneAndUpdate returns the document after, then it is the updated version', async function () {
    await docs.insertOne({ key: 'a', v: 1 });

    const after = await docs.findOneAndUpdate(
      { key: 'a' },
      { $inc: { v: 1 }, $set: { seen: true } },
      { returnDocument: 'after' },
    );

    assert.deepEqual(withoutId(after), { key: 'a', v: 2, seen: true });
  });

  it('when findOneAndUpdate is given a sort and a projection, then it updates the first document in that order and projects it', async function () {
    await docs.insertMany([
      { g: 1, rank: 3, label: 'c' },
      { g: 1, rank: 1, label: 'a' },
      { g: 1, rank: 2, label: 'b' },
    ]);

    const after = await docs.findOneAndUpdate(
      { g: 1 },
      { $set: { picked: true } },
      { sort: { rank: -1 }, projection: { _id: 0, label: 1, picked: 1 }, returnDocument: 'after' },
    );

    assert.deepEqual(after, { label: 'c', picked: true });
    assert.equal(await docs.countDocuments({ picked: true }), 1);
  });

  it('when findOneAndUpdate matches nothing without upsert, then it returns null and writes nothing', async function () {
    const result = await docs.findOneAndUpdate(
      { key: 'none' },
      { $set: { v: 1 } },
      { returnDocument: 'after' },
    );

    assert.equal(result, null);
    assert.equal(await docs.countDocuments(), 0);
  });

  it('when findOneAndUpdate upserts with returnDocument after, then it returns the new document built from the filter', async function () {
    const after = await docs.findOneAndUpdate(
      { key: 'new', 'meta.kind': 'k' },
      { $set: { v: 1 }, $setOnInsert: { created: true } },
      { upsert: true, returnDocument: 'after' },
    );

    assert.ok(after?._id instanceof ObjectId);
    assert.deepEqual(withoutId(after), { key: 'new', meta: { kind: 'k' }, v: 1, created: true });
    assert.equal(await docs.countDocuments(), 1);
  });

  it('when findOneAndUpdate upserts with returnDocument before, then it returns null and the document exists', async function () {
    const before = await docs.findOneAndUpdate(
      { key: 'new' },
      { $set: { v: 1 } },
      { upsert: true, returnDocument: 'before' },
    );

    assert.equal(before, null);
    assert.deepEqual(withoutId(await docs.findOne({ key: 'new' })), { key: 'new', v: 1 });
  });

  it('when findOneAndUpdate asks for result metadata on an upsert, then lastErrorObject reports the upserted id', async function () {
    const result = await docs.findOneAndUpdate(
      { key: 'meta' },
      { $set: { v: 1 } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    const second = await docs.findOneAndUpdate(
      { key: 'meta' },
      { $set: { v: 2 } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );

    assert.equal(result.ok, 1);
    assert.equal(result.lastErrorObject?.n, 1);
    assert.equal(result.lastErrorObject?.updatedExisting, false);
    assert.ok(result.lastErrorObject?.upserted instanceof ObjectId);
    assert.ok(result.value?._id.equals(result.lastErrorObject?.upserted));
    assert.equal(second.lastErrorObject?.updatedExisting, true);
    assert.equal(second.lastErrorObject?.upserted, undefined);
    assert.equal(second.value?.v, 2);
  });

  it('when findOneAndDelete matches, then it returns the deleted document and it is gone', async function () {
    await docs.insertMany([
      { key: 'a', rank: 1 },
      { key: 'b', rank: 2 },
    ]);

    const deleted = await docs.findOneAndDelete({}, { sort: { rank: -1 } });
    const nothing = await docs.findOneAndDelete({ key: 'zzz' });

    assert.equal(deleted?.key, 'b');
    assert.equal(nothing, null);
    assert.deepEqual(
      (await docs.find().toArray()).map((doc) => doc.key),
      ['a'],
    );
  });

  it('when findOneAndReplace replaces, then before and after versions are returned as asked and _id is kept', async function () {
    const { insertedId } = await docs.insertOne({ key: 'a', old: true });

    const before = await docs.findOneAndReplace(
      { key: 'a' },
      { key: 'a', fresh: 1 },
      { returnDocument: 'before' },
    );
    const after = await docs.findOneAndReplace(
      { key: 'a' },
      { key: 'a', fresh: 2 },
      { returnDocument: 'after' },
    );

    assert.deepEqual(before, { _id: insertedId, key: 'a', old: true });
    assert.deepEqual(after, { _id: insertedId, key: 'a', fresh: 2 });
    assert.deepEqual(await docs.findOne({ key: 'a' }), { _id: insertedId, key: 'a', fresh: 2 });
  });

  it('when findOneAndReplace upserts, then the replacement is inserted with a generated _id', async function () {
    const after = await docs.findOneAndReplace(
      { key: 'r' },
      { key: 'r', v: 9 },
      { upsert: true, returnDocument: 'after' },
    );

    assert.ok(after?._id instanceof ObjectId);
    assert.deepEqual(withoutId(after), { key: 'r', v: 9 });
    assert.equal(await docs.countDocuments({ key: 'r' }), 1);
  });
});
