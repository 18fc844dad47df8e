/**
 * The engine: a server speaking the wire protocol on a Unix socket (and on loopback TCP when
 * asked), the store, the journal, cursors and the background monitors (TTL, idle cursors,
 * compaction).
 */
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { runCommand } from './commands/index.js';
import type { CommandContext, ServerInfo } from './commands/context.js';
import { ChangeLog } from './change-stream.js';
import { CursorManager } from './cursors.js';
import { MongoCommandError } from './errors.js';
import { Journal, JournalWriteError } from './journal.js';
import {
  listenOnSocket,
  listenOnTcp,
  socketLocation,
  assertLoopback,
  type SocketLocation,
} from './listeners.js';
import { acquireLock, releaseLock } from './lock.js';
import { namespacesWritten } from './read-barrier.js';
import { commandReads } from './read-set.js';
import { secureDir } from './storage-files.js';
import { Store, WriteBatch } from './store.js';
import { valueAtPath, type Doc } from './values.js';
import {
  MAX_MESSAGE_SIZE,
  MORE_TO_COME,
  ProtocolError,
  encodeMsgReply,
  encodeOpReply,
  parseMessage,
  type ParsedMessage,
} from './wire.js';

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

const openPaths = new Set<string>();

/** Commands that read no data: they need not wait for writes in flight to become durable. */
const NO_DATA = new Set([
  'hello',
  'isMaster',
  'ismaster',
  'ping',
  'buildInfo',
  'buildinfo',
  'getParameter',
  'hostInfo',
  'endSessions',
]);

/** Commands that write documents: acknowledged only once durable (see handle). */
const DOCUMENT_WRITES = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);

export class Engine {
  readonly store = new Store();
  readonly cursors: CursorManager;
  readonly changes = new ChangeLog(this.store);
  private readonly servers: net.Server[] = [];
  private socket: SocketLocation | null = null;
  private readonly sockets = new Set<net.Socket>();
  private totalCreated = 0;
  private timers: NodeJS.Timeout[] = [];
  private stopping: Promise<void> | null = null;
  private readonly log: (m: string) => void;
  private journal!: Journal;
  private readonly lockPath: string;
  readonly dbPath: string;
  host = '127.0.0.1';
  /** TCP port, 0 when the engine listens on its socket only. */
  port = 0;
  /** Path of the Unix socket, null when disabled. */
  socketPath: string | null = null;
  private readonly startedAt = Date.now();

  constructor(private readonly options: EngineOptions) {
    this.dbPath = path.resolve(options.dbPath);
    this.lockPath = path.join(this.dbPath, 'mongod.lock');
    this.log = options.log ?? ((m) => console.warn(m));
    this.cursors = new CursorManager(options.cursorIdleMs);
  }

  async start(): Promise<void> {
    if (this.options.port !== undefined) assertLoopback(this.options.host ?? '127.0.0.1');
    await secureDir(this.dbPath);
    this.acquireLock();
    try {
      const { journal, loaded } = await Journal.open(
        this.dbPath,
        this.log,
        this.options.writeProbeMs,
        this.options.syncFlush,
      );
      this.journal = journal;
      for (const r of loaded.records) this.store.applyRecord(r);
      if (journal.size > 0) await journal.compact(() => this.store.snapshotRecords());
      await this.listen();
    } catch (e) {
      await this.closeListeners();
      await this.journal?.close().catch(() => undefined);
      this.releaseLock();
      throw e;
    }
    const ttl = setInterval(() => void this.expireTtl(), this.options.ttlIntervalMs ?? 60_000);
    const cursors = setInterval(
      () => {
        this.cursors.sweep();
        this.changes.sweep(this.options.cursorIdleMs ?? 10 * 60 * 1000);
      },
      Math.min(60_000, this.options.cursorIdleMs ?? 60_000),
    );
    ttl.unref();
    cursors.unref();
    this.timers.push(ttl, cursors);
  }

