/**
 * Fault drill: damaged storage is never read silently. A flipped byte mid-journal, a missing
 * snapshot or a snapshot older than its journal make start-up refuse, naming the file and what
 * follows, with every file left as it was (hashed before and after). `npm run db:repair` then
 * salvages every intact record — all but the damaged one — and keeps a copy of what it found.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { repairStore } from '../../src/embedded-mongo/repair.js';
import { repoRoot } from './support/server-child.js';

const N = 40;

/** Every file of a directory with the sha256 of its content. */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) {
    out[f] = crypto
      .createHash('sha256')
      .update(fs.readFileSync(path.join(dir, f)))
      .digest('hex');
  }
  return out;
}

/**
 * Byte offsets of the records of a journal (uint32 length, uint32 crc, payload), up to the zeros
 * the journal preallocates after its last record (a frame never has length 0).
 */
function recordOffsets(buf: Buffer): number[] {
  const out: number[] = [];
  for (let off = 0; off + 8 <= buf.length && buf.readUInt32LE(off) > 0; off += 8 + buf.readUInt32LE(off))
    out.push(off);
  return out;
}

/** Where the records of a journal end (its preallocated zeros follow). */
function recordsEnd(buf: Buffer): number {
  const last = recordOffsets(buf).at(-1) ?? 0;
  return last + 8 + buf.readUInt32LE(last);
}

const journals = (dir: string) => fs.readdirSync(dir).filter((f) => /^journal\.\d+\.log$/.test(f));

