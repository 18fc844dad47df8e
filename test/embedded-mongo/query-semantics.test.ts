import assert from 'node:assert/strict';
import type { Collection, Db, Document } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';
import { serverError } from './fixtures/assertions.js';

/** Query details where MongoDB differs from a naive JavaScript evaluation. */
describe('conformance: query semantics', function () {
  const target = useMongoTarget();
  let db: Db;
  let docs: Collection<Document>;

  beforeEach(function () {
    db = target.client.db(target.freshDbName());
    docs = db.collection('docs');
  });

  const keys = async (filter: Document, options: Document = {}): Promise<string[]> =>
    (await docs.find(filter, { sort: { k: 1 }, ...options }).toArray()).map((doc) => doc.k as string);

  it('when comparing with $gt and $lt, then only values of the same type bracket match', async function () {
    await docs.insertMany([
      { k: 'num', v: 10 },
      { k: 'str', v: '10' },
      { k: 'null', v: null },
      { k: 'missing' },
      { k: 'bool', v: true },
      { k: 'date', v: new Date('2025-01-01') },
      { k: 'arr', v: [3, 7] },
    ]);

    assert.deepEqual(await keys({ v: { $gt: 5 } }), ['arr', 'num']);
    assert.deepEqual(await keys({ v: { $lt: 'm' } }), ['str']);
    assert.deepEqual(await keys({ v: { $gte: null } }), ['missing', 'null']);
    assert.deepEqual(await keys({ v: { $ne: null } }), ['arr', 'bool', 'date', 'num', 'str']);
  });

  it('when matching an embedded document by equality, then field order and the exact field set matter', async function () {
    await docs.insertMany([
      { k: 'ordered', addr: { city: 'A', zip: '1' } },
      { k: 'reversed', addr: { zip: '1', city: 'A' } },
      { k: 'extra', addr: { city: 'A', zip: '1', street: 'S' } },
    ]);

    assert.deepEqual(await keys({ addr: { city: 'A', zip: '1' } }), ['ordered']);
    assert.deepEqual(await keys({ 'addr.city': 'A', 'addr.zip': '1' }), ['extra', 'ordered', 'reversed']);
  });

  it('when matching an array by equality, then order matters and a nested equal array also matches', async function () {
    await docs.insertMany([
      { k: 'same', tags: ['a', 'b'] },
      { k: 'swapped', tags: ['b', 'a'] },
      { k: 'nested', tags: [['a', 'b'], 'c'] },
    ]);

    assert.deepEqual(await keys({ tags: ['a', 'b'] }), ['nested', 'same']);
  });

  it('when range conditions apply to an array without $elemMatch, then different elements may satisfy each', async function () {
    await docs.insertMany([
      { k: 'split', scores: [5, 9] },
      { k: 'inside', scores: [7] },
      { k: 'outside', scores: [1, 2] },
    ]);

    assert.deepEqual(await keys({ scores: { $gt: 6, $lt: 8 } }), ['inside', 'split']);
    assert.deepEqual(await keys({ scores: { $elemMatch: { $gt: 6, $lt: 8 } } }), ['inside']);
  });

  it('when a path uses a numeric array index or crosses an array of documents, then it matches elements', async function () {
    await docs.insertMany([
      {
        k: 'first',
        items: [
          { sku: 'x', qty: 1 },
          { sku: 'y', qty: 5 },
        ],
      },
      {
        k: 'second',
        items: [
          { sku: 'y', qty: 2 },
          { sku: 'x', qty: 9 },
        ],
      },
    ]);

    assert.deepEqual(await keys({ 'items.0.sku': 'x' }), ['first']);
    assert.deepEqual(await keys({ 'items.sku': 'x', 'items.qty': 5 }), ['first']);
    assert.deepEqual(await keys({ items: { $elemMatch: { sku: 'x', qty: { $gt: 5 } } } }), ['second']);
  });

  it('when using $nor, $mod and $in with a regular expression, then MongoDB semantics apply', async function () {
    await docs.insertMany([
      { k: 'ann', n: 4 },
      { k: 'bob', n: 7 },
      { k: 'cat', n: 10 },
    ]);

    assert.deepEqual(await keys({ $nor: [{ k: 'ann' }, { n: { $gt: 8 } }] }), ['bob']);
    assert.deepEqual(await keys({ n: { $mod: [2, 0] } }), ['ann', 'cat']);
    assert.deepEqual(await keys({ k: { $in: [/^a/, 'cat'] } }), ['ann', 'cat']);
  });

  it('when sorting by an array field, then ascending uses the smallest and descending the largest element', async function () {
    await docs.insertMany([
      { k: 'a', v: [1, 10] },
      { k: 'b', v: [5] },
      { k: 'c', v: 7 },
    ]);

    assert.deepEqual(await keys({}, { sort: { v: 1 } }), ['a', 'b', 'c']);
    assert.deepEqual(await keys({}, { sort: { v: -1 } }), ['a', 'c', 'b']);
  });

  it('when sorting by a dotted path, then nested values decide the order', async function () {
    await docs.insertMany([
      { k: 'a', addr: { zip: '3' } },
      { k: 'b', addr: { zip: '1' } },
      { k: 'c', addr: { zip: '2' } },
    ]);

    assert.deepEqual(await keys({}, { sort: { 'addr.zip': 1 } }), ['b', 'c', 'a']);
  });

  it('when projecting with $slice, $elemMatch and the positional operator, then only the selected elements come back', async function () {
    await docs.insertOne({
      k: 'a',
      scores: [1, 2, 3, 4],
      items: [
        { sku: 'x', qty: 1 },
        { sku: 'y', qty: 5 },
        { sku: 'z', qty: 6 },
      ],
    });

    const sliced = await docs.findOne(
      { k: 'a' },
      { projection: { _id: 0, first: 1, scores: { $slice: 2 } } },
    );
    const last = await docs.findOne({ k: 'a' }, { projection: { _id: 0, scores: { $slice: -1 } } });
    const matched = await docs.findOne(
      { k: 'a' },
      { projection: { _id: 0, items: { $elemMatch: { qty: { $gt: 2 } } } } },
    );
    const positional = await docs.findOne(
      { k: 'a', 'items.sku': 'z' },
      { projection: { _id: 0, 'items.$': 1 } },
    );
    const subfields = await docs.findOne({ k: 'a' }, { projection: { _id: 0, 'items.sku': 1 } });

    assert.deepEqual(sliced, { scores: [1, 2] });
    assert.deepEqual(last?.scores, [4]);
    assert.deepEqual(matched, { items: [{ sku: 'y', qty: 5 }] });
    assert.deepEqual(positional, { items: [{ sku: 'z', qty: 6 }] });
    assert.deepEqual(subfields, { items: [{ sku: 'x' }, { sku: 'y' }, { sku: 'z' }] });
  });

  it('when a query hints an existing index, then it runs; when it hints a missing one, then it fails', async function () {
    await docs.createIndex({ a: 1 });
    await docs.insertMany([
      { k: 'x', a: 1 },
      { k: 'y', a: 2 },
    ]);

    assert.deepEqual(await keys({ a: 2 }, { hint: { a: 1 } }), ['y']);
    assert.deepEqual(await keys({ a: 2 }, { hint: 'a_1' }), ['y']);
    await serverError(docs.find({}, { hint: 'missing_1' }).toArray());
  });

  it('when a filter uses an unknown operator, then the query fails instead of matching nothing', async function () {
    await docs.insertOne({ k: 'a', v: 1 });

    await serverError(docs.find({ v: { $bogus: 1 } } as Document).toArray());
  });
});
