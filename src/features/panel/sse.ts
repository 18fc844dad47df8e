/**
 * `GET /interviews/:id/events`: the live stream of an interview for its panel and its managers
 * (Server-Sent Events). Resumes after `Last-Event-ID`; sends a heartbeat comment so proxies keep
 * the connection; ends after `maxAgeMs` so the client reconnects (and is authorized again).
 */
import type { Request, RequestHandler, Response } from 'express';
import { TooManyRequestsError } from '../../lib/errors.js';
import { panelContext } from '../interviews/panel-context.js';
import { deliverableTo, panelEvents, type PanelEvent } from './event-bus.js';

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

export const formatEvent = (e: PanelEvent) =>
  `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify({ interview: e.interview, ...e.data })}\n\n`;

export const eventStream: RequestHandler = async (req: Request, res: Response) => {
  const user = req.user!;
  const interviewId = String(req.params.id);
  await panelContext(interviewId, user); // 404 / 403 before anything is streamed
  const userId = String(user._id);
  const open = openPerUser.get(userId) ?? 0;
  if (open >= sseSettings.maxPerUser)
    throw new TooManyRequestsError('Too many live connections are open: close some tabs and reload.');
  openPerUser.set(userId, open + 1);

  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  // Subscribe before replaying so nothing published meanwhile falls between the two.
  const queued: PanelEvent[] = [];
  let replaying = true;
  let lastSent = 0;
  const send = (e: PanelEvent) => {
    if (e.seq <= lastSent || !deliverableTo(e, userId)) return;
    lastSent = e.seq;
    res.write(formatEvent(e));
  };
  const unsubscribe = panelEvents.subscribe(interviewId, (e) => (replaying ? queued.push(e) : send(e)));

  res.write(`retry: ${sseSettings.retryMs}\n: connected\n\n`);
  const lastEventId =
    req.get('last-event-id') ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : '');
  if (lastEventId) {
    const missed = panelEvents.since(interviewId, lastEventId);
    if (missed === null) res.write(`event: reset\ndata: {}\n\n`);
    else missed.forEach(send);
  }
  replaying = false;
  queued.forEach(send);

  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), sseSettings.heartbeatMs);
  const maxAge = setTimeout(() => res.end(), sseSettings.maxAgeMs);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(maxAge);
    unsubscribe();
    const n = (openPerUser.get(userId) ?? 1) - 1;
    if (n > 0) openPerUser.set(userId, n);
    else openPerUser.delete(userId);
  };
  res.on('close', close);
};
