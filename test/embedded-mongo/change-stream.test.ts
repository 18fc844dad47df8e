/**
 * The engine's minimal $changeStream: the driver's watch(), and the raw commands it sends
 * (aggregate with a leading $changeStream, getMore with maxTimeMS, killCursors).
 */
import assert from 'node:assert/strict';
import {
  Long,
  Timestamp,
  type ChangeStreamDocument,
  type Db,
  type Document,
  type MongoClient,
} from 'mongodb';
import { enospc, setJournalWriteFault } from '../../src/embedded-mongo/fault-hooks.js';
import { HISTORY_SIZE } from '../../src/embedded-mongo/change-stream.js';
import { startEmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { makeTempDir, removeDir, startEngine, useMongoTarget } from '../helpers/mongo-target.js';
import { MongoClient as Client } from 'mongodb';

type Cursor = { id: Long; firstBatch?: Document[]; nextBatch?: Document[]; postBatchResumeToken: Document };

describe('conformance: change streams (embedded engine)', function () {
  const target = useMongoTarget();
  let db: Db;

  before(function () {
    if (!target.isEmbedded) this.skip(); // a standalone MongoDB has none; a replica set differs in details
  });
  beforeEach(() => {
    db = target.client.db(target.freshDbName());
  });

  const open = async (coll: string, stage: Document = {}, more: Document[] = []) =>
    (await db.command({ aggregate: coll, pipeline: [{ $changeStream: stage }, ...more], cursor: {} }))
      .cursor as Cursor;
  const getMore = async (coll: string, id: Long, maxTimeMS = 1000, on = db) =>
    (await on.command({ getMore: id, collection: coll, maxTimeMS })).cursor as Cursor;

  it('when documents are inserted, updated, replaced and deleted, then watch() gets one event each in commit order, with ns, documentKey, fullDocument and resume tokens', async () => {
    const coll = db.collection('items');
    const stream = coll.watch([], { maxAwaitTimeMS: 100 });
    const events: ChangeStreamDocument[] = [];
    stream.on('change', (e) => events.push(e));
    await new Promise((r) => setTimeout(r, 150)); // the stream's aggregate has run
    const other = target.client.db(db.databaseName).collection('items');
    await coll.insertOne({ _id: 'a' as never, n: 1 });
    await other.insertOne({ _id: 'b' as never, n: 2 });
    await coll.updateOne({ _id: 'a' as never }, { $set: { n: 10 }, $unset: { gone: '' } });
    await other.replaceOne({ _id: 'b' as never }, { n: 20, kind: 'replaced' });
    await coll.deleteOne({ _id: 'a' as never });
    await db.collection('elsewhere').insertOne({ n: 99 }); // another collection: not in this stream
    while (events.length < 5) await new Promise((r) => setTimeout(r, 20));
    await stream.close();

    assert.deepEqual(
      events.map((e) => [e.operationType, (e as { documentKey: Document }).documentKey._id]),
      [
        ['insert', 'a'],
        ['insert', 'b'],
        ['update', 'a'],
        ['replace', 'b'],
        ['delete', 'a'],
      ],
    );
    const [insert, , update, replace, del] = events as Document[];
    assert.deepEqual(insert.ns, { db: db.databaseName, coll: 'items' });
    assert.deepEqual(insert.fullDocument, { _id: 'a', n: 1 });
    assert.deepEqual(update.updateDescription.updatedFields, { n: 10 });
    assert.equal(update.fullDocument, undefined, 'fullDocument "default" leaves updates without it');
    assert.deepEqual(replace.fullDocument, { _id: 'b', n: 20, kind: 'replaced' });
    assert.equal(del.fullDocument, undefined);
    const tokens = events.map((e) => (e._id as { _data: string })._data);
    assert.deepEqual(tokens, [...tokens].sort(), 'tokens grow in commit order');
    const times = events.map((e) => (e as { clusterTime: Timestamp }).clusterTime);
    for (let i = 1; i < times.length; i++)
      assert.ok(times[i].greaterThan(times[i - 1]), `${times[i].inspect()} > ${times[i - 1].inspect()}`);
  });

  it('when a $match and a $project follow, then only matching events arrive, shaped; a stage mongod refuses there is refused', async () => {
    const cursor = await open('m', { fullDocument: 'updateLookup' }, [
      { $match: { operationType: 'update' } },
      { $project: { operationType: 1, 'fullDocument.n': 1 } },
    ]);
    await db.collection('m').insertOne({ _id: 1 as never, n: 1 });
    await db.collection('m').updateOne({ _id: 1 as never }, { $inc: { n: 1 } });
    const batch = (await getMore('m', cursor.id)).nextBatch!;
    assert.equal(batch.length, 1);
    assert.equal(batch[0].operationType, 'update');
    assert.deepEqual(batch[0].fullDocument, { n: 2 });
    await assert.rejects(open('m', {}, [{ $group: { _id: null } }]), /not permitted in a \$changeStream/);
    await assert.rejects(open('m', { startAtOperationTime: 1 }), { code: 115 });
  });

  it('when getMore finds no change, then it waits maxTimeMS and answers an empty batch with a resume token; a change during the wait answers at once', async () => {
    const cursor = await open('w');
    assert.deepEqual(cursor.firstBatch, []);
    assert.notEqual(Number(cursor.id), 0);
    const started = Date.now();
    const empty = await getMore('w', cursor.id, 300);
    assert.ok(Date.now() - started >= 250, `waited ${Date.now() - started} ms`);
    assert.deepEqual(empty.nextBatch, []);
    assert.notEqual(Number(empty.id), 0, 'the stream stays open');
    assert.match(empty.postBatchResumeToken._data, /^[0-9a-f]{24}$/);

    const waiting = getMore('w', cursor.id, 60_000);
    await new Promise((r) => setTimeout(r, 100));
    await db.collection('w').insertOne({ x: 1 });
    const woken = await waiting; // long before the 60 s: the insert woke it
    assert.equal(woken.nextBatch!.length, 1);
    assert.deepEqual(woken.postBatchResumeToken, woken.nextBatch![0]._id);
  });

  it('when a stream resumes after a token (resumeAfter or startAfter), then it gets exactly the changes after it, in order', async () => {
    const first = await open('r');
    for (let n = 1; n <= 4; n++) await db.collection('r').insertOne({ n });
    const batch = (await getMore('r', first.id)).nextBatch!;
    assert.equal(batch.length, 4);
    await db.command({ killCursors: 'r', cursors: [first.id] });
    await db.collection('r').insertOne({ n: 5 });
    for (const option of ['resumeAfter', 'startAfter']) {
      const resumed = await open('r', { [option]: batch[1]._id });
      assert.deepEqual(
        resumed.firstBatch!.map((e) => e.fullDocument.n),
        [3, 4, 5],
      );
    }
    // watch() resumes through the same option.
    const stream = db.collection('r').watch([], { resumeAfter: batch[3]._id });
    const next = await stream.next();
    await stream.close();
    assert.equal((next as Document).fullDocument.n, 5);
  });

  it('when a token is older than the retained history, or from before a restart, then resuming fails with ChangeStreamHistoryLost (286)', async () => {
    const cursor = await open('h');
    await db.collection('h').insertOne({ first: true });
    const [firstEvent] = (await getMore('h', cursor.id)).nextBatch!;
    // More changes than the history keeps (one insertMany: one command, many changes).
    await db
      .collection('h')
      .insertMany(Array.from({ length: Math.ceil(HISTORY_SIZE * 1.3) }, (_, n) => ({ n })));
    await assert.rejects(open('h', { resumeAfter: firstEvent._id }), {
      code: 286,
      codeName: 'ChangeStreamHistoryLost',
    });
    // The open stream fell behind the history too: its getMore fails the same way.
    await assert.rejects(getMore('h', cursor.id), { code: 286 });
    await assert.rejects(open('h', { resumeAfter: { _data: 'nothex' } }), { code: 2 });

    const dir = await makeTempDir();
    let engine = await startEngine({ dbPath: dir });
    let client = await new Client(engine.uri).connect();
    const c = client.db('t').collection('x');
    const stream = c.watch([], { maxAwaitTimeMS: 50 });
    const seen = stream.next();
    await new Promise((r) => setTimeout(r, 100));
    await c.insertOne({ before: 'restart' });
    const token = ((await seen) as Document)._id;
    await stream.close();
    await client.close();
    await engine.stop();
    engine = await startEngine({ dbPath: dir });
    client = await new Client(engine.uri).connect();
    try {
      await assert.rejects(
        client
          .db('t')
          .command({ aggregate: 'x', pipeline: [{ $changeStream: { resumeAfter: token } }], cursor: {} }),
        { code: 286 },
      );
    } finally {
      await client.close();
      await engine.stop();
      await removeDir(dir);
    }
  });

  it('when killCursors names a stream, then a getMore waiting on it answers at once with cursor id 0, and the next is CursorNotFound', async () => {
    const cursor = await open('k');
    const other = (await target.newClient()).db(db.databaseName);
    const waiting = getMore('k', cursor.id, 60_000);
    await new Promise((r) => setTimeout(r, 100));
    const killed = await other.command({ killCursors: 'k', cursors: [cursor.id] });
    assert.deepEqual(killed.cursorsKilled.map(Number), [Number(cursor.id)]);
    const last = await waiting;
    assert.equal(Number(last.id), 0);
    await assert.rejects(getMore('k', cursor.id), { code: 43 });
  });

  it('when the connection that ran the stream closes, then the stream ends', async () => {
    const owner: MongoClient = await target.newClient({ maxPoolSize: 1 });
    const ownerDb = owner.db(db.databaseName);
    const cursor = (await ownerDb.command({ aggregate: 'c', pipeline: [{ $changeStream: {} }], cursor: {} }))
      .cursor as Cursor;
    await owner.close();
    await new Promise((r) => setTimeout(r, 100));
    await assert.rejects(getMore('c', cursor.id, 10), { code: 43 });
  });

  it('when the journal refuses a write, then no stream shows it; the next durable write shows', async () => {
    // An engine loaded as the fault hook is (the helper's dynamic import may load another copy).
    const dir = await makeTempDir();
    const engine = await startEmbeddedMongo({ dbPath: dir, log: () => undefined });
    const client = await new Client(engine.uri).connect();
    try {
      db = client.db('faults');
      const cursor = await open('d');
      setJournalWriteFault(() => {
        throw enospc();
      });
      try {
        await assert.rejects(db.collection('d').insertOne({ refused: true }), /cannot write/);
      } finally {
        setJournalWriteFault(null);
      }
      let durable = false;
      for (const until = Date.now() + 10_000; !durable && Date.now() < until;) {
        // The journal probes the disk again by itself: until then writes are refused.
        durable = await db
          .collection('d')
          .insertOne({ durable: true })
          .then(() => true)
          .catch(() => new Promise((r) => setTimeout(r, 100)).then(() => false));
      }
      const batch = (await getMore('d', cursor.id)).nextBatch!;
      assert.deepEqual(
        batch.map((e) => Object.keys(e.fullDocument).filter((k) => k !== '_id')),
        [['durable']],
      );
    } finally {
      await client.close();
      await engine.stop();
      await removeDir(dir);
    }
  });
});
