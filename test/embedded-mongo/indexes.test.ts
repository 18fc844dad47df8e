import assert from 'node:assert/strict';
import type { Collection, Db, Document } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';
import { serverError } from './fixtures/assertions.js';

describe('conformance: indexes', function () {
  const target = useMongoTarget();
  let db: Db;
  let docs: Collection<Document>;

  beforeEach(function () {
    db = target.client.db(target.freshDbName());
    docs = db.collection('docs');
  });

  const indexByName = async (name: string): Promise<Document | undefined> =>
    (await docs.listIndexes().toArray()).find((index) => index.name === name);

  it('when a collection is created, then listIndexes shows the _id_ index', async function () {
    await docs.insertOne({ a: 1 });

    const indexes = await docs.listIndexes().toArray();

    assert.equal(indexes.length, 1);
    assert.equal(indexes[0].name, '_id_');
    assert.deepEqual(indexes[0].key, { _id: 1 });
  });

  it('when a unique index is created, then it gets the default name and listIndexes shows key and unique', async function () {
    const name = await docs.createIndex({ email: 1 }, { unique: true });

    assert.equal(name, 'email_1');
    const index = await indexByName('email_1');
    assert.deepEqual(index?.key, { email: 1 });
    assert.equal(index?.unique, true);
  });

  it('when a compound index with a descending key is created, then its default name joins the keys', async function () {
    const name = await docs.createIndex({ a: 1, b: -1 }, { unique: true });

    assert.equal(name, 'a_1_b_-1');
    assert.deepEqual((await indexByName('a_1_b_-1'))?.key, { a: 1, b: -1 });
  });

  it('when a unique index exists, then an equal value is refused and a different one accepted', async function () {
    await docs.createIndex({ email: 1 }, { unique: true });
    await docs.insertOne({ email: 'a@x' });

    await serverError(docs.insertOne({ email: 'a@x' }), 11000);
    await docs.insertOne({ email: 'b@x' });

    assert.equal(await docs.countDocuments(), 2);
  });

  it('when a compound unique index exists, then only the full key combination collides', async function () {
    await docs.createIndex({ a: 1, b: 1 }, { unique: true });
    await docs.insertMany([
      { a: 1, b: 1 },
      { a: 1, b: 2 },
      { a: 2, b: 1 },
    ]);

    await serverError(docs.insertOne({ a: 1, b: 2 }), 11000);

    assert.equal(await docs.countDocuments(), 3);
  });

  it('when a non-sparse unique index exists, then two documents missing the field collide on null', async function () {
    await docs.createIndex({ email: 1 }, { unique: true });
    await docs.insertOne({ name: 'no email 1' });

    const error = await serverError(docs.insertOne({ name: 'no email 2' }), 11000);

    assert.deepEqual(error.keyValue, { email: null });
  });

  it('when a sparse unique index exists, then documents missing the field do not collide but equal values do', async function () {
    await docs.createIndex({ email: 1 }, { unique: true, sparse: true });
    await docs.insertMany([{ name: 'x' }, { name: 'y' }, { name: 'z', email: 'e@x' }]);

    await serverError(docs.insertOne({ email: 'e@x' }), 11000);

    assert.equal((await indexByName('email_1'))?.sparse, true);
    assert.equal(await docs.countDocuments(), 3);
  });

  it('when a sparse unique index exists, then explicit nulls are indexed and collide', async function () {
    await docs.createIndex({ email: 1 }, { unique: true, sparse: true });
    await docs.insertOne({ email: null });

    await serverError(docs.insertOne({ email: null }), 11000);
  });

  it('when a partial unique index exists, then only documents matching the filter are constrained', async function () {
    await docs.createIndex({ email: 1 }, { unique: true, partialFilterExpression: { status: 'active' } });
    await docs.insertMany([
      { email: 'a@x', status: 'archived' },
      { email: 'a@x', status: 'archived' },
      { email: 'a@x', status: 'active' },
    ]);

    await serverError(docs.insertOne({ email: 'a@x', status: 'active' }), 11000);
    await serverError(docs.updateOne({ status: 'archived' }, { $set: { status: 'active' } }), 11000);

    assert.deepEqual((await indexByName('email_1'))?.partialFilterExpression, { status: 'active' });
    assert.equal(await docs.countDocuments({ status: 'active' }), 1);
  });

  it('when a unique index is on an array field, then any shared element collides but repeats within one document do not', async function () {
    await docs.createIndex({ tags: 1 }, { unique: true });
    await docs.insertOne({ tags: ['a', 'b', 'b'] });

    await serverError(docs.insertOne({ tags: ['c', 'b'] }), 11000);
    await docs.insertOne({ tags: ['c', 'd'] });

    assert.equal(await docs.countDocuments(), 2);
  });

  it('when a unique index is on a nested field, then it is enforced on the dotted path', async function () {
    await docs.createIndex({ 'profile.email': 1 }, { unique: true });
    await docs.insertOne({ profile: { email: 'n@x' } });

    const error = await serverError(docs.insertOne({ profile: { email: 'n@x', other: 1 } }), 11000);

    assert.deepEqual(error.keyPattern, { 'profile.email': 1 });
    assert.deepEqual(error.keyValue, { 'profile.email': 'n@x' });
  });

  it('when a TTL index is created, then listIndexes shows its expireAfterSeconds', async function () {
    const name = await docs.createIndex({ createdAt: 1 }, { expireAfterSeconds: 3600 });

    assert.equal(name, 'createdAt_1');
    assert.equal((await indexByName('createdAt_1'))?.expireAfterSeconds, 3600);
  });

  it('when an index is given a custom name, then it is listed and dropped by that name', async function () {
    await docs.createIndex({ a: 1 }, { name: 'my_index' });
    assert.ok(await indexByName('my_index'));

    await docs.dropIndex('my_index');

    assert.equal(await indexByName('my_index'), undefined);
  });

  it('when several indexes are created at once, then all of them are listed', async function () {
    const names = await docs.createIndexes([
      { key: { a: 1 } },
      { key: { b: -1 }, unique: true },
      { key: { c: 1, d: 1 }, name: 'cd' },
    ]);

    assert.deepEqual(names, ['a_1', 'b_-1', 'cd']);
    assert.deepEqual((await docs.listIndexes().toArray()).map((index) => index.name).sort(), [
      '_id_',
      'a_1',
      'b_-1',
      'cd',
    ]);
  });

  it('when the same index is created twice, then the second call succeeds and nothing is duplicated', async function () {
    await docs.createIndex({ email: 1 }, { unique: true });

    const again = await docs.createIndex({ email: 1 }, { unique: true });

    assert.equal(again, 'email_1');
    assert.equal((await docs.listIndexes().toArray()).length, 2);
  });

  it('when an index with the same name but different options is requested, then it is refused', async function () {
    await docs.createIndex({ email: 1 });

    const error = await serverError(docs.createIndex({ email: 1 }, { unique: true }));

    assert.ok(
      [85, 86].includes(error.code as number),
      `expected IndexOptionsConflict/IndexKeySpecsConflict, got ${error.code}`,
    );
    assert.equal((await indexByName('email_1'))?.unique, undefined);
  });

  it('when a unique index is created over existing duplicates, then it fails with 11000 and is not listed', async function () {
    await docs.insertMany([{ email: 'd@x' }, { email: 'd@x' }]);

    await serverError(docs.createIndex({ email: 1 }, { unique: true }), 11000);

    assert.equal(await indexByName('email_1'), undefined);
  });

  it('when a unique index is dropped by name, then duplicates are accepted again', async function () {
    await docs.createIndex({ email: 1 }, { unique: true });
    await docs.insertOne({ email: 'a@x' });

    await docs.dropIndex('email_1');
    await docs.insertOne({ email: 'a@x' });

    assert.equal(await docs.countDocuments({ email: 'a@x' }), 2);
  });

  it('when dropIndexes runs, then every index but _id_ is gone', async function () {
    await docs.createIndexes([{ key: { a: 1 } }, { key: { b: 1 }, unique: true }]);

    await docs.dropIndexes();

    assert.deepEqual(
      (await docs.listIndexes().toArray()).map((index) => index.name),
      ['_id_'],
    );
  });

  it('when dropIndex names a missing index, then it fails with IndexNotFound (27)', async function () {
    await docs.insertOne({ a: 1 });

    await serverError(docs.dropIndex('nope_1'), 27);
  });

  it('when dropIndex names _id_, then it is refused and the index stays', async function () {
    await docs.insertOne({ a: 1 });

    await serverError(docs.dropIndex('_id_'));

    assert.ok(await indexByName('_id_'));
  });

  it('when listIndexes runs on a missing collection, then it fails with NamespaceNotFound (26)', async function () {
    await serverError(db.collection('missing').listIndexes().toArray(), 26);
  });
});
