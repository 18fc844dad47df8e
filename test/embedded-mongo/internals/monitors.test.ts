import assert from 'node:assert/strict';
import net from 'node:net';
import { TestEngine } from './engine-helpers.js';

describe('embedded engine monitors and limits', () => {
  let t: TestEngine | undefined;
  afterEach(async () => {
    await t?.destroy().catch(() => undefined);
    t = undefined;
  });

  it('when a TTL index has expired documents, then the monitor removes them and keeps the rest', async () => {
    t = await TestEngine.start({ ttlIntervalMs: 50 });
    const coll = t.client.db('ttl').collection('sessions');
    await coll.createIndex({ expires: 1 }, { expireAfterSeconds: 0 });
    await coll.insertMany([
      { name: 'old', expires: new Date(Date.now() - 60_000) },
      { name: 'future', expires: new Date(Date.now() + 3_600_000) },
      { name: 'no-date', expires: 'tomorrow' },
      { name: 'none' },
    ]);
    for (let i = 0; i < 100 && (await coll.countDocuments({ name: 'old' })) > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const names = (await coll.find().toArray()).map((d) => d.name).sort();
    assert.deepEqual(names, ['future', 'no-date', 'none']);
  });

  it('when expireAfterSeconds has not elapsed, then the document stays; once it has, the sweep removes it durably', async () => {
    t = await TestEngine.start();
    const coll = t.client.db('ttl').collection('tokens');
    await coll.createIndex({ createdAt: 1 }, { expireAfterSeconds: 3600 });
    const createdAt = new Date(Date.now() - 1000);
    await coll.insertOne({ createdAt });
    assert.equal(await t.mongo.engine.expireTtl(Date.now()), 0);
    assert.equal(await coll.countDocuments(), 1);
    assert.equal(await t.mongo.engine.expireTtl(createdAt.getTime() + 3600_000), 1);
    t = await t.restart();
    assert.equal(await t.client.db('ttl').collection('tokens').countDocuments(), 0);
  });

  it('when a cursor stays idle past the limit, then it is closed and getMore answers CursorNotFound', async () => {
    t = await TestEngine.start({ cursorIdleMs: 10 * 60 * 1000 });
    const coll = t.client.db('cur').collection('many');
    await coll.insertMany(Array.from({ length: 30 }, (_, i) => ({ i })));
    const cursor = coll.find({}, { batchSize: 5 });
    await cursor.next();
    assert.equal(t.mongo.engine.cursors.size, 1);
    t.mongo.engine.cursors.sweep(Date.now() + 10 * 60 * 1000 + 1);
    assert.equal(t.mongo.engine.cursors.size, 0);
    await assert.rejects(cursor.toArray(), { code: 43 });
  });

  it('when the filter is an equality on _id or on an indexed field, then only the matching documents are examined', async () => {
    t = await TestEngine.start();
    const db = t.client.db('plan');
    const coll = db.collection<{ _id: number; email: string; team: number }>('people');
    await coll.insertMany(
      Array.from({ length: 2000 }, (_, i) => ({ _id: i, email: `p${i}@x.org`, team: i % 10 })),
    );
    await coll.createIndex({ email: 1 }, { unique: true });
    const scanned = async () =>
      ((await db.admin().command({ serverStatus: 1 })).metrics.queryExecutor.scannedObjects as number) ?? 0;

    let before = await scanned();
    assert.equal((await coll.findOne({ _id: 1234 }))?.email, 'p1234@x.org');
    assert.ok((await scanned()) - before <= 1, 'find by _id examined at most one document');

    before = await scanned();
    assert.equal((await coll.findOne({ email: 'p77@x.org' }))?._id, 77);
    assert.ok((await scanned()) - before <= 1, 'find by an indexed field examined at most one document');

    before = await scanned();
    assert.equal(await coll.countDocuments({ team: 3 }), 200);
    assert.ok((await scanned()) - before >= 2000, 'an unindexed filter scans (the metric is live)');
  });

  it('when more clients connect than the connection bound, then the extra connection is closed and the others keep working', async () => {
    t = await TestEngine.start({ maxConnections: 3 });
    // The driver's client holds a monitoring and a pooled connection; fill the rest with raw sockets.
    await t.client.db('x').command({ ping: 1 });
    const sockets: net.Socket[] = [];
    const closed: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const s = net.connect(t.mongo.socketPath!); // the engine's default (and only) listener
      const idx = i;
      closed[idx] = false;
      s.on('close', () => (closed[idx] = true));
      s.on('error', () => undefined);
      sockets.push(s);
      await new Promise((r) => s.once('connect', r));
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(closed.some(Boolean), 'at least one connection beyond the bound was refused');
    assert.equal((await t.client.db('x').command({ ping: 1 })).ok, 1);
    for (const s of sockets) s.destroy();
  });
});
