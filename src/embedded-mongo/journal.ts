/**
 * Durable storage: an append-only journal of checksummed records plus a snapshot (framing in
 * records.ts, files and their checks in storage-files.ts).
 *
 * A write is acknowledged only after its records are fsynced; records queued during one
 * event-loop turn share one write and one fsync (group commit). Each append carries the undo of
 * what it applied to memory: when a flush fails (disk full), the file is cut back to its last
 * durable length, every write not yet durable is undone in memory (newest first) and refused, so
 * a refused write is never read. Nothing latches: the next write tries again, and a probe retries
 * in the background so `writable` turns true again by itself once space returns.
 *
 * Start-up refuses a damaged store (storage-files.ts) and only then changes files: it removes a
 * snapshot temp file and journals already folded into the snapshot, and cuts a torn last record.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { checkJournalWriteFault } from './fault-hooks.js';
import { encodeRecord } from './records.js';
import {
  FILE_MODE,
  SNAPSHOT,
  fsyncDir,
  journalName,
  loadStoreFiles,
  openSecure,
  secureDir,
  writeAll,
  writeSnapshotFile,
} from './storage-files.js';
import type { Doc } from './values.js';

export { DESERIALIZE_OPTIONS, encodeRecord } from './records.js';

interface Entry {
  records: Buffer[];
  undo: (() => void)[];
  resolve: () => void;
  reject: (e: Error) => void;
}

export interface LoadedStore {
  /** Records to replay in order: the snapshot's, then each journal's. */
  records: Doc[];
  generation: number;
}

/** The journal could not make a write durable (disk full, I/O error). Nothing of it was applied. */
export class JournalWriteError extends Error {
  constructor(override readonly cause: Error) {
    super(`the database cannot write (${cause.message}); the write was not applied, try again`);
    this.name = 'JournalWriteError';
  }
}

/** Attempts of one flush before its writers are refused (short: the client is waiting). */
const FLUSH_ATTEMPTS = 3;
const RETRY_DELAY_MS = 20;

export class Journal {
  private fh: fsp.FileHandle | null = null;
  private pending: Entry[] = [];
  private scheduled = false;
  private holding = false;
  private flushing: Promise<void> | null = null;
  private compacting: Promise<void> | null = null;
  private lastFailure: Error | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Appends so far, and how many of them are settled (durable or refused). */
  private appended = 0;
  private settledCount = 0;
  private barriers: { upTo: number; resolve: () => void }[] = [];
  /** Bytes in the current journal file (all durable). */
  size = 0;

  private constructor(
    readonly dir: string,
    public generation: number,
    private readonly log: (m: string) => void,
    /** How often a failing journal checks whether it can write again. */
    private readonly probeMs: number,
    /** Flush with synchronous calls (see `writeDurably`). */
    private readonly syncFlush: boolean,
  ) {}

  /** Checks and reads snapshot and journals, cuts a torn tail, and opens the journal for appending. */
  static async open(
    dir: string,
    log: (m: string) => void,
    probeMs = 1000,
    syncFlush = false,
  ): Promise<{ journal: Journal; loaded: LoadedStore }> {
    await secureDir(dir);
    const files = await loadStoreFiles(dir); // throws, changing nothing, when the store is damaged
    await fsp.rm(path.join(dir, SNAPSHOT + '.tmp'), { force: true });
    for (const f of files.obsolete) await fsp.rm(f, { force: true });
    if (fs.existsSync(path.join(dir, SNAPSHOT))) await fsp.chmod(path.join(dir, SNAPSHOT), FILE_MODE);
    const records: Doc[] = [...files.snapshotRecords];
    for (const j of files.journals) {
      await fsp.chmod(j.file, FILE_MODE);
      if (j.scan.cleanLength < j.size) {
        log(
          `embedded-mongo: journal ${j.file} ends with ${j.size - j.scan.cleanLength} bytes of a torn or corrupt last record; ` +
            `truncating to the last complete record (${j.scan.cleanRecords} records kept)`,
        );
        await fsp.truncate(j.file, j.scan.cleanLength);
      }
      records.push(...j.scan.records);
    }
    const current = files.journals.at(-1)?.gen ?? files.generation;
    const journal = new Journal(dir, current, log, probeMs, syncFlush);
    await journal.openFile();
    return { journal, loaded: { records, generation: files.generation } };
  }

  private async openFile(): Promise<void> {
    const file = path.join(this.dir, journalName(this.generation));
    this.fh = await openSecure(file, 'a');
    this.size = (await this.fh.stat()).size;
    await fsyncDir(this.dir);
  }

  /** The error of the last failed flush while writes keep failing; null when writable. */
  get failed(): Error | null {
    return this.lastFailure;
  }

  /** True while the journal can make writes durable. */
  get writable(): boolean {
    return this.lastFailure === null;
  }

