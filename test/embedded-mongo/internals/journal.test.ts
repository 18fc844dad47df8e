import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { scanRecords } from '../../../src/embedded-mongo/records.js';
import { TestEngine } from './engine-helpers.js';

const journalFiles = (dir: string) => fs.readdirSync(dir).filter((f) => /^journal\.\d+\.log$/.test(f));

describe('embedded engine journal', () => {
  let t: TestEngine | undefined;
  afterEach(async () => {
    await t?.destroy().catch(() => undefined);
    t = undefined;
  });

  it('when the last journal record is torn, then start-up keeps every complete record and truncates the tail', async () => {
    const logs: string[] = [];
    t = await TestEngine.start({ compactBytes: 1 << 30 });
    const coll = t.client.db('j').collection('docs');
    for (let i = 0; i < 20; i++) await coll.insertOne({ i });
    // Simulate a crash mid-append: stop without compaction is not possible, so copy the live journal.
    const [file] = journalFiles(t.dir);
    const full = fs.readFileSync(path.join(t.dir, file));
    const dir = t.dir;
    await t.client.close();
    await t.mongo.stop();
    // Rebuild the crash image: no snapshot, the journal with half of one more record appended.
    fs.rmSync(path.join(dir, 'snapshot.bson'), { force: true });
    for (const f of journalFiles(dir)) fs.rmSync(path.join(dir, f));
    const torn = Buffer.concat([full, full.subarray(0, 30)]);
    fs.writeFileSync(path.join(dir, 'journal.0.log'), torn);

    t = await TestEngine.start({ log: (m) => logs.push(m) }, dir);
    const docs = await t.client.db('j').collection('docs').find().sort({ i: 1 }).toArray();
    assert.deepEqual(
      docs.map((d) => d.i),
      Array.from({ length: 20 }, (_, i) => i),
    );
    assert.ok(
      logs.some((m) => /torn or corrupt/.test(m)),
      'the repair is logged',
    );
  });

  it('when a record in the middle has a bad checksum, then replay stops there and the store still opens', async () => {
    t = await TestEngine.start({ compactBytes: 1 << 30 });
    const coll = t.client.db('j').collection('docs');
    for (let i = 0; i < 10; i++) await coll.insertOne({ i });
    const [file] = journalFiles(t.dir);
    const buf = Buffer.from(fs.readFileSync(path.join(t.dir, file)));
    const dir = t.dir;
    await t.client.close();
    await t.mongo.stop();
    fs.rmSync(path.join(dir, 'snapshot.bson'), { force: true });
    for (const f of journalFiles(dir)) fs.rmSync(path.join(dir, f));
    // The live journal ends with preallocated zeros (journal-writer.ts): corrupt the last record's payload.
    const end = buf.length - scanRecords(buf, { zeroTail: true }).zeroTail;
    buf[end - 3] ^= 0xff;
    fs.writeFileSync(path.join(dir, 'journal.0.log'), buf);

    t = await TestEngine.start({}, dir);
    const n = await t.client.db('j').collection('docs').countDocuments();
    assert.ok(n >= 9 && n < 10, `expected the first records to survive, got ${n}`);
    await t.client.db('j').collection('docs').insertOne({ i: 99 });
    assert.equal(await t.client.db('j').collection('docs').countDocuments({ i: 99 }), 1);
  });

  it('when compaction runs repeatedly during concurrent writes, then after a restart nothing is lost', async () => {
    t = await TestEngine.start({ compactBytes: 16 * 1024 });
    const coll = t.client.db('j').collection('burst');
    await coll.createIndex({ k: 1 }, { unique: true });
    const writers = Array.from({ length: 8 }, (_, w) =>
      (async () => {
        for (let i = 0; i < 150; i++) {
          await coll.insertOne({ k: `${w}-${i}`, pad: 'x'.repeat(200) });
          if (i % 10 === 0) await coll.updateOne({ k: `${w}-${i}` }, { $set: { updated: true } });
        }
      })(),
    );
    await Promise.all(writers);
    t = await t.restart();
    const again = t.client.db('j').collection('burst');
    assert.equal(await again.countDocuments(), 8 * 150);
    assert.equal(await again.countDocuments({ updated: true }), 8 * 15);
    await assert.rejects(again.insertOne({ k: '0-0' }), { code: 11000 });
    assert.ok(fs.existsSync(path.join(t.dir, 'snapshot.bson')));
    assert.ok(journalFiles(t.dir).length <= 2, `old journals are removed: ${journalFiles(t.dir).join(', ')}`);
  });

  it('when a half-written snapshot temp file is left by a crash, then it is ignored and removed', async () => {
    t = await TestEngine.start();
    await t.client.db('j').collection('a').insertOne({ ok: true });
    const dir = t.dir;
    await t.client.close();
    await t.mongo.stop();
    fs.writeFileSync(path.join(dir, 'snapshot.bson.tmp'), Buffer.from('garbage'));
    t = await TestEngine.start({}, dir);
    assert.equal(await t.client.db('j').collection('a').countDocuments({ ok: true }), 1);
    assert.equal(fs.existsSync(path.join(dir, 'snapshot.bson.tmp')), false);
  });

  it('when a second engine opens a dbPath that is in use, then it refuses with a clear error', async () => {
    t = await TestEngine.start();
    await assert.rejects(TestEngine.start({}, t.dir), /already open|in use/);
  });
});
