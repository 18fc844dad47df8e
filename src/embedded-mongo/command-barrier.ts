/**
 * When a command may run: only once every earlier write to what it reads is durable or undone, so
 * it never sees a write that could still be refused, and waits for no other (read-barrier.ts). The
 * engine counts, for serverStatus `metrics.readBarrier`, the data commands that arrived while a
 * write was pending and those of them that had to wait: how often the barrier costs a read time.
 */
import type { Journal } from './journal.js';
import type { Namespaces } from './read-barrier.js';
import { commandReads } from './read-set.js';
import type { Doc } from './values.js';

/** Commands that read no data: they need not wait for writes in flight to become durable. */
const NO_DATA = new Set([
  'hello',
  'isMaster',
  'ismaster',
  'ping',
  'buildInfo',
  'buildinfo',
  'getParameter',
  'hostInfo',
  'endSessions',
]);

/** Commands that write documents: acknowledged only once durable (see stillWaitsFor). */
const DOCUMENT_WRITES = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);

/** serverStatus `metrics.readBarrier`, counted since the engine started. */
export interface ReadBarrierCounts {
  /** Data commands that arrived while some write was not yet durable. */
  pendingAtArrival: number;
  /** Of those, the commands that waited because a pending write was to what they read. */
  waited: number;
}

export class CommandBarrier {
  readonly counts: ReadBarrierCounts = { pendingAtArrival: 0, waited: 0 };

  /**
   * The namespaces `command` must wait for before it runs, or null when it may run at once.
   * Synchronous, so a command with nothing to wait for costs no await.
   */
  mustWaitFor(journal: Journal, command: Doc): Namespaces | null {
    if (journal.isSettled) return null;
    const name = Object.keys(command)[0];
    if (NO_DATA.has(name)) return null;
    this.counts.pendingAtArrival++;
    const reads = commandReads(command);
    if (journal.isSettledFor(reads)) return null;
    this.counts.waited++;
    return reads;
  }

  /**
   * After a wait for `reads`: what `command` must still wait for, or null. A writer woken by the
   * same flush and run first may have written there meanwhile. A read answers at once, so it
   * checks again, in the microtask it runs in (the caller runs it right after, without an await
   * between). A document write need not (and must not: the writers woken together would then go
   * one per flush instead of sharing one): it is acknowledged only once durable, so after every
   * earlier write.
   */
  stillWaitsFor(journal: Journal, command: Doc, reads: Namespaces): Namespaces | null {
    if (DOCUMENT_WRITES.has(Object.keys(command)[0])) return null;
    return journal.isSettledFor(reads) ? null : reads;
  }
}