  /**
   * Queues encoded records whose changes are already applied to memory, with the functions that
   * undo them; resolves once they are on disk, or undoes them and rejects with JournalWriteError.
   */
  append(records: Buffer[], undo: (() => void)[] = []): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    this.appended++;
    const done = new Promise<void>((resolve, reject) =>
      this.pending.push({ records, undo, resolve, reject }),
    );
    this.schedule();
    return done;
  }

  /** Resolves once every append made before this call is durable or refused (reads wait on it). */
  settled(): Promise<void> {
    if (this.settledCount >= this.appended) return Promise.resolve();
    return new Promise((resolve) => this.barriers.push({ upTo: this.appended, resolve }));
  }

  private markSettled(n: number): void {
    this.settledCount += n;
    const ready = this.barriers.filter((b) => b.upTo <= this.settledCount);
    this.barriers = this.barriers.filter((b) => b.upTo > this.settledCount);
    for (const b of ready) b.resolve();
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
    const batch = this.pending;
    this.pending = [];
    const data = Buffer.concat(batch.flatMap((e) => e.records));
    let error: Error | null = null;
    for (let attempt = 1; attempt <= FLUSH_ATTEMPTS; attempt++) {
      error = await this.writeDurably(data);
      if (!error) break;
      if (attempt < FLUSH_ATTEMPTS) await new Promise((r) => setTimeout(r, RETRY_DELAY_MS * attempt));
    }
    if (!error) {
      this.recovered();
      this.markSettled(batch.length);
      for (const e of batch) e.resolve();
      return;
    }
    // Writes queued meanwhile were applied on top of the failed ones: refuse them too, and undo
    // everything newest first so memory is exactly the durable state again.
    const refused = [...batch, ...this.pending];
    this.pending = [];
    for (let i = refused.length - 1; i >= 0; i--) {
      for (let j = refused[i].undo.length - 1; j >= 0; j--) refused[i].undo[j]();
    }
    this.failing(error);
    const err = new JournalWriteError(error);
    this.markSettled(refused.length);
    for (const e of refused) e.reject(err);
  }

  /** Appends `data` and fsyncs; on failure cuts the file back to its durable length. */
  private async writeDurably(data: Buffer): Promise<Error | null> {
    try {
      if (!this.fh) throw new Error('journal is closed');
      checkJournalWriteFault();
      if (this.syncFlush) {
        // In the engine's own process: a read waits for every earlier write to be durable anyway,
        // and the two thread-pool round trips of the async calls cost more than the flush itself
        // (sequential insertOne 1,250/s async against 1,850/s sync on this disk). In an app's
        // process the async calls keep a slow disk from stalling requests.
        let off = 0;
        while (off < data.length) off += fs.writeSync(this.fh.fd, data, off, data.length - off);
        fs.fdatasyncSync(this.fh.fd);
      } else {
        await writeAll(this.fh, data);
        await this.fh.datasync();
      }
      this.size += data.length;
      return null;
    } catch (e) {
      try {
        await this.fh?.truncate(this.size);
      } catch (t) {
        this.log(
          `embedded-mongo: could not cut the journal back after a failed write: ${(t as Error).message}`,
        );
      }
      return e as Error;
    }
  }

  private failing(error: Error): void {
    if (!this.lastFailure)
      this.log(
        `embedded-mongo: journal write failed (${error.message}); writes are refused until it succeeds`,
      );
    this.lastFailure = error;
    if (this.probeTimer || this.closed) return;
    this.probeTimer = setInterval(() => void this.probe(), this.probeMs);
    this.probeTimer.unref();
  }

  private recovered(): void {
    if (this.lastFailure) this.log('embedded-mongo: journal writes succeed again');
    this.lastFailure = null;
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
  }

  /** Writes a no-op record (replay ignores it) to learn whether writes work again. */
  private async probe(): Promise<void> {
    if (!this.lastFailure || this.flushing || this.holding || this.pending.length) return;
    await this.append([encodeRecord({ op: 'noop', at: new Date() })]).catch(() => undefined);
  }

  /** Waits until every queued record is settled (on disk or refused). */
  async drain(): Promise<void> {
    while (this.scheduled || this.flushing || this.pending.length || this.compacting) {
      if (this.compacting) await this.compacting;
      else if (this.flushing) await this.flushing;
      else await new Promise((r) => setImmediate(r));
    }
  }

  /**
   * Starts a new journal generation and writes a snapshot of `state` in the background. Queued
   * records are first flushed to the old journal, so at the switch memory is exactly what the
   * old journal holds: if the snapshot then fails, old and new journals still replay in full.
   */
  compact(state: () => Doc[]): Promise<void> {
    if (!this.compacting) this.compacting = this.runCompaction(state).finally(() => (this.compacting = null));
    return this.compacting;
  }

  private async runCompaction(state: () => Doc[]): Promise<void> {
    if (this.lastFailure || !this.fh) return;
    let records: Doc[];
    let old: fsp.FileHandle | null;
    const oldGen = this.generation;
    const gen = oldGen + 1;
    this.holding = true;
    try {
      while (this.flushing) await this.flushing;
      const next = await openSecure(path.join(this.dir, journalName(gen)), 'a');
      while (this.pending.length && !this.lastFailure) await this.flush();
      if (this.lastFailure) {
        await next.close();
        await fsp.rm(path.join(this.dir, journalName(gen)), { force: true });
        return;
      }
      // The switch: nothing below awaits, so the snapshot is exactly the durable state.
      records = state();
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
      await writeSnapshotFile(this.dir, gen, records, encodeRecord);
    } catch (e) {
      // Journals oldGen and gen still hold everything; a later compaction tries again.
      this.log(`embedded-mongo: snapshot failed (${(e as Error).message}); the journals keep every write`);
      await fsp.rm(path.join(this.dir, SNAPSHOT + '.tmp'), { force: true }).catch(() => undefined);
      return;
    }
    for (let g = oldGen; g >= 0; g--) {
      const f = path.join(this.dir, journalName(g));
      if (!fs.existsSync(f)) break;
      await fsp.rm(f, { force: true });
    }
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
    await this.fh?.close();
    this.fh = null;
  }
}
