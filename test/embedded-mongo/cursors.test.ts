import assert from 'node:assert/strict';
import { Long, type CommandSucceededEvent, type Db, type Document, type MongoClient } from 'mongodb';
import { useMongoTarget } from '../helpers/mongo-target.js';
import { serverError } from './fixtures/assertions.js';

describe('conformance: cursors', function () {
  const target = useMongoTarget();
  let monitored: MongoClient;
  let succeeded: CommandSucceededEvent[];
  let db: Db;

  before(async function () {
    monitored = await target.newClient({ monitorCommands: true });
    monitored.on('commandSucceeded', (event) => succeeded.push(event));
  });

  beforeEach(function () {
    succeeded = [];
    db = monitored.db(target.freshDbName());
  });

  async function seed(count: number): Promise<void> {
    const docs = Array.from({ length: count }, (_, n) => ({ n, pad: `doc-${n}` }));
    await db.collection('docs').insertMany(docs);
    succeeded = [];
  }

  const batchLengths = (): number[] =>
    succeeded
      .filter(
        (event) =>
          event.commandName === 'find' ||
          event.commandName === 'getMore' ||
          event.commandName === 'aggregate',
      )
      .map((event) => {
        const cursor = (event.reply as Document).cursor as Document;
        return ((cursor.firstBatch ?? cursor.nextBatch) as unknown[]).length;
      });

  it('when 1,050 documents are read with batchSize 100, then every document arrives once over several getMore batches', async function () {
    await seed(1050);

    const docs = await db
      .collection('docs')
      .find({}, { batchSize: 100, sort: { n: 1 } })
      .toArray();

    assert.deepEqual(
      docs.map((doc) => doc.n),
      Array.from({ length: 1050 }, (_, n) => n),
    );
    const batches = batchLengths();
    assert.ok(batches.length >= 11, `expected at least 11 batches, got ${batches.length}`);
    assert.ok(
      batches.every((length) => length <= 100),
      `a batch exceeded batchSize: ${batches.join(',')}`,
    );
    assert.equal(
      batches.reduce((sum, length) => sum + length, 0),
      1050,
    );
    assert.ok(succeeded.filter((event) => event.commandName === 'getMore').length >= 10);
  });

  it('when a cursor is exhausted, then the server reports cursor id 0', async function () {
    await seed(30);

    const docs = await db.collection('docs').find({}, { batchSize: 10 }).toArray();

    assert.equal(docs.length, 30);
    const last = succeeded
      .filter((event) => event.commandName === 'find' || event.commandName === 'getMore')
      .at(-1);
    const id = ((last?.reply as Document).cursor as Document).id as Long | number;
    assert.equal(Number(id), 0);
  });

  it('when iterating with a filter and a limit across batches, then the limit is honoured', async function () {
    await seed(500);

    const docs = await db
      .collection('docs')
      .find({ n: { $gte: 100 } }, { batchSize: 50, limit: 175, sort: { n: -1 } })
      .toArray();

    assert.equal(docs.length, 175);
    assert.equal(docs[0].n, 499);
    assert.equal(docs[174].n, 325);
  });

  it('when a cursor is closed early, then the driver sends killCursors and the server confirms the id as killed', async function () {
    await seed(100);
    const cursor = db.collection('docs').find({}, { batchSize: 10 });
    await cursor.next();
    const cursorId = cursor.id;
    assert.ok(cursorId !== undefined && !cursorId.isZero(), 'expected an open cursor with a non-zero id');

    await cursor.close();

    const kill = succeeded.find((event) => event.commandName === 'killCursors');
    assert.ok(kill, 'expected a killCursors command');
    const killed = ((kill.reply as Document).cursorsKilled as Array<Long | number>).map(String);
    assert.deepEqual(killed, [cursorId.toString()]);
  });

  it('when a getMore names a killed cursor, then it fails with CursorNotFound (43)', async function () {
    await seed(100);
    const cursor = db.collection('docs').find({}, { batchSize: 10 });
    await cursor.next();
    const cursorId = cursor.id as Long;
    await cursor.close();

    const error = await serverError(db.command({ getMore: cursorId, collection: 'docs', batchSize: 10 }), 43);

    assert.equal(error.codeName, 'CursorNotFound');
  });

  it('when a getMore names a cursor id that never existed, then it fails with CursorNotFound (43)', async function () {
    await seed(1);

    await serverError(db.command({ getMore: Long.fromNumber(123456789), collection: 'docs' }), 43);
  });

  it('when killCursors names an unknown id, then it is reported in cursorsNotFound', async function () {
    await seed(1);

    const reply = await db.command({ killCursors: 'docs', cursors: [Long.fromNumber(987654321)] });

    assert.equal(reply.ok, 1);
    assert.deepEqual((reply.cursorsNotFound as Array<Long | number>).map(String), ['987654321']);
  });

  it('when documents are updated while a cursor is open, then the cursor still returns each original document once', async function () {
    await seed(300);
    const cursor = db.collection('docs').find({}, { batchSize: 50, sort: { n: 1 } });
    const seen: number[] = [];
    for (let i = 0; i < 60; i += 1) seen.push((await cursor.next())?.n as number);

    await db.collection('docs').updateMany({}, { $set: { touched: true } });
    for await (const doc of cursor) seen.push(doc.n as number);

    assert.equal(new Set(seen).size, seen.length, 'a document came back twice');
    for (let n = 0; n < 300; n += 1) assert.ok(seen.includes(n), `document ${n} was skipped`);
  });

  it('when an aggregation returns more than one batch, then getMore continues it', async function () {
    await seed(250);

    const docs = await db
      .collection('docs')
      .aggregate([{ $match: { n: { $lt: 230 } } }, { $sort: { n: 1 } }], { batchSize: 100 })
      .toArray();

    assert.equal(docs.length, 230);
    assert.equal(docs[229].n, 229);
    assert.ok(succeeded.some((event) => event.commandName === 'getMore'));
  });
});
