/**
 * The event bus behind the live panel pages (Server-Sent Events), shared by every app process.
 *
 * Events travel through the database so any process serves any viewer: `publish` takes the next
 * number of a database-wide sequence (one atomic `$inc`), hands the event to this process's
 * subscribers at once, and stores it in the events collection; one reader per process learns of
 * the numbers it has not seen (other processes' events) and delivers them in sequence order. Where
 * the deployment has change streams (a MongoDB replica set, the embedded engine) the reader tails
 * the collection's inserts (change-reader.ts) and still looks at the sequence now and then (a
 * number whose event never came); otherwise (a standalone MongoDB) it polls the collection. After
 * a stream fails for good (the engine restarted), the reader polls from the last number it
 * delivered until a new stream is open. Each event reaches a process's subscribers once: the
 * reader delivers strictly by sequence number, and a number it has passed is never delivered again.
 *
 * The collection is also the replay buffer: a client that reconnects with `Last-Event-ID` gets
 * what it missed, for an hour (a TTL index removes older events). When an id cannot be vouched
 * for (another database, expired, malformed), the client is told to reload instead.
 *
 * Events never carry a rating or note to anyone who may not see it: `to` restricts an event to
 * named users (a panelist's own saves), and progress events carry flags, not values.
 */
import { EventEmitter } from 'node:events';
import crypto from 'node:crypto';
import mongoose from 'mongoose';
import type { Collection, Db } from 'mongodb';
import { ChangeReader } from './change-reader.js';
import type { PanelEvent, PanelEventType } from './event-types.js';

export { PANEL_EVENT_TYPES, type PanelEvent, type PanelEventType } from './event-types.js';

/** Most events one replay returns (a stream that missed more is better off reloading). */
export const REPLAY_LIMIT = 500;

export interface PanelEventBusOptions {
  /** The events collection; the sequence lives in `<collection>_seq`. */
  collection?: string;
  /** The database connection (mongoose's default one unless given). */
  connection?: mongoose.Connection;
  /** Tail a change stream where the deployment has them (default true); false: always poll. */
  changeStream?: boolean;
  /** How often the reader polls for other processes' events when there is no change stream. */
  pollMs?: number;
  /** How often it still looks at the sequence while a change stream brings the events. */
  streamPollMs?: number;
  /**
   * How long the reader waits for a number taken but not yet stored (its publisher is between the
   * `$inc` and the insert, or died there) before it skips it.
   */
  gapMs?: number;
  /** How long events stay available for replay. */
  retentionSeconds?: number;
}

interface StoredEvent {
  _id: number;
  interview: string;
  type: PanelEventType;
  data: Record<string, unknown>;
  to?: string[];
  at: Date;
  /** The bus that stored it: its own reader leaves it out (its subscribers had it at once). */
  origin?: string;
}

interface SequenceDoc {
  _id: string;
  seq: number;
  /** Random per database: ids from another database (a reset store) are recognised as such. */
  epoch: string;
}

export interface NewEvent {
  type: PanelEventType;
  data?: Record<string, unknown>;
  /** When set, only these user ids receive the event. */
  to?: string[];
}

/**
 * How the reader learns of other processes' events: `stopped` until the bus is started, `opening`
 * while it polls and tries to open a change stream, then `stream`, or `poll` for good when the
 * deployment has none (or for a while after a stream failed).
 */
export type ReaderMode = 'stream' | 'poll' | 'opening' | 'stopped';

/** Numbers the reader asks for at once, by `_id` equality (which the engine answers from its index). */
const WINDOW = 256;

export class PanelEventBus {
  private readonly emitter = new EventEmitter();
  private readonly options: Required<Omit<PanelEventBusOptions, 'connection'>>;
  private readonly connection: mongoose.Connection | undefined;
  private stream: ChangeReader<StoredEvent> | undefined;
  private mode: ReaderMode = 'stopped';
  private readonly readerListeners = new Set<(mode: ReaderMode) => void>();
  private ready: Promise<void> | undefined;
  private epoch = '';
  /** The next sequence number to deliver. */
  private next = 1;
  /** Events known (published here or read) but not yet delivered, by sequence number. */
  private readonly pending = new Map<number, PanelEvent>();
  /** Since when delivery waits for a missing number. */
  private stalledSince = 0;
  private timer: NodeJS.Timeout | undefined;
  /** A look again once a missing number's grace time is over (whatever the reader's mode). */
  private gapTimer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private readonly inserts = new Set<Promise<unknown>>();
  /** Marks this bus's events, which its reader need not be sent back (see received()). */
  private readonly origin = crypto.randomBytes(6).toString('hex');

  constructor(options: PanelEventBusOptions = {}) {
    const { connection, ...rest } = options;
    this.connection = connection;
    this.options = {
      collection: 'panel_events',
      changeStream: true,
      pollMs: 50,
      streamPollMs: 1000,
      gapMs: 2000,
      retentionSeconds: 3600,
      ...rest,
    };
    this.emitter.setMaxListeners(0);
  }

