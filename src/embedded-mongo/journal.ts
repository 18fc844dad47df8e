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
 *
 * The journal file is preallocated: zeros are written (and made durable) ahead of the records in
 * steps of PREALLOC_BYTES, and records overwrite them in place. An fdatasync after an append must
 * also commit the file's new size (a filesystem journal commit); after an overwrite of blocks
 * already on disk it only flushes the data, which is what a single acknowledged write waits for.
 * The zeros past the last record are recognised at start-up (records.ts scanRecords zeroTail) and
 * cut off; anything else there is still a torn tail or corruption, as before.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { checkJournalPreallocFault, checkJournalWriteFault } from './fault-hooks.js';
import { EVERYTHING, PendingWrites, type Namespaces } from './read-barrier.js';
import { encodeRecord } from './records.js';
import {
  FILE_MODE,
  SNAPSHOT,
  fsyncDir,
  journalName,
  loadStoreFiles,
  openSecure,
  secureDir,
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

/** How far ahead of the records the journal file is extended with durable zeros. */
export const PREALLOC_BYTES = 1 << 20;
const ZEROS = Buffer.alloc(PREALLOC_BYTES);
/** Opened for positional writes (no O_APPEND: it would ignore the position and append). */
const JOURNAL_FLAGS = fs.constants.O_WRONLY | fs.constants.O_CREAT;

/** Attempts of one flush before its writers are refused (short: the client is waiting). */
const FLUSH_ATTEMPTS = 3;
const RETRY_DELAY_MS = 20;

/** The records of a batch as one buffer (no copy for the common single record). */
function batchBytes(batch: Entry[]): Buffer {
  if (batch.length === 1 && batch[0].records.length === 1) return batch[0].records[0];
  return Buffer.concat(batch.flatMap((e) => e.records));
}

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
  /** Which appends touched which namespaces, so a read waits only for those it could see. */
  private readonly pendingWrites = new PendingWrites();
  /** Bytes of records in the current journal file (all durable); the zeros of preallocation follow. */
  size = 0;
  /** Length of the current journal file: records, then zeros up to here. */
  private allocated = 0;

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
      if (j.scan.damaged.length === 0 && j.scan.zeroTail > 0) {
        // Preallocated space the journal had not used yet: not damage, and nothing is lost.
        await fsp.truncate(j.file, j.scan.cleanLength);
      } else if (j.scan.cleanLength < j.size) {
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
    this.fh = await openSecure(file, JOURNAL_FLAGS);
    this.size = (await this.fh.stat()).size;
    this.allocated = this.size;
    await fsyncDir(this.dir);
  }

  /**
   * Makes room for `bytes` more record bytes: extends the file with zeros and makes the new length
   * durable, so the flushes that follow only overwrite. Best effort: when the zeros cannot be
   * written (a disk too full for them), the file is cut back to its records and the records are
   * appended as without preallocation, so a full disk refuses exactly the writes it refused before.
   */
  private preallocateSync(bytes: number): void {
    const from = this.growFrom(bytes);
    if (from < 0) return;
    const extra = Math.max(PREALLOC_BYTES, this.size + bytes - from);
    const fd = this.fh!.fd;
    try {
      checkJournalPreallocFault();
      for (let done = 0; done < extra;) {
        done += fs.writeSync(fd, ZEROS, 0, Math.min(PREALLOC_BYTES, extra - done), from + done);
      }
      fs.fdatasyncSync(fd);
      this.allocated = from + extra;
    } catch {
      this.cutBack();
    }
  }

  private async preallocate(bytes: number): Promise<void> {
    const from = this.growFrom(bytes);
    if (from < 0) return;
    const extra = Math.max(PREALLOC_BYTES, this.size + bytes - from);
    try {
      checkJournalPreallocFault();
      for (let done = 0; done < extra;) {
        const n = Math.min(PREALLOC_BYTES, extra - done);
        done += (await this.fh!.write(ZEROS, 0, n, from + done)).bytesWritten;
      }
      await this.fh!.datasync();
      this.allocated = from + extra;
    } catch {
      this.cutBack();
    }
  }

  /** Where new zeros go (never over a record), or -1 when `bytes` more fit already. */
  private growFrom(bytes: number): number {
    if (this.size + bytes <= this.allocated) return -1;
    return Math.max(this.allocated, this.size);
  }

  /** The records are durable up to `size` bytes now. */
  private wrote(total: number): void {
    this.size += total;
    if (this.allocated < this.size) this.allocated = this.size;
  }

  /** After a failed write: the file back to its records alone (preallocation starts again). */
  private cutBack(): void {
    if (this.fh) fs.ftruncateSync(this.fh.fd, this.size);
    this.allocated = this.size;
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
   * `written`: the namespaces the records change (read-barrier.ts), EVERYTHING when not known.
   */
  append(records: Buffer[], undo: (() => void)[] = [], written: Namespaces = EVERYTHING): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    this.pendingWrites.note(++this.appended, written);
    const done = new Promise<void>((resolve, reject) =>
      this.pending.push({ records, undo, resolve, reject }),
    );
    this.schedule();
    return done;
  }

  /** True when no append is waiting to become durable (a command need not wait on settled()). */
  get isSettled(): boolean {
    return this.settledCount >= this.appended;
  }

  /** True when no append to a namespace of `reads` is waiting to become durable. */
  isSettledFor(reads: Namespaces): boolean {
    return this.settledCount >= this.pendingWrites.lastVisible(reads, this.appended);
  }

  /**
   * Resolves once every append made before this call to a namespace of `reads` (all of them by
   * default) is durable or refused: reads wait on it.
   */
  settled(reads: Namespaces = EVERYTHING): Promise<void> {
    const upTo = this.pendingWrites.lastVisible(reads, this.appended);
    if (this.settledCount >= upTo) return Promise.resolve();
    return new Promise((resolve) => this.barriers.push({ upTo, resolve }));
  }

  private markSettled(n: number): void {
    this.settledCount += n;
    this.pendingWrites.settled(this.settledCount, this.appended);
    if (this.barriers.length === 0) return; // the common case: no read is waiting
    const ready = this.barriers.filter((b) => b.upTo <= this.settledCount);
    this.barriers = this.barriers.filter((b) => b.upTo > this.settledCount);
    for (const b of ready) b.resolve();
  }

  private schedule(): void {
    if (this.scheduled || this.flushing || this.holding) return;
    this.scheduled = true;
    // setImmediate, not a microtask: every command whose bytes arrived in this poll phase (all
    // connections) appends before the flush, so concurrent writers share one fdatasync.
    setImmediate(this.runScheduled);
  }

  /** Bound once (a closure per flush would be garbage on the hottest path). */
  private readonly runScheduled = (): void => {
    this.scheduled = false;
    if (this.holding || this.flushing || !this.pending.length) return;
    if (this.syncFlush) {
      const batch = this.pending;
      this.pending = [];
      const error = this.writeDurablySync(batch);
      if (!error) return this.succeeded(batch);
      // The retries wait between attempts: they take the asynchronous path.
      this.pending = batch.concat(this.pending);
    }
    this.flushing = this.flush(this.syncFlush ? 2 : 1).finally(() => {
      this.flushing = null;
      if (this.pending.length) this.schedule();
    });
  };

  private succeeded(batch: Entry[]): void {
    this.recovered();
    this.markSettled(batch.length);
    for (const e of batch) e.resolve();
  }

  private async flush(firstAttempt = 1): Promise<void> {
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    const data = batchBytes(batch);
    let error: Error | null = null;
    for (let attempt = firstAttempt; attempt <= FLUSH_ATTEMPTS; attempt++) {
      if (attempt > 1) await new Promise((r) => setTimeout(r, RETRY_DELAY_MS * (attempt - 1)));
      error = await this.writeDurably(data);
      if (!error) break;
    }
    if (!error) return this.succeeded(batch);
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

  /**
   * The first attempt of a flush in the engine's own process: synchronous write + fdatasync. A
   * read waits for every earlier write to be durable anyway, and the thread-pool round trips of
   * the async calls (and the promises around them) cost more than the flush itself. The records
   * go out with one writev: no concatenation. In an app's process the async calls keep a slow
   * disk from stalling requests.
   */
  private writeDurablySync(batch: Entry[]): Error | null {
    try {
      if (!this.fh) throw new Error('journal is closed');
      checkJournalWriteFault();
      const fd = this.fh.fd;
      const buffers = batch.length === 1 ? batch[0].records : batch.flatMap((e) => e.records);
      let total = 0;
      for (const b of buffers) total += b.length;
      this.preallocateSync(total);
      let off = fs.writevSync(fd, buffers, this.size);
      if (off < total) {
        const data = Buffer.concat(buffers, total); // a short write: finish it byte-exact
        while (off < total) off += fs.writeSync(fd, data, off, total - off, this.size + off);
      }
      fs.fdatasyncSync(fd);
      this.wrote(total);
      return null;
    } catch (e) {
      try {
        this.cutBack();
      } catch (t) {
        this.log(
          `embedded-mongo: could not cut the journal back after a failed write: ${(t as Error).message}`,
        );
      }
      return e as Error;
    }
  }

  /** Appends `data` and fsyncs; on failure cuts the file back to its durable length. */
  private async writeDurably(data: Buffer): Promise<Error | null> {
    try {
      if (!this.fh) throw new Error('journal is closed');
      checkJournalWriteFault();
      if (this.syncFlush) {
        this.preallocateSync(data.length);
        let off = 0;
        while (off < data.length)
          off += fs.writeSync(this.fh.fd, data, off, data.length - off, this.size + off);
        fs.fdatasyncSync(this.fh.fd);
      } else {
        await this.preallocate(data.length);
        let off = 0;
        while (off < data.length)
          off += (await this.fh.write(data, off, data.length - off, this.size + off)).bytesWritten;
        await this.fh.datasync();
      }
      this.wrote(data.length);
      return null;
    } catch (e) {
      try {
        this.cutBack();
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
  compact(state: () => Iterable<Doc>): Promise<void> {
    if (!this.compacting) this.compacting = this.runCompaction(state).finally(() => (this.compacting = null));
    return this.compacting;
  }

  private async runCompaction(state: () => Iterable<Doc>): Promise<void> {
    if (this.lastFailure || !this.fh) return;
    let records: Iterable<Doc>;
    let old: fsp.FileHandle | null;
    let oldSize: number;
    const oldGen = this.generation;
    const gen = oldGen + 1;
    this.holding = true;
    try {
      while (this.flushing) await this.flushing;
      const next = await openSecure(path.join(this.dir, journalName(gen)), JOURNAL_FLAGS);
      while (this.pending.length && !this.lastFailure) await this.flush();
      if (this.lastFailure) {
        await next.close();
        await fsp.rm(path.join(this.dir, journalName(gen)), { force: true });
        return;
      }
      // The switch: nothing below awaits, so the snapshot is exactly the durable state.
      records = state();
      old = this.fh;
      oldSize = this.size;
      this.fh = next;
      this.generation = gen;
      this.size = 0;
      this.allocated = 0;
    } finally {
      this.holding = false;
      if (this.pending.length) this.schedule();
    }
    try {
      // The old journal without its unused zeros (start-up would cut them off anyway).
      await old?.truncate(oldSize);
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
    // A journal closed cleanly ends with its last record.
    if (this.fh && this.allocated > this.size) await this.fh.truncate(this.size).catch(() => undefined);
    await this.fh?.close();
    this.fh = null;
  }
}