  private acquireLock(): void {
    if (openPaths.has(this.dbPath)) throw new Error(`dbPath ${this.dbPath} is already open in this process`);
    acquireLock(this.lockPath, this.dbPath, this.log);
    openPaths.add(this.dbPath);
  }

  private releaseLock(): void {
    openPaths.delete(this.dbPath);
    releaseLock(this.lockPath);
  }

  private newServer(): net.Server {
    const server = net.createServer((socket) => this.accept(socket));
    server.maxConnections = this.options.maxConnections ?? 1000;
    this.servers.push(server);
    return server;
  }

  private async listen(): Promise<void> {
    if (this.options.socket !== false) {
      this.socket = this.options.socketPath
        ? { path: this.options.socketPath, ownDir: null }
        : await socketLocation(this.dbPath);
      await listenOnSocket(this.newServer(), this.socket.path);
      this.socketPath = this.socket.path;
    }
    if (this.options.port !== undefined) {
      this.host = this.options.host ?? '127.0.0.1';
      this.port = await listenOnTcp(this.newServer(), this.options.port, this.host);
    }
    if (!this.servers.length) throw new Error('the engine needs a socket or a TCP port to listen on');
  }

  private async closeListeners(): Promise<void> {
    const closed = this.servers.map((s) => new Promise<void>((r) => s.close(() => r())));
    for (const s of this.sockets) s.destroy();
    await Promise.all(closed);
    if (this.socket) await fsp.rm(this.socket.ownDir ?? this.socket.path, { recursive: true, force: true });
    this.socket = null;
  }

  /** False while the journal cannot make writes durable (disk full); true again once it can. */
  get writable(): boolean {
    return this.journal?.writable ?? true;
  }

  private serverInfo(): ServerInfo {
    return {
      host: this.host,
      port: this.port,
      startedAt: this.startedAt,
      connections: () => ({
        current: this.sockets.size,
        available: (this.options.maxConnections ?? 1000) - this.sockets.size,
        totalCreated: this.totalCreated,
      }),
    };
  }

  /** Built once: the per-command context reuses it (closures per command are garbage). */
  private info: ServerInfo | null = null;
  private readonly commitBatch = (batch: WriteBatch) => this.commit(batch);

  private context(connectionId: number, parsed: ParsedMessage): CommandContext {
    return {
      store: this.store,
      journal: this.journal,
      cursors: this.cursors,
      changes: this.changes,
      server: (this.info ??= this.serverInfo()),
      connectionId,
      command: parsed.command,
      sequenceSizes: parsed.sequenceSizes,
      sequenceBytes: parsed.sequenceBytes,
      log: this.log,
      commit: this.commitBatch,
    };
  }

  private async commit(batch: WriteBatch): Promise<void> {
    if (batch.records.length === 0) return;
    try {
      await this.journal.append(batch.records, batch.undo, namespacesWritten(batch));
    } catch (e) {
      throw writeFailure(e as Error);
    }
    // Durable now: change streams may show it.
    this.changes.record(batch.changes);
    if (this.journal.size > (this.options.compactBytes ?? 64 * 1024 * 1024)) {
      void this.journal
        .compact(() => this.store.snapshotRecords())
        .catch((e) => this.log(`embedded-mongo: ${e}`));
    }
  }

