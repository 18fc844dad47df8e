/**
 * Fault drill: the dbPath lock tells the truth. An engine killed with SIGKILL whose parent does
 * not reap it stays a zombie (`kill(pid, 0)` still succeeds on it); a lock whose pid now belongs to
 * another process (pid reuse) names a live process. Either way an immediate restart must work,
 * with every acknowledged write there, while a lock held by a live engine is still respected.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { procState } from '../../src/embedded-mongo/lock.js';
import { repoRoot } from './support/server-child.js';

const linux = fs.existsSync('/proc/self/stat');

describe('fault drill: stale dbPath locks', function () {
  this.timeout(60_000);
  let dir: string;
  let engine: EmbeddedMongo | undefined;
  const children: ChildProcess[] = [];

  beforeEach(function () {
    if (!linux) this.skip(); // zombies and start times are read from /proc
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-lock-'));
  });
  afterEach(async () => {
    await engine?.stop().catch(() => undefined);
    engine = undefined;
    for (const c of children.splice(0)) c.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** `sleep 60` (not waiting for anything), for a live pid the test controls. */
  function sleeper(): ChildProcess {
    const c = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(c);
    return c;
  }

  it('when the engine was killed with SIGKILL and is a zombie its parent never reaps, then an immediate restart works and keeps every acknowledged write', async () => {
    // sh starts the writer in the background, prints its pid and becomes `sleep`, which never
    // waits for children: once killed, the writer stays a zombie while the lock names it.
    const shell = spawn(
      'sh',
      [
        '-c',
        `node --import tsx test/embedded-mongo/fixtures/kill9-writer.ts '${dir}' single & echo "pid $!"; exec sleep 60`,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    children.push(shell);
    const acknowledged: number[] = [];
    const writerPid = await new Promise<number>((resolve, reject) => {
      let pid = 0;
      let buf = '';
      const timer = setTimeout(() => reject(new Error('the writer did not start')), 30_000);
      shell.stdout!.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        for (const line of lines) {
          const m = /^pid (\d+)$/.exec(line);
          if (m) pid = Number(m[1]);
          else if (line.trim()) acknowledged.push(Number(line));
        }
        if (pid && acknowledged.length >= 50) {
          clearTimeout(timer);
          process.kill(pid, 'SIGKILL');
          resolve(pid);
        }
      });
    });
    const until = Date.now() + 5000;
    while (procState(writerPid)?.state !== 'Z') {
      assert.ok(Date.now() < until, 'the killed writer became a zombie');
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(fs.readFileSync(path.join(dir, 'mongod.lock'), 'utf8').includes(String(writerPid)));
    process.kill(writerPid, 0); // kill(pid, 0) succeeds on a zombie: the old check was fooled

    engine = await startEmbeddedMongo({ dbPath: dir, log: () => undefined });
    const client = await MongoClient.connect(engine.uri);
    try {
      const stored = new Set(
        (await client.db('kill9').collection('docs').find().toArray()).map((d) => d.n as number),
      );
      const missing = acknowledged.filter((n) => !stored.has(n));
      assert.deepEqual(missing, [], 'every acknowledged write is there');
    } finally {
      await client.close();
    }
  });

  it('when the lock names a pid now used by another process (another start time), then start-up takes it over', async () => {
    const other = sleeper();
    await new Promise((r) => other.once('spawn', r));
    const real = procState(other.pid!)!.startTime;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'mongod.lock'),
      JSON.stringify({ pid: other.pid, startTime: real - 1000 }),
    );
    const logs: string[] = [];
    engine = await startEmbeddedMongo({ dbPath: dir, log: (m) => logs.push(m) });
    assert.ok(
      logs.some((m) => /stale lock .*now belongs to another process/.test(m)),
      logs.join('\n'),
    );
  });

  it('when the lock names a live process with its own start time, then start-up refuses naming it', async () => {
    const owner = sleeper();
    await new Promise((r) => owner.once('spawn', r));
    fs.writeFileSync(
      path.join(dir, 'mongod.lock'),
      JSON.stringify({ pid: owner.pid, startTime: procState(owner.pid!)!.startTime }),
    );
    await assert.rejects(
      startEmbeddedMongo({ dbPath: dir, log: () => undefined }),
      new RegExp(`is in use by process ${owner.pid}`),
    );
  });
});
