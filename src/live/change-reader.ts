/**
 * Tails the inserts of a collection through a change stream, for the event bus (event-bus.ts),
 * where the deployment has change streams: a MongoDB replica set, or the embedded engine. A
 * standalone MongoDB answers that it has none (code 40573), and the bus keeps polling.
 *
 * The driver resumes the stream by itself after a resumable error (a dropped connection, a
 * killed cursor). When it cannot (the engine restarted and its history of changes is gone:
 * ChangeStreamHistoryLost), the reader reports the loss, waits a moment and opens a new stream;
 * the bus meanwhile reads what it missed by polling, from the last sequence it delivered.
 */
import type { ChangeStream, ChangeStreamInsertDocument, Collection, Document } from 'mongodb';

export interface ChangeReaderHandlers<T> {
  /** The stream is open: every insert from now on will reach `change`. */
  opened(): void;
  change(doc: T): void;
  /** The stream failed and could not resume; a new one is opened after `retryMs`. */
  lost(error: Error): void;
  /** The deployment has no change streams: the reader has stopped for good. */
  unsupported(error: Error): void;
}

/** What a server without change streams answers: a standalone mongod, or a server's refusal. */
export function changeStreamsUnsupported(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  return (
    err.code === 40573 ||
    err.code === 115 || // CommandNotSupported (an embedded engine without $changeStream)
    /only supported on replica sets|\$changeStream.*not supported/i.test(String(err.message ?? ''))
  );
}

export class ChangeReader<T extends Document> {
  private stopped = false;
  private stream: ChangeStream<T, ChangeStreamInsertDocument<T>> | undefined;
  private loop: Promise<void> | undefined;
  private wakeRetry: (() => void) | undefined;

  constructor(
    private readonly collection: () => Collection<T>,
    private readonly handlers: ChangeReaderHandlers<T>,
    private readonly retryMs = 500,
    /** How long one getMore waits on the server for a change (the stream answers at once on one). */
    private readonly awaitMs = 1000,
  ) {}

  /** Inserts matching `filter` (on the change event's fields) stay on the server: never sent. */
  private skip: Document | undefined;

  /**
   * Leaves out the inserts matching `filter` from the next stream opened (call before `start`):
   * e.g. a bus's own events, which its process has delivered already.
   */
  skipMatching(filter: Document): this {
    this.skip = filter;
    return this;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeRetry?.();
    await this.stream?.close().catch(() => undefined);
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const error = await this.tail();
      if (this.stopped || !error) return;
      if (changeStreamsUnsupported(error)) return this.handlers.unsupported(error);
      this.handlers.lost(error);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.retryMs);
        this.wakeRetry = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Opens a stream and hands on its inserts until it fails (the error) or the reader stops. */
  private async tail(): Promise<Error | null> {
    let stream: ChangeStream<T, ChangeStreamInsertDocument<T>> | undefined;
    try {
      stream = this.collection().watch<T, ChangeStreamInsertDocument<T>>(
        [
          {
            $match: this.skip ? { operationType: 'insert', $nor: [this.skip] } : { operationType: 'insert' },
          },
        ],
        { maxAwaitTimeMS: this.awaitMs },
      );
      this.stream = stream;
      // The first resume token comes with the aggregate's answer (postBatchResumeToken): from
      // then on the stream sees every insert. (The driver does not pass on its cursor's 'init'.)
      stream.once('resumeTokenChanged', () => {
        if (!this.stopped) this.handlers.opened();
      });
      while (!this.stopped) this.handlers.change((await stream.next()).fullDocument);
      return null;
    } catch (e) {
      return e as Error;
    } finally {
      this.stream = undefined;
      await stream?.close().catch(() => undefined);
    }
  }
}
