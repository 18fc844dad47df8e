/**
 * The current journal file and how records become durable in it (the queue and group commit
 * around it are journal.ts).
 *
 * The file is preallocated: zeros are written (and made durable) ahead of the records in steps of
 * PREALLOC_BYTES, and records overwrite them in place. An fdatasync after an append must also
 * commit the file's new size (a filesystem journal commit); after an overwrite of blocks already
 * on disk it only flushes the data, which is what a single acknowledged write waits for. The
 * zeros past the last record are recognised at start-up (records.ts scanRecords zeroTail,
 * journal-startup.ts) and cut off; anything else there is still a torn tail or corruption.
 */
import fs from 'node:fs';
import type fsp from 'node:fs/promises';
import { checkJournalPreallocFault, checkJournalWriteFault } from './fault-hooks.js';
import { openSecure } from './storage-files.js';

/** How far ahead of the records the journal file is extended with durable zeros. */
export const PREALLOC_BYTES = 1 << 20;
const ZEROS = Buffer.alloc(PREALLOC_BYTES);
/** Opened for positional writes (no O_APPEND: it would ignore the position and append). */
const JOURNAL_FLAGS = fs.constants.O_WRONLY | fs.constants.O_CREAT;

export class JournalWriter {
  /** Bytes of records in the file (all durable); the zeros of preallocation follow. */
  size: number;
  /** Length of the file: records, then zeros up to here. */
  private allocated: number;

  private constructor(
    private readonly fh: fsp.FileHandle,
    size: number,
    private readonly log: (m: string) => void,
  ) {
    this.size = size;
    this.allocated = size;
  }

  /** Opens (or creates) `file`; records written so far end at its current length. */
  static async open(file: string, log: (m: string) => void): Promise<JournalWriter> {
    const fh = await openSecure(file, JOURNAL_FLAGS);
    return new JournalWriter(fh, (await fh.stat()).size, log);
  }

  /** Opens the file of a new generation, written from its start. */
  static async create(file: string, log: (m: string) => void): Promise<JournalWriter> {
    return new JournalWriter(await openSecure(file, JOURNAL_FLAGS), 0, log);
  }

  /**
   * The first attempt of a flush in the engine's own process: synchronous write + fdatasync. A
   * read waits for every earlier write to be durable anyway, and the thread-pool round trips of
   * the async calls (and the promises around them) cost more than the flush itself. The records
   * go out with one writev: no concatenation. In an app's process the async calls keep a slow
   * disk from stalling requests.
   */
  writeDurablySync(buffers: Buffer[]): Error | null {
    try {
      checkJournalWriteFault();
      const fd = this.fh.fd;
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
      this.cutBackAfterFailure();
      return e as Error;
    }
  }

  /** Appends `data` and fsyncs; on failure cuts the file back to its durable length. */
  async writeDurably(data: Buffer, syncCalls: boolean): Promise<Error | null> {
    try {
      checkJournalWriteFault();
      if (syncCalls) {
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
      this.cutBackAfterFailure();
      return e as Error;
    }
  }

  /** Cuts the unused zeros off (a journal closed or retired cleanly ends with its last record). */
  async trimToRecords(): Promise<void> {
    if (this.allocated > this.size) await this.fh.truncate(this.size);
    this.allocated = this.size;
  }

  close(): Promise<void> {
    return this.fh.close();
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
    const fd = this.fh.fd;
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
        done += (await this.fh.write(ZEROS, 0, n, from + done)).bytesWritten;
      }
      await this.fh.datasync();
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
    fs.ftruncateSync(this.fh.fd, this.size);
    this.allocated = this.size;
  }

  private cutBackAfterFailure(): void {
    try {
      this.cutBack();
    } catch (t) {
      this.log(
        `embedded-mongo: could not cut the journal back after a failed write: ${(t as Error).message}`,
      );
    }
  }
}
