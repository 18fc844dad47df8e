/**
 * serverStatus `metrics.readBarrier` over the wire (src/embedded-mongo/command-barrier.ts): the data
 * commands that arrived while a write was pending (`pendingAtArrival`) and those of them that had
 * to wait for it (`waited`). Counters are compared before and after, never as absolute values.
 *
 * The two reads go in one socket write on one raw connection, B first: the engine handles a
 * connection's messages in order, and starts A right after B's reply with no I/O between. So when
 * B's reply reaches the test before the write's last flush attempt has even started, both B and
 * A arrived while the write was pending. A slow machine may miss that ~60 ms window: the round is
 * then tried again.
 */
import assert from 'node:assert/strict';
import type { Document } from 'bson';
import type { Collection } from 'mongodb';
import { setJournalWriteFault } from '../../src/embedded-mongo/fault-hooks.js';
import { ATTEMPTS, holdNextFlush } from './fixtures/held-flush.js';
import { RawConnection, opMsg, type Reply } from './fixtures/wire.js';
import { TestEngine } from './internals/engine-helpers.js';

type Row = { _id: string; k?: string };
type Counts = { pendingAtArrival: number; waited: number };

describe('embedded engine: serverStatus counts the commands the read barrier held', () => {
  let t: TestEngine;
  let raw: RawConnection;
  let a: Collection<Row>;

  before(async () => {
    // No background probe while writes fail: only the writes under test reach the fault hook.
    t = await TestEngine.start({ writeProbeMs: 60_000, port: 0 });
    a = t.client.db('rbm').collection<Row>('a');
    // Both collections exist: creating one is a catalog change, which every read waits for.
    await a.insertOne({ _id: 'a0' });
    await t.client.db('rbm').collection<Row>('b').insertOne({ _id: 'b0' });
    raw = await RawConnection.open(t.mongo.host, t.mongo.port);
  });
  afterEach(async () => {
    setJournalWriteFault(null);
    // A refused write leaves the journal failing until a write succeeds: make one.
    await t.client.db('rbm').collection('recover').insertOne({});
  });
  after(async () => {
    setJournalWriteFault(null);
    raw.destroy();
    await t.destroy();
  });

  async function counts(): Promise<Counts> {
    const status = await raw.command({ serverStatus: 1, $db: 'admin' });
    return status.metrics.readBarrier as Counts;
  }

  const delta = (before: Counts, after: Counts): Counts => ({
    pendingAtArrival: after.pendingAtArrival - before.pendingAtArrival,
    waited: after.waited - before.waited,
  });

  const ids = (reply: Reply): string[] =>
    (reply.document.cursor.firstBatch as Document[]).map((d) => d._id as string);

  /**
   * Holds a write to A, sends a find on B then a find on A together, and returns the counters'
   * change, or null when the reads may have arrived after the write settled (retry).
   */
  async function round(
    refuse: boolean,
    id: string,
  ): Promise<{ change: Counts; onA: string[]; id: string } | null> {
    const before = await counts();
    const hold = holdNextFlush(refuse);
    const write = a.insertOne({ _id: id }).then(
      () => 'stored',
      () => 'refused',
    );
    await hold.held;
    const findB = opMsg({ find: 'b', filter: {}, $db: 'rbm' });
    const findA = opMsg({ find: 'a', filter: { _id: id }, $db: 'rbm' });
    raw.send(Buffer.concat([findB.message, findA.message]));
    const replyB = await raw.nextReply();
    const bothArrivedWhileHeld = hold.attempts() < ATTEMPTS;
    const replyA = await raw.nextReply();
    assert.equal(hold.attempts(), ATTEMPTS, 'the find on A was answered only after the last flush attempt');
    assert.equal(await write, refuse ? 'refused' : 'stored');
    setJournalWriteFault(null);
    const after = await counts();
    assert.equal(replyB.responseTo, findB.requestId);
    assert.equal(replyA.responseTo, findA.requestId);
    assert.deepEqual(ids(replyB), ['b0']);
    return bothArrivedWhileHeld ? { change: delta(before, after), onA: ids(replyA), id } : null;
  }

  it('when a write to A is pending, then a find on B counts as arrived while pending and a find on A as arrived and waited', async () => {
    let seen = null;
    for (let i = 0; i < 5 && !seen; i++) seen = await round(false, `stored-${i}`);
    assert.ok(seen, 'in one of 5 rounds both finds arrived while the write was held');
    assert.deepEqual(seen.change, { pendingAtArrival: 2, waited: 1 });
    assert.deepEqual(seen.onA, [seen.id], 'the find on A waited and then saw the write');
  });

  it('when the pending write to A is refused, then the find on A that waited is counted once, and sees nothing of it', async () => {
    let seen = null;
    for (let i = 0; i < 5 && !seen; i++) seen = await round(true, `refused-${i}`);
    assert.ok(seen, 'in one of 5 rounds both finds arrived while the write was held');
    assert.deepEqual(seen.change, { pendingAtArrival: 2, waited: 1 });
    assert.deepEqual(seen.onA, []);
  });

  it('when no write is pending, then reads and a write move neither counter', async () => {
    const before = await counts();
    await raw.command({ find: 'a', filter: {}, $db: 'rbm' });
    await raw.command({ find: 'b', filter: {}, $db: 'rbm' });
    await raw.command({ insert: 'b', documents: [{ _id: 'quiet' }], $db: 'rbm' });
    await raw.command({ find: 'b', filter: { _id: 'quiet' }, $db: 'rbm' });
    assert.deepEqual(delta(before, await counts()), { pendingAtArrival: 0, waited: 0 });
  });
});
