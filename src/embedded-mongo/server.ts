/**
 * The engine: a TCP server speaking the wire protocol, the store, the journal, cursors and
 * the background monitors (TTL, idle cursors, compaction).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { runCommand } from './commands/index.js';
import type { CommandContext, ServerInfo } from './commands/context.js';
import { CursorManager } from './cursors.js';
import { MongoCommandError } from './errors.js';
import { Journal } from './journal.js';
import { Store, WriteBatch } from './store.js';
import { valueAtPath, type Doc } from './values.js';
import {
  MAX_MESSAGE_SIZE,
  MORE_TO_COME,
  ProtocolError,
  encodeMsgReply,
  encodeOpReply,
  parseMessage,
} from './wire.js';

export interface EngineOptions {
  dbPath: string;
  port?: number;
  host?: string;
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

export class Engine {
  readonly store = new Store();
  readonly cursors: CursorManager;
  private server!: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private totalCreated = 0;
  private timers: NodeJS.Timeout[] = [];
  private stopping: Promise<void> | null = null;
  private readonly log: (m: string) => void;
  private journal!: Journal;
  private readonly lockPath: string;
  readonly dbPath: string;
  host = '127.0.0.1';
  port = 0;
  private readonly startedAt = Date.now();

  constructor(private readonly options: EngineOptions) {
    this.dbPath = path.resolve(options.dbPath);
    this.lockPath = path.join(this.dbPath, 'mongod.lock');
    this.log = options.log ?? ((m) => console.warn(m));
    this.cursors = new CursorManager(options.cursorIdleMs);
  }

  async start(): Promise<void> {
    await fsp.mkdir(this.dbPath, { recursive: true });
    this.acquireLock();
    try {
      const { journal, loaded } = await Journal.open(this.dbPath, this.log);
      this.journal = journal;
      for (const r of loaded.records) this.store.applyRecord(r);
      if (journal.size > 0) await journal.compact(() => this.store.snapshotRecords());
      await this.listen();
    } catch (e) {
      await this.journal?.close().catch(() => undefined);
      this.releaseLock();
      throw e;
    }
    const ttl = setInterval(() => void this.expireTtl(), this.options.ttlIntervalMs ?? 60_000);
    const cursors = setInterval(
      () => this.cursors.sweep(),
      Math.min(60_000, this.options.cursorIdleMs ?? 60_000),
    );
    ttl.unref();
    cursors.unref();
    this.timers.push(ttl, cursors);
  }

  private acquireLock(): void {
    if (openPaths.has(this.dbPath)) throw new Error(`dbPath ${this.dbPath} is already open in this process`);
    if (fs.existsSync(this.lockPath)) {
      const pid = Number(fs.readFileSync(this.lockPath, 'utf8').trim());
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new Error(
          `dbPath ${this.dbPath} is in use by process ${pid} (remove ${this.lockPath} if it is not)`,
        );
      }
    }
    fs.writeFileSync(this.lockPath, String(process.pid));
    openPaths.add(this.dbPath);
  }

  private releaseLock(): void {
    openPaths.delete(this.dbPath);
    try {
      fs.rmSync(this.lockPath, { force: true });
    } catch {
      /* the directory may be gone already */
    }
  }

  private listen(): Promise<void> {
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.maxConnections = this.options.maxConnections ?? 1000;
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        const addr = this.server.address() as net.AddressInfo;
        this.host = this.options.host ?? '127.0.0.1';
        this.port = addr.port;
        this.server.off('error', reject);
        resolve();
      });
    });
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

  private context(connectionId: number, sequenceSizes: Record<string, number[]>): CommandContext {
    return {
      store: this.store,
      journal: this.journal,
      cursors: this.cursors,
      server: this.serverInfo(),
      connectionId,
      sequenceSizes,
      log: this.log,
      commit: (batch) => this.commit(batch),
    };
  }

  private async commit(batch: WriteBatch): Promise<void> {
    if (batch.records.length === 0) return;
    try {
      await this.journal.append(batch.records);
    } catch (e) {
      throw new MongoCommandError(1, 'InternalError', (e as Error).message);
    }
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
    socket.on('close', () => this.sockets.delete(socket));
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
    const reply: Doc = await runCommand(parsed.command, this.context(id, parsed.sequenceSizes));
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
      const closed = new Promise<void>((r) => this.server.close(() => r()));
      for (const s of this.sockets) s.destroy();
      await closed;
      await this.journal.drain();
      if (this.journal.size > 0 && !this.journal.failed) {
        await this.journal.compact(() => this.store.snapshotRecords());
      }
      await this.journal.close();
      this.cursors.clear();
      this.releaseLock();
    })();
    return this.stopping;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
