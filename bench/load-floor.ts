/**
 * The floor for `npm run bench:load`: a bare Express app (the same body parsers, no session, no
 * database, no views) where one route, mounted at /floor, answers every request the load's clients
 * make with what the real route answers in kind: a small HTML page for a GET, `{ rev, savedAt }` for
 * a JSON save, a 303 for a posted form. The clients send the same requests to `/floor<path>`.
 */
import type { Server } from 'node:http';
import express from 'express';

export interface FloorServer {
  port: number;
  close(): Promise<void>;
}

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head><body><main><h1>Floor</h1><p>${'A bare Express route. '.repeat(20)}</p></main></body></html>`;

export async function startFloorServer(): Promise<FloorServer> {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false, limit: '2mb' }));
  app.use(express.json({ limit: '100kb' }));
  app.use('/floor', (req, res) => {
    if (req.method === 'GET') return void res.type('html').send(PAGE);
    if (req.accepts(['html', 'json']) === 'json') {
      const rev = Number((req.body as { rev?: unknown })?.rev ?? 0);
      return void res.json({ rev: (Number.isFinite(rev) ? rev : 0) + 1, savedAt: new Date() });
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
