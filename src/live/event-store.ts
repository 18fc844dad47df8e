/**
 * How the live events are stored (see event-bus.ts): one document per event in the events
 * collection, its `_id` the event's sequence number, unique by nature. Numbers are taken by storing
 * them (event-publisher.ts): there is no counter to bump per event.
 *
 * One small document in `<collection>_seq` holds what must outlive the events, which expire after
 * an hour: the database's epoch (random, written once: SSE ids of another database are recognised)
 * and a floor, the highest number known to have been used. Each process raises the floor now and
 * then (never per event), so that after every event has expired the numbers still go on from
 * where they were instead of starting again at 1 under the same epoch.
 */
import crypto from 'node:crypto';
import type { Collection } from 'mongodb';
import type { PanelEvent, PanelEventType } from './event-types.js';

export interface StoredEvent {
  _id: number;
  interview: string;
  type: PanelEventType;
  data: Record<string, unknown>;
  to?: string[];
  at: Date;
  /** The bus that stored it: its own reader leaves it out (its subscribers had it at once). */
  origin?: string;
}

export interface SequenceDoc {
  _id: string;
  /** The floor: every number up to it has been used (the name is older than the floor). */
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
 * Numbers looked up at once, by `_id` equality (which every engine answers from its index, where
 * a range or a sort on `_id` would be a scan on the embedded engine).
 */
export const WINDOW = 256;

/** The numbers from..from+count-1. */
export const numbersFrom = (from: number, count = WINDOW) =>
  Array.from({ length: count }, (_, i) => from + i);

export function toEvent(epoch: string, d: StoredEvent): PanelEvent {
  const event: PanelEvent = {
    id: `${epoch}-${d._id}`,
    seq: d._id,
    interview: d.interview,
    type: d.type,
    data: d.data ?? {},
  };
  if (d.to) event.to = d.to;
  return event;
}

/** The sequence document, made with a new epoch the first time. */
export async function readSequence(sequence: Collection<SequenceDoc>): Promise<SequenceDoc> {
  const doc = await sequence.findOneAndUpdate(
    { _id: 'seq' },
    { $setOnInsert: { seq: 0, epoch: crypto.randomBytes(4).toString('hex') } },
    { upsert: true, returnDocument: 'after' },
  );
  return doc!;
}

/** Raises the floor to `used` (never lowers it: another process may have gone further). */
export async function raiseFloor(sequence: Collection<SequenceDoc>, used: number): Promise<void> {
  await sequence.updateOne({ _id: 'seq' }, { $max: { seq: used } });
}

/**
 * The highest number stored from `after` on (or `after` when none is): window after window of
 * equality lookups. Stored numbers have no holes as wide as a window (a number is only tried once
 * the ones below it are stored), so the first empty window is the end.
 */
export async function highestStored(events: Collection<StoredEvent>, after: number): Promise<number> {
  let top = after;
  for (;;) {
    const docs = await events
      .find({ _id: { $in: numbersFrom(top + 1) } }, { projection: { _id: 1 } })
      .toArray();
    if (!docs.length) return top;
    top = Math.max(...docs.map((d) => d._id));
  }
}
