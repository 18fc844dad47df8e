/**
 * Public API of the embedded MongoDB-compatible engine: a MongoDB wire-protocol server for
 * machines without MongoDB, on a Unix socket in its data directory (owner-only), and on loopback
 * TCP only when a port is given. Connect any driver (mongoose included) to `uri`.
 */
import { socketUri } from './listeners.js';
import { Engine, type EngineOptions } from './server.js';

export interface EmbeddedMongoOptions extends EngineOptions {
  /** Directory holding the journal and snapshot; created (0700) when missing. */
  dbPath: string;
  /** TCP port (0 picks a free one); without it there is no TCP listener at all. */
  port?: number;
  /** Interface for TCP; loopback only, defaults to 127.0.0.1. */
  host?: string;
}

export interface EmbeddedMongo {
  /**
   * `mongodb://host:port` when TCP was asked for, else the socket's `mongodb://%2F...sock` (no
   * database name; append one or use client.db(name)).
   */
  uri: string;
  /** The socket's URI, null when the socket is disabled. */
  socketUri: string | null;
  /** The TCP URI, null when there is no TCP listener. */
  tcpUri: string | null;
  host: string;
  /** TCP port, 0 without TCP. */
  port: number;
  socketPath: string | null;
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
  const tcpUri = options.port !== undefined ? `mongodb://${host}:${engine.port}` : null;
  const onSocket = engine.socketPath ? socketUri(engine.socketPath) : null;
  return {
    uri: (tcpUri ?? onSocket)!,
    socketUri: onSocket,
    tcpUri,
    host: engine.host,
    port: engine.port,
    socketPath: engine.socketPath,
    dbPath: engine.dbPath,
    engine,
    stop: () => engine.stop(),
  };
}

export { Engine };
