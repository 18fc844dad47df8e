import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Binary, MongoClient, ObjectId, type Document } from 'mongodb';
import type { EmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { makeTempDir, removeDir, runsAgainstExternalMongo, startEngine } from '../helpers/mongo-target.js';
import { serverError } from './fixtures/assertions.js';

/** Engine-only: each test starts, stops and restarts its own engine on its own directory. */
describe('engine: persistence across restart', function () {
  this.timeout(60_000);
  let dbPath: string;
  let engine: EmbeddedMongo | undefined;
  let client: MongoClient | undefined;

  beforeEach(async function () {
    if (runsAgainstExternalMongo) this.skip();
    dbPath = await makeTempDir();
  });

  afterEach(async function () {
    await client?.close().catch(() => undefined);
    await engine?.stop().catch(() => undefined);
    client = undefined;
    engine = undefined;
    if (dbPath) await removeDir(dbPath);
  });

  async function open(): Promise<MongoClient> {
    engine = await startEngine({ dbPath, port: 0 });
    client = new MongoClient(engine.uri, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    return client;
  }

  async function close(): Promise<void> {
    await client?.close();
    await engine?.stop();
    client = undefined;
    engine = undefined;
  }

  it('when the engine restarts, then documents, updates, deletes, drops and indexes are all as they were', async function () {
    const when = new Date('2025-06-01T10:00:00Z');
    const ref = new ObjectId();
    let c = await open();
    const app = c.db('app');
    await app.collection('users').createIndex({ email: 1 }, { unique: true });
    await app
      .collection('users')
      .createIndex({ team: 1, number: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await app.collection('users').insertMany([
      { _id: 'u1' as never, email: 'a@x', team: 't', number: 1, active: true, when, ref, tags: ['x'] },
      { _id: 'u2' as never, email: 'b@x', team: 't', number: 2, active: true },
      { _id: 'u3' as never, email: 'c@x', team: 't', number: 3, active: true },
    ]);
    await app
      .collection('users')
      .updateOne({ _id: 'u1' as never }, { $set: { name: 'Ann' }, $push: { tags: 'y' } } as Document);
    await app.collection('users').deleteOne({ _id: 'u3' as never });
    await app.collection('sessions').createIndex({ expires: 1 }, { expireAfterSeconds: 3600 });
    await app.collection('sessions').insertOne({ sid: 's1', expires: when });
    await app.collection('temp').insertOne({ gone: true });
    await app.collection('temp').drop();
    await c.db('other').collection('things').insertOne({ x: 1 });
    await c.db('dropped').collection('d').insertOne({ x: 1 });
    await c.db('dropped').dropDatabase();
    await close();

    c = await open();
    const reopened = c.db('app');

    assert.deepEqual(
      await reopened
        .collection('users')
        .find({}, { sort: { _id: 1 } })
        .toArray(),
      [
        {
          _id: 'u1',
          email: 'a@x',
          team: 't',
          number: 1,
          active: true,
          when,
          ref,
          tags: ['x', 'y'],
          name: 'Ann',
        },
        { _id: 'u2', email: 'b@x', team: 't', number: 2, active: true },
      ],
    );
    const indexes = await reopened.collection('users').listIndexes().toArray();
    assert.deepEqual(indexes.map((index) => index.name).sort(), ['_id_', 'email_1', 'team_1_number_1']);
    assert.deepEqual(indexes.find((index) => index.name === 'team_1_number_1')?.partialFilterExpression, {
      active: true,
    });
    const ttl = (await reopened.collection('sessions').listIndexes().toArray()).find(
      (index) => index.name === 'expires_1',
    );
    assert.equal(ttl?.expireAfterSeconds, 3600);
    assert.deepEqual((await reopened.listCollections().toArray()).map((info) => info.name).sort(), [
      'sessions',
      'users',
    ]);
    assert.equal(await c.db('other').collection('things').countDocuments(), 1);
    const databases = (
      (await c.db('admin').command({ listDatabases: 1, nameOnly: true })).databases as Array<{ name: string }>
    ).map((d) => d.name);
    assert.ok(!databases.includes('dropped'));
    const error = await serverError(
      reopened.collection('users').insertOne({ email: 'a@x', team: 'u', number: 9 }),
      11000,
    );
    assert.deepEqual(error.keyPattern, { email: 1 });
    await serverError(
      reopened.collection('users').insertOne({ email: 'z@x', team: 't', number: 2, active: true }),
      11000,
    );
    await reopened.collection('users').insertOne({ email: 'c@x', team: 't', number: 3, active: true });
  });

  it('when the engine restarts several times with writes in between, then every generation of writes survives', async function () {
    for (let generation = 0; generation < 3; generation += 1) {
      const c = await open();
      const docs = c.db('app').collection('docs');
      assert.equal(await docs.countDocuments(), generation * 100);
      await docs.insertMany(Array.from({ length: 100 }, (_, i) => ({ generation, i })));
      await docs.updateMany({ generation }, { $inc: { bumped: 1 } });
      await close();
    }

    const c = await open();
    const docs = c.db('app').collection('docs');
    assert.equal(await docs.countDocuments(), 300);
    assert.equal(await docs.countDocuments({ bumped: 1 }), 300);
  });

  it('when a renamed collection and an empty created collection are restarted, then both keep their state', async function () {
    let c = await open();
    await c.db('app').createCollection('empty');
    await c.db('app').collection('before').createIndex({ k: 1 }, { unique: true });
    await c.db('app').collection('before').insertOne({ k: 1 });
    await c.db('app').renameCollection('before', 'after');
    await close();

    c = await open();

    assert.deepEqual((await c.db('app').listCollections().toArray()).map((info) => info.name).sort(), [
      'after',
      'empty',
    ]);
    assert.equal(await c.db('app').collection('after').countDocuments({ k: 1 }), 1);
    await serverError(c.db('app').collection('after').insertOne({ k: 1 }), 11000);
  });

  it('when large and typed documents are restarted, then they read back byte-for-byte equal', async function () {
    const big = {
      _id: new ObjectId(),
      text: 'x'.repeat(2_000_000),
      bin: new Binary(Buffer.from([0, 1, 2, 255])),
      flag: false,
      ratio: 0.1,
      nested: { deep: [1, { a: null }] },
    };
    let c = await open();
    await c.db('app').collection('docs').insertOne(big);
    await close();

    c = await open();

    assert.deepEqual(await c.db('app').collection('docs').findOne({ _id: big._id }), big);
  });

  it('when the engine starts on a missing nested directory, then it creates it and stores data there', async function () {
    const nested = path.join(dbPath, 'a', 'b');
    engine = await startEngine({ dbPath: nested, port: 0 });
    client = new MongoClient(engine.uri);
    await client.db('app').collection('docs').insertOne({ a: 1 });
    await close();

    assert.ok((await readdir(nested)).length > 0, 'expected files in the new data directory');
    engine = await startEngine({ dbPath: nested, port: 0 });
    client = new MongoClient(engine.uri);
    assert.equal(await client.db('app').collection('docs').countDocuments(), 1);
  });

  it('when stop is called twice, then the second call resolves too and the port no longer answers', async function () {
    const c = await open();
    await c.db('app').collection('docs').insertOne({ a: 1 });
    const uri = engine!.uri;
    await c.close();
    client = undefined;

    await engine!.stop();
    await engine!.stop();
    engine = undefined;

    const probe = new MongoClient(uri, { serverSelectionTimeoutMS: 1000 });
    await assert.rejects(probe.connect());
    await probe.close();
  });
});
