/**
 * Delivery in sequence order, for one process (see event-bus.ts): events arrive from this
 * process's publishes, the change stream and the polls, in any order and some twice; each is handed
 * to the subscribers once, strictly by number, and a number passed is never delivered again.
 *
 * A missing number holds back the ones after it for up to `gapMs`. Numbers are taken by storing
 * them, so a hole is rare: an event the reader has not read yet (the next poll brings it), or one
 * removed (expired, a store reset). Past the grace time the reader skips it.
 */
import { numbersFrom, WINDOW } from './event-store.js';
import type { PanelEvent } from './event-types.js';

export class InOrderDelivery {
  /** The next sequence number to deliver. */
  next = 1;
  /** Events known (published here or read) but not yet delivered, by sequence number. */
  private readonly pending = new Map<number, PanelEvent>();
  /** Since when delivery waits for a missing number. */
  private stalledSince = 0;
  /** A look again once a missing number's grace time is over (whatever the reader's mode). */
  private gapTimer: NodeJS.Timeout | undefined;
  /**
   * The numbers this process is storing now: the change stream may bring them before the insert
   * is acknowledged, one by one, and they are delivered together when it is (a save's progress and
   * saved notice reach the viewers in one batch, so their access checks are one read).
   */
  private held: { from: number; to: number } | null = null;

  constructor(
    private readonly gapMs: number,
    private readonly emit: (event: PanelEvent) => void,
    /** Asks the reader to read the stored events again. */
    private readonly lookAgain: () => void,
    /** A number was skipped: whatever it held (an access marker, perhaps) will not be delivered. */
    private readonly skipped: () => void = () => undefined,
  ) {}

  /** Starts over at `next` (the bus has just read the sequence). */
  reset(next: number): void {
    this.stop();
    this.next = next;
  }

  stop(): void {
    clearTimeout(this.gapTimer);
    this.held = null;
    this.pending.clear();
    this.stalledSince = 0;
  }

  /** Holds back the numbers from..to-1 (null: lets them go; the caller drains then). */
  hold(range: { from: number; to: number } | null): void {
    this.held = range;
  }

  add(event: PanelEvent): void {
    if (event.seq >= this.next && !this.pending.has(event.seq)) this.pending.set(event.seq, event);
  }

  /** The lowest number this process has not seen used (published here, or read). */
  unseen(): number {
    let top = this.next;
    for (const n of this.pending.keys()) if (n >= top) top = n + 1;
    return top;
  }

  /** The numbers of the next window that the reader has not read yet. */
  wanted(): number[] {
    return numbersFrom(this.next).filter((n) => !this.pending.has(n));
  }

  /**
   * Delivers pending events in order. `known` is the highest number the caller just found stored
   * (a poll): a missing number below it is a hole, even with nothing pending.
   */
  drain(known = 0): void {
    for (;;) {
      if (this.held && this.next >= this.held.from && this.next < this.held.to) return;
      const event = this.pending.get(this.next);
      if (event) {
        this.pending.delete(this.next);
        this.next += 1;
        this.stalledSince = 0;
        this.emit(event);
        continue;
      }
      const waiting = this.pending.size > 0 || known >= this.next;
      if (!waiting) return void (this.stalledSince = 0);
      const now = Date.now();
      if (!this.stalledSince) {
        this.stalledSince = now;
        if (this.pending.size) setImmediate(this.lookAgain); // stored already, likely: read it
        clearTimeout(this.gapTimer);
        this.gapTimer = setTimeout(this.lookAgain, this.gapMs + 10);
        this.gapTimer.unref();
        return;
      }
      if (now - this.stalledSince < this.gapMs) return;
      // Removed (expired, a reset store) or never to come: skip past it.
      this.next = this.pending.size
        ? Math.min(...this.pending.keys())
        : Math.min(known, this.next + WINDOW - 1) + 1;
      this.stalledSince = 0;
      this.skipped();
    }
  }
}
