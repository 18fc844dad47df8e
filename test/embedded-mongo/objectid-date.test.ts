import assert from 'node:assert/strict';
import { ObjectId, type Db } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';

describe('conformance: ObjectId and Date', function () {
  const target = useMongoTarget();
  let db: Db;

  beforeEach(function () {
    db = target.client.db(target.freshDbName());
  });

  it('when an ObjectId is stored and read back, then it equals the original', async function () {
    const ref = new ObjectId();
    const { insertedId } = await db.collection('docs').insertOne({ ref, refs: [ref, new ObjectId()] });

    const stored = await db.collection('docs').findOne({ _id: insertedId });

    assert.ok(stored?.ref instanceof ObjectId);
    assert.ok(stored.ref.equals(ref));
    assert.equal(stored.ref.toHexString(), ref.toHexString());
    assert.ok((stored.refs as ObjectId[])[0].equals(ref));
  });

  it('when filtering by ObjectId, then only the document with that id or reference matches', async function () {
    const docs = db.collection('docs');
    const owner = new ObjectId();
    const other = new ObjectId();
    const { insertedIds } = await docs.insertMany([{ owner }, { owner: other }, { owner, extra: true }]);

    assert.equal((await docs.findOne({ _id: insertedIds[1] }))?.owner.toHexString(), other.toHexString());
    assert.equal(await docs.countDocuments({ owner }), 2);
    assert.equal(await docs.countDocuments({ owner: { $in: [other, new ObjectId()] } }), 1);
    assert.equal(
      await docs.countDocuments({ owner: owner.toHexString() }),
      0,
      'a hex string must not match an ObjectId',
    );
    assert.equal(await docs.countDocuments({ _id: { $ne: insertedIds[0] } }), 2);
  });

  it('when ObjectIds are sorted, then they follow their byte order', async function () {
    const docs = db.collection('docs');
    const ids = [
      '000000000000000000000003',
      '0000000000000000000000ff',
      '000000000000000000000001',
      '650000000000000000000000',
    ].map((hex) => new ObjectId(hex));
    await docs.insertMany(ids.map((_id) => ({ _id })));

    const sorted = await docs.find({}, { sort: { _id: 1 } }).toArray();

    assert.deepEqual(
      sorted.map((doc) => doc._id.toHexString()),
      [
        '000000000000000000000001',
        '000000000000000000000003',
        '0000000000000000000000ff',
        '650000000000000000000000',
      ],
    );
  });

  it('when a Date is stored and read back, then it is a Date with the same millisecond', async function () {
    const when = new Date('2025-03-30T01:59:59.999Z');
    const { insertedId } = await db
      .collection('docs')
      .insertOne({ when, epoch: new Date(0), early: new Date('1901-01-01T00:00:00Z') });

    const stored = await db.collection('docs').findOne({ _id: insertedId });

    assert.ok(stored?.when instanceof Date);
    assert.equal(stored.when.getTime(), when.getTime());
    assert.equal((stored.epoch as Date).getTime(), 0);
    assert.equal((stored.early as Date).toISOString(), '1901-01-01T00:00:00.000Z');
  });

  it('when filtering by a date range with $gte and $lt, then the bounds are inclusive and exclusive', async function () {
    const docs = db.collection('docs');
    await docs.insertMany([
      { k: 'before', at: new Date('2024-12-31T23:59:59.999Z') },
      { k: 'start', at: new Date('2025-01-01T00:00:00.000Z') },
      { k: 'inside', at: new Date('2025-01-15T12:00:00.000Z') },
      { k: 'end', at: new Date('2025-02-01T00:00:00.000Z') },
      { k: 'string', at: '2025-01-10' },
    ]);

    const inRange = await docs
      .find(
        { at: { $gte: new Date('2025-01-01T00:00:00Z'), $lt: new Date('2025-02-01T00:00:00Z') } },
        { sort: { at: 1 } },
      )
      .toArray();

    assert.deepEqual(
      inRange.map((doc) => doc.k),
      ['start', 'inside'],
    );
  });

  it('when sorting by date, then documents come in chronological order both ways', async function () {
    const docs = db.collection('docs');
    await docs.insertMany([
      { k: 'b', at: new Date('2021-06-01') },
      { k: 'd', at: new Date('2030-01-01') },
      { k: 'a', at: new Date('1999-12-31') },
      { k: 'c', at: new Date('2021-06-02') },
    ]);

    const ascending = await docs.find({}, { sort: { at: 1 } }).toArray();
    const descending = await docs.find({}, { sort: { at: -1 } }).toArray();

    assert.deepEqual(
      ascending.map((doc) => doc.k),
      ['a', 'b', 'c', 'd'],
    );
    assert.deepEqual(
      descending.map((doc) => doc.k),
      ['d', 'c', 'b', 'a'],
    );
  });

  it('when grouping by ObjectId and taking $max of dates, then ids and dates keep their types', async function () {
    const docs = db.collection('docs');
    const owner = new ObjectId();
    await docs.insertMany([
      { owner, at: new Date('2025-01-01') },
      { owner, at: new Date('2025-05-01') },
    ]);

    const [group] = await docs.aggregate([{ $group: { _id: '$owner', last: { $max: '$at' } } }]).toArray();

    assert.ok(group._id instanceof ObjectId && group._id.equals(owner));
    assert.ok(group.last instanceof Date);
    assert.equal(group.last.toISOString(), '2025-05-01T00:00:00.000Z');
  });
});
