/**
 * Time slices for long reads: a read checks `due()` after each document (or `dueNow()` after a
 * larger piece of work: a sorted run, a group, a stretch of a merge) and, once its slice is used up,
 * awaits `pause()` so that the commands of other connections run before it continues. An await per
 * document would cost more than the work; even reading the clock after every document costs a few
 * per cent, so `due()` reads it every 16 documents.
 */
import { performance } from 'node:perf_hooks';

/** The time a read runs before it lets other commands in. */
export const SLICE_MS = 8;

export class Slicer {
  private start = performance.now();
  private pieces = 0;

  constructor(
    private readonly pause: () => Promise<void>,
    private readonly sliceMs = SLICE_MS,
  ) {}

  /** After one document: true once the current slice is used up (checked every 16 documents). */
  due(): boolean {
    return (++this.pieces & 15) === 0 && this.dueNow();
  }

  /** After a larger piece of work: true once the current slice is used up. */
  dueNow(): boolean {
    return performance.now() - this.start >= this.sliceMs;
  }

  /** Lets other commands run, then starts a new slice. */
  async yield(): Promise<void> {
    await this.pause();
    this.start = performance.now();
  }
}
