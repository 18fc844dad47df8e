/**
 * `GET /interviews/:id/events`: the live stream of an interview for its panel and its managers
 * (Server-Sent Events). Resumes after `Last-Event-ID`; sends a heartbeat comment so proxies keep
 * the connection; ends after `maxAgeMs` so the client reconnects. Access is checked again at each
 * heartbeat, and before a batch of events whenever a change of the viewer's access was published
 * since the last check (access-fences.ts): in the steady state an event costs no read. Deactivation
 * and a password reset also close the user's streams in this process at once.
 */
import type { Request, RequestHandler, Response } from 'express';
import { TooManyRequestsError } from '../../lib/errors.js';
import { interviewSeats, mayWatch, panelContext } from '../interviews/panel-context.js';
import { User } from '../users/user.model.js';
import { deliverableTo, panelEvents, type PanelEvent } from '../../live/event-bus.js';
import { trackStream } from './live-streams.js';
import { tickBatch } from '../../lib/tick-batch.js';

export const sseSettings = {
  heartbeatMs: 15_000,
  /** A stream is closed after this long; EventSource reconnects and resumes by itself. */
  maxAgeMs: 10 * 60_000,
  /** Open streams per user, across interviews and tabs. */
  maxPerUser: 12,
  /** What EventSource waits before reconnecting. */
  retryMs: 1_000,
};

const openPerUser = new Map<string, number>();

/** Each event's text, built once however many viewers it reaches (events are never changed). */
const formatted = new WeakMap<PanelEvent, string>();
export function formatEvent(e: PanelEvent): string {
  let text = formatted.get(e);
  if (text === undefined) {
    text = `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify({ interview: e.interview, ...e.data })}\n\n`;
    formatted.set(e, text);
  }
  return text;
}

/**
 * Whether the user may still watch the interview: the account is active, with the session epoch
 * the stream was opened with (no deactivation or password reset since), and still on the panel or
 * still a manager of the position.
 */
const viewerBatch = tickBatch(
  (ids) => User.find({ _id: { $in: ids } }, 'name roles status sessionEpoch').lean(),
  (u) => String(u._id),
);

async function stillAllowed(userId: string, epoch: number, interviewId: string): Promise<boolean> {
  // Two small reads at once (three for a manager) rather than the whole panel context, and shared
  // by the viewers checked in the same tick (tick-batch.ts): after an access change every viewer
  // of the user's interviews is checked on the next batch.
  const [user, interview] = await Promise.all([viewerBatch(userId), interviewSeats(interviewId)]);
  if (!user || user.status !== 'active' || user.sessionEpoch !== epoch) return false;
  return mayWatch(interview, user);
}

export const eventStream: RequestHandler = async (req: Request, res: Response) => {
  const user = req.user!;
  const interviewId = String(req.params.id);
  const userId = String(user._id);
  // Watched from before the first check: an access change made meanwhile is not missed.
  const access = panelEvents.watchAccess(userId);
  try {
    await panelContext(interviewId, user); // 404 / 403 before anything is streamed
  } catch (e) {
    access.stop();
    throw e;
  }
  const epoch = user.sessionEpoch;
  const open = openPerUser.get(userId) ?? 0;
  if (open >= sseSettings.maxPerUser) {
    access.stop();
    throw new TooManyRequestsError('Too many live connections are open: close some tabs and reload.');
  }
  openPerUser.set(userId, open + 1);

  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  let closed = false;
  // Subscribe before replaying so nothing published meanwhile falls between the two.
  const queued: PanelEvent[] = [];
  let replaying = true;
  let lastSent = 0;
  const write = (e: PanelEvent) => {
    if (closed || e.seq <= lastSent || !deliverableTo(e, userId)) return;
    lastSent = e.seq;
    res.write(formatEvent(e));
  };
  /**
   * Whether the viewer may still have what comes next: checked again (two reads) only when an
   * access change of theirs was published since the last check, or is under way (access-fences.ts).
   */
  const allowedNow = async () => {
    if (!access.needsCheck()) return true;
    access.checking();
    return stillAllowed(userId, epoch, interviewId);
  };
  // Live events are sent in batches: a user deactivated or taken off the panel receives nothing
  // published after the change, and the stream ends.
  let batch: PanelEvent[] = [];
  let checking = false;
  const flush = async () => {
    if (checking || closed) return;
    checking = true;
    try {
      // Events published together (a save's progress and its saved notice) join one batch.
      await Promise.resolve();
      while (batch.length && !closed) {
        const events = batch;
        batch = [];
        if (!(await allowedNow())) return void end();
        events.forEach(write);
      }
    } catch {
      end();
    } finally {
      checking = false;
    }
  };
  const live = (e: PanelEvent) => {
    if (!deliverableTo(e, userId)) return;
    batch.push(e);
    void flush();
  };
  const unsubscribe = panelEvents.subscribe(interviewId, (e) => (replaying ? queued.push(e) : live(e)));

  // The heartbeat checks whatever the markers say, so a quiet stream of a user whose access was
  // changed without a marker (straight in the database) does not stay open.
  const heartbeat = setInterval(() => {
    stillAllowed(userId, epoch, interviewId).then(
      (ok) => (ok ? !closed && res.write(': heartbeat\n\n') : end()),
      end,
    );
  }, sseSettings.heartbeatMs);
  const maxAge = setTimeout(() => end(), sseSettings.maxAgeMs);
  const untrack = trackStream(userId, () => end());
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(maxAge);
    unsubscribe();
    untrack();
    access.stop();
    const n = (openPerUser.get(userId) ?? 1) - 1;
    if (n > 0) openPerUser.set(userId, n);
    else openPerUser.delete(userId);
  };
  function end() {
    close();
    res.end();
  }
  res.on('close', close);
  // The client may have gone while its access was checked: its close event has passed already.
  if (res.closed || req.socket.destroyed) close();

  res.write(`retry: ${sseSettings.retryMs}\n: connected\n\n`);
  const lastEventId =
    req.get('last-event-id') ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : '');
  if (lastEventId) {
    // The replay comes from the database; when it cannot be read, the client reloads instead.
    const stored = await panelEvents.since(interviewId, lastEventId).catch(() => null);
    // Only what this process has delivered already: the access markers before those events have
    // reached the watch. The later ones come through the subscription, in order after theirs.
    const upTo = panelEvents.deliveredUpTo();
    const missed = stored?.filter((e) => e.seq <= upTo);
    if (!missed) res.write(`event: reset\ndata: {}\n\n`);
    else if (missed.length && !(await allowedNow().catch(() => false))) {
      end();
      return;
    } else missed.forEach(write);
  }
  replaying = false;
  queued.forEach(live);
};
