/**
 * The one bootstrap of the benches that run the real app (bench:load, bench:live, bench:blocking):
 * a temporary directory, the embedded engine on it the way the product starts it
 * (src/db/connect.ts: its own supervised process by default, as `npm start` does; `inprocess` on
 * this process's event loop), mongoose, the seed library, and createApp() with the production
 * configuration (NODE_ENV=production in this process's environment too, so Express and the view
 * cache run as they do in production), listening on 127.0.0.1 on a free port.
 *
 * A cluster's worker (bench/app-server.ts with --web-concurrency) boots with `sharedUri`: it
 * connects to the primary's engine instead of starting one, as src/startup/process.ts does.
 *
 * Everything made here is removed by close() (a bench's child calls it on SIGTERM or when the
 * bench goes away: bench/lib/child-signals.ts), and the temporary directory also when the process
 * exits any other way; the engine's process stops by itself when this one dies.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import mongoose from 'mongoose';
import { loadSeeds } from '../../seeds/load.js';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { connectDatabase, type Database } from '../../src/db/connect.js';
import { createLogger } from '../../src/lib/logger.js';
import { panelEvents } from '../../src/live/event-bus.js';
import { createMailer, type Mailer } from '../../src/lib/mailer.js';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo/index.js';

export type EngineMode = 'process' | 'inprocess';
export const ENGINE_MODES: EngineMode[] = ['process', 'inprocess'];

/** The base URL the app believes it has (links in mails); nothing connects to it. */
export const BENCH_BASE_URL = 'http://127.0.0.1:3999';

/** The whole load comes from one address: the limits are raised far beyond what a run sends. */
const BENCH_RATE_LIMITS = { login: 1_000_000, tokenLinks: 1_000_000, mailRequests: 1_000_000 };

export interface BootOptions {
  /** Names the temporary directory (bench-<name>-XXXX). */
  name: string;
  engine: EngineMode;
  /** The URI of an engine another process started (a cluster worker); no engine, no seeds here. */
  sharedUri?: string;
  /** The directory of the primary, when sharedUri is given (the worker removes nothing). */
  dir?: string;
  progress?: (message: string) => void;
  /** Load the seed library (default true; a floor needs none). */
  seeds?: boolean;
}

export interface BootedDatabase {
  dir: string;
  config: Config;
  db: Database;
  /** The engine's own process, when it has one (its memory is the app's too). */
  enginePid(): number | undefined;
  close(): Promise<void>;
}

export interface BootedApp extends BootedDatabase {
  app: Express;
  mailer: Mailer;
  server: Server;
  port: number;
  /** app.enabled('view cache'): true when the app really runs as in production. */
  viewCache: boolean;
}

const tempDirs = new Set<string>();
let exitHookSet = false;

/** Removes the temporary directories on exit, whatever the way out. */
function removeOnExit(dir: string): void {
  tempDirs.add(dir);
  if (exitHookSet) return;
  exitHookSet = true;
  process.once('exit', () => {
    for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
  });
}

function benchConfig(dir: string, engine: EngineMode): Config {
  // Express, helmet and anything else that reads NODE_ENV itself must see production too.
  process.env.NODE_ENV = 'production';
  return loadConfig({
    NODE_ENV: 'production',
    DATA_DIR: path.join(dir, 'data'),
    EMBEDDED_ENGINE: engine,
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-42',
    BASE_URL: BENCH_BASE_URL,
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'silent',
  });
}

/** The engine (or the shared one), mongoose connected, and the seed library loaded (not for a worker). */
export async function bootDatabase(options: BootOptions): Promise<BootedDatabase> {
  const progress = options.progress ?? (() => undefined);
  const own = !options.sharedUri;
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), `bench-${options.name}-`));
  if (own) removeOnExit(dir);
  const config = benchConfig(dir, options.engine);
  const logger = createLogger('warn');
  const db = await connectDatabase(
    options.sharedUri ? { ...config, mongodbUri: options.sharedUri } : config,
    logger,
  );
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      await panelEvents.stop(); // before the connection closes, as npm start stops (no "stream failed")
      await db.close();
      if (own) {
        fs.rmSync(dir, { recursive: true, force: true });
        tempDirs.delete(dir);
      }
    })());
  try {
    if (own && options.seeds !== false) {
      progress(`engine started (${options.engine === 'process' ? 'its own process' : 'in this process'})`);
      await loadSeeds();
      progress('seed library loaded');
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { dir, config, db, enginePid: () => db.engineProcess?.pid(), close };
}

/** bootDatabase, then createApp() listening on 127.0.0.1 on a free port (shared in a cluster). */
export async function bootApp(options: BootOptions): Promise<BootedApp> {
  const booted = await bootDatabase(options);
  const { config, dir } = booted;
  const logger = createLogger('silent');
  // File mode, worker not started: invitations and reference requests stay queued, nothing is sent.
  const mailer = createMailer({ from: config.mailFrom, outboxDir: path.join(dir, 'outbox'), logger });
  const app = createApp({
    config,
    logger,
    mailer,
    databaseKind: 'embedded',
    rateLimits: BENCH_RATE_LIMITS,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  let closed: Promise<void> | undefined;
  return {
    ...booted,
    app,
    mailer,
    server,
    port: (server.address() as { port: number }).port,
    viewCache: app.enabled('view cache'),
    close: () =>
      (closed ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await mailer.stop();
        await booted.close();
      })()),
  };
}

export interface InProcessApp {
  dir: string;
  config: Config;
  app: Express;
  mailer: Mailer;
  server: Server;
  port: number;
  engine: EmbeddedMongo;
}

/**
 * For the cost benches that count commands and profile app and engine together: the embedded
 * engine in this process, mongoose connected with command monitoring on, the seeds, and createApp()
 * with the production settings on 127.0.0.1. The process exits with the bench (nothing to close).
 */
export async function bootInProcessApp(name: string): Promise<InProcessApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
  removeOnExit(dir);
  const config = benchConfig(dir, 'inprocess');
  const engine = await startEmbeddedMongo({ dbPath: path.join(dir, 'db'), log: () => undefined });
  await mongoose.connect(engine.uri, { dbName: name.replace(/\W/g, '_'), monitorCommands: true });
  await Promise.all(mongoose.modelNames().map((n) => mongoose.model(n).init()));
  await loadSeeds();
  const logger = createLogger('silent');
  const mailer = createMailer({ from: config.mailFrom, outboxDir: path.join(dir, 'outbox'), logger });
  const app = createApp({ config, logger, mailer, databaseKind: 'embedded', rateLimits: BENCH_RATE_LIMITS });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { dir, config, app, mailer, server, port: (server.address() as { port: number }).port, engine };
}
