/**
 * Long reads let other connections' writes in: an unindexed find with a sort and a $group over
 * 30,000 documents are read in time slices. Proved without timings: a second connection inserts
 * documents one after another while the read runs; a write answered before the read's reply whose
 * document the read does not see was applied after the read began (the read sees the collection as
 * it was when it began) and answered before the read ended.
 */
import assert from 'node:assert/strict';
import type { Db, Document } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';

const ROWS = 30_000;

describe('embedded engine: long finds and $group yield to other connections', function () {
  this.timeout(180_000);
  const target = useMongoTarget();
  let db: Db;
  let other: Db;

  before(async function () {
    const name = target.freshDbName();
    db = target.client.db(name);
    for (let i = 0; i < ROWS; i += 5000) {
      await db.collection('rows').insertMany(
        Array.from({ length: 5000 }, (_, j) => ({
          i: i + j,
          team: (i + j) % 100,
          score: ((i + j) * 7919) % 1000,
          name: `row ${i + j}`,
        })),
      );
    }
    other = (await target.newClient()).db(name);
    await other.command({ ping: 1 });
  });

  afterEach(async () => {
    await db.collection('rows').deleteMany({ written: true });
  });

  /**
   * Runs `read` while the other connection inserts documents made by `doc(k)`, one at a time,
   * until the read answers; returns the read's result and the keys of the writes answered before it.
   */
  async function readWhileWriting<T>(
    read: () => Promise<T>,
    doc: (k: number) => Document,
  ): Promise<{ result: T; answeredBefore: number[] }> {
    let done = false;
    const reading = read().then((result) => {
      done = true;
      return result;
    });
    const answeredBefore: number[] = [];
    for (let k = 1; !done; k++) {
      await other.collection('rows').insertOne(doc(k));
      if (!done) answeredBefore.push(k);
    }
    return { result: await reading, answeredBefore };
  }

  it('when writes arrive on another connection during an unindexed find with a sort, then some are answered before the find, which reads the collection as it was', async () => {
    const { result, answeredBefore } = await readWhileWriting(
      () =>
        db
          .collection('rows')
          // One batch: the whole read is the find command (no getMore for the writes to slip between).
          .find({ score: { $gte: 0 } }, { batchSize: ROWS * 2 })
          .sort({ score: -1, i: 1 })
          .toArray(),
      (k) => ({ i: -k, team: -1, score: 1000, name: `written ${k}`, written: true }),
    );
    const seen = new Set(result.filter((d) => d.team === -1).map((d) => -d.i));
    const during = answeredBefore.filter((k) => !seen.has(k));
    assert.ok(during.length > 0, 'a write began after the find and was answered before it');
    assert.equal(result.length, ROWS + seen.size);
    const mine = result.filter((d) => d.team !== -1);
    for (let j = 1; j < mine.length; j++) {
      const [a, b] = [mine[j - 1], mine[j]];
      assert.ok(a.score > b.score || (a.score === b.score && a.i < b.i), `sorted at ${j}`);
    }
  });

  it('when writes arrive on another connection during a $group over every document, then some are answered before the aggregation, which groups the collection as it was', async () => {
    const { result, answeredBefore } = await readWhileWriting(
      () =>
        db
          .collection('rows')
          .aggregate([
            {
              $group: {
                _id: '$team',
                n: { $sum: 1 },
                total: { $sum: '$i' },
                best: { $max: '$score' },
                names: { $push: '$name' },
              },
            },
          ])
          .toArray(),
      (k) => ({ i: k, team: 1000 + k, score: 0, name: `written ${k}`, written: true }),
    );
    const seen = new Set(result.filter((g) => g._id >= 1000).map((g) => g._id - 1000));
    const during = answeredBefore.filter((k) => !seen.has(k));
    assert.ok(during.length > 0, 'a write began after the $group and was answered before it');
    const mine = result.filter((g) => g._id < 1000);
    assert.equal(mine.length, 100);
    const team7 = mine.find((g) => g._id === 7)!;
    assert.equal(team7.n, ROWS / 100);
    assert.equal(team7.names.length, ROWS / 100);
    assert.equal(
      mine.reduce((sum, g) => sum + g.total, 0),
      (ROWS * (ROWS - 1)) / 2,
    );
  });

  it('when a sorted find of every document is read in batches, then getMore returns each document once, in order', async () => {
    const cursor = db.collection('rows').find({}, { batchSize: 1000 }).sort({ team: 1, i: -1 });
    const ids: number[] = [];
    let previous: Document | undefined;
    for await (const d of cursor) {
      if (previous) {
        assert.ok(
          previous.team < d.team || (previous.team === d.team && previous.i > d.i),
          `order at ${d.i}`,
        );
      }
      ids.push(d.i);
      previous = d;
    }
    assert.equal(ids.length, ROWS);
    assert.equal(new Set(ids).size, ROWS);
  });
});
