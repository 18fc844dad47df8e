/**
 * Durable storage: an append-only journal of checksummed records plus a snapshot.
 *
 * Record framing: uint32 LE payload length, uint32 LE crc32 of the payload, BSON payload.
 * Files in dbPath: `snapshot.bson` (records describing the whole store, written to a temp file,
 * fsynced and renamed atomically) and `journal.<gen>.log` (records appended since the snapshot of
 * generation <gen>). A write is acknowledged only after its records are fsynced; records queued
 * during one event-loop turn share one write and one fsync (group commit).
 *
 * Start-up loads the snapshot and replays every journal of its generation or later, stopping at
 * a torn or corrupt last record and truncating it away, so a crash at any instant loses no
 * acknowledged write and never leaves the store unreadable.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { BSON } from 'bson';
import type { Doc } from './values.js';

export const DESERIALIZE_OPTIONS = {
  promoteLongs: true,
  promoteValues: true,
  promoteBuffers: false,
} as const;
const HEADER = 8;
const SNAPSHOT = 'snapshot.bson';

export function encodeRecord(record: Doc): Buffer {
  const payload = BSON.serialize(record);
  const out = Buffer.allocUnsafe(HEADER + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  out.set(payload, HEADER);
  return out;
}

/** Decodes consecutive records; stops at the first incomplete or corrupt one. */
export function decodeRecords(buf: Buffer): { records: Doc[]; validLength: number } {
  const records: Doc[] = [];
  let off = 0;
  while (off + HEADER <= buf.length) {
    const len = buf.readUInt32LE(off);
    const sum = buf.readUInt32LE(off + 4);
    if (len < 5 || off + HEADER + len > buf.length) break;
    const payload = buf.subarray(off + HEADER, off + HEADER + len);
    if (crc32(payload) !== sum) break;
    try {
      records.push(BSON.deserialize(payload, DESERIALIZE_OPTIONS));
    } catch {
      break;
    }
    off += HEADER + len;
  }
  return { records, validLength: off };
}

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
}

const journalName = (gen: number) => `journal.${gen}.log`;

export interface LoadedStore {
  /** Records to replay in order: the snapshot's, then each journal's. */
  records: Doc[];
  generation: number;
}

export class Journal {
  private fh: fsp.FileHandle | null = null;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private waiters: Waiter[] = [];
  private scheduled = false;
  private holding = false;
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;
  private compacting: Promise<void> | null = null;
  /** Bytes in the current journal file. */
  size = 0;

  private constructor(
    readonly dir: string,
    public generation: number,
    private readonly log: (m: string) => void,
  ) {}

