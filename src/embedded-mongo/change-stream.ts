/**
 * A minimal `$changeStream`: the engine keeps the last changes it committed (a bounded history,
 * so a driver that reconnects can resume), and serves them to tailable-await cursors.
 *
 * Only committed writes appear: the engine records a batch's changes once the journal has made it
 * durable (Engine.commit), in commit order. `getMore` on a stream waits up to its maxTimeMS
 * (default 1 s, as mongod) for new changes, then answers an empty batch; each answer carries a
 * postBatchResumeToken. Collection and database streams; `$match`, `$project` and the other
 * one-document stages may follow. Not supported: cluster-wide streams, startAtOperationTime,
 * pre-images, and drop/rename/invalidate events (dropping a collection does not end its streams).
 */
import crypto from 'node:crypto';
import { Long, Timestamp } from 'bson';
import { aggregate } from './aggregation.js';
import {
  decodeToken,
  encodeToken,
  historyLost,
  parseSpec,
  toEvent,
  type ChangeEntry,
  type StreamSpec,
} from './change-events.js';
import { badValue, cursorNotFound, MongoCommandError } from './errors.js';
import { compileFilter, filterKey, matches, type Matcher } from './query.js';
import type { DocumentChange, Store } from './store.js';
import { encodeKey, isPlainObject, type Doc } from './values.js';

/** Changes kept for resuming (mongod keeps an oplog of a configured size; this is its stand-in). */
export const HISTORY_SIZE = 10_000;
const DEFAULT_AWAIT_MS = 1000;
const DEFAULT_BATCH = 101;
/** The stages mongod allows after $changeStream. */
const ALLOWED_STAGES = new Set([
  '$match',
  '$project',
  '$addFields',
  '$set',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
  '$redact',
]);

interface Stream {
  db: string;
  /** null for a database-wide stream. */
  coll: string | null;
  ns: string;
  spec: StreamSpec;
  stages: Doc[];
  /**
   * The stages compiled once, when they are all `$match` filters the engine caches (the usual
   * `{$match: {operationType: 'insert'}}`): each event is tested, not run through a pipeline
   * built for it. Null otherwise (then every event goes through aggregate()).
   */
  matchers: Matcher[] | null;
  connectionId: number;
  /** The last change number this stream has looked at. */
  pos: number;
  lastUsed: number;
  /** Ends a waiting getMore early (a new change, killCursors, the connection closed). */
  wake?: () => void;
}

export class ChangeLog {
  /** This engine run's id: tokens of an earlier run cannot be resumed. */
  readonly run = crypto.randomBytes(4).toString('hex');
  private history: ChangeEntry[] = [];
  private lastSeq = 0;
  private lastTime = new Timestamp({ t: 0, i: 0 });
  private readonly streams = new Map<number, Stream>();
  // Above the ids of ordinary cursors (cursors.ts starts below 2^41), below 2^53.
  private nextId = 2 ** 52 + Math.floor(Math.random() * 2 ** 40);

  constructor(
    private readonly store: Store,
    private readonly capacity = HISTORY_SIZE,
  ) {}

  get size(): number {
    return this.streams.size;
  }

  /** The change number of the oldest change still kept (lastSeq + 1 when none is). */
  private get firstSeq(): number {
    return this.history.length ? this.history[0].seq : this.lastSeq + 1;
  }

  /** Records the changes of a batch the journal has just made durable, and wakes waiting streams. */
  record(changes: DocumentChange[]): void {
    if (!changes.length) return;
    const wallTime = new Date();
    for (const c of changes) {
      this.lastSeq += 1;
      this.history.push({
        seq: this.lastSeq,
        clusterTime: this.nextTime(wallTime),
        wallTime,
        db: c.db,
        coll: c.coll,
        operationType: !c.before ? 'insert' : !c.after ? 'delete' : c.replace ? 'replace' : 'update',
        id: c.id,
        after: c.after,
        ...(c.before && c.after && !c.replace ? { before: c.before } : {}),
      });
    }
    // Trimmed in steps so that each change is moved at most once or twice.
    if (this.history.length > this.capacity * 1.25)
      this.history = this.history.slice(this.history.length - this.capacity);
    for (const s of this.streams.values()) s.wake?.();
  }

  /** Cluster times increase strictly, even when the wall clock steps back. */
  private nextTime(now: Date): Timestamp {
    const t = Math.max(Math.floor(now.getTime() / 1000), this.lastTime.high);
    const i = t === this.lastTime.high ? this.lastTime.low + 1 : 1;
    return (this.lastTime = new Timestamp({ t, i }));
  }

