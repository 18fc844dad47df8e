/**
 * The read barrier over the wire (src/embedded-mongo/read-barrier.ts, read-set.ts): a command waits
 * only for the pending writes to the collections it reads. A write is held un-durable with the
 * journal writer's test hook (fixtures/held-flush.ts) for about 60 ms; it then succeeds, or is
 * refused and undone when every attempt fails.
 *
 * A command that must wait is shown to have waited by what it sees: a write refused after the
 * command arrived is absent from its answer (without the barrier it would be there, applied to
 * memory but not durable), or its answer came only after the last flush attempt. A command that
 * need not wait is shown not to by its answer arriving while the write is still held.
 */
import assert from 'node:assert/strict';
import type { Collection, Db, MongoClient } from 'mongodb';
import { setJournalWriteFault } from '../../src/embedded-mongo/fault-hooks.js';
import { ATTEMPTS, holdNextFlush } from './fixtures/held-flush.js';
import { TestEngine } from './internals/engine-helpers.js';

type Row = { _id: string; k?: string; n?: number };

/** Resolves with the outcome without ever rejecting; `done()` tells whether it settled yet. */
function track<T>(p: Promise<T>): { result: Promise<PromiseSettledResult<T>>; done: () => boolean } {
  let done = false;
  const result = Promise.allSettled([p]).then(([r]) => {
    done = true;
    return r;
  });
  return { result, done: () => done };
}

