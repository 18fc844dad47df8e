import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';
import { serverError } from './fixtures/assertions.js';

describe('conformance: commands', function () {
  const target = useMongoTarget();
  let dbName: string;
  let db: Db;

  beforeEach(function () {
    dbName = target.freshDbName();
    db = target.client.db(dbName);
  });

  const admin = () => target.client.db('admin');
  const databaseNames = async (): Promise<string[]> =>
    ((await admin().command({ listDatabases: 1, nameOnly: true })).databases as Array<{ name: string }>).map(
      (entry) => entry.name,
    );

  it('when ping is sent, then the reply is ok: 1', async function () {
    assert.deepEqual(await admin().command({ ping: 1 }), { ok: 1 });
    assert.equal((await db.command({ ping: 1 })).ok, 1);
  });

  it('when hello is sent, then it reports a writable primary with the MongoDB size limits', async function () {
    const hello = await admin().command({ hello: 1 });

    assert.equal(hello.ok, 1);
    assert.equal(hello.isWritablePrimary, true);
    assert.equal(hello.maxBsonObjectSize, 16 * 1024 * 1024);
    assert.equal(hello.maxMessageSizeBytes, 48_000_000);
    assert.equal(hello.maxWriteBatchSize, 100_000);
    assert.ok(hello.maxWireVersion >= 9);
  });

  it('when buildInfo is sent, then it reports a version string and its parts', async function () {
    const info = await admin().command({ buildInfo: 1 });

    assert.equal(info.ok, 1);
    assert.match(info.version, /^\d+\.\d+\.\d+/);
    assert.ok(Array.isArray(info.versionArray));
    assert.equal(info.versionArray[0], Number(info.version.split('.')[0]));
  });

  it('when hostInfo is sent, then it describes the system', async function () {
    const info = await admin().command({ hostInfo: 1 });

    assert.equal(info.ok, 1);
    assert.equal(typeof info.system, 'object');
  });

  it('when serverStatus is sent, then it answers with the same version as buildInfo', async function () {
    const status = await admin().command({ serverStatus: 1 });
    const info = await admin().command({ buildInfo: 1 });

    assert.equal(status.ok, 1);
    assert.equal(status.version, info.version);
  });

  it('when commands run, then serverStatus counts them by name in metrics.commands (total and failed)', async function () {
    const counts = async (name: string) => {
      const entry = (await admin().command({ serverStatus: 1 })).metrics?.commands?.[name];
      return { total: Number(entry?.total ?? 0), failed: Number(entry?.failed ?? 0) };
    };
    await db.collection('things').insertOne({ a: 1 });
    const before = await counts('count');

    await db.command({ count: 'things' });
    await db.command({ count: 'things', query: { a: 1 } });
    await serverError(db.command({ count: 'things', query: { a: { $nosuchop: 1 } } }));
    const after = await counts('count');

    // At least: other connections of this process may count too.
    assert.ok(after.total - before.total >= 3, `total ${before.total} -> ${after.total}`);
    assert.ok(after.failed - before.failed >= 1, `failed ${before.failed} -> ${after.failed}`);
  });

  it('when getParameter asks for featureCompatibilityVersion, then it returns a version', async function () {
    const reply = await admin().command({ getParameter: 1, featureCompatibilityVersion: 1 });

    assert.equal(reply.ok, 1);
    assert.match(reply.featureCompatibilityVersion?.version, /^\d+\.\d+$/);
  });

  it('when an unknown command is sent, then it fails with CommandNotFound (59) and the connection keeps working', async function () {
    const error = await serverError(db.command({ definitelyNotACommand: 1 }), 59);

    assert.equal(error.codeName, 'CommandNotFound');
    assert.equal((await db.command({ ping: 1 })).ok, 1);
  });

  it('when a database holds data, then listDatabases includes it, and after dropDatabase it does not', async function () {
    await db.collection('c').insertOne({ a: 1 });
    assert.ok((await databaseNames()).includes(dbName));

    const dropped = await db.dropDatabase();

    assert.equal(dropped, true);
    assert.ok(!(await databaseNames()).includes(dbName));
    assert.equal(await db.collection('c').countDocuments(), 0);
  });

  it('when listDatabases runs without nameOnly, then each entry has a size and empty flag', async function () {
    await db.collection('c').insertOne({ a: 1 });

    const reply = await admin().command({ listDatabases: 1 });
    const entry = (reply.databases as Array<{ name: string; sizeOnDisk: number; empty: boolean }>).find(
      (candidate) => candidate.name === dbName,
    );

    assert.equal(reply.ok, 1);
    assert.equal(typeof entry?.sizeOnDisk, 'number');
    assert.equal(entry?.empty, false);
    assert.equal(typeof reply.totalSize, 'number');
  });

  it('when collections are created explicitly and implicitly, then listCollections lists both and filters by name', async function () {
    await db.createCollection('explicit');
    await db.collection('implicit').insertOne({ a: 1 });

    const all = await db.listCollections().toArray();
    const filtered = await db.listCollections({ name: 'explicit' }).toArray();
    const namesOnly = await db.listCollections({}, { nameOnly: true }).toArray();

    assert.deepEqual(all.map((info) => info.name).sort(), ['explicit', 'implicit']);
    assert.ok(all.every((info) => info.type === 'collection'));
    assert.deepEqual(
      filtered.map((info) => info.name),
      ['explicit'],
    );
    assert.deepEqual(namesOnly.map((info) => info.name).sort(), ['explicit', 'implicit']);
  });

  it('when a collection is dropped, then it disappears with its documents and indexes', async function () {
    const docs = db.collection('docs');
    await docs.createIndex({ email: 1 }, { unique: true });
    await docs.insertOne({ email: 'a@x' });

    const dropped = await docs.drop();

    assert.equal(dropped, true);
    assert.deepEqual(await db.listCollections({ name: 'docs' }).toArray(), []);
    await docs.insertOne({ email: 'a@x' });
    await docs.insertOne({ email: 'a@x' });
    assert.equal(await docs.countDocuments(), 2);
  });

  it('when a collection is renamed, then documents and indexes move to the new name', async function () {
    await db.collection('old').createIndex({ email: 1 }, { unique: true });
    await db.collection('old').insertMany([{ email: 'a@x' }, { email: 'b@x' }]);

    await db.renameCollection('old', 'fresh');

    assert.deepEqual(await db.listCollections({ name: 'old' }).toArray(), []);
    assert.equal(await db.collection('fresh').countDocuments(), 2);
    assert.equal(await db.collection('old').countDocuments(), 0);
    await serverError(db.collection('fresh').insertOne({ email: 'a@x' }), 11000);
  });

  it('when renameCollection runs as an admin command across databases, then the documents arrive in the target', async function () {
    const otherName = target.freshDbName();
    await db.collection('src').insertMany([{ n: 1 }, { n: 2 }]);

    const reply = await admin().command({ renameCollection: `${dbName}.src`, to: `${otherName}.dst` });

    assert.equal(reply.ok, 1);
    assert.equal(await target.client.db(otherName).collection('dst').countDocuments(), 2);
    assert.equal(await db.collection('src').countDocuments(), 0);
  });

  it('when a collection is renamed onto an existing one without dropTarget, then it fails with NamespaceExists (48)', async function () {
    await db.collection('a').insertOne({ from: 'a' });
    await db.collection('b').insertOne({ from: 'b' });

    await serverError(db.renameCollection('a', 'b'), 48);
    await db.renameCollection('a', 'b', { dropTarget: true });

    assert.deepEqual(await db.collection('b').distinct('from'), ['a']);
  });

  it('when the count command runs with a query, then n is the number of matching documents', async function () {
    await db.collection('c').insertMany([{ v: 1 }, { v: 2 }, { v: 3 }]);

    const reply = await db.command({ count: 'c', query: { v: { $gte: 2 } } });

    assert.equal(reply.ok, 1);
    assert.equal(reply.n, 2);
  });

  it('when the distinct command runs with a query, then it returns the distinct values of the matches', async function () {
    await db.collection('c').insertMany([
      { k: 'x', v: 1 },
      { k: 'y', v: 1 },
      { k: 'x', v: 2 },
      { k: 'z', v: 3 },
    ]);

    const reply = await db.command({ distinct: 'c', key: 'k', query: { v: { $lt: 3 } } });

    assert.equal(reply.ok, 1);
    assert.deepEqual([...(reply.values as string[])].sort(), ['x', 'y']);
  });

  it('when endSessions is sent for a session, then it succeeds', async function () {
    const session = target.client.startSession();
    await db.collection('c').insertOne({ a: 1 }, { session });

    const reply = await admin().command({ endSessions: [session.id] });
    await session.endSession();

    assert.equal(reply.ok, 1);
  });

  it('when a command names a wrongly typed collection, then it fails with an error and nothing is written', async function () {
    await serverError(db.command({ insert: 42, documents: [{ a: 1 }] }));

    assert.deepEqual(await db.listCollections().toArray(), []);
  });
});
