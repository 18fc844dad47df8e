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
import { CommandBarrier } from './command-barrier.js';
import { serveMessages } from './connection.js';
import { CursorManager } from './cursors.js';
import type { EngineOptions } from './engine-options.js';
import { Journal } from './journal.js';
import { writeFailure } from './journal-health.js';
import {
  listenOnSocket,
  listenOnTcp,
  socketLocation,
  assertLoopback,
  type SocketLocation,
} from './listeners.js';
import { lockEngineDir, unlockEngineDir } from './lock.js';
import { namespacesWritten } from './read-barrier.js';
import { secureDir } from './storage-files.js';
import { Store, type WriteBatch } from './store.js';
import { expiredDocuments, startMonitors } from './monitors.js';
import type { Doc } from './values.js';
import {
  MORE_TO_COME,
  ProtocolError,
  encodeMsgReply,
  encodeOpReply,
  parseMessage,
  type ParsedMessage,
} from './wire.js';

export type { EngineOptions };

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
  readonly dbPath: string;
  host = '127.0.0.1';
  /** TCP port, 0 when the engine listens on its socket only. */
  port = 0;
  /** Path of the Unix socket, null when disabled. */
  socketPath: string | null = null;
  private readonly startedAt = Date.now();
  /** Holds each command until the writes it could see are durable, and counts those waits. */
  private readonly barrier = new CommandBarrier();

  constructor(private readonly options: EngineOptions) {
    this.dbPath = path.resolve(options.dbPath);
    this.log = options.log ?? ((m) => console.warn(m));
    this.cursors = new CursorManager(options.cursorIdleMs);
  }

  async start(): Promise<void> {
    if (this.options.port !== undefined) assertLoopback(this.options.host ?? '127.0.0.1');
    await secureDir(this.dbPath);
    lockEngineDir(this.dbPath, this.log);
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
      unlockEngineDir(this.dbPath);
      throw e;
    }
    this.timers.push(...startMonitors(this.options, this));
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
      readBarrier: () => ({ ...this.barrier.counts }),
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
    // A write that changed nothing may still have read what another writer woken by the same flush
    // applied but has not made durable: its answer waits until every earlier write has settled.
    if (batch.records.length === 0) return this.journal.settled();
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
    serveMessages(
      socket,
      (message) => this.handle(socket, id, message),
      (why) => {
        this.log(`embedded-mongo: closing connection ${id}: ${why}`);
        socket.destroy();
      },
    );
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
    // sees a write that could still be refused, and waits for no other (command-barrier.ts).
    let reads = this.barrier.mustWaitFor(this.journal, parsed.command);
    while (reads) {
      await this.journal.settled(reads);
      reads = this.barrier.stillWaitsFor(this.journal, parsed.command, reads);
    }
    const reply: Doc = await runCommand(parsed.command, this.context(id, parsed));
    if (parsed.flags & MORE_TO_COME || socket.destroyed) return;
    const requestId = parsed.header.requestId;
    socket.write(parsed.legacy ? encodeOpReply(requestId, reply) : encodeMsgReply(requestId, reply));
  }

  /** Removes documents past their TTL index's expireAfterSeconds. */
  async expireTtl(now = Date.now()): Promise<number> {
    if (this.stopping) return 0;
    const batch = expiredDocuments(this.store, now);
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
      unlockEngineDir(this.dbPath);
    })();
    return this.stopping;
  }
}