describe('fault drill: damaged storage is refused, then repaired', function () {
  this.timeout(60_000);
  let root: string;
  let dir: string;
  let engine: EmbeddedMongo | undefined;
  let client: MongoClient | undefined;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-corrupt-'));
    dir = path.join(root, 'db');
  });
  afterEach(async () => {
    await client?.close().catch(() => undefined);
    await engine?.stop().catch(() => undefined);
    client = engine = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });

  const start = async () => {
    engine = await startEmbeddedMongo({ dbPath: dir, log: () => undefined, compactBytes: 1 << 30 });
    client = await MongoClient.connect(engine.uri, { serverSelectionTimeoutMS: 5000 });
    return client.db('drill').collection<{ _id: number; n: number }>('ratings');
  };
  const stop = async () => {
    await client?.close();
    await engine?.stop();
    client = engine = undefined;
  };

  /** N acknowledged inserts kept in the journal as a crash leaves it (snapshot of generation 1 + journal 1). */
  async function storeWithJournal(): Promise<string> {
    const coll = await start();
    await coll.insertOne({ _id: -1, n: -1 }); // creates the collection before the counted writes
    await stop();
    // The restart's compaction leaves snapshot.bson (generation 1) and an empty journal.1.log.
    const coll2 = await start();
    for (let i = 0; i < N; i++) await coll2.insertOne({ _id: i, n: i });
    const file = path.join(dir, journals(dir)[0]);
    const image = fs.readFileSync(file); // every write above is acknowledged, so on disk
    const snapshot = fs.readFileSync(path.join(dir, 'snapshot.bson'));
    await stop(); // compacts; put the crash image back
    for (const f of journals(dir)) fs.rmSync(path.join(dir, f));
    fs.writeFileSync(path.join(dir, 'snapshot.bson'), snapshot);
    fs.writeFileSync(file, image);
    return file;
  }

  async function refusal(): Promise<Error> {
    try {
      await start();
    } catch (e) {
      return e as Error;
    }
    assert.fail('the engine started on a damaged store');
  }

  it('when one byte mid-journal is flipped, then start-up refuses naming the file, offset and records that follow, and changes no file; db:repair salvages all but that record', async () => {
    const file = await storeWithJournal();
    const buf = fs.readFileSync(file);
    const offsets = recordOffsets(buf);
    assert.equal(offsets.length, N);
    const bad = 10; // the insert of _id 10
    buf[offsets[bad] + 8 + 20] ^= 0x5a;
    fs.writeFileSync(file, buf);
    const before = hashes(dir);

    const err = await refusal();
    assert.match(
      err.message,
      new RegExp(`journal ${file.replace(/[.]/g, '\\.')} is corrupt at byte offset ${offsets[bad]}`),
    );
    assert.match(err.message, new RegExp(`${N - bad - 1} intact records follow`));
    assert.match(err.message, /db:repair/);
    assert.deepEqual(hashes(dir), before, 'every file is as it was');

    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/embedded-mongo/repair-cli.ts', '--dbpath', dir],
      { cwd: repoRoot, timeout: 30_000 },
    );
    assert.match(stdout, /copied .* to .*\.damaged-/);
    assert.match(stdout, new RegExp(`lost bytes ${offsets[bad]}-${offsets[bad + 1] - 1}`));
    const backup = fs.readdirSync(root).find((f) => f.startsWith('db.damaged-'));
    assert.ok(backup, 'the directory was copied aside');
    assert.deepEqual(hashes(path.join(root, backup)), before, 'the copy is the directory as found');

    const coll = await start();
    const ids = (await coll.find({ _id: { $gte: 0 } }).toArray()).map((d) => d._id);
    assert.deepEqual(
      ids,
      [...Array(N).keys()].filter((i) => i !== bad),
    );
    await coll.insertOne({ _id: 1000, n: 1000 }); // writable after the repair
    await stop();
    const coll2 = await start();
    assert.equal(await coll2.countDocuments({ _id: { $gte: 0 } }), N);
  });

  it('when the snapshot a journal needs is missing, then start-up refuses instead of opening an empty database', async () => {
    await storeWithJournal();
    fs.rmSync(path.join(dir, 'snapshot.bson'));
    const before = hashes(dir);
    const err = await refusal();
    assert.match(
      err.message,
      /journal\.1\.log needs the snapshot of generation 1, and .*snapshot\.bson is missing/,
    );
    assert.deepEqual(hashes(dir), before);
  });

  it('when the snapshot is older than its journal, then start-up refuses', async () => {
    await storeWithJournal();
    // An old snapshot (generation 1) next to a journal of generation 3: generations 1 and 2 are gone.
    fs.renameSync(path.join(dir, 'journal.1.log'), path.join(dir, 'journal.3.log'));
    const before = hashes(dir);
    const err = await refusal();
    assert.match(
      err.message,
      /snapshot .* is of generation 1, older than the oldest journal \(journal\.3\.log\)/,
    );
    assert.deepEqual(hashes(dir), before);
  });

  it('when a byte of the snapshot is flipped, then start-up refuses naming it; db:repair keeps every other record', async () => {
    await storeWithJournal();
    const snap = path.join(dir, 'snapshot.bson');
    const buf = fs.readFileSync(snap);
    const offsets = recordOffsets(buf); // header, createColl, the put of _id -1
    assert.equal(offsets.length, 3);
    buf[offsets[2] + 8 + 12] ^= 0x01;
    fs.writeFileSync(snap, buf);
    const before = hashes(dir);
    const err = await refusal();
    assert.match(
      err.message,
      new RegExp(`snapshot .*snapshot\\.bson is damaged at byte offset ${offsets[2]}`),
    );
    assert.deepEqual(hashes(dir), before);

    const report = await repairStore(dir);
    assert.equal(report.damagedRanges, 1);
    const coll = await start();
    assert.equal(await coll.countDocuments({ _id: -1 }), 0, 'the damaged record is the one lost');
    assert.equal(await coll.countDocuments({ _id: { $gte: 0 } }), N, 'every journal record is kept');
  });

  it('when only the last record is torn (a crash mid-append), then start-up keeps every complete record', async () => {
    const file = await storeWithJournal();
    const buf = fs.readFileSync(file);
    // The last record's end never reached the disk: zeros where it should be, as the journal
    // overwrites preallocated zeros.
    buf.fill(0, recordsEnd(buf) - 7);
    fs.writeFileSync(file, buf);
    const coll = await start();
    assert.equal(await coll.countDocuments({ _id: { $gte: 0 } }), N - 1);
  });
});
