/**
 * The event bus behind the live panel pages (Server-Sent Events), shared by every app process.
 *
 * Events travel through the database so any process serves any viewer. `publish` stores the event
 * in ONE write: its `_id` is its sequence number, and the insert takes the number
 * (event-publisher.ts: the number this process expects to be next; a duplicate key means another
 * process took it, and the event goes under the next one). Once stored, the event reaches this
 * process's subscribers at once; one reader per process (event-reader.ts: a change stream where
 * the deployment has them, else polling) learns of the other processes' events, and every event
 * is delivered in sequence order (event-order.ts). Each event reaches a process's subscribers
 * once: delivery is strictly by sequence number, and a number passed is never delivered again.
 *
 * The collection is also the replay buffer (event-replay.ts): a client that reconnects with
 * `Last-Event-ID` gets what it missed, for an hour (a TTL index removes older events). The epoch
 * and floor that outlive the events are in `<collection>_seq`, written at start and now and then,
 * never per event (event-store.ts); a bus reads them when it starts (event-startup.ts).
 *
 * Changes of who may watch go through the bus too (access-fences.ts): `changingAccess` wraps such a
 * write in two markers on a channel of their own, delivered in order with the events, so an open
 * stream checks its viewer again only when an access change concerns them, not per event.
 *
 * Events never carry a rating or note to anyone who may not see it: `to` restricts an event to
 * named users (a panelist's own saves), and progress events carry flags, not values.
 */
import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import mongoose from 'mongoose';
import type { Collection, Db } from 'mongodb';
import { ACCESS_CHANNEL, AccessFences, type AccessWatch } from './access-fences.js';
import { InOrderDelivery } from './event-order.js';
import { EventPublisher } from './event-publisher.js';
import { EventReader, type ReaderMode } from './event-reader.js';
import { replaySince } from './event-replay.js';
import { SequenceFloor, createEventIndexes, readStartPoint } from './event-startup.js';
import { toEvent, type NewEvent, type SequenceDoc, type StoredEvent } from './event-store.js';
import type { PanelEvent, PanelEventType } from './event-types.js';

export { PANEL_EVENT_TYPES, type PanelEvent, type PanelEventType } from './event-types.js';
export { REPLAY_LIMIT } from './event-replay.js';
export type { NewEvent } from './event-store.js';
export type { ReaderMode } from './event-reader.js';
export type { AccessWatch } from './access-fences.js';

export interface PanelEventBusOptions {
  /** The events collection; the epoch and floor live in `<collection>_seq`. */
  collection?: string;
  /** The database connection (mongoose's default one unless given). */
  connection?: mongoose.Connection;
  /** Tail a change stream where the deployment has them (default true); false: always poll. */
  changeStream?: boolean;
  /** How often the reader polls for other processes' events when there is no change stream. */
  pollMs?: number;
  /** How often it still reads the stored events while a change stream brings them. */
  streamPollMs?: number;
  /** How long the reader waits for a missing number before it skips it. */
  gapMs?: number;
  /** How long events stay available for replay. */
  retentionSeconds?: number;
}

