/**
 * Time slices for long reads: a read checks `due()` between two pieces of work (a document, a
 * group, a stretch of a merge) and, once its slice is used up, awaits `pause()` so that the
 * commands of other connections run before it continues. performance.now() is cheap enough to ask
 * after every document; an await per document is not, so a read only awaits when a slice is over.
 */
import { performance } from 'node:perf_hooks';

/** The time a read runs before it lets other commands in. */
export const SLICE_MS = 8;

export class Slicer {
  private start = performance.now();

  constructor(
    private readonly pause: () => Promise<void>,
    private readonly sliceMs = SLICE_MS,
  ) {}

  /** True once the current slice is used up. */
  due(): boolean {
    return performance.now() - this.start >= this.sliceMs;
  }

  /** Lets other commands run, then starts a new slice. */
  async yield(): Promise<void> {
    await this.pause();
    this.start = performance.now();
  }
}
