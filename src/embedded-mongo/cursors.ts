/** Open cursors: the remaining results of a find/aggregate, served in batches by getMore. */
import { BSON, Long } from 'bson';
import { cursorNotFound, MongoCommandError } from './errors.js';
import type { Doc } from './values.js';

export const CURSOR_IDLE_MS = 10 * 60 * 1000;
const DEFAULT_FIRST_BATCH = 101;
/** Replies stay under the 16 MB BSON limit (plus the envelope), as mongod's do. */
const BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;

interface OpenCursor {
  ns: string;
  docs: Doc[];
  pos: number;
  lastUsed: number;
}

export class CursorManager {
  private readonly cursors = new Map<number, OpenCursor>();
  private nextId = 1 + Math.floor(Math.random() * 2 ** 40);

  constructor(private readonly idleMs = CURSOR_IDLE_MS) {}

  get size(): number {
    return this.cursors.size;
  }

  /** Takes the first batch of `docs`; keeps a cursor for the rest unless it all fits. */
  open(ns: string, docs: Doc[], batchSize: number | undefined, singleBatch = false): Doc {
    const batch = takeBatch(docs, 0, batchSize ?? DEFAULT_FIRST_BATCH);
    let id = 0;
    if (!singleBatch && batch.length < docs.length) {
      id = this.nextId++;
      this.cursors.set(id, { ns, docs, pos: batch.length, lastUsed: Date.now() });
    }
    return { cursor: { firstBatch: batch, id: Long.fromNumber(id), ns }, ok: 1 };
  }

  getMore(id: number, ns: string, batchSize: number | undefined): Doc {
    const c = this.cursors.get(id);
    if (!c) throw cursorNotFound(id);
    if (c.ns !== ns) {
      throw new MongoCommandError(
        13,
        'Unauthorized',
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${c.ns}`,
      );
    }
    const batch = takeBatch(c.docs, c.pos, batchSize && batchSize > 0 ? batchSize : Infinity);
    c.pos += batch.length;
    c.lastUsed = Date.now();
    let outId = id;
    if (c.pos >= c.docs.length) {
      this.cursors.delete(id);
      outId = 0;
    }
    return { cursor: { nextBatch: batch, id: Long.fromNumber(outId), ns }, ok: 1 };
  }

  kill(ids: number[]): Doc {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) (this.cursors.delete(id) ? killed : notFound).push(Long.fromNumber(id));
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  /** Drops cursors idle for longer than the limit; returns how many. */
  sweep(now = Date.now()): number {
    let n = 0;
    for (const [id, c] of this.cursors) {
      if (now - c.lastUsed > this.idleMs) {
        this.cursors.delete(id);
        n++;
      }
    }
    return n;
  }

  clear(): void {
    this.cursors.clear();
  }
}

/**
 * BSON sizes of the documents batches were cut from. A stored document never changes (a write
 * replaces it), and the same ones are read again and again (a session, a user, an interview):
 * their size is worked out once. Documents made for one reply (projections, pipeline results)
 * are measured each time they are batched and then forgotten with them.
 */
const sizes = new WeakMap<Doc, number>();

function sizeOf(doc: Doc): number {
  let size = sizes.get(doc);
  if (size === undefined) sizes.set(doc, (size = BSON.calculateObjectSize(doc)));
  return size;
}

/**
 * The next documents from `from`, at most `max`, under BATCH_BYTES together. The first document
 * always goes (a document is at most 16 MB, as the store holds them): a batch of one, the usual
 * reply to a find by _id, needs no sizes at all.
 */
function takeBatch(docs: Doc[], from: number, max: number): Doc[] {
  const end = Math.min(docs.length, from + max);
  if (end - from <= 1) return docs.slice(from, end);
  const out: Doc[] = [];
  let bytes = 0;
  for (let i = from; i < end; i++) {
    const size = sizeOf(docs[i]);
    if (out.length > 0 && bytes + size > BATCH_BYTES) break;
    out.push(docs[i]);
    bytes += size;
  }
  return out;
}