export class PanelEventBus {
  private readonly emitter = new EventEmitter();
  private readonly options: Required<Omit<PanelEventBusOptions, 'connection'>>;
  private readonly connection: mongoose.Connection | undefined;
  private ready: Promise<void> | undefined;
  private epoch = '';
  private readonly order: InOrderDelivery;
  private readonly publisher: EventPublisher;
  private readonly eventReader: EventReader;
  /** Marks this bus's events: its own change stream leaves them out (its subscribers had them). */
  private readonly origin = crypto.randomBytes(6).toString('hex');
  private readonly floor = new SequenceFloor(() => this.sequence());
  /** The access changes under way, as the markers delivered in order say (access-fences.ts). */
  private readonly fences = new AccessFences();

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
    this.order = new InOrderDelivery(
      this.options.gapMs,
      (e) => (e.interview === ACCESS_CHANNEL ? this.fences.delivered(e) : this.emitter.emit(e.interview, e)),
      () => void this.eventReader.poll(),
      () => this.fences.blind(),
    );
    this.eventReader = new EventReader(
      () => this.events(),
      this.order,
      (d) => toEvent(this.epoch, d),
      this.options,
      () => this.floor.raise(this.order.next - 1),
      this.origin,
    );
    this.publisher = new EventPublisher(
      () => this.events(),
      {
        unseen: () => this.order.unseen(),
        storing: (range) => {
          this.order.hold(range);
          if (!range) this.order.drain(); // what the stream brought meanwhile (a collision's winner)
        },
        stored: (stored) => {
          this.order.hold(null);
          for (const d of stored) this.order.add(toEvent(this.epoch, d));
          this.order.drain();
        },
      },
      this.origin,
    );
  }

  /** How the reader learns of other processes' events now. */
  get reader(): ReaderMode {
    return this.eventReader.current;
  }

  /** Calls `listener` whenever the reader changes mode (the app logs it); returns the unsubscriber. */
  onReaderChange(listener: (mode: ReaderMode) => void): () => void {
    return this.eventReader.onChange(listener);
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
    const { epoch, top } = await readStartPoint(this.events(), this.sequence(), this.floor, this.fences);
    this.epoch = epoch;
    this.order.reset(top + 1);
    this.publisher.reset(top + 1);
    await createEventIndexes(this.events(), this.options.retentionSeconds);
    this.eventReader.start();
  }

  /** Stops the reader (shutdown, tests); a later publish or subscribe starts it again. */
  async stop(): Promise<void> {
    await this.eventReader.stop();
    await this.publisher.idle();
    if (this.ready) await this.floor.raise(this.order.unseen() - 1, true).catch(() => undefined);
    this.ready = undefined;
    this.order.stop();
  }

  /**
   * Publishes an event to every process's subscribers of the interview. Resolves once the event is
   * stored (this process's subscribers have it then); never rejects: a save that succeeded must
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

  /** Publishes several events of one interview in this order, in one insert. */
  async publishAll(interview: string, items: NewEvent[]): Promise<PanelEvent[]> {
    if (!items.length) return [];
    try {
      await this.start();
      const stored = await this.publisher.publish(interview, items);
      return stored.map((d) => toEvent(this.epoch, d));
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
    await this.publisher.idle();
    return replaySince(this.events(), this.epoch, interview, lastEventId);
  }

  /**
   * Runs `write`, a change that may take access away from `users`, between two access markers
   * (access-fences.ts). Throws, without writing, when the first marker cannot be stored: the open
   * streams would not know to check their viewers again.
   */
  async changingAccess<T>(users: string[], write: () => Promise<T>): Promise<T> {
    const marker = (phase: 'begin' | 'end') => ({ type: 'access' as const, data: { users, token, phase } });
    const token = crypto.randomBytes(8).toString('hex');
    await this.start();
    await this.publisher.publish(ACCESS_CHANNEL, [marker('begin')]);
    try {
      return await write();
    } finally {
      // Not stored: the streams of these users keep checking until the change is overdue.
      await this.publishAll(ACCESS_CHANNEL, [marker('end')]);
    }
  }

  /** The highest sequence number this process has delivered (every marker up to it is known). */
  deliveredUpTo(): number {
    return this.order.next - 1;
  }

  /** Follows the access changes of `user` for one stream (sse.ts); `stop()` when it closes. */
  watchAccess(user: string): AccessWatch {
    return this.fences.watch(user);
  }

  /** Subscribers of an interview in this process (tests and benchmarks). */
  listenerCount(interview: string) {
    return this.emitter.listenerCount(interview);
  }
}

/** Whether `userId` may receive `event` (assuming they may watch the interview at all). */
export const deliverableTo = (event: PanelEvent, userId: string) => !event.to || event.to.includes(userId);

/** The process's bus. */
export const panelEvents = new PanelEventBus();
