/**
 * The real app for `npm run bench:load`: an embedded engine in a temporary directory, mongoose, the
 * seed library, createApp() listening on 127.0.0.1 (production settings, rate limits raised: the
 * whole load comes from one address), the data of bench/load-data.ts, and signed-in cookie jars for
 * the managers' and panelists' sessions (through the login form, as bench:live does).
 */
import fs from 'node:fs/promises';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { loadSeeds } from '../seeds/load.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/env.js';
import { startEmbeddedMongo, type EmbeddedMongo } from '../src/embedded-mongo/index.js';
import { createLogger } from '../src/lib/logger.js';
import { createMailer, type Mailer } from '../src/lib/mailer.js';
import { createLoadData, type LoadData, type LoadDataOptions } from './load-data.js';
import { HttpClient } from './live-http.js';

const BASE_URL = 'http://127.0.0.1:3999';

export interface LoadApp {
  port: number;
  data: LoadData;
  /** Signed-in clients: `managers` sessions of the manager, one per panelist (in data.interviews order). */
  managers: HttpClient[];
  panelists: Map<string, HttpClient>;
  dir: string;
  close(): Promise<void>;
}

export async function startLoadApp(
  options: Omit<LoadDataOptions, 'mailer' | 'baseUrl'> & { managerSessions: number },
): Promise<LoadApp> {
  const progress = options.progress ?? (() => undefined);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-load-'));
  let engine: EmbeddedMongo | undefined;
  let mailer: Mailer | undefined;
  let server: Server | undefined;
  const close = async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    }
    await mailer?.stop();
    await mongoose.disconnect();
    await engine?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  };

  try {
    engine = await startEmbeddedMongo({ dbPath: path.join(dir, 'db'), port: 0, log: () => undefined });
    await mongoose.connect(engine.uri, { dbName: 'bench_load' });
    await Promise.all(mongoose.modelNames().map((n) => mongoose.model(n).init()));
    await loadSeeds();
    progress('engine started, seed library loaded');

    const config = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: path.join(dir, 'data'),
      SESSION_SECRET: 'bench-load-secret-bench-load-secret-42',
      BASE_URL,
      COOKIE_SECURE: 'false',
      LOG_LEVEL: 'silent',
    });
    const logger = createLogger('silent');
    // File mode, worker not started: invitations and reference requests stay queued, nothing is sent.
    mailer = createMailer({ from: config.mailFrom, outboxDir: path.join(dir, 'outbox'), logger });
    const app = createApp({
      config,
      logger,
      mailer,
      databaseKind: 'embedded',
      rateLimits: { login: 1_000_000, tokenLinks: 1_000_000, mailRequests: 1_000_000 },
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (server.address() as { port: number }).port;

    const data = await createLoadData({ ...options, mailer, baseUrl: BASE_URL });

    const managers = Array.from({ length: options.managerSessions }, () => new HttpClient(port));
    const panelists = new Map(
      data.interviews.flatMap((i) => i.panel).map((p) => [p.id, new HttpClient(port)] as const),
    );
    const logins: [HttpClient, string][] = [
      ...managers.map((c) => [c, data.manager.email] as [HttpClient, string]),
      ...data.interviews.flatMap((i) =>
        i.panel.map((p) => [panelists.get(p.id)!, p.email] as [HttpClient, string]),
      ),
    ];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let l = logins.shift(); l; l = logins.shift()) await l[0].login(l[1], data.password);
      }),
    );
    progress(`${managers.length} manager sessions and ${panelists.size} panelists signed in`);
    return { port, data, managers, panelists, dir, close };
  } catch (e) {
    await close().catch(() => undefined);
    throw e;
  }
}
