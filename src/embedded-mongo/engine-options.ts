/** What an engine is started with (server.ts Engine). */
export interface EngineOptions {
  dbPath: string;
  /** TCP port (0 picks a free one). Without it the engine listens on its Unix socket only. */
  port?: number;
  /** Interface for TCP; loopback only (127.0.0.1 by default), anything else is refused. */
  host?: string;
  /** Listen on a Unix socket in dbPath (default true). */
  socket?: boolean;
  /**
   * Where the socket goes instead of dbPath (a supervisor that restarts the engine keeps one path
   * even when dbPath is too deep for a socket and the engine would pick a fresh temp directory).
   */
  socketPath?: string;
  /** How often a journal whose writes fail checks whether it can write again (default 1 s). */
  writeProbeMs?: number;
  /**
   * Flush the journal with synchronous write + fdatasync (default false). For an engine alone in its
   * process (engine-process.ts, the CLI), where nothing else waits on its event loop.
   */
  syncFlush?: boolean;
  maxConnections?: number;
  log?: (message: string) => void;
  /** How often expired TTL documents are removed (mongod: 60 s). */
  ttlIntervalMs?: number;
  /** Journal size that triggers a snapshot (default 64 MB). */
  compactBytes?: number;
  /** Idle time after which a cursor is closed (mongod: 10 minutes). */
  cursorIdleMs?: number;
}
