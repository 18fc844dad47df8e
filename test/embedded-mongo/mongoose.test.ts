import assert from 'node:assert/strict';
import mongoose, { Schema, type Connection, type Model, type Types } from 'mongoose';
import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';

interface User {
  email: string;
  name?: string;
  age?: number;
  status: string;
  tags: string[];
  createdAt?: Date;
  updatedAt?: Date;
}

interface Post {
  title: string;
  author: Types.ObjectId;
}

function userSchema(): Schema<User> {
  return new Schema<User>(
    {
      email: { type: String, required: true, unique: true },
      name: String,
      age: { type: Number, min: 0 },
      status: { type: String, default: 'new' },
      tags: [String],
    },
    { timestamps: true },
  );
}

describe('conformance: mongoose', function () {
  const target = useMongoTarget();
  let base: Connection;
  let conn: Connection;
  let User: Model<User>;
  let PostModel: Model<Post>;

  before(async function () {
    base = await mongoose.createConnection(target.uri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
  });

  after(async function () {
    await base?.close();
  });

  beforeEach(async function () {
    conn = base.useDb(target.freshDbName(), { useCache: false });
    User = conn.model<User>('User', userSchema());
    PostModel = conn.model<Post>(
      'Post',
      new Schema<Post>({ title: String, author: { type: Schema.Types.ObjectId, ref: 'User' } }),
    );
    await User.init();
    await PostModel.init();
  });

  it('when a document is created, then it gets an ObjectId, defaults and timestamps, and find returns it', async function () {
    const created = await User.create({ email: 'a@x', name: 'Ann', age: 30 });

    const found = await User.findById(created._id).lean();
    const byFilter = await User.find({ age: { $gte: 18 } })
      .select('email -_id')
      .sort({ email: 1 })
      .lean();

    assert.ok(created._id instanceof mongoose.Types.ObjectId);
    assert.equal(found?.status, 'new');
    assert.ok(found?.createdAt instanceof Date);
    assert.equal(found?.email, 'a@x');
    assert.deepEqual(byFilter, [{ email: 'a@x' }]);
  });

  it('when the schema declares a unique field, then init builds the index and a duplicate is a MongoServerError 11000', async function () {
    await User.create({ email: 'dup@x' });

    const error = await User.create({ email: 'dup@x' }).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    assert.ok(error instanceof MongoServerError, `expected a MongoServerError, got ${String(error)}`);
    assert.equal(error.code, 11000);
    assert.deepEqual(error.keyPattern, { email: 1 });
    assert.deepEqual(error.keyValue, { email: 'dup@x' });
    assert.equal(await User.countDocuments(), 1);
  });

  it('when insertMany hits a duplicate, then the error carries code 11000', async function () {
    await User.create({ email: 'a@x' });

    const error = await User.insertMany([{ email: 'b@x' }, { email: 'a@x' }]).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    assert.ok(error instanceof MongoBulkWriteError, `expected a MongoBulkWriteError, got ${String(error)}`);
    assert.equal(error.code, 11000);
    assert.deepEqual((await User.distinct('email')).sort(), ['a@x', 'b@x']);
  });

  it('when updateOne applies $set, $inc and $push, then the stored document changes and counts are reported', async function () {
    await User.create({ email: 'a@x', age: 30, tags: ['x'] });

    const result = await User.updateOne(
      { email: 'a@x' },
      { $set: { name: 'Ann' }, $inc: { age: 1 }, $push: { tags: 'y' } },
    );

    assert.equal(result.matchedCount, 1);
    assert.equal(result.modifiedCount, 1);
    const stored = await User.findOne({ email: 'a@x' }).lean();
    assert.equal(stored?.name, 'Ann');
    assert.equal(stored?.age, 31);
    assert.deepEqual(stored?.tags, ['x', 'y']);
  });

  it('when findOneAndUpdate asks for the document after or before, then it returns that version', async function () {
    await User.create({ email: 'a@x', age: 30 });

    const updated = await User.findOneAndUpdate(
      { email: 'a@x' },
      { $inc: { age: 5 } },
      { returnDocument: 'after' },
    ).lean();
    const previous = await User.findOneAndUpdate(
      { email: 'a@x' },
      { $inc: { age: 1 } },
      { returnDocument: 'before' },
    ).lean();

    assert.equal(updated?.age, 35);
    assert.equal(previous?.age, 35);
    assert.equal((await User.findOne({ email: 'a@x' }).lean())?.age, 36);
  });

  it('when findOneAndUpdate upserts, then schema defaults and createdAt are set only on insert', async function () {
    const inserted = await User.findOneAndUpdate(
      { email: 'up@x' },
      { $set: { name: 'First' } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    await User.updateOne({ email: 'up@x' }, { $set: { status: 'active' } });
    const again = await User.findOneAndUpdate(
      { email: 'up@x' },
      { $set: { name: 'Second' } },
      { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true },
    ).lean();

    assert.equal(inserted?.status, 'new');
    assert.ok(inserted?.createdAt instanceof Date);
    assert.equal(again?.name, 'Second');
    assert.equal(again?.status, 'active');
    assert.equal(again?.createdAt?.getTime(), inserted?.createdAt?.getTime());
    assert.equal(await User.countDocuments(), 1);
  });

  it('when findOneAndUpdate would duplicate a unique value, then it rejects with code 11000', async function () {
    await User.create([{ email: 'a@x' }, { email: 'b@x' }]);

    const error = await User.findOneAndUpdate({ email: 'b@x' }, { $set: { email: 'a@x' } }).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    assert.ok(error instanceof MongoServerError, `expected a MongoServerError, got ${String(error)}`);
    assert.equal(error.code, 11000);
    assert.deepEqual(error.keyValue, { email: 'a@x' });
  });

  it('when deleteMany runs with a filter, then only the matching documents are removed', async function () {
    await User.create([{ email: 'a@x', status: 'gone' }, { email: 'b@x', status: 'gone' }, { email: 'c@x' }]);

    const result = await User.deleteMany({ status: 'gone' });

    assert.equal(result.deletedCount, 2);
    assert.deepEqual(await User.distinct('email'), ['c@x']);
  });

  it('when posts are populated, then each author reference is replaced by the user document', async function () {
    const [ann, bob] = await User.create([{ email: 'ann@x' }, { email: 'bob@x' }]);
    await PostModel.create([
      { title: 'one', author: ann._id },
      { title: 'two', author: bob._id },
      { title: 'three', author: ann._id },
    ]);

    const posts = await PostModel.find().sort({ title: 1 }).populate<{ author: User }>('author').lean();

    assert.deepEqual(
      posts.map((post) => [post.title, post.author.email]),
      [
        ['one', 'ann@x'],
        ['three', 'ann@x'],
        ['two', 'bob@x'],
      ],
    );
  });

  it('when an array is changed through save on two stale copies, then the second save fails with a VersionError', async function () {
    const created = await User.create({ email: 'v@x', tags: ['a'] });
    const first = await User.findById(created._id).orFail();
    const second = await User.findById(created._id).orFail();

    first.tags.push('b');
    await first.save();
    second.tags.splice(0, 1);
    const error = await second.save().then(
      () => undefined,
      (caught: unknown) => caught,
    );

    assert.ok(error instanceof mongoose.Error.VersionError, `expected a VersionError, got ${String(error)}`);
    const stored = await User.findById(created._id).lean();
    assert.deepEqual(stored?.tags, ['a', 'b']);
    assert.equal((stored as { __v?: number } | null)?.__v, 1);
  });

  it('when validation fails, then nothing is written', async function () {
    const error = await User.create({ email: 'neg@x', age: -5 }).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    assert.ok(error instanceof mongoose.Error.ValidationError);
    assert.equal(await User.countDocuments(), 0);
  });

  it('when syncIndexes runs with a changed schema, then missing indexes are built and unknown ones dropped', async function () {
    await User.collection.createIndex({ age: 1 });
    const schema = userSchema();
    schema.index({ name: 1, status: -1 });
    // Without autoIndex the model does not race syncIndexes by building indexes on its own.
    schema.set('autoIndex', false);
    const Synced = conn.model<User>('SyncedUser', schema, User.collection.collectionName);

    const dropped = await Synced.syncIndexes();

    assert.deepEqual(dropped, ['age_1']);
    const names = (await User.collection.listIndexes().toArray()).map((index) => index.name).sort();
    assert.deepEqual(names, ['_id_', 'email_1', 'name_1_status_-1']);
  });

  it('when a query cursor streams many documents, then every document is visited once', async function () {
    await User.insertMany(Array.from({ length: 250 }, (_, i) => ({ email: `u${i}@x`, age: i })));

    let visited = 0;
    let total = 0;
    await User.find()
      .batchSize(40)
      .cursor()
      .eachAsync((user) => {
        visited += 1;
        total += user.age ?? 0;
      });

    assert.equal(visited, 250);
    assert.equal(total, (249 * 250) / 2);
  });

  it('when an aggregation runs through the model, then grouped results come back', async function () {
    await User.create([
      { email: 'a@x', status: 'x', age: 10 },
      { email: 'b@x', status: 'x', age: 20 },
      { email: 'c@x', status: 'y', age: 40 },
    ]);

    const groups = await User.aggregate<{ _id: string; avgAge: number; n: number }>([
      { $group: { _id: '$status', avgAge: { $avg: '$age' }, n: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);

    assert.deepEqual(groups, [
      { _id: 'x', avgAge: 15, n: 2 },
      { _id: 'y', avgAge: 40, n: 1 },
    ]);
  });
});
