/**
 * express-rate-limit's counters kept in the database, so a limit counts across every app process
 * on that database (express-rate-limit's own memory store counts per process: with N processes a
 * client would get N times the limit).
 *
 * One document per key and window: `{ _id: prefix + key, hits, resetAt }`. `increment` is an
 * atomic findOneAndUpdate `$inc` on a running window, or, when there is none, an upsert that
 * starts one; two processes counting the same client at the same moment never lose a hit (the
 * one that loses the race to start the window counts in the winner's). A TTL index on `resetAt`
 * removes finished windows (the check on `resetAt` makes an expired one count as new until the
 * sweep). A plain `$inc` rather than one pipeline update: the pipeline took twice as long.
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
    const _id = this.prefix + key;
    for (;;) {
      const now = new Date();
      // The usual case, one plain $inc: the client's window is running.
      const running = await collection.findOneAndUpdate(
        { _id, resetAt: { $gt: now } },
        { $inc: { hits: 1 } },
        { returnDocument: 'after' },
      );
      if (running) return { totalHits: running.hits, resetTime: running.resetAt };
      // No window, or a finished one: start a new one. Two processes may race here; the loser's
      // upsert meets the winner's document (duplicate _id) and counts in its window instead.
      try {
        const started = await collection.findOneAndUpdate(
          { _id, resetAt: { $not: { $gt: now } } },
          { $set: { hits: 1, resetAt: new Date(now.getTime() + this.windowMs) } },
          { upsert: true, returnDocument: 'after' },
        );
        return { totalHits: started!.hits, resetTime: started!.resetAt };
      } catch (e) {
        if ((e as { code?: number }).code !== 11000) throw e;
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
