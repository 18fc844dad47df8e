/** bench:db (db.bench.ts): acknowledged inserts, one at a time and in batches. */
import { performance } from 'node:perf_hooks';
import type { Collection, Db, Document } from 'mongodb';
import { makeUsers } from './data.js';
import { diskCounters, perOp } from './durability.js';
import { median, timedLoop } from './measure.js';
import { int } from './report.js';

const INSERT_MANY_DOCS = 10_000;
/** Loops of the concurrent insertOne phase (they share fdatasyncs). */
export const CONCURRENT_CLIENTS = 16;

export const progress = (msg: string) => process.stderr.write(`[bench:db] ${msg}\n`);

export async function benchInsertOne(db: Db, dbPath: string) {
  progress('insertOne: acknowledged, sequential (about 4 s)');
  const coll = db.collection('insert_one');
  const insert = (i: number) =>
    coll.insertOne({ seq: i, at: new Date(), name: `doc ${i}`, tags: ['a', 'b'], n: i * 1.5 });
  for (let i = 0; i < 200; i++) await insert(i); // warm-up outside the CPU count
  // CPU time per insert (driver and engine, both in this process): work done, which a busy
  // machine stretches far less than it stretches wall-clock latency. Likewise the disk's writes.
  const disk = diskCounters(dbPath);
  const disk0 = disk?.();
  const cpu0 = process.cpuUsage();
  const stats = await timedLoop((i) => insert(200 + i), {
    warmupOps: 0,
    minOps: 500,
    maxOps: 500_000,
    maxMs: 4000,
  });
  const cpu = process.cpuUsage(cpu0);
  const diskPerInsert = perOp(disk0, disk?.(), stats.ops);
  return { ...stats, cpuUsPerOp: (cpu.user + cpu.system) / stats.ops, disk: diskPerInsert };
}

export async function benchInsertMany(db: Db) {
  progress(`insertMany: ${int(INSERT_MANY_DOCS)} documents, 1 warm-up + 5 runs`);
  await db.collection('many_warmup').insertMany(makeUsers(INSERT_MANY_DOCS, 0));
  const runsMs: number[] = [];
  let last: { coll: Collection; docs: Document[] } | undefined;
  const deadline = performance.now() + 20_000;
  for (let r = 1; r <= 5 && (r <= 3 || performance.now() < deadline); r++) {
    const docs = makeUsers(INSERT_MANY_DOCS, r);
    const coll = db.collection(`many_${r}`);
    const t0 = performance.now();
    const res = await coll.insertMany(docs);
    runsMs.push(performance.now() - t0);
    if (res.insertedCount !== INSERT_MANY_DOCS) throw new Error(`insertMany inserted ${res.insertedCount}`);
    last = { coll, docs };
  }
  const medianMs = median(runsMs);
  return {
    docs: INSERT_MANY_DOCS,
    runsMs,
    medianMs,
    docsPerSec: INSERT_MANY_DOCS / (medianMs / 1000),
    last: last!,
  };
}
