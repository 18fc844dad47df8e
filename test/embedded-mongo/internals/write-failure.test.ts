/**
 * A write the journal cannot make durable (ENOSPC through the journal writer's test hook,
 * src/embedded-mongo/fault-hooks.ts) is refused with OutOfDiskSpace and undone exactly: no reader
 * ever sees it, and writing resumes by itself once the fault is gone.
 */
import assert from 'node:assert/strict';
import { MongoServerError } from 'mongodb';
import { enospc, setJournalWriteFault } from '../../../src/embedded-mongo/fault-hooks.js';
import { TestEngine } from './engine-helpers.js';

type Row = { _id?: number | string; n?: number; v?: string; x?: number };

const diskFull = () => {
  throw enospc();
};

async function refused(p: Promise<unknown>): Promise<MongoServerError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof MongoServerError, `expected a server error, got ${String(e)}`);
    return e;
  }
  assert.fail('the write was acknowledged although the journal could not write');
}

// Both ways the journal flushes: async calls (an engine in the app's process) and synchronous ones
// (the engine in its own process, engine-process.ts).
for (const syncFlush of [false, true])
  describe(`embedded engine: writes the journal refuses (${syncFlush ? 'synchronous' : 'async'} flush)`, () => {
    let t: TestEngine | undefined;
    afterEach(async () => {
      setJournalWriteFault(null);
      await t?.destroy().catch(() => undefined);
      t = undefined;
    });

    it('when the disk is full, then inserts, updates, deletes and index builds are refused with OutOfDiskSpace and none of them is visible', async () => {
      t = await TestEngine.start({ writeProbeMs: 50, syncFlush });
      const coll = t.client.db('df').collection<Row>('docs');
      await coll.insertMany([
        { _id: 1, v: 'a' },
        { _id: 2, v: 'b' },
        { _id: 3, v: 'c' },
      ]);
      const before = await coll.find().toArray();
      const indexesBefore = await coll.indexes();

      setJournalWriteFault(diskFull);
      const err = await refused(coll.insertOne({ _id: 4, v: 'd' }));
      assert.equal(err.code, 14031);
      assert.equal(err.codeName, 'OutOfDiskSpace');
      assert.match(err.message, /cannot write .*ENOSPC.*not applied/);
      await refused(coll.updateOne({ _id: 1 }, { $set: { v: 'changed' } }));
      await refused(coll.deleteOne({ _id: 2 }));
      await refused(coll.createIndex({ v: 1 }, { unique: true }));
      await refused(t.client.db('df').collection<Row>('other').insertOne({ x: 1 }));

      // Reads still work and show exactly the durable state, in the same natural order.
      assert.deepEqual(await coll.find().toArray(), before);
      assert.deepEqual(await coll.indexes(), indexesBefore);
      const names = (await t.client.db('df').listCollections().toArray()).map((c) => c.name);
      assert.deepEqual(names, ['docs']);
      assert.equal(t.mongo.engine.writable, false);
      assert.equal((await t.client.db('df').command({ ping: 1 })).writable, false);
    });

    it('when several clients write at once on a full disk, then every write is refused and none is visible, and each succeeds once space returns', async () => {
      t = await TestEngine.start({ writeProbeMs: 50, syncFlush });
      const others = await Promise.all([1, 2, 3].map(() => t!.newClient()));
      const colls = [t.client, ...others].map((c) => c.db('df').collection<Row>('burst'));
      await colls[0].insertOne({ _id: 'seed' });

      setJournalWriteFault(diskFull);
      const results = await Promise.allSettled(
        colls.flatMap((c, i) => [
          c.insertOne({ _id: `a${i}` }),
          c.updateOne({ _id: 'seed' }, { $inc: { n: 1 } }),
        ]),
      );
      assert.ok(
        results.every((r) => r.status === 'rejected'),
        'no write was acknowledged',
      );
      assert.deepEqual(await colls[0].find().toArray(), [{ _id: 'seed' }]);

      setJournalWriteFault(null);
      // No restart and no latch: the same writes now succeed (no duplicate-key error from a ghost).
      for (const [i, c] of colls.entries()) await c.insertOne({ _id: `a${i}` });
      assert.equal(await colls[0].countDocuments(), 5);
      await waitFor(() => t!.mongo.engine.writable);
      t = await t.restart({ writeProbeMs: 50 });
      assert.equal(await t.client.db('df').collection<Row>('burst').countDocuments(), 5);
    });

    it('when the fault clears while nobody writes, then the engine reports itself writable again by itself', async () => {
      t = await TestEngine.start({ writeProbeMs: 50, syncFlush });
      setJournalWriteFault(diskFull);
      await refused(t.client.db('df').collection<Row>('docs').insertOne({ x: 1 }));
      assert.equal((await t.client.db('df').command({ ping: 1 })).writable, false);
      setJournalWriteFault(null);
      await waitFor(() => t!.mongo.engine.writable);
      assert.deepEqual(await t.client.db('df').command({ ping: 1 }), { ok: 1 });
    });
  });

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) assert.fail('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
