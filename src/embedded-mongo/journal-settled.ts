/**
 * The journal's count of settled appends, and the reads waiting on it (the read barrier,
 * read-barrier.ts). An append is settled once it is durable or refused and undone; appends settle
 * in the order they were made, so one number (how many have settled) tells which are.
 */
import { EVERYTHING, PendingWrites, type Namespaces } from './read-barrier.js';

export class SettledAppends {
  /** Appends so far, and how many of them are settled (durable or refused). */
  private appended = 0;
  private settledCount = 0;
  private barriers: { upTo: number; resolve: () => void }[] = [];
  /** Which appends touched which namespaces, so a read waits only for those it could see. */
  private readonly pendingWrites = new PendingWrites();

  /** One more append, which changes `written`. */
  noteAppend(written: Namespaces): void {
    this.pendingWrites.note(++this.appended, written);
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

  /** The next `n` appends, in order, are durable or refused. */
  markSettled(n: number): void {
    this.settledCount += n;
    this.pendingWrites.settled(this.settledCount, this.appended);
    if (this.barriers.length === 0) return; // the common case: no read is waiting
    const ready = this.barriers.filter((b) => b.upTo <= this.settledCount);
    this.barriers = this.barriers.filter((b) => b.upTo > this.settledCount);
    for (const b of ready) b.resolve();
  }
}
