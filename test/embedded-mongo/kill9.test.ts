import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import type { EmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { makeTempDir, removeDir, runsAgainstExternalMongo, startEngine } from '../helpers/mongo-target.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const writerScript = 'test/embedded-mongo/fixtures/kill9-writer.ts';

interface WriterRun {
  acknowledged: number[];
  signal: NodeJS.Signals | null;
}

/**
 * Engine-only. A child process writes through the driver to an in-process engine and prints each
 * acknowledged write; it is SIGKILLed mid-stream and the store must hold every acknowledged write.
 */
describe('engine: kill -9 durability', function () {
  this.timeout(120_000);
  let dbPath: string;
  const children: ChildProcess[] = [];
  let engine: EmbeddedMongo | undefined;
  let client: MongoClient | undefined;

  beforeEach(async function () {
    if (runsAgainstExternalMongo) this.skip();
    dbPath = await makeTempDir('embedded-mongo-kill9-');
  });

  afterEach(async function () {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await client?.close().catch(() => undefined);
    await engine?.stop().catch(() => undefined);
    client = undefined;
    engine = undefined;
    if (dbPath) await removeDir(dbPath);
  });

  /** Runs the writer until `threshold` acknowledgements were printed, then SIGKILLs it. */
  function runWriterAndKill(
    mode: 'single' | 'batch' | 'inc' | 'single-compacting' | 'batch-compacting',
    threshold: number,
    startN = 0,
  ): Promise<WriterRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', writerScript, dbPath, mode, String(startN)], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      const acknowledged: number[] = [];
      let pending = '';
      let stderr = '';
      let killed = false;
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.stdout!.on('data', (chunk: Buffer) => {
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) if (line.trim() !== '') acknowledged.push(Number(line));
        if (!killed && acknowledged.length >= threshold) {
          killed = true;
          child.kill('SIGKILL');
        }
      });
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (!killed) {
          reject(
            new Error(
              `the writer exited (code ${code}, signal ${signal}) after ${acknowledged.length} acknowledgements without being killed:\n${stderr}`,
            ),
          );
          return;
        }
        // Only complete lines count: a partial last line was never fully reported.
        resolve({ acknowledged, signal });
      });
    });
  }

  async function reopen(): Promise<MongoClient> {
    engine = await startEngine({ dbPath, port: 0 });
    client = new MongoClient(engine.uri, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    return client;
  }

  async function storedNumbers(c: MongoClient): Promise<number[]> {
    const docs = await c
      .db('kill9')
      .collection('docs')
      .find({}, { projection: { _id: 0, n: 1 } })
      .toArray();
    return docs.map((doc) => doc.n as number);
  }

  function assertAllPresent(acknowledged: number[], stored: number[]): void {
    const storedSet = new Set(stored);
    const missing = acknowledged.filter((n) => !storedSet.has(n));
    assert.deepEqual(
      missing.slice(0, 20),
      [],
      `${missing.length} acknowledged writes are missing after kill -9`,
    );
    assert.equal(storedSet.size, stored.length, 'a document was stored twice');
  }

  it('when the engine is killed during acknowledged single inserts, then every acknowledged document is there after restart', async function () {
    const run = await runWriterAndKill('single', 1000);
    assert.equal(run.signal, 'SIGKILL');
    assert.ok(run.acknowledged.length >= 1000);

    const c = await reopen();

    assertAllPresent(run.acknowledged, await storedNumbers(c));
  });

  it('when the engine is killed during insertMany batches of 100, then every acknowledged batch is there after restart', async function () {
    const run = await runWriterAndKill('batch', 2000);
    assert.equal(run.signal, 'SIGKILL');

    const c = await reopen();

    assertAllPresent(run.acknowledged, await storedNumbers(c));
  });

  it('when the engine is killed during acknowledged $inc updates, then the stored counter is at least the acknowledged count', async function () {
    const run = await runWriterAndKill('inc', 1000);
    const acknowledgedCount = Math.max(...run.acknowledged);

    const c = await reopen();
    const counter = await c
      .db('kill9')
      .collection<{ _id: string; value: number }>('counters')
      .findOne({ _id: 'counter' });

    assert.ok(counter, 'the counter document is missing');
    assert.ok(
      counter.value >= acknowledgedCount,
      `stored ${counter.value} < acknowledged ${acknowledgedCount}`,
    );
    // At most one write can have been applied without its acknowledgement reaching us, plus the in-flight pipe line.
    assert.ok(
      counter.value <= acknowledgedCount + 2,
      `stored ${counter.value} is far above acknowledged ${acknowledgedCount}`,
    );
  });

  it('when the engine is killed while it compacts its journal every 64 KB, then every acknowledged document is there', async function () {
    const single = await runWriterAndKill('single-compacting', 1000);
    const batches = await runWriterAndKill('batch-compacting', 2000, 1_000_000);

    const c = await reopen();

    assertAllPresent([...single.acknowledged, ...batches.acknowledged], await storedNumbers(c));
  });

  it('when the engine is killed twice with writes in between, then both rounds survive and the store stays writable', async function () {
    const first = await runWriterAndKill('single', 300);
    const second = await runWriterAndKill('single', 300, 1_000_000);

    let c = await reopen();
    assertAllPresent([...first.acknowledged, ...second.acknowledged], await storedNumbers(c));
    await c.db('kill9').collection('docs').insertOne({ n: -1 });
    await client!.close();
    await engine!.stop();
    c = await reopen();

    assert.equal(await c.db('kill9').collection('docs').countDocuments({ n: -1 }), 1);
    assertAllPresent([...first.acknowledged, ...second.acknowledged], await storedNumbers(c));
  });
});
