import assert from 'node:assert/strict';
import { Decimal128, Long } from 'mongodb';
import { TestEngine } from './engine-helpers.js';

/**
 * What the embedded engine refuses, with a clear error, instead of answering wrongly. A real
 * MongoDB accepts all of these, so these tests run against the engine only.
 */
describe('embedded engine refusals', () => {
  let t: TestEngine;
  before(async () => {
    t = await TestEngine.start();
  });
  after(async () => {
    await t.destroy();
  });

  const coll = () => t.client.db('refuse').collection('items');

  it('when a filter uses $where, then it is refused and no JavaScript runs in the engine', async () => {
    await coll().insertOne({ a: 1 });
    await assert.rejects(coll().find({ $where: 'this.a == 1' }).toArray(), (e: Error & { code?: number }) => {
      assert.equal(e.code, 115);
      return true;
    });
  });

  it('when a document holds a Decimal128, then the insert is refused with a message naming the type and nothing is stored', async () => {
    await assert.rejects(coll().insertOne({ price: Decimal128.fromString('0.1'), tag: 'dec' }), /Decimal128/);
    assert.equal(await coll().countDocuments({ tag: 'dec' }), 0);
  });

  it('when a 64-bit integer beyond 2^53 is written, then it is refused; within 2^53 it is stored exactly', async () => {
    await assert.rejects(
      coll().insertOne({ big: Long.fromString('9007199254740993'), tag: 'long' }),
      /2\^53/,
    );
    await coll().insertOne({ big: Long.fromString('9007199254740991'), tag: 'long-ok' });
    const doc = await coll().findOne({ tag: 'long-ok' });
    assert.equal(Number(doc?.big), 9007199254740991);
  });

  it('when collation, $out, a text index or a capped collection is asked for, then each is refused as unsupported', async () => {
    const unsupported = { code: 115 };
    await assert.rejects(
      coll()
        .find({}, { collation: { locale: 'fr' } })
        .toArray(),
      unsupported,
    );
    await assert.rejects(
      coll()
        .aggregate([{ $match: {} }, { $out: 'copy' }])
        .toArray(),
      unsupported,
    );
    await assert.rejects(coll().createIndex({ body: 'text' }), unsupported);
    await assert.rejects(
      t.client.db('refuse').createCollection('capped', { capped: true, size: 4096 }),
      unsupported,
    );
    const names = (await t.client.db('refuse').listCollections().toArray()).map((c) => c.name);
    assert.deepEqual(names.sort(), ['items']);
  });
});