describe('embedded engine: a command waits only for pending writes to what it reads', () => {
  let t: TestEngine;
  let reader: MongoClient;
  let a: Collection<Row>;
  let b: Collection<Row>;
  let readerDb: Db;

  before(async () => {
    // No background probe while writes fail: only the writes under test reach the fault hook.
    t = await TestEngine.start({ writeProbeMs: 60_000 });
    reader = await t.newClient();
    a = t.client.db('rb').collection<Row>('a');
    b = t.client.db('rb').collection<Row>('b');
    readerDb = reader.db('rb');
    // Both collections exist: creating one is a catalog change, which every read waits for.
    await a.insertOne({ _id: 'a0', k: 'x' });
    await b.insertOne({ _id: 'b0', k: 'x' });
    await readerDb.command({ ping: 1 });
  });
  afterEach(async () => {
    setJournalWriteFault(null);
    // A refused write leaves the journal failing until a write succeeds: make one.
    await t.client.db('rb').collection('recover').insertOne({});
  });
  after(async () => {
    setJournalWriteFault(null);
    await t.destroy();
  });

  it('when a write to A is held un-durable, then a find on B is answered before it becomes durable', async () => {
    // A slow machine may miss the ~60 ms window; a read that waits for A never makes it.
    let answeredWhileHeld = false;
    for (let round = 0; round < 5 && !answeredWhileHeld; round++) {
      const hold = holdNextFlush(false);
      const write = track(a.insertOne({ _id: `held-${round}`, k: 'y' }));
      await hold.held;
      const docs = await readerDb.collection<Row>('b').find().toArray();
      answeredWhileHeld = !write.done() && hold.attempts() < ATTEMPTS;
      assert.deepEqual(
        docs.map((d) => d._id),
        ['b0'],
      );
      assert.equal((await write.result).status, 'fulfilled');
      setJournalWriteFault(null);
    }
    assert.ok(answeredWhileHeld, 'the read of B was answered while the write to A was held');
  });

  it('when a write to A is held un-durable, then a find on A waits and then sees the write', async () => {
    const hold = holdNextFlush(false);
    const write = track(a.insertOne({ _id: 'seen', k: 'y' }));
    await hold.held;
    const docs = await readerDb.collection<Row>('a').find({ _id: 'seen' }).toArray();
    assert.equal(hold.attempts(), ATTEMPTS, 'the find was answered only after the last flush attempt');
    assert.deepEqual(docs, [{ _id: 'seen', k: 'y' }]);
    assert.equal((await write.result).status, 'fulfilled');
  });

  it('when a flush fails and the write to A is undone, then a find on A that waited never sees it, and a find on B meanwhile is answered unaffected', async () => {
    let answeredWhileHeld = false;
    for (let round = 0; round < 5 && !answeredWhileHeld; round++) {
      const hold = holdNextFlush(true);
      const write = track(a.insertOne({ _id: `refused-${round}`, k: 'x' }));
      await hold.held;
      const onA = readerDb.collection<Row>('a').find({ k: 'x' }).toArray();
      const onB = await readerDb.collection<Row>('b').find().toArray();
      answeredWhileHeld = !write.done() && hold.attempts() < ATTEMPTS;
      assert.deepEqual(
        onB.map((d) => d._id),
        ['b0'],
      );
      assert.deepEqual(
        (await onA).map((d) => d._id),
        ['a0'],
        'the refused write is never read',
      );
      const outcome = await write.result;
      assert.equal(outcome.status, 'rejected');
      assert.match(String((outcome as PromiseRejectedResult).reason), /cannot write/);
      setJournalWriteFault(null);
      await t.client.db('rb').collection('recover').insertOne({});
    }
    assert.ok(answeredWhileHeld, 'the read of B was answered while the write to A was held');
    assert.deepEqual(
      (await a.find({ k: 'x' }).toArray()).map((d) => d._id),
      ['a0'],
    );
  });

  it('when a write to A and a read of A both wait for the same refused flush, the write first, then the read still never sees the write (it waits again)', async () => {
    const writer = await t.newClient();
    await writer.db('rb').command({ ping: 1 });
    const hold = holdNextFlush(true); // every flush fails until the fault is cleared
    const first = track(a.insertOne({ _id: 'first', k: 'x' }));
    await hold.held;
    const second = track(writer.db('rb').collection<Row>('a').insertOne({ _id: 'second', k: 'x' }));
    // The second write is queued behind the first before the read arrives.
    await new Promise((r) => setTimeout(r, 10));
    const docs = await readerDb.collection<Row>('a').find({ k: 'x' }).toArray();
    assert.deepEqual(
      docs.map((d) => d._id),
      ['a0'],
      'neither refused write is read',
    );
    assert.equal((await first.result).status, 'rejected');
    assert.equal((await second.result).status, 'rejected');
  });

  it('when an aggregate on B joins A with $lookup while a write to A is held, then it waits for it', async () => {
    const hold = holdNextFlush(true);
    const write = track(a.insertOne({ _id: 'joined', k: 'x' }));
    await hold.held;
    const out = await readerDb
      .collection<Row>('b')
      .aggregate([{ $lookup: { from: 'a', localField: 'k', foreignField: 'k', as: 'matches' } }])
      .toArray();
    assert.deepEqual(out, [{ _id: 'b0', k: 'x', matches: [{ _id: 'a0', k: 'x' }] }]);
    assert.equal((await write.result).status, 'rejected');
  });

  it('when a $facet holds a sub-pipeline with a $lookup of A while a write to A is held, then it waits for it', async () => {
    const hold = holdNextFlush(true);
    const write = track(a.insertOne({ _id: 'faceted', k: 'x' }));
    await hold.held;
    const lookup = {
      $lookup: {
        from: 'b',
        let: { k: '$k' },
        pipeline: [
          { $match: { $expr: { $eq: ['$k', '$$k'] } } },
          { $lookup: { from: 'a', localField: 'k', foreignField: 'k', as: 'inA' } },
        ],
        as: 'inB',
      },
    };
    const [out] = await readerDb
      .collection<Row>('b')
      .aggregate([{ $facet: { joined: [lookup, { $project: { _id: 0, ids: '$inB.inA._id' } }] } }])
      .toArray();
    assert.deepEqual(out, { joined: [{ ids: [['a0']] }] });
    assert.equal((await write.result).status, 'rejected');
  });

  it('when a command whose reads are not known (dbStats) runs while a write to A is held, then it waits for it', async () => {
    const before = (await readerDb.command({ dbStats: 1 })).objects as number;
    const hold = holdNextFlush(true);
    const write = track(a.insertOne({ _id: 'counted', k: 'x' }));
    await hold.held;
    const during = (await readerDb.command({ dbStats: 1 })).objects as number;
    assert.equal(during, before, 'the refused document is never counted');
    assert.equal((await write.result).status, 'rejected');
  });

  it('when an update of A arrives while an insert into A is held and then refused, then it runs after the refusal and finds nothing', async () => {
    const hold = holdNextFlush(true);
    const write = track(a.insertOne({ _id: 'ghost', k: 'x' }));
    await hold.held;
    const update = await readerDb.collection<Row>('a').updateOne({ _id: 'ghost' }, { $set: { n: 1 } });
    assert.equal(update.matchedCount, 0, 'the update never saw the refused insert');
    assert.equal((await write.result).status, 'rejected');
  });

  it('when a write to A is applied during a long aggregate on B that joins A, and then refused, then the later slices never see it', async function () {
    this.timeout(120_000);
    const ROWS = 30_000;
    const db = t.client.db('rblong');
    await db.collection('teams').insertMany(Array.from({ length: 100 }, (_, k) => ({ _id: k as never })));
    // Team 100 does not exist: only the refused write would give those rows a match.
    for (let i = 0; i < ROWS; i += 5000)
      await db
        .collection('rows')
        .insertMany(Array.from({ length: 5000 }, (_, j) => ({ team: (i + j) % 101 })));
    const report = track(
      reader
        .db('rblong')
        .collection('rows')
        .aggregate([
          { $lookup: { from: 'teams', localField: 'team', foreignField: '_id', as: 't' } },
          { $unwind: '$t' },
          { $group: { _id: null, n: { $sum: 1 } } },
        ])
        .toArray(),
    );
    await new Promise((r) => setTimeout(r, 50)); // the aggregate is running
    holdNextFlush(true);
    const write = await Promise.allSettled([db.collection('teams').insertOne({ _id: 100 as never })]);
    assert.equal(write[0].status, 'rejected');
    assert.equal(report.done(), false, 'the write was applied while the aggregate was running');
    const outcome = await report.result;
    assert.equal(outcome.status, 'fulfilled');
    const [result] = (outcome as PromiseFulfilledResult<{ n: number }[]>).value;
    const withTeam100 = Math.floor((ROWS - 101) / 101) + 1;
    assert.equal(result.n, ROWS - withTeam100, 'no row joined the refused team');
  });

  it('when a write creating a collection is held, then a find on another collection waits for it (a catalog change touches every read)', async () => {
    const hold = holdNextFlush(false);
    const write = track(t.client.db('rb').collection<Row>('created').insertOne({ _id: 'c' }));
    await hold.held;
    await readerDb.collection<Row>('b').find().toArray();
    assert.equal(hold.attempts(), ATTEMPTS, 'the find was answered only after the last flush attempt');
    assert.equal((await write.result).status, 'fulfilled');
  });
});
