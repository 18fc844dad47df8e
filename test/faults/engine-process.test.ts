/**
 * Fault drill: the embedded engine runs in its own supervised process. Killed, it is started again
 * on the same data and socket and the client finds it again with every acknowledged write; the app's
 * stop (SIGTERM) stops it; the app killed with SIGKILL leaves no engine behind.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startSupervisedEngine, type SupervisedEngine } from '../../src/db/supervised-engine.js';
import { loadConfig } from '../../src/config/env.js';
import { procState } from '../../src/embedded-mongo/lock.js';
import { freePort, killAll, startServer } from './support/server-child.js';

const lockPid = (dbPath: string): number | null => {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dbPath, 'mongod.lock'), 'utf8')) as { pid: number }).pid;
  } catch {
    return null;
  }
};

/** True once the process is gone (or a zombie: dead, not yet reaped by a parent that is gone too). */
const gone = (pid: number) => {
  const s = procState(pid);
  return s === null || s?.state === 'Z' || s?.state === 'X';
};

async function waitFor(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('fault drill: the embedded engine in its own supervised process', function () {
  this.timeout(120_000);
  let dir: string;
  let engine: SupervisedEngine | undefined;
  let client: MongoClient | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-process-'));
  });
  afterEach(async () => {
    await client?.close().catch(() => undefined);
    await engine?.stop().catch(() => undefined);
    client = engine = undefined;
    await killAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when the engine process is killed with SIGKILL, then it is restarted on the same socket with a log line, and the client reads every acknowledged write', async () => {
    const logs: string[] = [];
    const dbPath = path.join(dir, 'db');
    engine = await startSupervisedEngine({ dbPath, log: (m) => logs.push(m) });
    const first = engine.pid()!;
    assert.notEqual(first, process.pid);
    assert.equal(lockPid(dbPath), first);
    client = await MongoClient.connect(engine.uri, { serverSelectionTimeoutMS: 30_000 });
    const items = client.db('drill').collection('items');
    await items.insertMany(Array.from({ length: 50 }, (_, i) => ({ i })));

    process.kill(first, 'SIGKILL');
    await waitFor(() => engine!.pid() !== first, 'the old process to be noticed dead');
    await engine.running();

    const second = engine.pid()!;
    assert.notEqual(second, first);
    assert.equal(engine.restarts, 1);
    assert.equal(lockPid(dbPath), second);
    assert.ok(
      logs.some((m) => m.includes(`pid ${first}) exited (SIGKILL); restarting`)),
      logs.join('\n'),
    );
    assert.equal(await items.countDocuments(), 50);
    await items.insertOne({ i: 50 });
    assert.equal(await items.countDocuments(), 51);
  });

  it('when the supervisor stops, then the engine process exits and the lock and socket are gone', async () => {
    const dbPath = path.join(dir, 'db');
    engine = await startSupervisedEngine({ dbPath, log: () => undefined });
    const pid = engine.pid()!;
    await engine.stop();
    assert.ok(gone(pid), `engine ${pid} still runs`);
    assert.equal(lockPid(dbPath), null);
    assert.equal(fs.existsSync(engine.socketPath!), false);
  });

  it('when the real server runs on the embedded engine, then the engine has its own pid; SIGTERM stops both; SIGKILL of the server leaves no orphan engine', async () => {
    const dbPath = path.join(dir, 'data', 'db');
    const env = {
      DATA_DIR: path.join(dir, 'data'),
      SESSION_SECRET: 'engine-process-drill-secret-0123456789',
    };
    let server = await startServer(await freePort(), env);
    const enginePid = lockPid(dbPath)!;
    assert.ok(enginePid && enginePid !== server.child.pid, 'the engine runs in another process');
    assert.equal((await server.stop('SIGTERM')).code, 0);
    await waitFor(() => gone(enginePid), 'the engine to stop with the server');
    assert.equal(lockPid(dbPath), null, 'the engine released its lock');

    server = await startServer(await freePort(), env);
    const second = lockPid(dbPath)!;
    assert.ok(second && second !== server.child.pid);
    await server.stop('SIGKILL');
    await waitFor(() => gone(second), 'the orphaned engine to exit by itself');
  });

  it('when EMBEDDED_ENGINE names no known mode, then the configuration is refused saying which modes exist', () => {
    assert.throws(
      () => loadConfig({ EMBEDDED_ENGINE: 'thread' }),
      /EMBEDDED_ENGINE: must be process .* or inprocess/,
    );
    assert.equal(loadConfig({}).embeddedEngine, 'process');
    assert.equal(loadConfig({ EMBEDDED_ENGINE: 'inprocess' }).embeddedEngine, 'inprocess');
  });
});
