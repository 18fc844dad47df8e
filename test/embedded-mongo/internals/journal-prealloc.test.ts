import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { enospc, setJournalPreallocFault } from '../../../src/embedded-mongo/fault-hooks.js';
import { PREALLOC_BYTES } from '../../../src/embedded-mongo/journal-writer.js';
import { scanRecords } from '../../../src/embedded-mongo/records.js';
import { TestEngine } from './engine-helpers.js';

const journalFiles = (dir: string) => fs.readdirSync(dir).filter((f) => /^journal\.\d+\.log$/.test(f));

/**
 * The journal is preallocated with durable zeros that records then overwrite (journal-writer.ts). A
 * crash leaves those zeros after the last record: start-up must take them for unused space, and
 * still refuse what is damage.
 */
describe('embedded engine journal: preallocation', () => {
  let t: TestEngine | undefined;
  afterEach(async () => {
    setJournalPreallocFault(null);
    await t?.destroy().catch(() => undefined);
    t = undefined;
  });

  /** Writes `n` documents, then returns the live journal's bytes as a crash would leave them. */
  async function crashImage(n: number, synchronous: boolean): Promise<{ dir: string; journal: Buffer }> {
    t = await TestEngine.start({ compactBytes: 1 << 30, syncFlush: synchronous });
    const coll = t.client.db('j').collection('docs');
    for (let i = 0; i < n; i++) await coll.insertOne({ i });
    const [file] = journalFiles(t.dir);
    const journal = fs.readFileSync(path.join(t.dir, file));
    const dir = t.dir;
    await t.client.close();
    await t.mongo.stop();
    fs.rmSync(path.join(dir, 'snapshot.bson'), { force: true });
    for (const f of journalFiles(dir)) fs.rmSync(path.join(dir, f));
    return { dir, journal };
  }

  for (const synchronous of [true, false]) {
    it(`when writes are journalled (${synchronous ? 'synchronous' : 'async'} flush), then the file runs ahead of the records with zeros`, async () => {
      const { journal } = await crashImage(30, synchronous);

      const scan = scanRecords(journal, { zeroTail: true });
      assert.equal(scan.damaged.length, 0);
      assert.ok(scan.records.filter((r) => r.op === 'put').length >= 30, 'every insert is a record');
      assert.equal(journal.length % PREALLOC_BYTES, 0, `file length ${journal.length}`);
      assert.equal(scan.cleanLength + scan.zeroTail, journal.length);
      assert.ok(scan.zeroTail > 0, 'zeros follow the last record');
    });
  }

  for (const synchronous of [true, false]) {
    it(`when the disk has no room for the zeros (${synchronous ? 'synchronous' : 'async'} flush), then writes are still acknowledged as plain appends and survive a restart`, async () => {
      t = await TestEngine.start({ compactBytes: 1 << 30, syncFlush: synchronous });
      const coll = t.client.db('j').collection('docs');
      setJournalPreallocFault(() => {
        throw enospc();
      });

      for (let i = 0; i < 10; i++) await coll.insertOne({ i });
      const [file] = journalFiles(t.dir);
      const journal = fs.readFileSync(path.join(t.dir, file));
      setJournalPreallocFault(null);
      await coll.insertOne({ i: 10 });
      const grown = fs.statSync(path.join(t.dir, file)).size;
      t = await t.restart();

      assert.equal(scanRecords(journal, { zeroTail: true }).zeroTail, 0, 'no zeros were written');
      assert.ok(grown > PREALLOC_BYTES, 'preallocation resumes once there is room');
      assert.equal(await t.client.db('j').collection('docs').countDocuments(), 11);
    });
  }

  it('when the engine restarts on a journal that ends in preallocated zeros, then every record is kept and nothing is reported damaged', async () => {
    const { dir, journal } = await crashImage(25, true);
    fs.writeFileSync(path.join(dir, 'journal.0.log'), journal);
    const logs: string[] = [];

    t = await TestEngine.start({ compactBytes: 1 << 30, log: (m) => logs.push(m) }, dir);

    const docs = await t.client.db('j').collection('docs').find().sort({ i: 1 }).toArray();
    assert.deepEqual(
      docs.map((d) => d.i),
      Array.from({ length: 25 }, (_, i) => i),
    );
    assert.deepEqual(logs, [], 'a zero tail is not damage');
    await t.client.db('j').collection('docs').insertOne({ i: 25 });
    assert.equal(await t.client.db('j').collection('docs').countDocuments(), 26);
  });

  it('when the zeros after the last record are followed by an intact record, then start-up refuses the store as corrupt', async () => {
    const { dir, journal } = await crashImage(5, true);
    const scan = scanRecords(journal, { zeroTail: true });
    const records = journal.subarray(0, scan.cleanLength);
    // A record after a gap of zeros: the journal never writes past a gap, so this is damage.
    const damaged = Buffer.concat([records, Buffer.alloc(4096), lastFrame(records)]);
    fs.writeFileSync(path.join(dir, 'journal.0.log'), damaged);

    await assert.rejects(TestEngine.start({}, dir), /corrupt at byte offset/);
  });

  it('when the zeros after the last record are followed by bytes that are no record, then start-up cuts them as a torn tail and says so', async () => {
    const { dir, journal } = await crashImage(5, true);
    const scan = scanRecords(journal, { zeroTail: true });
    const torn = Buffer.concat([
      journal.subarray(0, scan.cleanLength),
      Buffer.alloc(512),
      Buffer.from('torn write'),
    ]);
    fs.writeFileSync(path.join(dir, 'journal.0.log'), torn);
    const logs: string[] = [];

    t = await TestEngine.start({ log: (m) => logs.push(m) }, dir);

    assert.equal(await t.client.db('j').collection('docs').countDocuments(), 5);
    assert.ok(
      logs.some((m) => /torn or corrupt/.test(m)),
      'the cut is logged',
    );
  });
});

/** The frame of the last record in `records` (frames are: uint32 length, uint32 crc, payload). */
function lastFrame(records: Buffer): Buffer {
  let off = 0;
  let last = records.subarray(0, 0);
  while (off < records.length) {
    const len = records.readUInt32LE(off);
    last = records.subarray(off, off + 8 + len);
    off += 8 + len;
  }
  return last;
}
