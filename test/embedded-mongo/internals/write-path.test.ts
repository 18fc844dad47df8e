/**
 * The acknowledged write path's shortcuts keep its guarantees: put records framed by hand equal
 * the generic encoder's, documents journalled as their wire bytes replay to the same documents, a
 * flush that fails once is retried, a snapshot is written in slices (writes go on between them),
 * and no insert is acknowledged before its record is in the store's files, compactions included.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BSON, Long } from 'bson';
import { enospc, setJournalWriteFault } from '../../../src/embedded-mongo/fault-hooks.js';
import { encodePutRecord, encodeRecord, scanRecords } from '../../../src/embedded-mongo/records.js';
import { DESERIALIZE_OPTIONS } from '../../../src/embedded-mongo/records.js';
import { writeSnapshotFile } from '../../../src/embedded-mongo/storage-files.js';
import { parseMessage } from '../../../src/embedded-mongo/wire.js';
import { opMsg } from '../fixtures/wire.js';
import type { Doc } from '../../../src/embedded-mongo/values.js';
import { TestEngine } from './engine-helpers.js';

/** Every `k` of a put record in the snapshot and journals on disk right now. */
function keysOnDisk(dir: string): Set<string> {
  for (;;) {
    try {
      const keys = new Set<string>();
      const files = fs.readdirSync(dir).filter((f) => /^(journal\.\d+\.log|snapshot\.bson)$/.test(f));
      for (const f of files) {
        for (const r of scanRecords(fs.readFileSync(path.join(dir, f))).records) {
          if (r.op !== 'put') continue;
          const doc = r.doc ?? BSON.deserialize(r.raw.buffer ?? r.raw, DESERIALIZE_OPTIONS);
          if (typeof doc.k === 'string') keys.add(doc.k);
        }
      }
      return keys;
    } catch (e) {
      // A compaction removed a journal between the listing and the read: look again.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}

const STORE_FILE = /^(journal\.\d+\.log|snapshot\.bson)$/;

/**
 * Restarts as after a crash: the files as they are while the engine runs (stop would fold the
 * journal into a snapshot, and the restart would not replay the records under test).
 */
async function restartFromJournal(t: TestEngine): Promise<TestEngine> {
  const dir = t.dir;
  const files = fs
    .readdirSync(dir)
    .filter((f) => STORE_FILE.test(f))
    .map((f) => [f, fs.readFileSync(path.join(dir, f))] as const);
  assert.ok(
    files.some(([f]) => f.startsWith('journal.')),
    'a journal to replay',
  );
  await t.stop();
  for (const f of fs.readdirSync(dir).filter((f) => STORE_FILE.test(f))) fs.rmSync(path.join(dir, f));
  for (const [f, b] of files) fs.writeFileSync(path.join(dir, f), b);
  return TestEngine.start({ compactBytes: 1 << 30, syncFlush: true }, dir);
}

describe('embedded engine: the acknowledged write path', () => {
  let t: TestEngine | undefined;
  afterEach(async () => {
    setJournalWriteFault(null);
    await t?.destroy().catch(() => undefined);
    t = undefined;
  });

  it('when a put record is framed by encodePutRecord, then its bytes equal the generic encoder', () => {
    const cases: [string, string, Doc][] = [
      ['bench', 'insert_one', { _id: 1, a: 'x' }],
      ['dé', 'çollection.sub', { s: 'ü'.repeat(300), n: [1, 2, { d: new Date(0) }] }],
      ['a', 'b', {}],
      ['big', 'docs', { pad: 'x'.repeat(200_000) }],
    ];
    for (const [db, coll, doc] of cases) {
      const raw = BSON.serialize(doc);
      assert.ok(
        encodePutRecord(db, coll, raw).equals(encodeRecord({ op: 'put', db, coll, raw })),
        `${db}.${coll}`,
      );
    }
  });

  it("when an insert carries its documents in the body or in a sequence, then the parser hands over each one's exact bytes", () => {
    const docs = [
      { _id: 1, a: 'x' },
      { _id: 2, nested: { b: [1, 2] }, at: new Date(0) },
    ];
    const lsid = { id: new BSON.UUID() };
    const inBody = parseMessage(
      opMsg({ insert: 'c', ordered: true, n: 1.5, ok: true, lsid, documents: docs, $db: 'd' }).message,
    );
    assert.deepEqual(
      inBody.sequenceBytes.documents?.map((b) => b.toString('hex')),
      docs.map((d) => Buffer.from(BSON.serialize(d)).toString('hex')),
    );
    const inSequence = parseMessage(
      opMsg({ insert: 'c', $db: 'd' }, { sequences: { documents: docs } }).message,
    );
    assert.deepEqual(inSequence.sequenceBytes.documents, inBody.sequenceBytes.documents);
    // A type the walker does not step over before `documents`: no bytes, the engine serializes.
    const unknown = parseMessage(opMsg({ insert: 'c', re: /x/, documents: docs, $db: 'd' }).message);
    assert.equal(unknown.sequenceBytes.documents, undefined);
    const notDocs = parseMessage(opMsg({ insert: 'c', documents: [docs[0], 3], $db: 'd' }).message);
    assert.equal(notDocs.sequenceBytes.documents, undefined);
  });

  it('when documents are journalled as their wire bytes, then replaying the journal gives back the same documents', async () => {
    t = await TestEngine.start({ compactBytes: 1 << 30, syncFlush: true });
    const coll = t.client.db('wp').collection<Doc>('docs');
    const docs: Doc[] = [
      { _id: 'first', k: 'a', long: Long.fromNumber(2 ** 40), nested: { arr: [1, 'two', null] } },
      { k: 'b', at: new Date(1_700_000_000_000), n: 1.5 }, // the driver adds an _id first
      { k: 'c', _id: 7 }, // _id not first: the engine reorders it and serializes the document itself
    ];
    for (const d of docs) await coll.insertOne({ ...d });
    await coll.insertMany([{ k: 'd' }, { k: 'e', bin: new BSON.Binary(Buffer.from([1, 2, 3])) }]);
    const before = await coll.find().sort({ k: 1 }).toArray();
    t = await restartFromJournal(t);
    const after = await t.client.db('wp').collection('docs').find().sort({ k: 1 }).toArray();
    assert.deepEqual(after, before);
    assert.equal(after.length, 5);
    assert.equal(after[0].long, 2 ** 40, 'the Long is promoted as when it was inserted');
    assert.deepEqual(Object.keys(after[2]), ['_id', 'k'], 'the _id goes first');
  });

  it('when one batch holds more records than one writev takes (IOV_MAX 1024), then all of them are journalled', async () => {
    t = await TestEngine.start({ compactBytes: 1 << 30, syncFlush: true });
    const docs = Array.from({ length: 3000 }, (_, i) => ({ k: `m${i}`, i }));
    await t.client.db('wp').collection('many').insertMany(docs);
    t = await restartFromJournal(t);
    const back = await t.client.db('wp').collection('many').find().sort({ i: 1 }).toArray();
    assert.deepEqual(
      back.map((d) => d.k),
      docs.map((d) => d.k),
    );
  });

  for (const syncFlush of [false, true])
    it(`when a flush fails once and the retry succeeds (${syncFlush ? 'synchronous' : 'async'} flush), then the write is acknowledged and stored once`, async () => {
      t = await TestEngine.start({ compactBytes: 1 << 30, syncFlush });
      const coll = t.client.db('wp').collection('retry');
      await coll.insertOne({ k: 'warm' });
      let failures = 0;
      setJournalWriteFault(() => {
        if (failures++ === 0) throw enospc();
      });
      await coll.insertOne({ k: 'retried' });
      setJournalWriteFault(null);
      assert.ok(failures >= 2, 'the first attempt failed and a second one ran');
      assert.equal(await coll.countDocuments({ k: 'retried' }), 1);
      t = await restartFromJournal(t);
      assert.equal(await t.client.db('wp').collection('retry').countDocuments({ k: 'retried' }), 1);
    });

  it('when a snapshot takes longer than a slice to encode, then other work runs between its slices', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-slices-'));
    try {
      let ticks = 0;
      let ticking = true;
      const tick = () => {
        ticks++;
        if (ticking) setImmediate(tick);
      };
      setImmediate(tick);
      let ticksAtFirst = -1;
      let ticksAtLast = -1;
      const records = Array.from({ length: 640 }, (_, i) => ({
        op: 'put',
        db: 'd',
        coll: 'c',
        doc: { _id: i },
      }));
      // A slow encoder (0.2 ms a record, 128 ms in all): a writer that never yields would let no
      // tick run until the end; the sliced writer lets them run every few milliseconds.
      const encode = (r: Doc) => {
        const until = performance.now() + 0.2;
        while (performance.now() < until);
        if (r.doc?._id === 0) ticksAtFirst = ticks;
        if (r.doc?._id === 639) ticksAtLast = ticks;
        return encodeRecord(r);
      };
      await writeSnapshotFile(dir, 1, records, encode);
      ticking = false;
      assert.ok(
        ticksAtLast - ticksAtFirst >= 5,
        `other work ran ${ticksAtLast - ticksAtFirst} times while the snapshot was encoded`,
      );
      const scan = scanRecords(fs.readFileSync(path.join(dir, 'snapshot.bson')));
      assert.equal(scan.damaged.length, 0);
      assert.deepEqual(
        scan.records.slice(1).map((r) => r.doc._id),
        records.map((r) => r.doc._id),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when compactions run while writes continue, then no insert is acknowledged before its record is on disk and none is lost', async () => {
    t = await TestEngine.start({ compactBytes: 8 * 1024, syncFlush: true });
    const coll = t.client.db('wp').collection('burst');
    const early: string[] = [];
    const acknowledged: string[] = [];
    await Promise.all(
      Array.from({ length: 4 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 60; i++) {
            const k = `${w}-${i}`;
            await coll.insertOne({ k, pad: 'x'.repeat(300) });
            acknowledged.push(k);
            if (!keysOnDisk(t!.dir).has(k)) early.push(k);
          }
        })(),
      ),
    );
    assert.deepEqual(early, [], 'acknowledged before their records were in the files');
    const snapshots = fs.readdirSync(t.dir).filter((f) => f === 'snapshot.bson');
    assert.equal(snapshots.length, 1, 'compactions ran');
    t = await t.restart();
    const stored = await t.client.db('wp').collection('burst').distinct('k');
    assert.deepEqual(stored.sort(), acknowledged.sort());
  });
});
