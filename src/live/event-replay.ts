/**
 * Resuming a live stream after `Last-Event-ID` (see event-bus.ts): the events collection is the
 * replay buffer, for as long as the events are kept (a TTL index removes older ones).
 */
import type { Collection } from 'mongodb';
import { toEvent, type StoredEvent } from './event-store.js';
import type { PanelEvent } from './event-types.js';

/** Most events one replay returns (a stream that missed more is better off reloading). */
export const REPLAY_LIMIT = 500;

/**
 * The interview's events after `lastEventId`, or `null` when they cannot all be given (an id of
 * another database, one never stored, or older than the retention): the client must then reload.
 */
export async function replaySince(
  events: Collection<StoredEvent>,
  epoch: string,
  interview: string,
  lastEventId: string,
): Promise<PanelEvent[] | null> {
  const m = /^([0-9a-f]{8})-(\d+)$/.exec(lastEventId.trim());
  if (!m || m[1] !== epoch) return null;
  const last = Number(m[2]);
  if (!Number.isSafeInteger(last) || last < 1) return null;
  // The client's last event must still be stored. That vouches for the rest: the events expire
  // oldest first, so all after it are stored too; and numbers are taken by storing them, so it
  // is not an id from the future (nor from before a reset that removed it).
  if (!(await events.findOne({ _id: last }, { projection: { _id: 1 } }))) return null;
  const docs = await events
    .find({ interview, _id: { $gt: last } })
    .sort({ _id: 1 })
    .limit(REPLAY_LIMIT + 1)
    .toArray();
  if (docs.length > REPLAY_LIMIT) return null;
  return docs.map((d) => toEvent(epoch, d));
}
