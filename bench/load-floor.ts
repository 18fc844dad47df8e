/**
 * The floor for `npm run bench:load`: a bare Express app (the same body parsers, no session, no
 * database, no views) where one route, mounted at /floor, answers every request the load's clients
 * make with what the real route answers in kind: a small HTML page for a GET, `{ rev, savedAt }` for
 * a JSON save, a 303 for a posted form. The clients send the same requests to `/floor<path>`.
 *
 * Given a collection (the database floor), the same route also makes the least database work any
 * app backed by it makes per request: one read by `_id` for a GET, one acknowledged (journalled)
 * upsert for a save or a form, through the native driver. What separates the app from the bare
 * route is then split in two: the price of touching the database at all, and the app's own work.
 */
import type { Server } from 'node:http';
import express from 'express';
import type { Collection } from 'mongodb';

export interface FloorServer {
  port: number;
  close(): Promise<void>;
}

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head><body><main><h1>Floor</h1><p>${'A bare Express route. '.repeat(20)}</p></main></body></html>`;

/** A document per path (a page, a rating, a reference form), as the real routes have. */
type FloorDoc = { _id: string; rev?: number; savedAt?: Date };

export async function startFloorServer(coll?: Collection<FloorDoc>): Promise<FloorServer> {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false, limit: '2mb' }));
  app.use(express.json({ limit: '100kb' }));
  app.use('/floor', async (req, res) => {
    const key = req.path;
    if (req.method === 'GET') {
      if (coll) await coll.findOne({ _id: key });
      return void res.type('html').send(PAGE);
    }
    const rev = Number((req.body as { rev?: unknown })?.rev ?? 0);
    const savedAt = new Date();
    if (coll) await coll.updateOne({ _id: key }, { $set: { rev, savedAt } }, { upsert: true });
    if (req.accepts(['html', 'json']) === 'json') {
      return void res.json({ rev: (Number.isFinite(rev) ? rev : 0) + 1, savedAt });
    }
    res.redirect(303, req.originalUrl);
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
