/**
 * Stores live events under the next sequence numbers in ONE write (see event-bus.ts): the insert
 * itself takes the numbers. The publisher inserts the events with the numbers it expects to be
 * free (the lowest this process has not seen used); the unique `_id` refuses a number another
 * process stored first, and the events from there on are tried again with the numbers after it.
 *
 * One insert is in flight per process at a time, and what is published meanwhile goes together
 * in the next one (a group commit): this process's own publishes never race each other for a
 * number, so a number is only ever tried once every number below it is stored, and no hole opens
 * in the sequence for the readers to wait on.
 */
import type { Collection } from 'mongodb';
import { highestStored, type NewEvent, type StoredEvent } from './event-store.js';

interface Publication {
  interview: string;
  items: NewEvent[];
  resolve: (stored: StoredEvent[]) => void;
  reject: (error: Error) => void;
}

/** Collisions in a row after which the publisher looks the highest stored number up. */
const PROBE_AFTER = 2;

/** The index of the first event a duplicate number refused, or -1 when the error is another one. */
function refusedAt(e: unknown): number {
  const err = e as { code?: number; writeErrors?: unknown };
  const list = err.writeErrors;
  const first = (Array.isArray(list) ? list[0] : list) as { code?: number; index?: number } | undefined;
  if (first?.code === 11000 && typeof first.index === 'number') return first.index;
  return err.code === 11000 && !first ? 0 : -1;
}

export class EventPublisher {
  private queue: Publication[] = [];
  private flushing: Promise<void> | undefined;
  /** The number this process tries next (the numbers below it are stored, as far as it knows). */
  private guess = 1;

  constructor(
    private readonly events: () => Collection<StoredEvent>,
    private readonly delivery: {
      /** The lowest number the reader has not seen used. */
      unseen(): number;
      /** The numbers being stored now (null once the insert has answered). */
      storing(range: { from: number; to: number } | null): void;
      /** This process's subscribers get the stored events (before the publish resolves). */
      stored(events: StoredEvent[]): void;
    },
    /** Marks this process's events, which its own change stream need not be sent back. */
    private readonly origin: string,
  ) {}

  /** Starts numbering at `next` (the bus has just read the sequence). */
  reset(next: number): void {
    this.guess = next;
  }

  /** Stores the events in this order; resolves with them, numbered. */
  publish(interview: string, items: NewEvent[]): Promise<StoredEvent[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ interview, items, resolve, reject });
      this.flushing ??= this.flush().finally(() => (this.flushing = undefined));
    });
  }

  /** Resolves once nothing is being stored. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0);
      const at = new Date();
      const docs = batch.flatMap(({ interview, items }) =>
        items.map(({ type, data = {}, to }) => ({
          interview,
          type,
          data,
          ...(to ? { to: to.map(String) } : {}),
          at,
          origin: this.origin,
        })),
      );
      try {
        const numbered = await this.store(docs);
        this.delivery.stored(numbered);
        let from = 0;
        for (const p of batch) {
          p.resolve(numbered.slice(from, from + p.items.length));
          from += p.items.length;
        }
      } catch (e) {
        for (const p of batch) p.reject(e as Error);
      } finally {
        this.delivery.storing(null);
      }
    }
  }

  /** Inserts the events under the next free numbers, in order. */
  private async store(docs: Omit<StoredEvent, '_id'>[]): Promise<StoredEvent[]> {
    const done: StoredEvent[] = [];
    let rest = docs;
    let collisions = 0;
    while (rest.length) {
      const first = Math.max(this.guess, this.delivery.unseen());
      const numbered = rest.map((d, i): StoredEvent => ({ _id: first + i, ...d }));
      try {
        this.delivery.storing({ from: first, to: first + numbered.length });
        await this.events().insertMany(numbered, { ordered: true });
        this.guess = first + numbered.length;
        return [...done, ...numbered];
      } catch (e) {
        // Not a collision (the database is away): the numbers stay the next to try, whether or not
        // the insert went through (if it did, the next try collides with itself and moves on).
        const at = refusedAt(e);
        if (at < 0) throw e;
        // The events before the refused one are stored; that number is another process's.
        done.push(...numbered.slice(0, at));
        rest = rest.slice(at);
        this.guess = first + at + 1;
        if (++collisions >= PROBE_AFTER) {
          this.guess = (await highestStored(this.events(), this.guess - 1)) + 1;
          collisions = 0;
        }
      }
    }
    return done;
  }
}
