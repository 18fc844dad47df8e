/**
 * Chooses the database: MONGODB_URI when set, otherwise the embedded engine on DATA_DIR/db.
 * Either way mongoose connects with an ordinary mongodb:// URI (one data-access path). The app
 * reaches its embedded engine over the engine's Unix socket (owner-only); the engine opens a
 * loopback TCP port only when EMBEDDED_MONGO_PORT asks for one (to look inside with Compass).
 */
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import type { Config } from '../config/env.js';
import { startEmbeddedMongo, type EmbeddedMongo } from '../embedded-mongo/index.js';
import type { Logger } from '../lib/logger.js';
import { startSupervisedEngine, type SupervisedEngine } from './supervised-engine.js';

export const DEFAULT_DB_NAME = 'toolkit';

export interface Database {
  kind: 'mongodb' | 'embedded';
  /** The URI with any password masked, for logs. */
  displayUri: string;
  /** The URI connected to (other processes of a cluster connect to it too). */
  uri: string;
  connection: mongoose.Connection;
  /** The engine when it runs in this process (EMBEDDED_ENGINE=inprocess). */
  engine?: EmbeddedMongo;
  /** The engine's own process, supervised (the default without MONGODB_URI). */
  engineProcess?: SupervisedEngine;
  close(): Promise<void>;
}

/**
 * How long an operation waits for a usable server before it fails (the driver's default is 30 s).
 * While the database is away, requests then fail within this time with 503 (error-handler.ts)
 * instead of piling up; when it is back, the next operation finds it. Mongoose 9 buffers commands
 * only until the first connection opens (server.ts connects before listening), so no request waits
 * in mongoose's buffer. A `serverSelectionTimeoutMS` in MONGODB_URI takes precedence (a replica set
 * may want to ride out an election of 10 s or more).
 */
export const SERVER_SELECTION_MS = 3000;

const hasDbName = (uri: string) => /^mongodb(\+srv)?:\/\/[^/]+\/[^?/]+/.test(uri);
const mask = (uri: string) => uri.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:****@');

/**
 * True when the database answers a ping within 2 s. It pings whatever mongoose's connection state
 * says: the driver updates that state only on its heartbeat (every 10 s), and the ping itself makes
 * the driver look for the server again, so /healthz reports an outage and a recovery at once. The
 * timer bounds the answer (the ping's own timeoutMS does not bound its server selection).
 */
export async function databaseIsUp(connection: mongoose.Connection, withinMs = 2000): Promise<boolean> {
  const db = connection.db;
  if (!db) return false;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), withinMs)));
  const ping = db
    .admin()
    .command({ ping: 1 }, { timeoutMS: withinMs })
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([ping, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether the database can store writes right now. The embedded engine answers `writable: false`
 * to a ping while its journal cannot write (disk full) and true again once it can; a MongoDB
 * server does not say, so it counts as writable while it answers.
 */
export async function databaseIsWritable(connection: mongoose.Connection, withinMs = 2000): Promise<boolean> {
  const db = connection.db;
  if (!db) return false;
  try {
    const reply = await db.admin().command({ ping: 1 }, { timeoutMS: withinMs });
    return reply.writable !== false;
  } catch {
    return false;
  }
}

export async function connectDatabase(
  config: Pick<Config, 'mongodbUri' | 'dataDir' | 'embeddedMongoPort'> &
    Partial<Pick<Config, 'embeddedEngine'>>,
  logger: Logger,
): Promise<Database> {
  let engine: EmbeddedMongo | undefined;
  let engineProcess: SupervisedEngine | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    // The data directory holds the database, the mail outbox and the session secret: owner-only.
    fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    fs.chmodSync(config.dataDir, 0o700);
    const options = {
      dbPath: path.join(config.dataDir, 'db'),
      ...(config.embeddedMongoPort !== undefined ? { port: config.embeddedMongoPort } : {}),
      log: (m: string) => logger.warn(m),
    };
    const running =
      config.embeddedEngine === 'inprocess'
        ? (engine = await startEmbeddedMongo(options))
        : (engineProcess = await startSupervisedEngine(options));
    uri = `${running.socketUri ?? running.uri}/${DEFAULT_DB_NAME}`;
    if (running.tcpUri) {
      logger.warn(
        `embedded engine also listens on ${running.tcpUri} (EMBEDDED_MONGO_PORT; loopback only, no authentication)`,
      );
    }
  }
  const stopEngine = async () => {
    await engine?.stop();
    await engineProcess?.stop();
  };
  try {
    // The driver's defaults are the cheap ones per command, so none is set here (issue 18): no
    // command monitoring (tests and benches that count commands turn it on for their own client;
    // it costs about 20-60 µs a command, bench/driver-cost.ts), no compression (a Unix socket
    // gains nothing from it). Sessions: the engine advertises logicalSessionTimeoutMinutes as a
    // standalone mongod does, so the driver attaches an lsid to every command although the app
    // uses no session; dropping it would save about 20 µs on a read and nothing measurable on a
    // write, and needs an engine option (explicit sessions must keep working for other clients).
    await mongoose.connect(uri, {
      ...(/[?&]serverSelectionTimeoutMS=/i.test(uri)
        ? {}
        : { serverSelectionTimeoutMS: SERVER_SELECTION_MS }),
      ...(hasDbName(uri) ? {} : { dbName: DEFAULT_DB_NAME }),
    });
    // Build every model's indexes (unique constraints) before serving requests.
    await Promise.all(mongoose.modelNames().map((name) => mongoose.model(name).init()));
  } catch (e) {
    await stopEngine();
    throw e;
  }
  return {
    kind: engine || engineProcess ? 'embedded' : 'mongodb',
    displayUri: mask(uri),
    uri,
    connection: mongoose.connection,
    engine,
    engineProcess,
    async close() {
      await mongoose.disconnect();
      await stopEngine();
    },
  };
}
