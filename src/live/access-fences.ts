/**
 * Access fences: what lets an open live stream skip re-reading its viewer's access on every event
 * (sse.ts) without ever delivering an event its viewer may no longer see.
 *
 * Every write that can take a user's access away (deactivation, password reset, a role removed, a
 * seat taken off a panel, a position unshared) runs inside `changingAccess`: the bus publishes an
 * `access` marker naming the users concerned (phase `begin`), then the write runs, then a second
 * marker (phase `end`). Markers go through the same ordered bus as the panel events (event-bus.ts:
 * numbered by the database, delivered in number order in every process), on a channel of their
 * own, so they never reach a browser.
 *
 * A stream must check its viewer again before it delivers any event that may have been published
 * after the change was made:
 * - an event numbered after the `end` marker was stored after the write had finished: the stream
 *   checks once after `end` (a "dirty" watch), and that check sees the change;
 * - an event numbered between the two markers may have been published before or after the write:
 *   while a change of its viewer is open (begun, not ended), the stream checks before every batch,
 *   as it did for every batch before the fences (the check starts after the event was stored, so
 *   after its publish began);
 * - an event numbered before `begin` was stored before the write started: no check is owed.
 * A stream opened while a change is open learns of it from this process's table of open changes,
 * which follows the delivered markers in the same order as the events.
 *
 * A starting bus reads back the markers stored before the number it starts delivering from, so a
 * change begun before it started is known to be open. What could still break the order is covered
 * by checking more, never less: a number the bus skips (it may have been a marker) makes every
 * stream check before each batch for FENCE_MS, and a change whose `end` never comes (the writing
 * process died) keeps its users' streams checking for FENCE_MS. Writes made straight to the database, not through these services,
 * publish no marker: the heartbeat's check (every 15 s) still catches them.
 */
import type { PanelEvent } from './event-types.js';

/** The bus channel of the markers (no interview id looks like it). */
export const ACCESS_CHANNEL = 'access';

/** How long a change without its `end`, or a blind spot of the bus, keeps every check on. */
export const FENCE_MS = 120_000;

export interface AccessMarker {
  users: string[];
  token: string;
  phase: 'begin' | 'end';
}

/** One open stream's view of its viewer's access changes. */
export interface AccessWatch {
  /** Whether the viewer must be checked again before the next delivery. */
  needsCheck(): boolean;
  /** Call as a check starts: markers delivered from now on ask for another. */
  checking(): void;
  stop(): void;
}

export class AccessFences {
  /** The changes begun and not yet ended, by user: token -> when its `begin` was delivered. */
  private readonly open = new Map<string, Map<string, number>>();
  /** The dirty flags of the open streams, by viewer. */
  private readonly watchers = new Map<string, Set<{ dirty: boolean }>>();
  /** Until when every stream checks before each batch (the bus may have missed a marker). */
  private blindUntil = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * A marker delivered by the bus, in sequence order with the events (`at`: when it was stored,
   * for the markers a starting bus reads back).
   */
  delivered(event: PanelEvent, at = this.now()): void {
    const marker = event.data as Partial<AccessMarker>;
    if (!Array.isArray(marker.users) || typeof marker.token !== 'string') return this.blind();
    for (const user of marker.users.map(String)) {
      if (marker.phase === 'begin') {
        let tokens = this.open.get(user);
        if (!tokens) this.open.set(user, (tokens = new Map()));
        tokens.set(marker.token, at);
      } else {
        const tokens = this.open.get(user);
        tokens?.delete(marker.token);
        if (tokens && !tokens.size) this.open.delete(user);
      }
      this.watchers.get(user)?.forEach((w) => (w.dirty = true));
    }
  }

  /** The bus may have missed a marker (a skipped number): every stream checks for a while. */
  blind(): void {
    this.blindUntil = this.now() + FENCE_MS;
    for (const set of this.watchers.values()) set.forEach((w) => (w.dirty = true));
  }

  /** Whether a change of the user's access is open; one whose `end` is overdue is dropped. */
  private isOpen(user: string): boolean {
    const tokens = this.open.get(user);
    if (!tokens) return false;
    const stale = this.now() - FENCE_MS;
    for (const [token, since] of tokens) if (since < stale) tokens.delete(token);
    if (!tokens.size) this.open.delete(user);
    return true; // a dropped change still owes this one check
  }

  /** Starts watching the access of `user` (before the stream's first check, so none is missed). */
  watch(user: string): AccessWatch {
    const id = String(user);
    const state = { dirty: false };
    let set = this.watchers.get(id);
    if (!set) this.watchers.set(id, (set = new Set()));
    set.add(state);
    return {
      needsCheck: () => state.dirty || this.isOpen(id) || this.now() < this.blindUntil,
      checking: () => void (state.dirty = false),
      stop: () => {
        set.delete(state);
        if (!set.size && this.watchers.get(id) === set) this.watchers.delete(id);
      },
    };
  }

  /** Open changes and watched viewers (tests). */
  get size() {
    return { open: this.open.size, watched: this.watchers.size };
  }
}