  /** Reads snapshot and journals, repairs a torn tail, and opens the journal for appending. */
  static async open(
    dir: string,
    log: (m: string) => void,
  ): Promise<{ journal: Journal; loaded: LoadedStore }> {
    await fsp.mkdir(dir, { recursive: true });
    await fsp.rm(path.join(dir, SNAPSHOT + '.tmp'), { force: true });
    const records: Doc[] = [];
    let generation = 0;
    const snapPath = path.join(dir, SNAPSHOT);
    if (fs.existsSync(snapPath)) {
      const buf = await fsp.readFile(snapPath);
      const { records: snap, validLength } = decodeRecords(buf);
      if (validLength !== buf.length || snap[0]?.op !== 'header') {
        throw new Error(`snapshot ${snapPath} is damaged (valid up to byte ${validLength} of ${buf.length})`);
      }
      generation = Number(snap[0].gen);
      records.push(...snap.slice(1));
    }
    const gens = (await fsp.readdir(dir))
      .map((f) => /^journal\.(\d+)\.log$/.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    let current = generation;
    for (const gen of gens) {
      const file = path.join(dir, journalName(gen));
      if (gen < generation) {
        await fsp.rm(file, { force: true }); // already folded into the snapshot
        continue;
      }
      const buf = await fsp.readFile(file);
      const { records: recs, validLength } = decodeRecords(buf);
      if (validLength < buf.length) {
        log(
          `embedded-mongo: journal ${file} ends with ${buf.length - validLength} bytes of a torn or corrupt record; ` +
            `truncating to the last complete record (${recs.length} records kept)`,
        );
        await fsp.truncate(file, validLength);
      }
      records.push(...recs);
      current = Math.max(current, gen);
    }
    const journal = new Journal(dir, current, log);
    await journal.openFile();
    return { journal, loaded: { records, generation } };
  }

  private async openFile(): Promise<void> {
    const file = path.join(this.dir, journalName(this.generation));
    this.fh = await fsp.open(file, 'a');
    this.size = (await this.fh.stat()).size;
    await fsyncDir(this.dir);
  }

  /** The error that made the journal refuse writes, if any. */
  get failed(): Error | null {
    return this.failure;
  }

  /** Queues encoded records; resolves once they are on disk. */
  append(records: Buffer[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (records.length === 0) return Promise.resolve();
    for (const r of records) {
      this.pending.push(r);
      this.pendingBytes += r.length;
    }
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.schedule();
    return done;
  }

  private schedule(): void {
    if (this.scheduled || this.flushing || this.holding) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.holding || this.flushing) return;
      this.flushing = this.flush().finally(() => {
        this.flushing = null;
        if (this.pending.length) this.schedule();
      });
    });
  }

  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    const waiters = this.waiters;
    this.pending = [];
    this.pendingBytes = 0;
    this.waiters = [];
    try {
      if (!this.fh) throw new Error('journal is closed');
      let off = 0;
      while (off < data.length) {
        const { bytesWritten } = await this.fh.write(data, off, data.length - off);
        off += bytesWritten;
      }
      await this.fh.datasync();
      this.size += data.length;
      for (const w of waiters) w.resolve();
    } catch (e) {
      // Memory now holds writes that are not on disk: refuse all further writes rather than
      // acknowledge anything the journal cannot keep.
      this.failure = new Error(`journal write failed (${(e as Error).message}); restart the engine`);
      this.log(`embedded-mongo: ${this.failure.message}`);
      for (const w of waiters) w.reject(this.failure);
      for (const w of this.waiters) w.reject(this.failure);
      this.waiters = [];
      this.pending = [];
    }
  }

  /** Waits until every queued record is on disk. */
  async drain(): Promise<void> {
    while (this.scheduled || this.flushing || this.pending.length || this.compacting) {
      if (this.failure) return;
      if (this.compacting) await this.compacting;
      else if (this.flushing) await this.flushing;
      else await new Promise((r) => setImmediate(r));
    }
  }

  /**
   * Starts a new journal generation and writes a snapshot of `state` (records describing the
   * whole store, taken synchronously at the switch) in the background. Records appended after
   * the switch go to the new journal. Records queued but not yet written at the switch are
   * part of the snapshot, so their writers are acknowledged once the snapshot is durable.
   */
  compact(state: () => Doc[]): Promise<void> {
    if (!this.compacting) this.compacting = this.runCompaction(state).finally(() => (this.compacting = null));
    return this.compacting;
  }

  private async runCompaction(state: () => Doc[]): Promise<void> {
    if (this.failure || !this.fh) return;
    let carried: Waiter[];
    let records: Doc[];
    let old: fsp.FileHandle | null;
    const oldGen = this.generation;
    const gen = oldGen + 1;
    this.holding = true;
    try {
      while (this.flushing) await this.flushing;
      if (this.failure) return;
      const next = await fsp.open(path.join(this.dir, journalName(gen)), 'a');
      // The switch: nothing below awaits, so the snapshot is exactly the state at this instant.
      records = state();
      carried = this.waiters;
      this.waiters = [];
      this.pending = [];
      this.pendingBytes = 0;
      old = this.fh;
      this.fh = next;
      this.generation = gen;
      this.size = 0;
    } finally {
      this.holding = false;
      if (this.pending.length) this.schedule();
    }
    try {
      await old?.close();
      await fsyncDir(this.dir);
      await this.writeSnapshot(gen, records);
      for (const w of carried) w.resolve();
    } catch (e) {
      this.failure = new Error(`snapshot failed (${(e as Error).message}); restart the engine`);
      this.log(`embedded-mongo: ${this.failure.message}`);
      for (const w of carried) w.reject(this.failure);
      return;
    }
    for (let g = oldGen; g >= 0; g--) {
      const f = path.join(this.dir, journalName(g));
      if (!fs.existsSync(f)) break;
      await fsp.rm(f, { force: true });
    }
  }

  private async writeSnapshot(gen: number, records: Doc[]): Promise<void> {
    const tmp = path.join(this.dir, SNAPSHOT + '.tmp');
    const fh = await fsp.open(tmp, 'w');
    try {
      const chunk: Buffer[] = [encodeRecord({ op: 'header', gen, createdAt: new Date() })];
      let bytes = chunk[0].length;
      for (const r of records) {
        const b = encodeRecord(r);
        chunk.push(b);
        bytes += b.length;
        if (bytes > 4 << 20) {
          await fh.write(Buffer.concat(chunk, bytes));
          chunk.length = 0;
          bytes = 0;
        }
      }
      if (chunk.length) await fh.write(Buffer.concat(chunk, bytes));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, path.join(this.dir, SNAPSHOT));
    await fsyncDir(this.dir);
  }

  async close(): Promise<void> {
    await this.drain();
    await this.fh?.close();
    this.fh = null;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