  /** `aggregate` whose first stage is $changeStream: opens the stream and answers what is there. */
  open(db: string, coll: string | null, pipeline: Doc[], connectionId: number, batchSize?: number): Doc {
    const spec = parseSpec(pipeline[0].$changeStream);
    const stages = pipeline.slice(1);
    for (const stage of stages) {
      const name = isPlainObject(stage) ? Object.keys(stage)[0] : String(stage);
      if (!ALLOWED_STAGES.has(name)) throw badValue(`${name} is not permitted in a $changeStream pipeline`);
    }
    const token = spec.startAfter ?? spec.resumeAfter;
    let pos = this.lastSeq;
    if (token !== undefined) {
      pos = decodeToken(token, this.run);
      if (pos > this.lastSeq) throw badValue('the resume token is ahead of this engine’s history');
      if (pos < this.firstSeq - 1) throw historyLost();
    }
    const ns = `${db}.${coll ?? '$cmd.aggregate'}`;
    const matchers = stages.every((s) => isPlainObject(s.$match) && filterKey(s.$match) !== null)
      ? stages.map((s) => compileFilter(s.$match))
      : null;
    const stream: Stream = { db, coll, ns, spec, stages, matchers, connectionId, pos, lastUsed: Date.now() };
    const id = this.nextId++;
    this.streams.set(id, stream);
    const firstBatch = this.take(stream, batchSize ?? DEFAULT_BATCH);
    return this.reply(id, stream, 'firstBatch', firstBatch);
  }

  has(id: number): boolean {
    return this.streams.has(id);
  }

  /** The next changes of a stream, waiting up to `maxTimeMS` for some when there are none yet. */
  async getMore(
    id: number,
    ns: string,
    connectionId: number,
    batchSize?: number,
    maxTimeMS?: number,
  ): Promise<Doc> {
    const stream = this.streams.get(id);
    if (!stream) throw cursorNotFound(id);
    if (stream.ns !== ns)
      throw new MongoCommandError(
        13,
        'Unauthorized',
        `Requested getMore on namespace '${ns}', but cursor belongs to ${stream.ns}`,
      );
    if (stream.wake) throw badValue('a getMore on this change stream is already waiting');
    stream.connectionId = connectionId;
    const max = batchSize && batchSize > 0 ? batchSize : DEFAULT_BATCH;
    let batch = this.take(stream, max);
    if (!batch.length) {
      const until = Date.now() + (maxTimeMS && maxTimeMS > 0 ? maxTimeMS : DEFAULT_AWAIT_MS);
      while (!batch.length && Date.now() < until && this.streams.get(id) === stream) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => resolve(), until - Date.now());
          stream.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        stream.wake = undefined;
        if (this.streams.get(id) !== stream) break;
        batch = this.take(stream, max);
      }
    }
    stream.lastUsed = Date.now();
    return this.reply(this.streams.has(id) ? id : 0, stream, 'nextBatch', batch);
  }

  /** The matching events after the stream's position; moves the position past what it examined. */
  private take(stream: Stream, max: number): Doc[] {
    if (stream.pos < this.firstSeq - 1) {
      this.kill(this.idOf(stream));
      throw historyLost();
    }
    const out: Doc[] = [];
    let i = this.history.length - (this.lastSeq - stream.pos);
    for (; i < this.history.length && out.length < max; i++) {
      const e = this.history[i];
      stream.pos = e.seq;
      if (e.db !== stream.db || (stream.coll !== null && e.coll !== stream.coll)) continue;
      const event = toEvent(e, this.run, stream.spec.fullDocument, (x) => this.current(x));
      out.push(...this.pipe(stream, event));
    }
    return out;
  }

  private pipe(stream: Stream, event: Doc): Doc[] {
    if (stream.matchers) return stream.matchers.every((m) => matches(m, event)) ? [event] : [];
    const out = aggregate([event], stream.stages, () => []);
    const token = encodeKey(event._id);
    for (const d of out) {
      if (encodeKey(d._id) !== token)
        throw new MongoCommandError(
          280,
          'ChangeStreamFatalError',
          'Encountered an event whose _id field, which contains the resume token, was modified by the pipeline.',
        );
    }
    return out;
  }

  private current(e: ChangeEntry): Doc | null {
    return this.store.collection(e.db, e.coll)?.docs.get(encodeKey(e.id)) ?? null;
  }

  private idOf(stream: Stream): number {
    for (const [id, s] of this.streams) if (s === stream) return id;
    return 0;
  }

  private reply(id: number, stream: Stream, field: string, batch: Doc[]): Doc {
    const postBatchResumeToken = encodeToken(this.run, stream.pos);
    return {
      cursor: { [field]: batch, postBatchResumeToken, id: Long.fromNumber(id), ns: stream.ns },
      ok: 1,
    };
  }

  /** Ends a stream (killCursors); a getMore waiting on it answers at once. Returns whether it was one. */
  kill(id: number): boolean {
    const stream = this.streams.get(id);
    if (!stream) return false;
    this.streams.delete(id);
    stream.wake?.();
    return true;
  }

  /** Ends the streams whose last command came on a connection that closed. */
  closeConnection(connectionId: number): void {
    for (const [id, s] of this.streams) if (s.connectionId === connectionId) this.kill(id);
  }

  /** Ends streams idle for longer than `idleMs` (not those waiting in a getMore). */
  sweep(idleMs: number, now = Date.now()): void {
    for (const [id, s] of this.streams) if (!s.wake && now - s.lastUsed > idleMs) this.kill(id);
  }

  clear(): void {
    for (const id of [...this.streams.keys()]) this.kill(id);
  }
}
