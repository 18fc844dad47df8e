/**
 * Whether the journal can write, and the error a refused write gets: after a failed flush (disk full)
 * writes are refused, but nothing latches. Every later write tries again, and a probe retries in
 * the background so that `writable` turns true again by itself once space returns.
 */
import { MongoCommandError } from './errors.js';

/** The journal could not make a write durable (disk full, I/O error). Nothing of it was applied. */
export class JournalWriteError extends Error {
  constructor(override readonly cause: Error) {
    super(`the database cannot write (${cause.message}); the write was not applied, try again`);
    this.name = 'JournalWriteError';
  }
}

export class WriteHealth {
  private lastFailure: Error | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly log: (m: string) => void,
    /** How often a failing journal checks whether it can write again. */
    private readonly probeMs: number,
    /** Tries a write that changes nothing (the journal's no-op record). */
    private readonly probe: () => void,
  ) {}

  /** The error of the last failed flush while writes keep failing; null when writable. */
  get failed(): Error | null {
    return this.lastFailure;
  }

  /** A flush failed: log it once, and probe until one succeeds. */
  failing(error: Error): void {
    if (!this.lastFailure)
      this.log(
        `embedded-mongo: journal write failed (${error.message}); writes are refused until it succeeds`,
      );
    this.lastFailure = error;
    if (this.probeTimer || this.closed) return;
    this.probeTimer = setInterval(this.probe, this.probeMs);
    this.probeTimer.unref();
  }

  /** A flush succeeded. */
  recovered(): void {
    if (this.lastFailure) this.log('embedded-mongo: journal writes succeed again');
    this.lastFailure = null;
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
  }

  /** The journal is closed: no more probes. */
  close(): void {
    this.closed = true;
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
  }
}

/**
 * The answer to a write the journal refused: OutOfDiskSpace (14031, as mongod names it) when the
 * disk is full, InternalError otherwise; both say the write was not applied.
 */
export function writeFailure(e: Error): MongoCommandError {
  if (!(e instanceof JournalWriteError)) return new MongoCommandError(1, 'InternalError', e.message);
  const code = (e.cause as NodeJS.ErrnoException).code;
  return code === 'ENOSPC' || code === 'EDQUOT'
    ? new MongoCommandError(14031, 'OutOfDiskSpace', e.message)
    : new MongoCommandError(1, 'InternalError', e.message);
}
