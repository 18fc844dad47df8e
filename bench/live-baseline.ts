/**
 * The floor for `npm run bench:live`: a bare Express app (JSON body parser, no session, no
 * database, no authorization) where `POST /echo/:room` writes the same kind of SSE event the real
 * autosave publishes to every subscriber of `GET /events/:room`, then answers like the autosave.
 */
import type { Server } from 'node:http';
import express from 'express';

export interface EchoServer {
  port: number;
  subscribers(room: string): number;
  close(): Promise<void>;
}

export async function startEchoServer(): Promise<EchoServer> {
  const rooms = new Map<string, Set<express.Response>>();
  const revs = new Map<string, number>();
  let seq = 0;
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));

  app.get('/events/:room', (req, res) => {
    const room = String(req.params.room);
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
    });
    res.flushHeaders();
    res.write(`retry: 1000\n: connected\n\n`);
    let set = rooms.get(room);
    if (!set) rooms.set(room, (set = new Set()));
    set.add(res);
    res.on('close', () => set.delete(res));
  });

  app.post('/echo/:room', (req, res) => {
    const room = String(req.params.room);
    const body = (req.body ?? {}) as { panelist?: string; section?: string; value?: number; note?: string };
    const key = `${room}|${body.panelist}|${body.section}`;
    const rev = (revs.get(key) ?? 0) + 1;
    revs.set(key, rev);
    const data = {
      interview: room,
      panelist: body.panelist,
      section: body.section,
      rated: body.value !== undefined && body.value !== null,
      noted: !!body.note,
    };
    const frame = `id: base-${++seq}\nevent: progress\ndata: ${JSON.stringify(data)}\n\n`;
    for (const sub of rooms.get(room) ?? []) sub.write(frame);
    res.json({ section: body.section, value: body.value, note: body.note, rev, savedAt: new Date() });
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    port: (server.address() as { port: number }).port,
    subscribers: (room) => rooms.get(room)?.size ?? 0,
    async close() {
      for (const set of rooms.values()) for (const res of set) res.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
