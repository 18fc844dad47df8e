/**
 * Durable storage: an append-only journal of checksummed records plus a snapshot (framing in
 * records.ts, files and their checks in storage-files.ts, start-up in journal-startup.ts, the
 * preallocated file and its durable writes in journal-writer.ts, a compaction's snapshot in
 * journal-snapshot.ts, the settled count reads wait on in journal-settled.ts, the failing state and
 * its probe in journal-health.ts).
 *
 * A write is acknowledged only after its records are fsynced; records queued during one
 * event-loop turn share one write and one fsync (group commit). Each append carries the undo of
 * what it applied to memory: when a flush fails (disk full), the file is cut back to its last
 * durable length, every write not yet durable is undone in memory (newest first) and refused, so
 * a refused write is never read. Nothing latches: the next write tries again, and a probe retries
 * in the background so `writable` turns true again by itself once space returns.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { recoverStore, type LoadedStore } from './journal-startup.js';
import { snapshotAndRetire } from './journal-snapshot.js';
import { JournalWriter } from './journal-writer.js';
import { JournalWriteError, WriteHealth } from './journal-health.js';
import { SettledAppends } from './journal-settled.js';
import { EVERYTHING, type Namespaces } from './read-barrier.js';
import { encodeRecord } from './records.js';
import { fsyncDir, journalName } from './storage-files.js';
import type { Doc } from './values.js';

export { DESERIALIZE_OPTIONS, encodeRecord } from './records.js';
export type { LoadedStore } from './journal-startup.js';
export { JournalWriteError };

interface Entry {
  records: Buffer[];
  undo: (() => void)[];
  resolve: () => void;
  reject: (e: Error) => void;
}

/** Attempts of one flush before its writers are refused (short: the client is waiting). */
const FLUSH_ATTEMPTS = 3;
const RETRY_DELAY_MS = 20;

/** The records of a batch as one buffer (no copy for the common single record). */
function batchBytes(batch: Entry[]): Buffer {
  if (batch.length === 1 && batch[0].records.length === 1) return batch[0].records[0];
  return Buffer.concat(batch.flatMap((e) => e.records));
}

export class Journal {
  /** The current journal file; kept after close() for its size. */
  private file!: JournalWriter;
  private fileOpen = false;
  private pending: Entry[] = [];
  private scheduled = false;
  private holding = false;
  private flushing: Promise<void> | null = null;
  private compacting: Promise<void> | null = null;
  private readonly health: WriteHealth;
  /** The appends settled so far, which reads wait on (the read barrier). */
  private readonly settles = new SettledAppends();

  private constructor(
    readonly dir: string,
    public generation: number,
    private readonly log: (m: string) => void,
    /** How often a failing journal checks whether it can write again. */
    probeMs: number,
    /** Flush with synchronous calls (see `JournalWriter.writeDurablySync`). */
    private readonly syncFlush: boolean,
  ) {
    this.health = new WriteHealth(log, probeMs, () => void this.probe());
  }

  /** Checks and reads snapshot and journals, cuts a torn tail, and opens the journal for appending. */
  static async open(
    dir: string,
    log: (m: string) => void,
    probeMs = 1000,
    syncFlush = false,
  ): Promise<{ journal: Journal; loaded: LoadedStore }> {
    const { loaded, current } = await recoverStore(dir, log);
    const journal = new Journal(dir, current, log, probeMs, syncFlush);
    journal.file = await JournalWriter.open(path.join(dir, journalName(current)), log);
    journal.fileOpen = true;
    await fsyncDir(dir);
    return { journal, loaded };
  }

  /** Bytes of records in the current journal file (all durable). */
  get size(): number {
    return this.file.size;
  }

  /** The error of the last failed flush while writes keep failing; null when writable. */
  get failed(): Error | null {
    return this.health.failed;
  }

  /** True while the journal can make writes durable. */
  get writable(): boolean {
    return this.health.failed === null;
  }

  /**
   * Queues encoded records whose changes are already applied to memory, with the functions that
   * undo them; resolves once they are on disk, or undoes them and rejects with JournalWriteError.
   * `written`: the namespaces the records change (read-barrier.ts), EVERYTHING when not known.
   */
  append(records: Buffer[], undo: (() => void)[] = [], written: Namespaces = EVERYTHING): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    this.settles.noteAppend(written);
    const done = new Promise<void>((resolve, reject) =>
      this.pending.push({ records, undo, resolve, reject }),
    );
    this.schedule();
    return done;
  }

  /** True when no append is waiting to become durable (a command need not wait on settled()). */
  get isSettled(): boolean {
    return this.settles.isSettled;
  }

  /** True when no append to a namespace of `reads` is waiting to become durable. */
  isSettledFor(reads: Namespaces): boolean {
    return this.settles.isSettledFor(reads);
  }

  /**
   * Resolves once every append made before this call to a namespace of `reads` (all of them by
   * default) is durable or refused: reads wait on it.
   */
  settled(reads: Namespaces = EVERYTHING): Promise<void> {
    return this.settles.settled(reads);
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
    this.health.recovered();
    this.settles.markSettled(batch.length);
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
    this.health.failing(error);
    const err = new JournalWriteError(error);
    this.settles.markSettled(refused.length);
    for (const e of refused) e.reject(err);
  }

  /** The first attempt of a flush in the engine's own process (see JournalWriter). */
  private writeDurablySync(batch: Entry[]): Error | null {
    if (!this.fileOpen) return new Error('journal is closed');
    return this.file.writeDurablySync(
      batch.length === 1 ? batch[0].records : batch.flatMap((e) => e.records),
    );
  }

  /** Appends `data` and fsyncs; on failure the file is cut back to its durable length. */
  private writeDurably(data: Buffer): Promise<Error | null> {
    if (!this.fileOpen) return Promise.resolve(new Error('journal is closed'));
    return this.file.writeDurably(data, this.syncFlush);
  }

  /** Writes a no-op record (replay ignores it) to learn whether writes work again. */
  private async probe(): Promise<void> {
    if (!this.health.failed || this.flushing || this.holding || this.pending.length) return;
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
    if (this.health.failed || !this.fileOpen) return;
    let records: Iterable<Doc>;
    let old: JournalWriter;
    const gen = this.generation + 1;
    this.holding = true;
    try {
      while (this.flushing) await this.flushing;
      const next = await JournalWriter.create(path.join(this.dir, journalName(gen)), this.log);
      while (this.pending.length && !this.health.failed) await this.flush();
      if (this.health.failed) {
        await next.close();
        await fsp.rm(path.join(this.dir, journalName(gen)), { force: true });
        return;
      }
      // The switch: nothing below awaits, so the snapshot is exactly the durable state.
      records = state();
      old = this.file;
      this.file = next;
      this.generation = gen;
    } finally {
      this.holding = false;
      if (this.pending.length) this.schedule();
    }
    await snapshotAndRetire(this.dir, old, gen, records, this.log);
  }

  async close(): Promise<void> {
    await this.drain();
    this.health.close();
    // A journal closed cleanly ends with its last record.
    if (!this.fileOpen) return;
    await this.file.trimToRecords().catch(() => undefined);
    await this.file.close();
    this.fileOpen = false;
  }
}
