/**
 * Which writes not yet durable a command could see. A command waits until the journal has settled
 * (made durable or refused and undone) every earlier write to a namespace ("db.collection") it
 * reads, and nothing else: a read of one collection never waits for the fdatasync of another
 * collection's write, yet never sees a write the journal could still refuse.
 *
 * Writes settle in the order they were appended (the journal flushes its queue in order, and a
 * failed flush refuses everything queued after it too), so "every earlier write to these
 * namespaces is settled" is "the settled count has reached the last such append": the journal
 * keeps, per namespace, the sequence number of its last append and waits on that one number.
 */

/** A set of namespaces ("db.collection"), or EVERYTHING when it cannot be told (or is the catalog). */
export type Namespaces = readonly string[] | typeof EVERYTHING;
export const EVERYTHING = 'everything';

/** The last append, by sequence number, to each namespace that has appends not yet settled. */
export class PendingWrites {
  private readonly lastAppend = new Map<string, number>();
  /** The last append that touched everything (catalog changes, unknown writes). */
  private lastWide = 0;

  /** Append number `seq` (numbered from 1, in order) touched `written`. */
  note(seq: number, written: Namespaces): void {
    if (written === EVERYTHING) {
      this.lastWide = seq;
      return;
    }
    for (const ns of written) this.lastAppend.set(ns, seq);
  }

  /** The number of the last append a command reading `reads` must wait for (0: none). */
  lastVisible(reads: Namespaces, appended: number): number {
    if (reads === EVERYTHING) return appended;
    let upTo = this.lastWide;
    for (const ns of reads) {
      const seq = this.lastAppend.get(ns);
      if (seq !== undefined && seq > upTo) upTo = seq;
    }
    return upTo;
  }

  /** Called as appends settle: once all are, nothing needs remembering (the map stays small). */
  settled(settledCount: number, appended: number): void {
    if (settledCount >= appended && this.lastAppend.size > 0) this.lastAppend.clear();
  }
}

/** What a write batch carries, as far as the barrier is concerned (store.ts WriteBatch). */
interface BatchShape {
  readonly records: readonly unknown[];
  readonly changes: readonly { readonly db: string; readonly coll: string }[];
}

/**
 * The namespaces a write batch changes. A document put or removal adds one record and one change
 * naming its collection; a catalog change (a collection created, dropped or renamed, an index, a
 * database) adds a record without a change. So a batch with more records than changes holds a
 * catalog change, and touches everything: reads of any collection wait for it.
 */
export function namespacesWritten(batch: BatchShape): Namespaces {
  const { records, changes } = batch;
  if (records.length !== changes.length) return EVERYTHING;
  if (changes.length === 1) return [`${changes[0].db}.${changes[0].coll}`];
  const seen = new Set<string>();
  for (const c of changes) seen.add(`${c.db}.${c.coll}`);
  return [...seen];
}
