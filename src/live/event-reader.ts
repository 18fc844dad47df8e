/**
 * How one process learns of the events the other processes store (see event-bus.ts). Where the
 * deployment has change streams (a MongoDB replica set, the embedded engine) it tails the
 * collection's inserts (change-reader.ts) and still reads the stored events now and then; otherwise
 * (a standalone MongoDB) it polls them. After a stream fails for good (the engine restarted), it
 * polls from the last number delivered until a new stream is open. Whatever it reads goes to the
 * in-order delivery (event-order.ts), which hands each event on once.
 */
import type { Collection } from 'mongodb';
import { ChangeReader } from './change-reader.js';
import type { InOrderDelivery } from './event-order.js';
import type { StoredEvent } from './event-store.js';
import type { PanelEvent } from './event-types.js';

/**
 * How the reader learns of other processes' events: `stopped` until the bus is started, `opening`
 * while it polls and tries to open a change stream, then `stream`, or `poll` for good when the
 * deployment has none (or for a while after a stream failed).
 */
export type ReaderMode = 'stream' | 'poll' | 'opening' | 'stopped';

export interface EventReaderOptions {
  changeStream: boolean;
  pollMs: number;
  streamPollMs: number;
}

export class EventReader {
  private mode: ReaderMode = 'stopped';
  private readonly listeners = new Set<(mode: ReaderMode) => void>();
  private stream: ChangeReader<StoredEvent> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  /** The highest number the change stream brought, and the drain of what it brought, due. */
  private streamed = 0;
  private draining: NodeJS.Immediate | undefined;

  constructor(
    private readonly events: () => Collection<StoredEvent>,
    private readonly order: InOrderDelivery,
    private readonly toEvent: (d: StoredEvent) => PanelEvent,
    private readonly options: EventReaderOptions,
    /** After each poll (the bus raises the floor now and then). */
    private readonly afterPoll: () => Promise<void>,
    /** This process's events (`origin`) are not sent back: its subscribers had them at once. */
    private readonly origin: string,
  ) {}

  get current(): ReaderMode {
    return this.mode;
  }

  onChange(listener: (mode: ReaderMode) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setMode(mode: ReaderMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    for (const listener of this.listeners) listener(mode);
  }

  start(): void {
    const { changeStream, pollMs, streamPollMs } = this.options;
    this.pollEvery(pollMs, changeStream ? 'opening' : 'poll');
    if (!changeStream) return;
    this.stream = new ChangeReader(this.events, {
      opened: () => {
        this.pollEvery(streamPollMs, 'stream');
        void this.poll(); // what was stored before the stream opened (or while there was none)
      },
      change: (d) => this.received(d),
      lost: (e) => {
        if (this.mode === 'stream')
          console.warn(`live events: the change stream failed (${e.message}); polling until it is back`);
        this.pollEvery(pollMs, 'poll');
        void this.poll();
      },
      unsupported: () => this.setMode('poll'), // a standalone MongoDB: the polling goes on
    });
    this.stream.skipMatching({ 'fullDocument.origin': this.origin }).start();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.setMode('stopped');
    await this.stream?.stop();
    this.stream = undefined;
    await this.polling;
    clearImmediate(this.draining);
    this.draining = undefined;
    this.streamed = 0;
  }

  private pollEvery(ms: number, mode: ReaderMode): void {
    clearInterval(this.timer);
    this.setMode(mode);
    this.timer = setInterval(() => void this.poll(), ms);
    this.timer.unref();
  }

  /**
   * An event another process (or this one) stored, from the change stream. The stream hands its
   * events on one by one: the ones that come together are delivered together (a save's progress and
   * saved notice reach the viewers in one batch, and their access checks are one read).
   */
  private received(d: StoredEvent): void {
    this.order.add(this.toEvent(d));
    this.streamed = Math.max(this.streamed, d._id);
    this.draining ??= setImmediate(() => {
      const known = this.streamed;
      this.draining = undefined;
      this.streamed = 0;
      this.order.drain(known);
    });
  }

  /** One read of the stored events this process has not delivered yet. */
  poll(): Promise<void> {
    this.polling ??= this.readNew()
      .catch(() => undefined) // the database is away: the next poll tries again
      .finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async readNew(): Promise<void> {
    const wanted = this.order.wanted();
    let known = 0;
    if (wanted.length) {
      const docs = await this.events()
        .find({ _id: { $in: wanted } })
        .toArray();
      for (const d of docs) {
        this.order.add(this.toEvent(d));
        known = Math.max(known, d._id);
      }
    }
    this.order.drain(known);
    await this.afterPoll();
  }
}
