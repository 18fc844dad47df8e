import assert from 'node:assert/strict';
import type { Collection, Db, Document } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';
import { serverError, withoutId } from './fixtures/assertions.js';

describe('conformance: update, replace and delete', function () {
  const target = useMongoTarget();
  let db: Db;
  let docs: Collection<Document>;

  beforeEach(function () {
    db = target.client.db(target.freshDbName());
    docs = db.collection('docs');
  });

  it('when $set targets top-level and dotted paths, then the fields are written and missing parents created', async function () {
    await docs.insertOne({ key: 'a', name: 'old', address: { city: 'Oslo', zip: '1' } });

    const result = await docs.updateOne(
      { key: 'a' },
      { $set: { name: 'new', 'address.city': 'Bergen', 'meta.source.kind': 'import' } },
    );

    assert.equal(result.matchedCount, 1);
    assert.equal(result.modifiedCount, 1);
    assert.deepEqual(withoutId(await docs.findOne({ key: 'a' })), {
      key: 'a',
      name: 'new',
      address: { city: 'Bergen', zip: '1' },
      meta: { source: { kind: 'import' } },
    });
  });

  it('when $inc is applied, then existing numbers grow and missing fields start from the increment', async function () {
    await docs.insertOne({ key: 'a', count: 5, nested: { hits: 1 } });

    await docs.updateOne({ key: 'a' }, { $inc: { count: 2, 'nested.hits': -3, fresh: 4, ratio: 0.5 } });

    assert.deepEqual(withoutId(await docs.findOne({ key: 'a' })), {
      key: 'a',
      count: 7,
      nested: { hits: -2 },
      fresh: 4,
      ratio: 0.5,
    });
  });

  it('when $push, $pull and $addToSet change arrays, then elements are appended, removed and deduplicated', async function () {
    await docs.insertOne({ key: 'a', tags: ['x', 'y'], scores: [1, 5, 7, 2], sets: ['p'] });

    await docs.updateOne({ key: 'a' }, { $push: { tags: 'z' } } as Document);
    await docs.updateOne({ key: 'a' }, { $push: { tags: { $each: ['w', 'x'] } } } as Document);
    await docs.updateOne({ key: 'a' }, { $pull: { scores: { $gte: 5 } } } as Document);
    await docs.updateOne({ key: 'a' }, { $addToSet: { sets: { $each: ['p', 'q'] } } });
    await docs.updateOne({ key: 'a' }, { $push: { created: 1 } } as Document);

    const stored = await docs.findOne({ key: 'a' });
    assert.deepEqual(stored?.tags, ['x', 'y', 'z', 'w', 'x']);
    assert.deepEqual(stored?.scores, [1, 2]);
    assert.deepEqual(stored?.sets, ['p', 'q']);
    assert.deepEqual(stored?.created, [1]);
  });

  it('when $pull removes an equal value and $addToSet adds an existing one, then modifiedCount reflects real changes', async function () {
    await docs.insertOne({ key: 'a', tags: ['x', 'y', 'x'] });

    const pulled = await docs.updateOne({ key: 'a' }, { $pull: { tags: 'x' } } as Document);
    const addedExisting = await docs.updateOne({ key: 'a' }, { $addToSet: { tags: 'y' } });

    assert.equal(pulled.modifiedCount, 1);
    assert.equal(addedExisting.matchedCount, 1);
    assert.equal(addedExisting.modifiedCount, 0);
    assert.deepEqual((await docs.findOne({ key: 'a' }))?.tags, ['y']);
  });

  it('when $unset removes fields, then they are gone from the stored document', async function () {
    await docs.insertOne({ key: 'a', temp: 1, keep: 2, nested: { drop: 3, stay: 4 } });

    await docs.updateOne({ key: 'a' }, { $unset: { temp: '', 'nested.drop': 1, absent: '' } });

    assert.deepEqual(withoutId(await docs.findOne({ key: 'a' })), { key: 'a', keep: 2, nested: { stay: 4 } });
  });

  it('when $min, $max, $mul and $rename are applied, then each follows MongoDB semantics', async function () {
    await docs.insertOne({ key: 'a', low: 5, high: 5, price: 10, oldName: 'v' });

    await docs.updateOne(
      { key: 'a' },
      { $min: { low: 3 }, $max: { high: 4 }, $mul: { price: 1.5 }, $rename: { oldName: 'newName' } },
    );

    assert.deepEqual(withoutId(await docs.findOne({ key: 'a' })), {
      key: 'a',
      low: 3,
      high: 5,
      price: 15,
      newName: 'v',
    });
  });

  it('when an update sets a field to its current value, then the document matches but is not modified', async function () {
    await docs.insertOne({ key: 'a', v: 1 });

    const result = await docs.updateOne({ key: 'a' }, { $set: { v: 1 } });

    assert.equal(result.matchedCount, 1);
    assert.equal(result.modifiedCount, 0);
  });

  it('when updateOne matches several documents, then exactly one is changed', async function () {
    await docs.insertMany([{ g: 1 }, { g: 1 }, { g: 1 }]);

    const result = await docs.updateOne({ g: 1 }, { $set: { touched: true } });

    assert.equal(result.matchedCount, 1);
    assert.equal(await docs.countDocuments({ touched: true }), 1);
  });

  it('when updateMany matches several documents, then all of them change and counts are reported', async function () {
    await docs.insertMany([
      { g: 1, v: 0 },
      { g: 1, v: 0 },
      { g: 2, v: 0 },
      { g: 1, v: 5 },
    ]);

    const result = await docs.updateMany({ g: 1 }, { $inc: { v: 1 } });

    assert.equal(result.matchedCount, 3);
    assert.equal(result.modifiedCount, 3);
    assert.deepEqual(
      (await docs.find({}, { sort: { v: 1 } }).toArray()).map((doc) => [doc.g, doc.v]),
      [
        [2, 0],
        [1, 1],
        [1, 1],
        [1, 6],
      ],
    );
  });

  it('when an update matches nothing and upsert is off, then nothing is written', async function () {
    const result = await docs.updateOne({ key: 'missing' }, { $set: { v: 1 } });

    assert.equal(result.matchedCount, 0);
    assert.equal(result.modifiedCount, 0);
    assert.equal(result.upsertedId, null);
    assert.equal(await docs.countDocuments(), 0);
  });

  it('when an update operator targets _id, then the update fails with ImmutableField (66) and nothing changes', async function () {
    await docs.insertOne({ _id: 'a' as never, v: 1 });

    await serverError(docs.updateOne({ _id: 'a' as never }, { $set: { _id: 'b', v: 2 } }), 66);

    assert.deepEqual(await docs.findOne({}), { _id: 'a', v: 1 });
  });

  it('when an update document uses an unknown operator, then the update fails and nothing changes', async function () {
    await docs.insertOne({ key: 'a', v: 1 });

    await serverError(docs.updateOne({ key: 'a' }, { $frobnicate: { v: 2 } } as Document));

    assert.equal((await docs.findOne({ key: 'a' }))?.v, 1);
  });

  it('when the positional $ operator is used, then the first matching array element is updated', async function () {
    await docs.insertOne({
      key: 'a',
      items: [
        { sku: 'x', qty: 1 },
        { sku: 'y', qty: 2 },
        { sku: 'y', qty: 3 },
      ],
    });

    await docs.updateOne({ key: 'a', 'items.sku': 'y' }, { $set: { 'items.$.qty': 20 } });

    assert.deepEqual((await docs.findOne({ key: 'a' }))?.items, [
      { sku: 'x', qty: 1 },
      { sku: 'y', qty: 20 },
      { sku: 'y', qty: 3 },
    ]);
  });

  it('when arrayFilters select elements, then only those elements are updated', async function () {
    await docs.insertOne({
      key: 'a',
      items: [
        { sku: 'x', qty: 5 },
        { sku: 'y', qty: 2 },
        { sku: 'z', qty: 9 },
      ],
    });

    const result = await docs.updateOne(
      { key: 'a' },
      { $set: { 'items.$[e].qty': 0 } },
      { arrayFilters: [{ 'e.qty': { $gt: 4 } }] },
    );

    assert.equal(result.modifiedCount, 1);
    assert.deepEqual((await docs.findOne({ key: 'a' }))?.items, [
      { sku: 'x', qty: 0 },
      { sku: 'y', qty: 2 },
      { sku: 'z', qty: 0 },
    ]);
  });

  it('when updateMany uses arrayFilters and the all-positional operator, then every document is updated accordingly', async function () {
    await docs.insertMany([
      {
        key: 'a',
        items: [
          { sku: 'x', qty: 1 },
          { sku: 'y', qty: 1 },
        ],
        marks: [1, 2],
      },
      { key: 'b', items: [{ sku: 'y', qty: 1 }], marks: [3] },
    ]);

    await docs.updateMany(
      {},
      { $inc: { 'items.$[it].qty': 10, 'marks.$[]': 100 } },
      { arrayFilters: [{ 'it.sku': 'y' }] },
    );

    const stored = await docs.find({}, { sort: { key: 1 } }).toArray();
    assert.deepEqual(stored[0].items, [
      { sku: 'x', qty: 1 },
      { sku: 'y', qty: 11 },
    ]);
    assert.deepEqual(stored[0].marks, [101, 102]);
    assert.deepEqual(stored[1].items, [{ sku: 'y', qty: 11 }]);
    assert.deepEqual(stored[1].marks, [103]);
  });

  it('when replaceOne replaces a document, then the _id stays and the old fields are gone', async function () {
    const { insertedId } = await docs.insertOne({ key: 'a', old: true, v: 1 });

    const result = await docs.replaceOne({ key: 'a' }, { key: 'a', v: 2 });

    assert.equal(result.matchedCount, 1);
    assert.equal(result.modifiedCount, 1);
    assert.deepEqual(await docs.findOne({ key: 'a' }), { _id: insertedId, key: 'a', v: 2 });
  });

  it('when deleteOne matches several documents, then exactly one is deleted', async function () {
    await docs.insertMany([{ g: 1 }, { g: 1 }, { g: 2 }]);

    const result = await docs.deleteOne({ g: 1 });

    assert.equal(result.deletedCount, 1);
    assert.equal(await docs.countDocuments({ g: 1 }), 1);
    assert.equal(await docs.countDocuments({ g: 2 }), 1);
  });

  it('when deleteMany runs with a filter and then with an empty filter, then matching and then all documents go', async function () {
    await docs.insertMany([{ g: 1 }, { g: 1 }, { g: 2 }, { g: 3 }]);

    const some = await docs.deleteMany({ g: { $lt: 2 } });
    const none = await docs.deleteMany({ g: 99 });
    const rest = await docs.deleteMany({});

    assert.equal(some.deletedCount, 2);
    assert.equal(none.deletedCount, 0);
    assert.equal(rest.deletedCount, 2);
    assert.equal(await docs.countDocuments(), 0);
  });
});
