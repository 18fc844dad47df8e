/**
 * Floors and footprints for bench:db: what the disk allows for durable single writes (the journal
 * cannot acknowledge more single inserts per second than the disk completes write+fdatasync
 * pairs, unless concurrent writes share one fdatasync), and what 100k rating documents cost in
 * memory (the engine keeps its whole store in memory).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { BSON, ObjectId, type Db } from 'mongodb';
import { latencyStats, timedLoop, type LatencyStats } from './measure.js';

export interface DiskCount {
  /** Write requests the disk completed. */
  writes: number;
  /** Cache flushes the disk completed. */
  flushes: number;
}

/**
 * The counters of the block device holding `dir` (Linux /sys/dev/block/<major>:<minor>/stat), or
 * null where there are none (tmpfs, other systems). Work counted, not time: what a durable write
 * costs the disk, which other processes' load does not stretch (their own I/O adds to it, though).
 */
export function diskCounters(dir: string): (() => DiskCount) | null {
  try {
    const dev = fs.statSync(dir).dev;
    const major = ((dev >> 8) & 0xfff) | (Math.floor(dev / 2 ** 32) & ~0xfff);
    const minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
    const file = `/sys/dev/block/${major}:${minor}/stat`;
    const read = (): DiskCount => {
      const f = fs.readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
      return { writes: f[4], flushes: f[15] ?? NaN };
    };
    read();
    return read;
  } catch {
    return null;
  }
}

/** Disk work per operation between two readings. */
export function perOp(before: DiskCount | undefined, after: DiskCount | undefined, ops: number) {
  if (!before || !after) return null;
  return { writes: (after.writes - before.writes) / ops, flushes: (after.flushes - before.flushes) / ops };
}

/**
 * write + fdatasync of one small record, as the journal appends: sync calls (with each pair's
 * latency, so the engine's tail can be set beside the disk's own), then the async API.
 */
export async function fdatasyncFloor(dir: string, ms = 1500) {
  const file = path.join(dir, 'fdatasync-floor.tmp');
  const record = Buffer.alloc(200, 1);
  const fd = fs.openSync(file, 'w');
  const latNs = new Float64Array(200_000);
  const disk = diskCounters(dir);
  let n = 0;
  let d0 = disk?.();
  let t0 = performance.now();
  try {
    while (performance.now() - t0 < ms && n < latNs.length) {
      const s = process.hrtime.bigint();
      fs.writeSync(fd, record);
      fs.fdatasyncSync(fd);
      latNs[n++] = Number(process.hrtime.bigint() - s);
    }
  } finally {
    fs.closeSync(fd);
  }
  const syncStats = latencyStats(latNs.subarray(0, n), performance.now() - t0);
  const appendDisk = perOp(d0, disk?.(), n);
  // The same pairs into space already written and made durable (as the engine's preallocated
  // journal writes): the fdatasync then has no new file length to commit.
  const prealloc = 8 << 20;
  const pfd = fs.openSync(file, 'w');
  let overwrites = 0;
  let tOverwrite: number;
  try {
    fs.writeSync(pfd, Buffer.alloc(prealloc), 0, prealloc, 0);
    fs.fsyncSync(pfd);
    d0 = disk?.();
    const s = performance.now();
    while (performance.now() - s < ms) {
      fs.writeSync(pfd, record, 0, record.length, (overwrites * record.length) % prealloc);
      fs.fdatasyncSync(pfd);
      overwrites++;
    }
    tOverwrite = performance.now() - s;
  } finally {
    fs.closeSync(pfd);
  }
  const overwriteDisk = perOp(d0, disk?.(), overwrites);
  const fh = await fsp.open(file, 'w');
  n = 0;
  t0 = performance.now();
  try {
    while (performance.now() - t0 < ms) {
      await fh.write(record);
      await fh.datasync();
      n++;
    }
  } finally {
    await fh.close();
    await fsp.rm(file, { force: true });
  }
  return {
    syncPerSec: syncStats.opsPerSec,
    sync: syncStats,
    overwriteSyncPerSec: overwrites / (tOverwrite / 1000),
    /** Disk writes and flushes per pair (null without block-device counters). */
    appendDisk,
    overwriteDisk,
    asyncPerSec: n / ((performance.now() - t0) / 1000),
  };
}

/** `clients` loops of acknowledged insertOne at once: concurrent inserts share the journal's fdatasync. */
export async function concurrentInsertOne(db: Db, clients: number, ms = 3000): Promise<LatencyStats> {
  const coll = db.collection('insert_one_concurrent');
  const results = await Promise.all(
    Array.from({ length: clients }, (_, c) =>
      timedLoop((i) => coll.insertOne({ client: c, seq: i, at: new Date(), n: i * 1.5 }), {
        warmupOps: 20,
        minOps: 100,
        maxOps: 500_000,
        maxMs: ms,
      }),
    ),
  );
  const ops = results.reduce((s, r) => s + r.ops, 0);
  const elapsedMs = Math.max(...results.map((r) => r.elapsedMs));
  return {
    ops,
    elapsedMs,
    opsPerSec: ops / (elapsedMs / 1000),
    meanUs: results.reduce((s, r) => s + r.meanUs * r.ops, 0) / ops,
    p50Us: results.reduce((s, r) => s + r.p50Us, 0) / results.length,
    p99Us: Math.max(...results.map((r) => r.p99Us)),
  };
}

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function settledMemory() {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

/**
 * Memory the engine (in this process) takes for 100k rating documents shaped as the app's, with
 * the app's rating indexes: heap and RSS after a full GC, before and after loading.
 */
export async function ratingMemory(db: Db, docs = 100_000) {
  const coll = db.collection('ratings_memory');
  await coll.createIndex({ interview: 1, panelist: 1, section: 1 }, { unique: true });
  await coll.createIndex({ position: 1, competency: 1 });
  await coll.createIndex({ candidate: 1 });
  const before = settledMemory();
  const position = new ObjectId();
  const competencies = Array.from({ length: 6 }, () => new ObjectId());
  const panelists = Array.from({ length: 4 }, () => new ObjectId());
  for (let i = 0; i < docs; i += 2400) {
    const batch = [];
    for (let j = i; j < Math.min(docs, i + 2400); j += 24) {
      const interview = new ObjectId();
      const candidate = new ObjectId();
      for (let k = 0; k < 24; k++) {
        batch.push({
          position,
          interview,
          candidate,
          panelist: panelists[k % 4],
          competency: competencies[k % 6],
          section: `s${k}`,
          value: 1 + ((j + k) % 5),
          note: 'Described the situation, the action taken and the measurable result.',
          submittedAt: new Date(),
          createdAt: new Date(),
          updatedAt: new Date(),
        });
      }
    }
    await coll.insertMany(batch);
  }
  const sample = await coll.findOne({});
  const after = settledMemory();
  await coll.drop();
  return {
    docs,
    heapBytes: after.heap - before.heap,
    rssBytes: after.rss - before.rss,
    bsonBytesPerDoc: sample ? BSON.calculateObjectSize(sample) : 0,
  };
}
