import assert from 'node:assert/strict';
import { ObjectId, type Db, type Document } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';

describe('conformance: insert and find', function () {
  const target = useMongoTarget();
  let db: Db;

  beforeEach(function () {
    db = target.client.db(target.freshDbName());
  });

  describe('insert', function () {
    it('when a document has no _id, then insertOne generates an ObjectId and stores it', async function () {
      const people = db.collection('people');

      const result = await people.insertOne({ name: 'Ada' });

      assert.ok(result.insertedId instanceof ObjectId);
      const stored = await people.findOne({ name: 'Ada' });
      assert.ok(stored?._id instanceof ObjectId);
      assert.ok(stored._id.equals(result.insertedId));
    });

    it('when the server receives a document without _id, then it adds an ObjectId itself', async function () {
      // forceServerObjectId makes the driver leave _id out, so the server must generate it.
      const people = db.collection('people');

      await people.insertOne({ name: 'Grace' }, { forceServerObjectId: true });
      await people.insertMany([{ name: 'Linus' }, { name: 'Ken' }], { forceServerObjectId: true });

      const stored = await people.find().toArray();
      assert.equal(stored.length, 3);
      for (const doc of stored)
        assert.ok(doc._id instanceof ObjectId, `expected an ObjectId, got ${String(doc._id)}`);
      assert.equal(new Set(stored.map((doc) => doc._id.toHexString())).size, 3);
    });

    it('when a document has its own _id, then insertOne keeps it', async function () {
      const things = db.collection<{ _id: string; v: number }>('things');

      const result = await things.insertOne({ _id: 'custom-id', v: 1 });

      assert.equal(result.insertedId, 'custom-id');
      assert.deepEqual(await things.findOne({ _id: 'custom-id' }), { _id: 'custom-id', v: 1 });
    });

    it('when insertMany gets several documents, then it reports every inserted id and stores them all', async function () {
      const items = db.collection('items');

      const result = await items.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);

      assert.equal(result.insertedCount, 3);
      assert.deepEqual(Object.keys(result.insertedIds), ['0', '1', '2']);
      assert.equal(await items.countDocuments(), 3);
      const stored = await items.find({}, { sort: { n: 1 } }).toArray();
      assert.deepEqual(
        stored.map((doc) => doc._id.toHexString()),
        [0, 1, 2].map((i) => result.insertedIds[i].toHexString()),
      );
    });

    it('when a document holds nested objects, arrays and several types, then it reads back identical', async function () {
      const docs = db.collection('docs');
      const original = {
        _id: new ObjectId(),
        s: 'text é 日本',
        i: 42,
        d: 3.25,
        neg: -7,
        b: true,
        nul: null,
        date: new Date('2024-02-29T12:34:56.789Z'),
        arr: [1, 'two', { three: 3 }, [4]],
        nested: { a: { b: { c: 'deep' } }, empty: {} },
        emptyArr: [],
      };

      await docs.insertOne(original);

      assert.deepEqual(await docs.findOne({ _id: original._id }), original);
    });
  });

  describe('find', function () {
    let people: ReturnType<Db['collection']>;

    beforeEach(async function () {
      people = db.collection('people');
      await people.insertMany([
        {
          name: 'ada',
          age: 36,
          city: 'London',
          tags: ['math', 'code'],
          address: { zip: '100' },
          scores: [5, 9],
        },
        { name: 'bob', age: 25, city: 'Paris', tags: ['art'], address: { zip: '200' }, scores: [3] },
        { name: 'cy', age: 41, city: 'London', tags: [], address: { zip: '300' }, scores: [] },
        { name: 'dee', age: 25, city: 'Rome', tags: ['code', 'art'], scores: [7, 8] },
        {
          name: 'eve',
          age: 30,
          city: 'Paris',
          tags: ['math'],
          address: { zip: '200' },
          nick: null,
          scores: [1],
        },
      ]);
    });

    const names = async (filter: Document, options: Document = {}): Promise<string[]> =>
      (await people.find(filter, { sort: { name: 1 }, ...options }).toArray()).map(
        (doc) => doc.name as string,
      );

    it('when filtering with comparison operators, then only matching documents come back', async function () {
      assert.deepEqual(await names({ age: { $gt: 30 } }), ['ada', 'cy']);
      assert.deepEqual(await names({ age: { $gte: 30, $lt: 40 } }), ['ada', 'eve']);
      assert.deepEqual(await names({ age: { $ne: 25 } }), ['ada', 'cy', 'eve']);
      assert.deepEqual(await names({ city: { $in: ['Rome', 'Paris'] } }), ['bob', 'dee', 'eve']);
      assert.deepEqual(await names({ city: { $nin: ['Rome', 'Paris'] } }), ['ada', 'cy']);
    });

    it('when filtering with logical operators, $exists and $regex, then MongoDB semantics apply', async function () {
      assert.deepEqual(await names({ $or: [{ city: 'Rome' }, { age: 41 }] }), ['cy', 'dee']);
      assert.deepEqual(await names({ $and: [{ city: 'London' }, { age: { $lt: 40 } }] }), ['ada']);
      assert.deepEqual(await names({ address: { $exists: false } }), ['dee']);
      assert.deepEqual(await names({ nick: { $exists: true } }), ['eve']);
      // null matches both an explicit null and a missing field.
      assert.deepEqual(await names({ nick: null }), ['ada', 'bob', 'cy', 'dee', 'eve']);
      assert.deepEqual(await names({ name: { $regex: '^[a-c]' } }), ['ada', 'bob', 'cy']);
      assert.deepEqual(await names({ name: /E$/i }), ['dee', 'eve']);
      assert.deepEqual(await names({ age: { $not: { $gt: 30 } } }), ['bob', 'dee', 'eve']);
    });

    it('when filtering on dotted paths and arrays, then nested fields and array elements match', async function () {
      assert.deepEqual(await names({ 'address.zip': '200' }), ['bob', 'eve']);
      assert.deepEqual(await names({ tags: 'code' }), ['ada', 'dee']);
      assert.deepEqual(await names({ tags: { $all: ['code', 'art'] } }), ['dee']);
      assert.deepEqual(await names({ tags: { $size: 0 } }), ['cy']);
      assert.deepEqual(await names({ scores: { $elemMatch: { $gt: 6, $lt: 8 } } }), ['dee']);
      assert.deepEqual(await names({ tags: ['math'] }), ['eve']);
    });

    it('when a projection includes fields, then only those fields and _id come back', async function () {
      const docs = await people
        .find({ name: 'ada' }, { projection: { name: 1, 'address.zip': 1 } })
        .toArray();

      assert.equal(docs.length, 1);
      assert.deepEqual(Object.keys(docs[0]).sort(), ['_id', 'address', 'name']);
      assert.deepEqual(docs[0].address, { zip: '100' });
    });

    it('when a projection excludes fields or _id, then those fields are left out', async function () {
      const withoutId = await people.findOne({ name: 'bob' }, { projection: { _id: 0, name: 1, age: 1 } });
      const excluded = await people.findOne(
        { name: 'bob' },
        { projection: { tags: 0, address: 0, scores: 0 } },
      );

      assert.deepEqual(withoutId, { name: 'bob', age: 25 });
      assert.deepEqual(Object.keys(excluded ?? {}).sort(), ['_id', 'age', 'city', 'name']);
    });

    it('when sorting on several keys, then the order follows each key and direction', async function () {
      const docs = await people.find({}, { sort: { age: -1, name: 1 } }).toArray();

      assert.deepEqual(
        docs.map((doc) => doc.name),
        ['cy', 'ada', 'eve', 'bob', 'dee'],
      );
    });

    it('when skip and limit are given with a sort, then the matching window comes back', async function () {
      assert.deepEqual(await names({}, { skip: 1, limit: 2 }), ['bob', 'cy']);
      assert.deepEqual(await names({}, { sort: { name: -1 }, skip: 3 }), ['bob', 'ada']);
      assert.deepEqual(await names({}, { skip: 10 }), []);
    });

    it('when sorting values of different types and a missing field, then the BSON type order applies', async function () {
      const mixed = db.collection('mixed');
      await mixed.insertMany([
        { k: 'b', v: 'b' },
        { k: '2', v: 2 },
        { k: 'missing' },
        { k: '1', v: 1.5 },
        { k: 'a', v: 'a' },
      ]);

      const docs = await mixed.find({}, { sort: { v: 1 } }).toArray();

      assert.deepEqual(
        docs.map((doc) => doc.k),
        ['missing', '1', '2', 'a', 'b'],
      );
    });

    it('when findOne matches nothing, then it returns null', async function () {
      assert.equal(await people.findOne({ name: 'nobody' }), null);
    });
  });

  describe('counting and distinct', function () {
    it('when counting with a filter, skip and limit, then countDocuments reports the matching number', async function () {
      const items = db.collection('items');
      await items.insertMany(Array.from({ length: 20 }, (_, n) => ({ n, even: n % 2 === 0 })));

      assert.equal(await items.countDocuments(), 20);
      assert.equal(await items.countDocuments({ even: true }), 10);
      assert.equal(await items.countDocuments({ n: { $gte: 5 } }, { skip: 3, limit: 4 }), 4);
      assert.equal(await items.countDocuments({ n: { $gte: 18 } }, { skip: 1 }), 1);
      assert.equal(await items.countDocuments({ n: 99 }), 0);
    });

    it('when a collection holds documents, then estimatedDocumentCount reports them', async function () {
      const items = db.collection('items');
      await items.insertMany(Array.from({ length: 7 }, (_, n) => ({ n })));

      assert.equal(await items.estimatedDocumentCount(), 7);
      assert.equal(await db.collection('never-created').estimatedDocumentCount(), 0);
    });

    it('when asking for distinct values, then duplicates and array elements are flattened', async function () {
      const people = db.collection('people');
      await people.insertMany([
        { city: 'London', tags: ['a', 'b'], address: { zip: '1' } },
        { city: 'Paris', tags: ['b', 'c'], address: { zip: '2' } },
        { city: 'London', tags: 'd', address: { zip: '1' } },
        { city: 'Rome' },
      ]);

      assert.deepEqual((await people.distinct('city')).sort(), ['London', 'Paris', 'Rome']);
      assert.deepEqual((await people.distinct('tags')).sort(), ['a', 'b', 'c', 'd']);
      assert.deepEqual((await people.distinct('address.zip')).sort(), ['1', '2']);
      assert.deepEqual((await people.distinct('city', { tags: 'b' })).sort(), ['London', 'Paris']);
      assert.deepEqual(await people.distinct('nothing'), []);
    });
  });
});
