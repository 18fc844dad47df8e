/**
 * Public API of the embedded MongoDB-compatible engine: a MongoDB wire-protocol server on
 * 127.0.0.1 for machines without MongoDB. Connect any driver (mongoose included) to `uri`.
 */
import { Engine, type EngineOptions } from './server.js';

export interface EmbeddedMongoOptions extends EngineOptions {
  /** Directory holding the journal and snapshot; created when missing. */
  dbPath: string;
  /** TCP port; 0 or undefined picks a free one. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
}

export interface EmbeddedMongo {
  /** `mongodb://host:port` (no database name; append one or use client.db(name)). */
  uri: string;
  host: string;
  port: number;
  dbPath: string;
  /** The running engine (for tests and tools: TTL sweeps, counts). */
  engine: Engine;
  /** Stops accepting connections, closes open ones, flushes and closes the journal. Idempotent. */
  stop(): Promise<void>;
}

export async function startEmbeddedMongo(options: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  const engine = new Engine(options);
  await engine.start();
  const host = engine.host.includes(':') ? `[${engine.host}]` : engine.host;
  return {
    uri: `mongodb://${host}:${engine.port}`,
    host: engine.host,
    port: engine.port,
    dbPath: engine.dbPath,
    engine,
    stop: () => engine.stop(),
  };
}

export { Engine };
