/**
 * Chooses the database: MONGODB_URI when set, otherwise the embedded engine on DATA_DIR/db.
 * Either way mongoose connects with an ordinary mongodb:// URI (one data-access path).
 */
import path from 'node:path';
import mongoose from 'mongoose';
import type { Config } from '../config/env.js';
import { startEmbeddedMongo, type EmbeddedMongo } from '../embedded-mongo/index.js';
import type { Logger } from '../lib/logger.js';

export const DEFAULT_DB_NAME = 'toolkit';

export interface Database {
  kind: 'mongodb' | 'embedded';
  /** The URI with any password masked, for logs. */
  displayUri: string;
  connection: mongoose.Connection;
  engine?: EmbeddedMongo;
  close(): Promise<void>;
}

const hasDbName = (uri: string) => /^mongodb(\+srv)?:\/\/[^/]+\/[^?/]+/.test(uri);
const mask = (uri: string) => uri.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:****@');

/** True when the database answers a ping. */
export async function databaseIsUp(connection: mongoose.Connection): Promise<boolean> {
  if (connection.readyState !== 1 || !connection.db) return false;
  try {
    await connection.db.admin().command({ ping: 1 }, { timeoutMS: 2000 });
    return true;
  } catch {
    return false;
  }
}

export async function connectDatabase(
  config: Pick<Config, 'mongodbUri' | 'dataDir' | 'embeddedMongoPort'>,
  logger: Logger,
): Promise<Database> {
  let engine: EmbeddedMongo | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    engine = await startEmbeddedMongo({
      dbPath: path.join(config.dataDir, 'db'),
      port: config.embeddedMongoPort ?? 0,
      log: (m) => logger.warn(m),
    });
    uri = `${engine.uri}/${DEFAULT_DB_NAME}`;
  }
  try {
    await mongoose.connect(uri, {
      serverSelectionTimeoutMS: 5000,
      ...(hasDbName(uri) ? {} : { dbName: DEFAULT_DB_NAME }),
    });
    // Build every model's indexes (unique constraints) before serving requests.
    await Promise.all(mongoose.modelNames().map((name) => mongoose.model(name).init()));
  } catch (e) {
    await engine?.stop();
    throw e;
  }
  return {
    kind: engine ? 'embedded' : 'mongodb',
    displayUri: mask(uri),
    connection: mongoose.connection,
    engine,
    async close() {
      await mongoose.disconnect();
      await engine?.stop();
    },
  };
}
