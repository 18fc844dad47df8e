/**
 * The open event streams of this process, by user, so that an account change that must end a
 * user's access (deactivation) closes their streams at once instead of when they next reconnect.
 * Streams in other processes find out before their next event, from the change's access markers
 * (src/live/access-fences.ts), or at their heartbeat.
 */
const byUser = new Map<string, Set<() => void>>();

/** Registers a stream's `close`; the returned function unregisters it. */
export function trackStream(userId: string, close: () => void): () => void {
  let set = byUser.get(userId);
  if (!set) byUser.set(userId, (set = new Set()));
  set.add(close);
  return () => {
    set.delete(close);
    if (!set.size) byUser.delete(userId);
  };
}

/** Ends every open stream of the user in this process. */
export function closeStreamsOf(userId: string): number {
  const set = byUser.get(String(userId));
  if (!set) return 0;
  const closers = [...set];
  closers.forEach((close) => close());
  return closers.length;
}

/** Open streams of a user (tests). */
export const openStreamsOf = (userId: string) => byUser.get(String(userId))?.size ?? 0;
