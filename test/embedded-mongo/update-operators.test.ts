import assert from 'node:assert/strict';
import type { Collection, Db, Document } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';
import { serverError, withoutId } from './fixtures/assertions.js';

/** Update operators beyond the basics, and the updates MongoDB refuses. */
describe('conformance: update operators and refused updates', function () {
  const target = useMongoTarget();
  let db: Db;
  let docs: Collection<Document>;

  beforeEach(function () {
    db = target.client.db(target.freshDbName());
    docs = db.collection('docs');
  });

  const stored = async (): Promise<Document | null> => withoutId(await docs.findOne({ k: 'a' }));

  it('when $push uses $each with $sort, $slice and $position, then the array is built in that order', async function () {
    await docs.insertOne({ k: 'a', top: [5, 2], list: ['c'] });

    await docs.updateOne({ k: 'a' }, { $push: { top: { $each: [3, 1], $sort: 1, $slice: 3 } } } as Document);
    await docs.updateOne({ k: 'a' }, { $push: { list: { $each: ['a', 'b'], $position: 0 } } } as Document);

    assert.deepEqual(await stored(), { k: 'a', top: [1, 2, 3], list: ['a', 'b', 'c'] });
  });

  it('when $pop removes from either end, then the first or last element goes', async function () {
    await docs.insertOne({ k: 'a', front: [1, 2, 3], back: [1, 2, 3] });

    await docs.updateOne({ k: 'a' }, { $pop: { front: -1, back: 1 } } as Document);

    assert.deepEqual(await stored(), { k: 'a', front: [2, 3], back: [1, 2] });
  });

  it('when $currentDate is applied, then the field holds a Date', async function () {
    await docs.insertOne({ k: 'a' });

    await docs.updateOne({ k: 'a' }, { $currentDate: { touchedAt: true } });

    assert.ok((await stored())?.touchedAt instanceof Date);
  });

  it('when $set and $unset address array positions, then elements are replaced, padded with null or nulled', async function () {
    await docs.insertOne({ k: 'a', tags: ['a', 'b', 'c'], pad: [1], gone: ['x', 'y'] });

    await docs.updateOne({ k: 'a' }, { $set: { 'tags.1': 'z', 'pad.3': 4 }, $unset: { 'gone.0': '' } });

    assert.deepEqual(await stored(), {
      k: 'a',
      tags: ['a', 'z', 'c'],
      pad: [1, null, null, 4],
      gone: [null, 'y'],
    });
  });

  it('when $mul and $min target missing fields, then $mul writes zero and $min writes the value', async function () {
    await docs.insertOne({ k: 'a' });

    await docs.updateOne({ k: 'a' }, { $mul: { product: 5 }, $min: { lowest: 3 } });

    assert.deepEqual(await stored(), { k: 'a', product: 0, lowest: 3 });
  });

  it('when an update is an aggregation pipeline, then it computes fields from the document', async function () {
    await docs.insertOne({ k: 'a', price: 4, qty: 3, tmp: true });

    await docs.updateOne({ k: 'a' }, [
      { $set: { total: { $multiply: ['$price', '$qty'] } } },
      { $unset: 'tmp' },
    ]);

    assert.deepEqual(await stored(), { k: 'a', price: 4, qty: 3, total: 12 });
  });

  it('when $inc targets a string, then it fails with TypeMismatch (14) and the document is unchanged', async function () {
    await docs.insertOne({ k: 'a', v: 'text', n: 1 });

    await serverError(docs.updateOne({ k: 'a' }, { $inc: { v: 1, n: 1 } } as Document), 14);

    assert.deepEqual(await stored(), { k: 'a', v: 'text', n: 1 });
  });

  it('when $push targets a non-array, then the update fails and nothing changes', async function () {
    await docs.insertOne({ k: 'a', v: 'text' });

    await serverError(docs.updateOne({ k: 'a' }, { $push: { v: 'x' } } as Document));

    assert.deepEqual(await stored(), { k: 'a', v: 'text' });
  });

  it('when $set goes through a scalar, then the update fails and nothing changes', async function () {
    await docs.insertOne({ k: 'a', v: 5 });

    await serverError(docs.updateOne({ k: 'a' }, { $set: { 'v.inner': 1 } }));

    assert.deepEqual(await stored(), { k: 'a', v: 5 });
  });

  it('when two operators touch the same path, then the update fails with ConflictingUpdateOperators (40)', async function () {
    await docs.insertOne({ k: 'a', v: 1 });

    await serverError(docs.updateOne({ k: 'a' }, { $set: { v: 5 }, $inc: { v: 1 } }), 40);

    assert.deepEqual(await stored(), { k: 'a', v: 1 });
  });

  it('when a replacement changes _id, then it fails with ImmutableField (66)', async function () {
    await docs.insertOne({ _id: 'one' as never, k: 'a' });

    await serverError(docs.replaceOne({ k: 'a' }, { _id: 'two', k: 'a', v: 1 }), 66);

    assert.deepEqual(await docs.find().toArray(), [{ _id: 'one', k: 'a' }]);
  });

  it('when a document uses an array as _id, then the insert fails and nothing is stored', async function () {
    await serverError(docs.insertOne({ _id: [1, 2] as never, k: 'a' }));

    assert.equal(await docs.countDocuments(), 0);
  });

  it('when updateMany uses $set with a multi-level new path, then every matching document gets it', async function () {
    await docs.insertMany([
      { k: 'a', g: 1 },
      { k: 'b', g: 1 },
      { k: 'c', g: 2 },
    ]);

    const result = await docs.updateMany({ g: 1 }, { $set: { 'x.y.z': true } });

    assert.equal(result.modifiedCount, 2);
    assert.equal(await docs.countDocuments({ 'x.y.z': true }), 2);
  });
});
