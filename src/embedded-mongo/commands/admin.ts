/** Handshake, diagnostics and session commands. */
import os from 'node:os';
import { BSON } from 'bson';
import { dbName, type CommandContext, type Handler } from './context.js';
import { MAX_BSON_SIZE } from '../store.js';
import { MAX_MESSAGE_SIZE } from '../wire.js';
import { compileFilter, matches, queryStats } from '../query.js';
import { commandCounts } from './command-stats.js';
import type { Doc } from '../values.js';

export const VERSION = '7.0.0';
export const MAX_WIRE_VERSION = 21;

const hello: Handler = (cmd, ctx) => {
  const reply: Doc = {
    // Legacy isMaster callers read `ismaster`; hello callers read `isWritablePrimary`.
    ...(cmd.hello !== undefined ? { isWritablePrimary: true } : { ismaster: true }),
    helloOk: true,
    maxBsonObjectSize: MAX_BSON_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: 100000,
    localTime: new Date(),
    // Present so drivers use sessions (lsid), as with a real standalone mongod.
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
  // No topologyVersion: it would switch drivers to streaming (awaitable) heartbeats.
  return reply;
};

const buildInfo: Handler = () => ({
  version: VERSION,
  gitVersion: 'embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_SIZE,
  javascriptEngine: 'none',
  storageEngines: ['embedded'],
  modules: [],
  openssl: { running: 'disabled', compiled: 'disabled' },
  ok: 1,
});

const hostInfo: Handler = () => ({
  system: {
    currentTime: new Date(),
    hostname: os.hostname(),
    cpuAddrSize: 64,
    memSizeMB: Math.round(os.totalmem() / 1024 / 1024),
    numCores: os.cpus().length,
    cpuArch: os.arch(),
    numaEnabled: false,
  },
  os: { type: os.type(), name: os.platform(), version: os.release() },
  extra: {},
  ok: 1,
});

const PARAMETERS: Doc = {
  featureCompatibilityVersion: { version: '7.0' },
  authenticationMechanisms: [],
  maxBSONDepth: 180,
  cursorTimeoutMillis: 600000,
  ttlMonitorSleepSecs: 60,
};

const getParameter: Handler = (cmd) => {
  if (cmd.getParameter === '*') return { ...PARAMETERS, ok: 1 };
  const out: Doc = {};
  for (const k of Object.keys(cmd)) if (k in PARAMETERS) out[k] = PARAMETERS[k];
  if (Object.keys(out).length === 0) {
    return { ok: 0, errmsg: 'no option found to get', code: 72, codeName: 'InvalidOptions' };
  }
  return { ...out, ok: 1 };
};

const serverStatus: Handler = (_cmd, ctx) => {
  const now = Date.now();
  return {
    host: `${os.hostname()}:${ctx.server.port}`,
    version: VERSION,
    process: 'mongod',
    pid: process.pid,
    uptime: Math.floor((now - ctx.server.startedAt) / 1000),
    uptimeMillis: now - ctx.server.startedAt,
    localTime: new Date(now),
    connections: ctx.server.connections(),
    storageEngine: { name: 'embedded', supportsCommittedReads: false, persistent: true },
    metrics: {
      cursor: { open: { total: ctx.cursors.size } },
      queryExecutor: { scannedObjects: queryStats.scannedObjects },
      commands: Object.fromEntries(commandCounts),
      readBarrier: ctx.server.readBarrier(),
    },
    ok: 1,
  };
};

function dbSize(ctx: CommandContext, db: string): { objects: number; dataSize: number; collections: number } {
  let objects = 0;
  let dataSize = 0;
  const colls = ctx.store.collections(db);
  for (const c of colls) {
    objects += c.docs.size;
    for (const d of c.docs.values()) dataSize += BSON.calculateObjectSize(d);
  }
  return { objects, dataSize, collections: colls.length };
}

const listDatabases: Handler = (cmd, ctx) => {
  const filter = compileFilter(cmd.filter);
  let total = 0;
  const databases: Doc[] = [];
  for (const name of [...ctx.store.dbs.keys()].sort()) {
    const info: Doc = cmd.nameOnly
      ? { name }
      : { name, sizeOnDisk: dbSize(ctx, name).dataSize, empty: false };
    if (!matches(filter, info)) continue;
    total += info.sizeOnDisk ?? 0;
    databases.push(info);
  }
  return cmd.nameOnly
    ? { databases, ok: 1 }
    : { databases, totalSize: total, totalSizeMb: Math.round(total / 1048576), ok: 1 };
};

const dbStats: Handler = (cmd, ctx) => {
  const db = dbName(cmd);
  const { objects, dataSize, collections } = dbSize(ctx, db);
  const indexes = ctx.store.collections(db).reduce((n, c) => n + c.indexes.length, 0);
  return {
    db,
    collections,
    views: 0,
    objects,
    avgObjSize: objects ? dataSize / objects : 0,
    dataSize,
    storageSize: dataSize,
    indexes,
    indexSize: 0,
    totalSize: dataSize,
    scaleFactor: 1,
    ok: 1,
  };
};

const ok: Handler = () => ({ ok: 1 });

/** `{ok: 1}` as mongod answers, plus `writable: false` while the journal cannot write (for /healthz). */
const ping: Handler = (_c, ctx) => (ctx.journal.writable ? { ok: 1 } : { ok: 1, writable: false });

export const adminCommands: Record<string, Handler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping,
  buildInfo,
  buildinfo: buildInfo,
  hostInfo,
  getParameter,
  serverStatus,
  listDatabases,
  dbStats,
  endSessions: ok,
  killSessions: ok,
  killAllSessions: ok,
  refreshSessions: ok,
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  getCmdLineOpts: () => ({ argv: ['embedded-mongo'], parsed: {}, ok: 1 }),
  whatsmyuri: (_c, ctx) => ({ you: `127.0.0.1:${ctx.connectionId}`, ok: 1 }),
};
