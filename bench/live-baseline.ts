/**
 * The floor for `npm run bench:live`: a bare Express app (JSON body parser, no session, no
 * database, no authorization) where `POST /echo/:room` writes the same kind of SSE event the real
 * autosave publishes to every subscriber of `GET /events/:room`, then answers like the autosave.
 *
 * Given a collection (the database echo), each save is first stored: one acknowledged
 * (journalled) upsert through the native driver, the least any app that keeps its ratings pays
 * before it may tell the chair a rating was saved.
 */
import type { Server } from 'node:http';
import express from 'express';
import type { Collection } from 'mongodb';

export interface EchoServer {
  port: number;
  subscribers(room: string): number;
  close(): Promise<void>;
}

type EchoDoc = { _id: string; rev: number; value?: number; note?: string; savedAt: Date };

export async function startEchoServer(coll?: Collection<EchoDoc>): Promise<EchoServer> {
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

  app.post('/echo/:room', async (req, res) => {
    const room = String(req.params.room);
    const body = (req.body ?? {}) as { panelist?: string; section?: string; value?: number; note?: string };
    const key = `${room}|${body.panelist}|${body.section}`;
    const rev = (revs.get(key) ?? 0) + 1;
    revs.set(key, rev);
    const savedAt = new Date();
    if (coll)
      await coll.updateOne(
        { _id: key },
        { $set: { rev, value: body.value, note: body.note, savedAt } },
        { upsert: true },
      );
    const data = {
      interview: room,
      panelist: body.panelist,
      section: body.section,
      rated: body.value !== undefined && body.value !== null,
      noted: !!body.note,
    };
    const frame = `id: base-${++seq}\nevent: progress\ndata: ${JSON.stringify(data)}\n\n`;
    for (const sub of rooms.get(room) ?? []) sub.write(frame);
    res.json({ section: body.section, value: body.value, note: body.note, rev, savedAt });
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
