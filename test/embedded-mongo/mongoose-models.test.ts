import assert from 'node:assert/strict';
import mongoose, { Schema, type Connection, type Model, type Types } from 'mongoose';
import { useMongoTarget } from '../helpers/mongo-target.js';

interface Line {
  _id: Types.ObjectId;
  sku: string;
  qty: number;
}

interface Order {
  ref: string;
  status: 'open' | 'closed';
  lines: Line[];
  score?: number;
}

interface LoginSession {
  sid: string;
  createdAt: Date;
}

/** Further mongoose paths: subdocument arrays, by-id helpers, validators on update, TTL schema option, bulkWrite. */
describe('conformance: mongoose models', function () {
  const target = useMongoTarget();
  let base: Connection;
  let conn: Connection;
  let OrderModel: Model<Order>;

  before(async function () {
    base = await mongoose.createConnection(target.uri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
  });

  after(async function () {
    await base?.close();
  });

  beforeEach(async function () {
    conn = base.useDb(target.freshDbName(), { useCache: false });
    const lineSchema = new Schema<Line>({
      sku: { type: String, required: true },
      qty: { type: Number, min: 0 },
    });
    const orderSchema = new Schema<Order>({
      ref: { type: String, required: true, unique: true },
      status: { type: String, enum: ['open', 'closed'], default: 'open' },
      lines: [lineSchema],
      score: { type: Number, min: 1, max: 5 },
    });
    OrderModel = conn.model<Order>('Order', orderSchema);
    await OrderModel.init();
  });

  it('when subdocuments are pushed and saved, then each gets its own ObjectId and is stored in order', async function () {
    const order = await OrderModel.create({ ref: 'o1', lines: [{ sku: 'a', qty: 1 }] });

    order.lines.push({ sku: 'b', qty: 2 } as Line);
    await order.save();

    const stored = await OrderModel.findById(order._id).lean().orFail();
    assert.deepEqual(
      stored.lines.map((line) => line.sku),
      ['a', 'b'],
    );
    assert.ok(stored.lines.every((line) => line._id instanceof mongoose.Types.ObjectId));
    assert.notEqual(stored.lines[0]._id.toHexString(), stored.lines[1]._id.toHexString());
  });

  it('when a subdocument is updated through the positional operator, then only that line changes', async function () {
    await OrderModel.create({
      ref: 'o1',
      lines: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 2 },
      ],
    });

    await OrderModel.updateOne({ ref: 'o1', 'lines.sku': 'b' }, { $set: { 'lines.$.qty': 7 } });

    const stored = await OrderModel.findOne({ ref: 'o1' }).lean().orFail();
    assert.deepEqual(
      stored.lines.map((line) => [line.sku, line.qty]),
      [
        ['a', 1],
        ['b', 7],
      ],
    );
  });

  it('when a subdocument is removed with $pull by _id, then the others stay', async function () {
    const order = await OrderModel.create({
      ref: 'o1',
      lines: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 2 },
      ],
    });

    await OrderModel.updateOne({ _id: order._id }, { $pull: { lines: { _id: order.lines[0]._id } } });

    const stored = await OrderModel.findById(order._id).lean().orFail();
    assert.deepEqual(
      stored.lines.map((line) => line.sku),
      ['b'],
    );
  });

  it('when findByIdAndUpdate, exists and findByIdAndDelete run, then they find the document by its ObjectId', async function () {
    const order = await OrderModel.create({ ref: 'o1' });

    const updated = await OrderModel.findByIdAndUpdate(
      order._id,
      { $set: { status: 'closed' } },
      { returnDocument: 'after' },
    ).lean();
    const exists = await OrderModel.exists({ ref: 'o1' });
    const deleted = await OrderModel.findByIdAndDelete(order._id).lean();
    const afterDelete = await OrderModel.exists({ ref: 'o1' });

    assert.equal(updated?.status, 'closed');
    assert.equal(exists?._id.toHexString(), order._id.toHexString());
    assert.equal(deleted?.ref, 'o1');
    assert.equal(afterDelete, null);
  });

  it('when an update breaks a validator with runValidators, then it is rejected and nothing changes', async function () {
    await OrderModel.create({ ref: 'o1', score: 3 });

    const error = await OrderModel.updateOne(
      { ref: 'o1' },
      { $set: { score: 9 } },
      { runValidators: true },
    ).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    assert.ok(error instanceof mongoose.Error.ValidationError);
    assert.equal((await OrderModel.findOne({ ref: 'o1' }).lean())?.score, 3);
  });

  it('when queries page with sort, skip and limit, then pages do not overlap and cover every document', async function () {
    await OrderModel.insertMany(
      Array.from({ length: 23 }, (_, i) => ({ ref: `o${String(i).padStart(2, '0')}` })),
    );

    const pages: string[][] = [];
    for (let page = 0; page < 3; page += 1) {
      const docs = await OrderModel.find()
        .sort({ ref: 1 })
        .skip(page * 10)
        .limit(10)
        .lean();
      pages.push(docs.map((doc) => doc.ref));
    }

    assert.deepEqual(
      pages.map((page) => page.length),
      [10, 10, 3],
    );
    assert.equal(new Set(pages.flat()).size, 23);
    assert.equal(await OrderModel.countDocuments(), 23);
  });

  it('when bulkWrite mixes inserts, updates and deletes, then the counts and data match', async function () {
    await OrderModel.create([{ ref: 'keep' }, { ref: 'drop' }]);

    const result = await OrderModel.bulkWrite([
      { insertOne: { document: { ref: 'new', status: 'open', lines: [] } } },
      { updateOne: { filter: { ref: 'keep' }, update: { $set: { status: 'closed' } } } },
      { deleteOne: { filter: { ref: 'drop' } } },
      { updateOne: { filter: { ref: 'upserted' }, update: { $set: { status: 'open' } }, upsert: true } },
    ]);

    assert.equal(result.insertedCount, 1);
    assert.equal(result.modifiedCount, 1);
    assert.equal(result.deletedCount, 1);
    assert.equal(result.upsertedCount, 1);
    assert.deepEqual((await OrderModel.distinct('ref')).sort(), ['keep', 'new', 'upserted']);
  });

  it('when a schema path declares expires, then the model builds a TTL index with that many seconds', async function () {
    const SessionModel = conn.model<LoginSession>(
      'LoginSession',
      new Schema<LoginSession>({ sid: String, createdAt: { type: Date, expires: 3600, default: Date.now } }),
    );
    await SessionModel.init();

    const indexes = await SessionModel.collection.listIndexes().toArray();

    assert.equal(indexes.find((index) => index.name === 'createdAt_1')?.expireAfterSeconds, 3600);
  });
});
