/**
 * Where a process's bus starts (event-bus.ts): the stored epoch and floor (event-store.ts), the
 * highest event stored above the floor, the access changes under way (access-fences.ts), and the
 * indexes of the events collection. Also the floor this process keeps raising afterwards.
 */
import type { Collection } from 'mongodb';
import { ACCESS_CHANNEL, type AccessFences } from './access-fences.js';
import {
  highestStored,
  raiseFloor,
  readSequence,
  toEvent,
  type SequenceDoc,
  type StoredEvent,
} from './event-store.js';

/** How often at most a process raises the floor (a write, so never per event). */
const FLOOR_MS = 5000;

/** The stored floor as this process last wrote or read it, and when. */
export class SequenceFloor {
  private floor = { value: 0, at: 0 };

  constructor(private readonly sequence: () => Collection<SequenceDoc>) {}

  /** The floor read at start-up, counted as raised now: the next raise comes FLOOR_MS later, not at the first poll. */
  readAt(value: number): void {
    this.floor = { value, at: Date.now() };
  }

  /** Raises the stored floor to `used`, at most every FLOOR_MS (now, when `force`). */
  async raise(used: number, force = false): Promise<void> {
    if (used <= this.floor.value) return;
    if (!force && Date.now() - this.floor.at < FLOOR_MS) return;
    this.floor = { value: used, at: Date.now() };
    await raiseFloor(this.sequence(), used);
  }
}

/**
 * Reads where delivery starts: the epoch, and the highest number stored (the floor lags behind the
 * events by a few seconds, so the events above it are looked at); raises the floor to it and
 * hands the access markers stored so far to `fences`.
 */
export async function readStartPoint(
  events: Collection<StoredEvent>,
  sequence: Collection<SequenceDoc>,
  floor: SequenceFloor,
  fences: AccessFences,
): Promise<{ epoch: string; top: number }> {
  const stored = await readSequence(sequence);
  const top = await highestStored(events, stored.seq);
  floor.readAt(stored.seq);
  await floor.raise(top, true);
  await readFences(events, fences, stored.epoch, top);
  return { epoch: stored.epoch, top };
}

/** The markers stored before the bus starts delivering: the changes under way at its start. */
async function readFences(
  events: Collection<StoredEvent>,
  fences: AccessFences,
  epoch: string,
  top: number,
): Promise<void> {
  const markers = await events.find({ interview: ACCESS_CHANNEL, _id: { $lte: top } }).toArray();
  markers.sort((a, b) => a._id - b._id);
  for (const d of markers) fences.delivered(toEvent(epoch, d), d.at.getTime());
}

/** Expiry after `retentionSeconds`, and the index of a reconnecting viewer's replay. */
export async function createEventIndexes(
  events: Collection<StoredEvent>,
  retentionSeconds: number,
): Promise<void> {
  await events.createIndexes([
    { key: { at: 1 }, name: 'expire', expireAfterSeconds: retentionSeconds },
    // A reconnecting viewer's replay: the interview's events after its last id, in id order.
    { key: { interview: 1, _id: 1 }, name: 'interview_seq' },
  ]);
}