  private accept(socket: net.Socket): void {
    const id = ++this.totalCreated;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let chunks: Buffer[] = [];
    let buffered = 0;
    let queue: Promise<void> = Promise.resolve();
    const fail = (why: string) => {
      this.log(`embedded-mongo: closing connection ${id}: ${why}`);
      socket.destroy();
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      buffered += chunk.length;
      while (buffered >= 4) {
        const first = chunks[0].length >= 4 ? chunks[0] : Buffer.concat(chunks);
        const len = first.readInt32LE(0);
        if (len < 16 || len > MAX_MESSAGE_SIZE) {
          fail(`message length ${len} is invalid (min 16, max ${MAX_MESSAGE_SIZE})`);
          chunks = [];
          buffered = 0;
          return;
        }
        if (buffered < len) break;
        const all = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, buffered);
        const message = all.subarray(0, len);
        chunks = buffered > len ? [all.subarray(len)] : [];
        buffered -= len;
        queue = queue.then(() => this.handle(socket, id, message)).catch((e) => fail(String(e)));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.changes.closeConnection(id);
    });
  }

  private async handle(socket: net.Socket, id: number, message: Buffer): Promise<void> {
    if (socket.destroyed) return;
    let parsed;
    try {
      parsed = parseMessage(message);
    } catch (e) {
      if (e instanceof ProtocolError || e instanceof RangeError) {
        this.log(`embedded-mongo: closing connection ${id}: malformed message: ${(e as Error).message}`);
        socket.destroy();
        return;
      }
      throw e;
    }
    // A command runs only once every earlier write to what it reads is durable or undone: it never
    // sees a write that could still be refused, and waits for no other (read-barrier.ts).
    const name = Object.keys(parsed.command)[0];
    if (!this.journal.isSettled && !NO_DATA.has(name)) {
      const reads = commandReads(parsed.command);
      if (!this.journal.isSettledFor(reads)) {
        await this.journal.settled(reads);
        // A writer woken by the same flush and run first may have written there meanwhile. A read
        // answers at once, so it checks again, in the microtask it starts in. A document write
        // need not (and must not: the writers woken together would then go one per flush instead
        // of sharing one): it is acknowledged only once durable, so after every earlier write.
        if (!DOCUMENT_WRITES.has(name))
          while (!this.journal.isSettledFor(reads)) await this.journal.settled(reads);
      }
    }
    const reply: Doc = await runCommand(parsed.command, this.context(id, parsed));
    if (parsed.flags & MORE_TO_COME || socket.destroyed) return;
    const requestId = parsed.header.requestId;
    socket.write(parsed.legacy ? encodeOpReply(requestId, reply) : encodeMsgReply(requestId, reply));
  }

  /** Removes documents past their TTL index's expireAfterSeconds. */
  async expireTtl(now = Date.now()): Promise<number> {
    if (this.stopping) return 0;
    const batch = new WriteBatch(this.store);
    for (const colls of this.store.dbs.values()) {
      for (const c of colls.values()) {
        for (const idx of c.indexes) {
          const secs = idx.spec.expireAfterSeconds;
          if (secs === undefined || idx.fields.length !== 1) continue;
          for (const doc of [...c.docs.values()]) {
            const v = valueAtPath(doc, idx.fields[0]);
            const dates = (Array.isArray(v) ? v : [v]).filter((x): x is Date => x instanceof Date);
            if (dates.length === 0) continue;
            const earliest = Math.min(...dates.map((d) => d.getTime()));
            if (earliest + secs * 1000 <= now) batch.remove(c, doc);
          }
        }
      }
    }
    try {
      await this.commit(batch);
    } catch (e) {
      this.log(`embedded-mongo: TTL removal failed: ${(e as Error).message}`);
    }
    return batch.records.length;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const t of this.timers) clearInterval(t);
      await this.closeListeners();
      await this.journal.drain();
      if (this.journal.size > 0 && !this.journal.failed) {
        await this.journal.compact(() => this.store.snapshotRecords());
      }
      await this.journal.close();
      this.cursors.clear();
      this.changes.clear();
      this.releaseLock();
    })();
    return this.stopping;
  }
}

/**
 * The answer to a write the journal refused: OutOfDiskSpace (14031, as mongod names it) when the
 * disk is full, InternalError otherwise; both say the write was not applied.
 */
function writeFailure(e: Error): MongoCommandError {
  if (!(e instanceof JournalWriteError)) return new MongoCommandError(1, 'InternalError', e.message);
  const code = (e.cause as NodeJS.ErrnoException).code;
  return code === 'ENOSPC' || code === 'EDQUOT'
    ? new MongoCommandError(14031, 'OutOfDiskSpace', e.message)
    : new MongoCommandError(1, 'InternalError', e.message);
}
