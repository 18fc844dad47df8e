import assert from 'node:assert/strict';
import { MongoBulkWriteError, type Collection, type Db, type Document } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';
import { assertStartsWith, duplicateKeyPrefix, serverError } from './fixtures/assertions.js';

describe('conformance: duplicate-key errors', function () {
  const target = useMongoTarget();
  let dbName: string;
  let db: Db;
  let users: Collection<Document>;

  beforeEach(async function () {
    dbName = target.freshDbName();
    db = target.client.db(dbName);
    users = db.collection('users');
    await users.createIndex({ email: 1 }, { unique: true });
  });

  async function bulkWriteError(action: Promise<unknown>): Promise<MongoBulkWriteError> {
    const error = await action.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof MongoBulkWriteError, `expected a MongoBulkWriteError, got ${String(error)}`);
    return error;
  }

  it('when insertOne repeats a unique value, then the error has code 11000, keyPattern, keyValue and the E11000 message', async function () {
    await users.insertOne({ email: 'a@x', name: 'first' });

    const error = await serverError(users.insertOne({ email: 'a@x', name: 'second' }), 11000);

    assert.deepEqual(error.keyPattern, { email: 1 });
    assert.deepEqual(error.keyValue, { email: 'a@x' });
    assertStartsWith(error.message, duplicateKeyPrefix(dbName, 'users', 'email_1'));
    assert.equal(await users.countDocuments(), 1);
  });

  it('when insertOne repeats an _id, then the error names the _id_ index', async function () {
    await users.insertOne({ _id: 'same' as never, email: 'one@x' });

    const error = await serverError(users.insertOne({ _id: 'same' as never, email: 'two@x' }), 11000);

    assert.deepEqual(error.keyPattern, { _id: 1 });
    assert.deepEqual(error.keyValue, { _id: 'same' });
    assertStartsWith(error.message, duplicateKeyPrefix(dbName, 'users', '_id_'));
  });

  it('when a compound unique key repeats, then keyPattern and keyValue list every field of the index', async function () {
    const members = db.collection('members');
    await members.createIndex({ team: 1, number: 1 }, { unique: true });
    await members.insertOne({ team: 'red', number: 7 });

    const error = await serverError(members.insertOne({ team: 'red', number: 7 }), 11000);

    assert.deepEqual(error.keyPattern, { team: 1, number: 1 });
    assert.deepEqual(error.keyValue, { team: 'red', number: 7 });
    assertStartsWith(error.message, duplicateKeyPrefix(dbName, 'members', 'team_1_number_1'));
  });

  it('when insertMany hits a duplicate, then it throws a MongoBulkWriteError with code 11000 and an E11000 write error', async function () {
    await users.insertOne({ email: 'a@x' });

    const error = await bulkWriteError(users.insertMany([{ email: 'b@x' }, { email: 'a@x' }]));

    assert.equal(error.code, 11000);
    const writeErrors = [error.writeErrors].flat();
    assert.equal(writeErrors.length, 1);
    const [writeError] = writeErrors;
    assert.equal(writeError.code, 11000);
    assert.equal(writeError.index, 1);
    assertStartsWith(writeError.errmsg ?? '', duplicateKeyPrefix(dbName, 'users', 'email_1'));
  });

  it('when the insert command reports a duplicate, then its writeErrors entry carries keyPattern and keyValue', async function () {
    await users.insertOne({ email: 'a@x' });

    const reply = await db.command({ insert: 'users', documents: [{ email: 'b@x' }, { email: 'a@x' }] });

    assert.equal(reply.ok, 1);
    assert.equal(reply.n, 1);
    const [writeError] = reply.writeErrors as Array<Record<string, unknown>>;
    assert.equal(writeError.index, 1);
    assert.equal(writeError.code, 11000);
    assert.deepEqual(writeError.keyPattern, { email: 1 });
    assert.deepEqual(writeError.keyValue, { email: 'a@x' });
    assertStartsWith(writeError.errmsg as string, duplicateKeyPrefix(dbName, 'users', 'email_1'));
  });

  it('when an ordered insertMany hits a duplicate, then earlier documents are kept and later ones are not inserted', async function () {
    await users.insertOne({ email: 'taken@x' });

    const error = await bulkWriteError(
      users.insertMany([{ email: 'ok1@x' }, { email: 'taken@x' }, { email: 'ok2@x' }]),
    );

    assert.equal(error.insertedCount, 1);
    assert.deepEqual((await users.distinct('email')).sort(), ['ok1@x', 'taken@x']);
  });

  it('when an unordered insertMany hits duplicates, then it continues and reports each failing index', async function () {
    await users.insertOne({ email: 'taken@x' });

    const error = await bulkWriteError(
      users.insertMany(
        [{ email: 'u1@x' }, { email: 'taken@x' }, { email: 'u2@x' }, { email: 'u1@x' }, { email: 'u3@x' }],
        { ordered: false },
      ),
    );

    assert.equal(error.insertedCount, 3);
    assert.deepEqual(
      [error.writeErrors].flat().map((writeError) => [writeError.index, writeError.code]),
      [
        [1, 11000],
        [3, 11000],
      ],
    );
    assert.deepEqual((await users.distinct('email')).sort(), ['taken@x', 'u1@x', 'u2@x', 'u3@x']);
  });

  it('when updateOne would create a duplicate, then it fails with 11000 and the document is unchanged', async function () {
    await users.insertMany([{ email: 'a@x' }, { email: 'b@x' }]);

    const error = await serverError(users.updateOne({ email: 'b@x' }, { $set: { email: 'a@x' } }), 11000);

    assert.deepEqual(error.keyPattern, { email: 1 });
    assert.deepEqual(error.keyValue, { email: 'a@x' });
    assertStartsWith(error.message, duplicateKeyPrefix(dbName, 'users', 'email_1'));
    assert.deepEqual((await users.distinct('email')).sort(), ['a@x', 'b@x']);
  });

  it('when updateMany would give several documents the same unique value, then it fails with 11000 and uniqueness holds', async function () {
    await users.insertMany([{ email: 'a@x' }, { email: 'b@x' }, { email: 'c@x' }]);

    await serverError(users.updateMany({}, { $set: { email: 'same@x' } }), 11000);

    assert.ok((await users.countDocuments({ email: 'same@x' })) <= 1);
    assert.equal(await users.countDocuments(), 3);
  });

  it('when replaceOne would create a duplicate, then it fails with 11000 and the document is unchanged', async function () {
    await users.insertMany([
      { email: 'a@x', v: 1 },
      { email: 'b@x', v: 2 },
    ]);

    await serverError(users.replaceOne({ email: 'b@x' }, { email: 'a@x', v: 3 }), 11000);

    assert.equal((await users.findOne({ email: 'b@x' }))?.v, 2);
  });

  it('when an upsert would insert a duplicate, then it fails with 11000 and nothing is inserted', async function () {
    await users.insertOne({ email: 'a@x', name: 'existing' });

    const error = await serverError(
      users.updateOne({ name: 'new person' }, { $set: { email: 'a@x' } }, { upsert: true }),
      11000,
    );

    assert.deepEqual(error.keyValue, { email: 'a@x' });
    assert.equal(await users.countDocuments(), 1);
  });

  it('when findOneAndUpdate would create a duplicate, then the error is top-level 11000 with keyPattern and keyValue', async function () {
    await users.insertMany([{ email: 'a@x' }, { email: 'b@x' }]);

    const error = await serverError(
      users.findOneAndUpdate({ email: 'b@x' }, { $set: { email: 'a@x' } }, { returnDocument: 'after' }),
      11000,
    );

    assert.equal(error.codeName, 'DuplicateKey');
    assert.deepEqual(error.keyPattern, { email: 1 });
    assert.deepEqual(error.keyValue, { email: 'a@x' });
    assertStartsWith(error.message, duplicateKeyPrefix(dbName, 'users', 'email_1'));
    assert.equal(await users.countDocuments({ email: 'b@x' }), 1);
  });

  it('when findOneAndUpdate upserts a duplicate, then it fails with 11000 and nothing is inserted', async function () {
    await users.insertOne({ email: 'a@x', name: 'existing' });

    await serverError(
      users.findOneAndUpdate({ name: 'other' }, { $set: { email: 'a@x' } }, { upsert: true }),
      11000,
    );

    assert.equal(await users.countDocuments(), 1);
  });

  it('when findOneAndReplace would create a duplicate, then it fails with 11000', async function () {
    await users.insertMany([{ email: 'a@x' }, { email: 'b@x' }]);

    await serverError(users.findOneAndReplace({ email: 'b@x' }, { email: 'a@x' }), 11000);

    assert.deepEqual((await users.distinct('email')).sort(), ['a@x', 'b@x']);
  });

  it('when a duplicate insert failed, then the server keeps accepting new unique values', async function () {
    await users.insertOne({ email: 'a@x' });
    await serverError(users.insertOne({ email: 'a@x' }), 11000);

    await users.insertOne({ email: 'b@x' });

    assert.equal(await users.countDocuments(), 2);
  });

  it('when a document is deleted, then its unique value can be used again', async function () {
    await users.insertOne({ email: 'a@x' });
    await users.deleteOne({ email: 'a@x' });

    await users.insertOne({ email: 'a@x' });

    assert.equal(await users.countDocuments({ email: 'a@x' }), 1);
  });

  it('when a document changes its unique value, then its old value becomes free', async function () {
    await users.insertOne({ email: 'old@x' });
    await users.updateOne({ email: 'old@x' }, { $set: { email: 'new@x' } });

    await users.insertOne({ email: 'old@x' });

    assert.deepEqual((await users.distinct('email')).sort(), ['new@x', 'old@x']);
  });
});
