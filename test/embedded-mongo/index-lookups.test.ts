import assert from 'node:assert/strict';
import { Double, Long, ObjectId, type Collection, type Db, type Document } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';
import { serverError } from './fixtures/assertions.js';

/**
 * Queries on indexed fields must return exactly what a collection scan returns: an index may
 * speed a lookup up, never change its answer.
 */
describe('conformance: lookups on indexed fields', function () {
  const target = useMongoTarget();
  let db: Db;
  let docs: Collection<Document>;

  beforeEach(function () {
    db = target.client.db(target.freshDbName());
    docs = db.collection('docs');
  });

  const keys = async (filter: Document): Promise<string[]> =>
    (await docs.find(filter).toArray()).map((doc) => doc.k as string).sort();

  it('when an indexed field holds arrays, then equality finds documents containing the value', async function () {
    await docs.createIndex({ tags: 1 });
    await docs.insertMany([
      { k: 'arr', tags: ['a', 'b'] },
      { k: 'other', tags: ['c'] },
      { k: 'scalar', tags: 'a' },
    ]);

    assert.deepEqual(await keys({ tags: 'a' }), ['arr', 'scalar']);
    assert.deepEqual(await keys({ tags: { $in: ['b', 'c'] } }), ['arr', 'other']);
  });

  it('when querying an indexed field for null, then explicit nulls and missing fields are found', async function () {
    await docs.createIndex({ email: 1 });
    await docs.insertMany([{ k: 'set', email: 'x@x' }, { k: 'null', email: null }, { k: 'missing' }]);

    assert.deepEqual(await keys({ email: null }), ['missing', 'null']);
    assert.deepEqual(await keys({ email: { $in: [null, 'x@x'] } }), ['missing', 'null', 'set']);
  });

  it('when a sparse or partial index exists, then queries still find documents the index leaves out', async function () {
    await docs.createIndex({ email: 1 }, { sparse: true });
    await docs.createIndex({ code: 1 }, { partialFilterExpression: { active: true } });
    await docs.insertMany([
      { k: 'no-email', code: 'c1', active: false },
      { k: 'email', email: 'e@x', code: 'c1', active: true },
    ]);

    assert.deepEqual(await keys({ email: null }), ['no-email']);
    assert.deepEqual(await keys({ code: 'c1' }), ['email', 'no-email']);
  });

  it('when numbers of different BSON types are equal, then an indexed equality finds all of them', async function () {
    await docs.createIndex({ v: 1 });
    await docs.insertMany([
      { k: 'int', v: 5 },
      { k: 'double', v: new Double(5) },
      { k: 'long', v: Long.fromNumber(5) },
      { k: 'string', v: '5' },
    ]);

    assert.deepEqual(await keys({ v: 5 }), ['double', 'int', 'long']);
    assert.deepEqual(await keys({ v: { $gt: 4 } }), ['double', 'int', 'long']);
  });

  it('when _id values are numerically equal across types, then they collide as duplicates', async function () {
    await docs.insertOne({ _id: 1 as never, k: 'int' });

    await serverError(docs.insertOne({ _id: new Double(1) as never, k: 'double' }), 11000);
    await serverError(docs.insertOne({ _id: Long.fromNumber(1) as never, k: 'long' }), 11000);

    assert.deepEqual(await keys({ _id: 1 }), ['int']);
  });

  it('when a unique index holds numerically equal values of different types, then they collide', async function () {
    await docs.createIndex({ n: 1 }, { unique: true });
    await docs.insertOne({ k: 'int', n: 1 });

    await serverError(docs.insertOne({ k: 'double', n: 1.0 }), 11000);
    await serverError(docs.insertOne({ k: 'long', n: Long.fromNumber(1) }), 11000);
    await docs.insertOne({ k: 'string', n: '1' });

    assert.equal(await docs.countDocuments(), 2);
  });

  it('when strings differ only in case, then a unique index without collation keeps both', async function () {
    await docs.createIndex({ email: 1 }, { unique: true });

    await docs.insertMany([{ email: 'Ann@x' }, { email: 'ann@x' }]);

    assert.equal(await docs.countDocuments(), 2);
    assert.equal(await docs.countDocuments({ email: 'ann@x' }), 1);
  });

  it('when an indexed value is updated or deleted, then lookups by the old value stop finding the document', async function () {
    await docs.createIndex({ code: 1 });
    await docs.insertOne({ k: 'a', code: 'old' });

    await docs.updateOne({ code: 'old' }, { $set: { code: 'new' } });
    const afterUpdate = [await keys({ code: 'old' }), await keys({ code: 'new' })];
    await docs.deleteOne({ code: 'new' });

    assert.deepEqual(afterUpdate, [[], ['a']]);
    assert.deepEqual(await keys({ code: 'new' }), []);
  });

  it('when a replacement or $unset removes an indexed field, then lookups by the old value miss it', async function () {
    await docs.createIndex({ code: 1 });
    await docs.insertMany([
      { k: 'a', code: 'x' },
      { k: 'b', code: 'y' },
    ]);

    await docs.replaceOne({ k: 'a' }, { k: 'a' });
    await docs.updateOne({ k: 'b' }, { $unset: { code: '' } });

    assert.deepEqual(await keys({ code: 'x' }), []);
    assert.deepEqual(await keys({ code: 'y' }), []);
    assert.deepEqual(await keys({ code: null }), ['a', 'b']);
  });

  it('when updates change or keep compound, multikey and partial index fields, then every lookup matches a scan', async function () {
    await docs.createIndex({ pos: 1, stage: 1 });
    await docs.createIndex({ tags: 1 });
    await docs.createIndex({ score: 1 }, { partialFilterExpression: { score: { $gt: 5 } } });
    await docs.insertMany([
      { k: 'a', pos: 1, stage: 'x', tags: ['t1', 't2'], score: 9 },
      { k: 'b', pos: 1, stage: 'y', tags: ['t2'], score: 3 },
    ]);

    await docs.updateOne({ k: 'a' }, { $set: { note: 'no indexed field changes' } });
    await docs.updateOne({ k: 'a' }, { $set: { stage: 'y', tags: ['t2', 't3'] } });
    await docs.updateOne({ k: 'b' }, { $set: { score: 7 }, $push: { tags: 't1' } } as Document);
    await docs.updateOne({ k: 'a' }, { $set: { score: 4 } });

    assert.deepEqual(await keys({ pos: 1 }), ['a', 'b']);
    assert.deepEqual(await keys({ pos: 1, stage: 'x' }), []);
    assert.deepEqual(await keys({ pos: 1, stage: 'y' }), ['a', 'b']);
    assert.deepEqual(await keys({ tags: 't1' }), ['b']);
    assert.deepEqual(await keys({ tags: 't3' }), ['a']);
    assert.deepEqual(await keys({ tags: 't2' }), ['a', 'b']);
    assert.deepEqual(await keys({ score: 7 }), ['b']);
    assert.deepEqual(await keys({ score: 9 }), []);
    assert.deepEqual(await keys({ score: 4 }), ['a']);
  });

  it('when a unique update fails, then lookups by both values still return the right documents', async function () {
    await docs.createIndex({ email: 1 }, { unique: true });
    await docs.insertMany([
      { k: 'a', email: 'a@x' },
      { k: 'b', email: 'b@x' },
    ]);

    await serverError(docs.updateOne({ k: 'b' }, { $set: { email: 'a@x' } }), 11000);

    assert.deepEqual(await keys({ email: 'a@x' }), ['a']);
    assert.deepEqual(await keys({ email: 'b@x' }), ['b']);
  });

  it('when querying a nested path through an array of subdocuments with an index, then elements match', async function () {
    await docs.createIndex({ 'items.sku': 1 });
    await docs.insertMany([
      { k: 'a', items: [{ sku: 'x' }, { sku: 'y' }] },
      { k: 'b', items: [{ sku: 'z' }] },
    ]);

    assert.deepEqual(await keys({ 'items.sku': 'y' }), ['a']);
  });

  it('when a compound index exists, then a query on its prefix finds documents missing the second key', async function () {
    await docs.createIndex({ a: 1, b: 1 });
    await docs.insertMany([
      { k: 'both', a: 1, b: 1 },
      { k: 'only-a', a: 1 },
      { k: 'other', a: 2, b: 1 },
    ]);

    assert.deepEqual(await keys({ a: 1 }), ['both', 'only-a']);
    assert.deepEqual(await keys({ b: 1 }), ['both', 'other']);
  });

  it('when indexed ObjectId, Date and embedded-document values are queried by equality, then exact matches come back', async function () {
    const owner = new ObjectId();
    const when = new Date('2025-02-03T04:05:06.007Z');
    await docs.createIndexes([{ key: { owner: 1 } }, { key: { at: 1 } }, { key: { addr: 1 } }]);
    await docs.insertMany([
      { k: 'a', owner, at: when, addr: { city: 'A', zip: '1' } },
      { k: 'b', owner: new ObjectId(), at: new Date(when.getTime() + 1), addr: { city: 'A' } },
    ]);

    assert.deepEqual(await keys({ owner }), ['a']);
    assert.deepEqual(await keys({ at: when }), ['a']);
    assert.deepEqual(await keys({ addr: { city: 'A' } }), ['b']);
    assert.deepEqual(await keys({ _id: { $in: [] } }), []);
  });
});
