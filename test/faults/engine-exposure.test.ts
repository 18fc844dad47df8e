/**
 * Security: another OS user on the machine cannot reach the data. The engine listens on a Unix
 * socket (0600 in a 0700 directory) and opens no TCP port unless asked, and then on loopback only;
 * every data file is 0600 and every data directory 0700 even under umask 000 — the engine's
 * journal, snapshot and lock, the real server's DATA_DIR, and the mail outbox's .eml files.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { createLogger } from '../../src/lib/logger.js';
import { createMailer } from '../../src/lib/mailer.js';
import { connectTestDatabase } from '../helpers/app.js';
import { freePort, killAll, probeHealth, startServer } from './support/server-child.js';

const linux = fs.existsSync('/proc/net/tcp');
const mode = (p: string) => fs.statSync(p).mode & 0o777;

/** Local ports of the TCP sockets process `pid` listens on (from /proc). */
function tcpListeningPorts(pid: number | 'self'): number[] {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      /* closed meanwhile */
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[3] === '0A' && inodes.has(f[9])) ports.push(parseInt(f[1].split(':')[1], 16));
    }
  }
  return ports.sort((a, b) => a - b);
}

/** Runs `fn` with umask 000, the widest file modes a careless environment could give. */
async function withUmask0<T>(fn: () => Promise<T>): Promise<T> {
  const old = process.umask(0);
  try {
    return await fn();
  } finally {
    process.umask(old);
  }
}

function assertOwnerOnly(dir: string): void {
  assert.equal(mode(dir).toString(8), '700', `${dir} is 0700`);
  for (const f of fs.readdirSync(dir)) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isDirectory()) assertOwnerOnly(p);
    else assert.equal(mode(p).toString(8), '600', `${p} is 0600`);
  }
}

describe('security: the engine and the data files on a shared machine', function () {
  this.timeout(120_000);
  let root: string;
  let engine: EmbeddedMongo | undefined;

  beforeEach(function () {
    if (!linux) this.skip(); // modes, sockets and listeners are read from /proc
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-expose-'));
  });
  afterEach(async () => {
    await engine?.stop().catch(() => undefined);
    engine = undefined;
    await killAll();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('when the engine starts by default under umask 000, then it listens on a 0600 socket in a 0700 directory, opens no TCP port, and every file is owner-only', async () => {
    const before = tcpListeningPorts('self');
    const dbPath = path.join(root, 'data', 'db');
    engine = await withUmask0(() => startEmbeddedMongo({ dbPath, log: () => undefined }));
    assert.equal(engine.tcpUri, null);
    assert.equal(engine.port, 0);
    assert.deepEqual(tcpListeningPorts('self'), before, 'no new TCP listener');
    assert.equal(engine.socketPath, path.join(dbPath, 'mongod.sock'));
    assert.ok(fs.statSync(engine.socketPath).isSocket());
    assert.equal(mode(engine.socketPath).toString(8), '600');
    assert.equal(mode(dbPath).toString(8), '700');

    const client = await MongoClient.connect(engine.uri);
    await withUmask0(async () => {
      await client
        .db('x')
        .collection('y')
        .insertMany([{ a: 1 }, { a: 2 }]);
      await client.close();
      await engine!.stop(); // compaction writes a snapshot and a new journal
    });
    engine = undefined;
    assertOwnerOnly(dbPath);
    assert.deepEqual(fs.readdirSync(dbPath).sort(), ['journal.1.log', 'snapshot.bson']);
  });

  it('when files were left world-readable by an older version, then start-up makes them owner-only', async () => {
    const dbPath = path.join(root, 'db');
    engine = await startEmbeddedMongo({ dbPath, log: () => undefined });
    await engine.stop();
    for (const f of fs.readdirSync(dbPath)) fs.chmodSync(path.join(dbPath, f), 0o644);
    fs.chmodSync(dbPath, 0o755);
    engine = await startEmbeddedMongo({ dbPath, log: () => undefined });
    assertOwnerOnly(dbPath);
  });

  it('when dbPath is too deep for a socket path, then the socket goes in a private 0700 directory and works', async () => {
    const dbPath = path.join(root, 'd'.repeat(60), 'e'.repeat(60));
    engine = await startEmbeddedMongo({ dbPath, log: () => undefined });
    const sock = engine.socketPath!;
    assert.ok(Buffer.byteLength(sock) <= 100, sock);
    assert.equal(mode(path.dirname(sock)).toString(8), '700');
    assert.equal(mode(sock).toString(8), '600');
    const client = await MongoClient.connect(engine.uri);
    assert.equal((await client.db('x').command({ ping: 1 })).ok, 1);
    await client.close();
    await engine.stop();
    engine = undefined;
    assert.ok(!fs.existsSync(path.dirname(sock)), 'the private directory is removed on stop');
  });

  it('when TCP is asked for, then it is on loopback only; any other host is refused', async () => {
    await assert.rejects(
      startEmbeddedMongo({ dbPath: path.join(root, 'a'), port: 0, host: '0.0.0.0', log: () => undefined }),
      /listens on loopback only; refusing host 0\.0\.0\.0/,
    );
    assert.ok(!fs.existsSync(path.join(root, 'a', 'mongod.lock')));
    engine = await startEmbeddedMongo({ dbPath: path.join(root, 'b'), port: 0, log: () => undefined });
    assert.equal(engine.tcpUri, `mongodb://127.0.0.1:${engine.port}`);
    assert.ok(tcpListeningPorts('self').includes(engine.port));
  });

  it('when the real server runs on the embedded engine under umask 000, then its only TCP port is HTTP, DATA_DIR is 0700 and the engine socket 0600', async () => {
    const dataDir = path.join(root, 'data');
    const port = await freePort();
    const server = await withUmask0(() =>
      startServer(port, { DATA_DIR: dataDir, SESSION_SECRET: 'exposure-drill-secret-exposure-drill-42' }),
    );
    assert.equal((await probeHealth(port)).status, 200);
    assert.deepEqual(tcpListeningPorts(server.child.pid!), [port], 'no engine port next to HTTP');
    assert.equal(mode(dataDir).toString(8), '700');
    assert.equal(mode(path.join(dataDir, 'db')).toString(8), '700');
    assert.equal(mode(path.join(dataDir, 'db', 'mongod.sock')).toString(8), '600');
    assert.equal(mode(path.join(dataDir, 'db', 'mongod.lock')).toString(8), '600');
    await server.stop();
  });

  it('when the mail outbox writes .eml files under umask 000, then each is 0600 in a 0700 directory', async () => {
    await connectTestDatabase();
    const outboxDir = path.join(root, 'outbox');
    const mailer = createMailer({
      from: 'Toolkit <t@example.org>',
      outboxDir,
      logger: createLogger('silent'),
    });
    await mailer.queue({
      to: 'someone@example.org',
      subject: 'Your link',
      text: 'https://example.org/r/secret',
    });
    const sent = await withUmask0(() => mailer.deliverDue());
    assert.ok(sent >= 1);
    const emls = fs.readdirSync(outboxDir).filter((f) => f.endsWith('.eml'));
    assert.ok(emls.length >= 1);
    assertOwnerOnly(outboxDir);
  });
});
