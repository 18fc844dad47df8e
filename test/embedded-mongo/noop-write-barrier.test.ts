/**
 * A write that changes nothing answers only once every earlier write has settled (server.ts,
 * `commit`). Two writers waiting on the same flush wake together: the first applies its change
 * (pending until its own flush), the second runs right after it and may read that change. When the
 * second changes nothing it appends no record, so nothing used to hold its answer back: it could
 * report a document that a refused flush then took away.
 */
import assert from 'node:assert/strict';
import type { Collection, UpdateResult } from 'mongodb';
import { enospc, setJournalWriteFault } from '../../src/embedded-mongo/fault-hooks.js';
import { ATTEMPTS } from './fixtures/held-flush.js';
import { TestEngine } from './internals/engine-helpers.js';

type Row = { _id: string; n?: number };

describe('embedded engine: a write that changes nothing waits for the writes before it', () => {
  let t: TestEngine;
  let a: Collection<Row>;
  let other: Collection<Row>;

  before(async () => {
    // No background probe while writes fail: only the writes under test reach the fault hook.
    t = await TestEngine.start({ writeProbeMs: 60_000 });
    a = t.client.db('noop').collection<Row>('a');
    other = (await t.newClient()).db('noop').collection<Row>('a');
    await a.insertOne({ _id: 'a0' });
  });
  afterEach(async () => {
    setJournalWriteFault(null);
    // A refused write leaves the journal failing until a write succeeds: make one.
    await a.insertOne({ _id: `recover-${Date.now()}` });
  });
  after(async () => {
    setJournalWriteFault(null);
    await t.destroy();
  });

  it('when a no-op update reads a document another writer woken by the same flush inserted, then it answers only after that insert is refused', async () => {
    // A round counts when both writers were sent while the first write was held and the update
    // ran after the insert (it matched 'x'); a slow machine may miss that window, so up to 5 rounds.
    let shown = false;
    for (let round = 0; round < 5 && !shown; round++) {
      // Flush 1 (the first insert) fails until its last attempt, then is stored; flush 2 (the
      // insert of 'x', applied when the two writers woke) fails on every attempt and is refused.
      let attempts = 0;
      setJournalWriteFault(() => {
        attempts++;
        if (attempts !== ATTEMPTS) throw enospc();
      });
      const id = `x-${round}`;
      const first = a.insertOne({ _id: `held-${round}`, n: 0 });
      while (attempts === 0) await new Promise((r) => setTimeout(r, 1));
      const insert = a.insertOne({ _id: id, n: 1 }).then(
        () => 'stored',
        () => 'refused',
      );
      await new Promise((r) => setTimeout(r, 5));
      const sentWhileHeld = attempts < ATTEMPTS;
      let attemptsAtAnswer = -1;
      const noop = other.updateOne({ _id: id }, { $set: { n: 1 } }).finally(() => {
        attemptsAtAnswer = attempts;
      });
      await first;
      assert.equal(await insert, 'refused');
      const res: UpdateResult = await noop;
      setJournalWriteFault(null);
      assert.equal(await a.findOne({ _id: id }), null, 'the refused insert is not there');
      if (!sentWhileHeld || res.matchedCount !== 1) continue;
      assert.equal(res.modifiedCount, 0);
      assert.ok(
        attemptsAtAnswer >= 2 * ATTEMPTS,
        `the no-op update answered after ${attemptsAtAnswer} flush attempts, before the insert it read was refused`,
      );
      shown = true;
    }
    assert.ok(shown, 'in one round both writers were sent while the first write was held');
  });
});