  /** How the reader learns of other processes' events now. */
  get reader(): ReaderMode {
    return this.mode;
  }

  /** Calls `listener` whenever the reader changes mode (the app logs it); returns the unsubscriber. */
  onReaderChange(listener: (mode: ReaderMode) => void): () => void {
    this.readerListeners.add(listener);
    return () => this.readerListeners.delete(listener);
  }

  private setMode(mode: ReaderMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    for (const listener of this.readerListeners) listener(mode);
  }

  private db(): Db {
    const db = (this.connection ?? mongoose.connection).db;
    if (!db) throw new Error('the event bus needs a database connection');
    return db;
  }
  private events(): Collection<StoredEvent> {
    return this.db().collection<StoredEvent>(this.options.collection);
  }
  private sequence(): Collection<SequenceDoc> {
    return this.db().collection<SequenceDoc>(`${this.options.collection}_seq`);
  }

  /** Connects the reader (once): reads the sequence, builds the indexes, starts polling. */
  start(): Promise<void> {
    this.ready ??= this.init().catch((e) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  private async init(): Promise<void> {
    const connection = this.connection ?? mongoose.connection;
    if (!connection.db) await connection.asPromise();
    const doc = await this.sequence().findOneAndUpdate(
      { _id: 'seq' },
      { $setOnInsert: { seq: 0, epoch: crypto.randomBytes(4).toString('hex') } },
      { upsert: true, returnDocument: 'after' },
    );
    this.epoch = doc!.epoch;
    this.next = doc!.seq + 1;
    await this.events().createIndexes([
      { key: { at: 1 }, name: 'expire', expireAfterSeconds: this.options.retentionSeconds },
      // A reconnecting viewer's replay: the interview's events after its last id, in id order.
      { key: { interview: 1, _id: 1 }, name: 'interview_seq' },
    ]);
    this.pollEvery(this.options.pollMs, this.options.changeStream ? 'opening' : 'poll');
    if (this.options.changeStream) {
      this.stream = new ChangeReader(() => this.events(), {
        opened: () => {
          this.pollEvery(this.options.streamPollMs, 'stream');
          void this.poll(); // what was stored before the stream opened (or while there was none)
        },
        change: (d) => this.received(d),
        lost: (e) => {
          if (this.mode === 'stream')
            console.warn(`live events: the change stream failed (${e.message}); polling until it is back`);
          this.pollEvery(this.options.pollMs, 'poll');
          void this.poll();
        },
        unsupported: () => this.setMode('poll'), // a standalone MongoDB: the polling goes on
      });
      this.stream.skipMatching({ 'fullDocument.origin': this.origin }).start();
    }
  }

  private pollEvery(ms: number, mode: ReaderMode): void {
    clearInterval(this.timer);
    this.setMode(mode);
    this.timer = setInterval(() => void this.poll(), ms);
    this.timer.unref();
  }

  /** An event another process (or this one) stored, from the change stream. */
  private received(d: StoredEvent): void {
    if (d._id >= this.next && !this.pending.has(d._id)) this.pending.set(d._id, this.toEvent(d));
    this.drain(d._id);
  }

  /** Stops the reader (shutdown, tests); a later publish or subscribe starts it again. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.gapTimer);
    this.timer = undefined;
    this.setMode('stopped');
    await this.stream?.stop();
    this.stream = undefined;
    await this.polling;
    await Promise.allSettled([...this.inserts]);
    this.ready = undefined;
    this.pending.clear();
  }

  /**
   * Publishes an event to every process's subscribers of the interview. Resolves once the event is
   * stored (this process's subscribers have it already); never rejects: a save that succeeded must
   * not fail because its live notice could not be sent (null then, and a warning).
   */
  async publish(
    interview: string,
    type: PanelEventType,
    data: Record<string, unknown> = {},
    options: { to?: string[] } = {},
  ): Promise<PanelEvent | null> {
    const [event] = await this.publishAll(interview, [{ type, data, ...options }]);
    return event ?? null;
  }

  /** Publishes several events of one interview in this order, with one `$inc` and one insert. */
  async publishAll(interview: string, items: NewEvent[]): Promise<PanelEvent[]> {
    if (!items.length) return [];
    try {
      await this.start();
      const taken = await this.sequence().findOneAndUpdate(
        { _id: 'seq' },
        { $inc: { seq: items.length } },
        { returnDocument: 'after' },
      );
      const first = taken!.seq - items.length + 1;
      const at = new Date();
      const stored = items.map(({ type, data = {}, to }, i): StoredEvent => ({
        _id: first + i,
        interview,
        type,
        data,
        ...(to ? { to: to.map(String) } : {}),
        at,
        origin: this.origin,
      }));
      const events = stored.map((d) => this.toEvent(d));
      for (const e of events) if (e.seq >= this.next) this.pending.set(e.seq, e);
      this.drain();
      const insert = this.events().insertMany(stored);
      this.inserts.add(insert);
      try {
        await insert;
      } finally {
        this.inserts.delete(insert);
      }
      return events;
    } catch (e) {
      const types = items.map((i) => i.type).join(', ');
      console.warn(`live events (${types}) of interview ${interview} not published: ${(e as Error).message}`);
      return [];
    }
  }

  /** Calls `listener` for every new event of the interview until the returned function is called. */
  subscribe(interview: string, listener: (event: PanelEvent) => void): () => void {
    this.start().catch(() => undefined); // the next publish or poll tries again
    this.emitter.on(interview, listener);
    return () => this.emitter.off(interview, listener);
  }

  /**
   * The interview's events after `lastEventId`, or `null` when they cannot all be given (an id of
   * another database, from the future, or older than the retention): the client must then reload.
   */
  async since(interview: string, lastEventId: string): Promise<PanelEvent[] | null> {
    await this.start();
    await Promise.allSettled([...this.inserts]);
    const m = /^([0-9a-f]{8})-(\d+)$/.exec(lastEventId.trim());
    if (!m || m[1] !== this.epoch) return null;
    const last = Number(m[2]);
    const top = (await this.sequence().findOne({ _id: 'seq' }))?.seq ?? 0;
    if (last > top || last < 1) return null;
    // The events expire oldest first: while the client's last event is stored, all after it are.
    if (!(await this.events().findOne({ _id: last }, { projection: { _id: 1 } }))) return null;
    const docs = await this.events()
      .find({ interview, _id: { $gt: last } })
      .sort({ _id: 1 })
      .limit(REPLAY_LIMIT + 1)
      .toArray();
    if (docs.length > REPLAY_LIMIT) return null;
    return docs.map((d) => this.toEvent(d));
  }

  /** Subscribers of an interview in this process (tests and benchmarks). */
  listenerCount(interview: string) {
    return this.emitter.listenerCount(interview);
  }

  private toEvent(d: StoredEvent): PanelEvent {
    const event: PanelEvent = {
      id: `${this.epoch}-${d._id}`,
      seq: d._id,
      interview: d.interview,
      type: d.type,
      data: d.data ?? {},
    };
    if (d.to) event.to = d.to;
    return event;
  }

  /** One look at the sequence, and at the stored events this process has not delivered yet. */
  private poll(): Promise<void> {
    this.polling ??= this.readNew()
      .catch(() => undefined) // the database is away: the next poll tries again
      .finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async readNew(): Promise<void> {
    const top = (await this.sequence().findOne({ _id: 'seq' }))?.seq ?? 0;
    if (top < this.next) return;
    const last = Math.min(top, this.next + WINDOW - 1);
    const wanted: number[] = [];
    for (let n = this.next; n <= last; n++) if (!this.pending.has(n)) wanted.push(n);
    if (wanted.length) {
      const docs = await this.events()
        .find({ _id: { $in: wanted } })
        .toArray();
      for (const d of docs)
        if (d._id >= this.next && !this.pending.has(d._id)) this.pending.set(d._id, this.toEvent(d));
    }
    this.drain(last);
  }

  /**
   * Delivers pending events in sequence order. A missing number holds back the ones after it for
   * up to gapMs (its publisher has not stored it yet); past that it is skipped. `known` is the
   * newest number the sequence has handed out, when the caller just read it.
   */
  private drain(known = 0): void {
    for (;;) {
      const event = this.pending.get(this.next);
      if (event) {
        this.pending.delete(this.next);
        this.next += 1;
        this.stalledSince = 0;
        this.emitter.emit(event.interview, event);
        continue;
      }
      const waiting = this.pending.size > 0 || known >= this.next;
      if (!waiting) return void (this.stalledSince = 0);
      const now = Date.now();
      if (!this.stalledSince) {
        this.stalledSince = now;
        if (this.pending.size) setImmediate(() => void this.poll()); // another process's event, likely
        clearTimeout(this.gapTimer);
        this.gapTimer = setTimeout(() => void this.poll(), this.options.gapMs + 10);
        this.gapTimer.unref();
        return;
      }
      if (now - this.stalledSince < this.options.gapMs) return;
      // Lost (its publisher died between the number and the insert) or expired: skip past it.
      this.next = this.pending.size
        ? Math.min(...this.pending.keys())
        : Math.min(known, this.next + WINDOW - 1) + 1;
      this.stalledSince = 0;
    }
  }
}

/** Whether `userId` may receive `event` (assuming they may watch the interview at all). */
export const deliverableTo = (event: PanelEvent, userId: string) => !event.to || event.to.includes(userId);

/** The process's bus. */
export const panelEvents = new PanelEventBus();
