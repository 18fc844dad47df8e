import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import type { EmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { makeTempDir, removeDir, runsAgainstExternalMongo, startEngine } from '../helpers/mongo-target.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const READY = /^ready (mongodb:\/\/127\.0\.0\.1:(\d+))$/;

interface CliProcess {
  child: ChildProcess;
  uri: string;
  port: number;
  stdoutLines: () => string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Engine-only: the `db` CLI (`node --import tsx src/embedded-mongo/cli.ts --dbpath DIR --port N`). */
describe('engine: CLI', function () {
  this.timeout(60_000);
  let dbPath: string;
  const started: ChildProcess[] = [];
  let blocker: EmbeddedMongo | undefined;

  beforeEach(async function () {
    if (runsAgainstExternalMongo) this.skip();
    dbPath = await makeTempDir('embedded-mongo-cli-');
  });

  afterEach(async function () {
    for (const child of started.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await blocker?.stop().catch(() => undefined);
    blocker = undefined;
    if (dbPath) await removeDir(dbPath);
  });

  function spawnCli(args: string[]): {
    child: ChildProcess;
    exited: CliProcess['exited'];
    stdout: () => string;
  } {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/embedded-mongo/cli.ts', ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
      (resolve) => {
        child.on('close', (code, signal) => resolve({ code, signal, stderr }));
      },
    );
    return { child, exited, stdout: () => stdout };
  }

  async function startCli(): Promise<CliProcess> {
    const { child, exited, stdout } = spawnCli(['--dbpath', dbPath, '--port', '0']);
    const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
      const check = (): void => {
        const firstLine = stdout().split('\n')[0];
        const match = stdout().includes('\n') ? READY.exec(firstLine) : null;
        if (match) resolve(match);
        else if (stdout().includes('\n'))
          reject(new Error(`unexpected first stdout line: ${JSON.stringify(firstLine)}`));
      };
      child.stdout!.on('data', check);
      void exited.then(({ code, signal, stderr }) =>
        reject(new Error(`the CLI exited early (code ${code}, signal ${signal}):\n${stderr}`)),
      );
    });
    const lines = (): string[] =>
      stdout()
        .split('\n')
        .filter((line) => line !== '');
    return { child, uri: ready[1], port: Number(ready[2]), stdoutLines: lines, exited };
  }

  it('when started with --port 0, then it prints one ready line with the chosen port and accepts connections', async function () {
    const cli = await startCli();
    const client = new MongoClient(cli.uri, { serverSelectionTimeoutMS: 10_000 });

    try {
      assert.ok(cli.port > 0);
      assert.deepEqual(await client.db('admin').command({ ping: 1 }), { ok: 1 });
    } finally {
      await client.close();
    }
    cli.child.kill('SIGTERM');
    await cli.exited;
    assert.deepEqual(cli.stdoutLines(), [`ready ${cli.uri}`]);
  });

  it('when SIGTERM arrives after writes, then it exits 0 and a restart on the same dbpath has the data', async function () {
    const first = await startCli();
    const writer = new MongoClient(first.uri);
    await writer.db('app').collection('docs').createIndex({ k: 1 }, { unique: true });
    await writer
      .db('app')
      .collection('docs')
      .insertMany([{ k: 1 }, { k: 2 }]);
    await writer.close();

    first.child.kill('SIGTERM');
    const exit = await first.exited;

    assert.equal(
      exit.code,
      0,
      `expected exit code 0, got ${exit.code} (signal ${exit.signal}):\n${exit.stderr}`,
    );
    const second = await startCli();
    const reader = new MongoClient(second.uri);
    try {
      assert.deepEqual(await reader.db('app').collection('docs').distinct('k'), [1, 2]);
      await assert.rejects(reader.db('app').collection('docs').insertOne({ k: 1 }), { code: 11000 });
    } finally {
      await reader.close();
    }
    second.child.kill('SIGINT');
    assert.equal((await second.exited).code, 0);
  });

  it('when SIGINT arrives while a client is still connected, then it exits 0', async function () {
    const cli = await startCli();
    const client = new MongoClient(cli.uri);
    await client.db('app').collection('docs').insertOne({ a: 1 });

    cli.child.kill('SIGINT');
    const exit = await cli.exited;
    await client.close().catch(() => undefined);

    assert.equal(exit.code, 0, exit.stderr);
  });

  it('when a CLI process holds the dbpath, then an engine in another process is refused on it and the data is untouched', async function () {
    const cli = await startCli();
    const client = new MongoClient(cli.uri);
    await client.db('app').collection('docs').insertOne({ k: 'kept' });

    await assert.rejects(async () => {
      blocker = await startEngine({ dbPath, port: 0 });
    });

    assert.equal(await client.db('app').collection('docs').countDocuments({ k: 'kept' }), 1);
    await client.close();
    cli.child.kill('SIGTERM');
    assert.equal((await cli.exited).code, 0);
  });

  it('when the requested port is taken, then the CLI exits with a non-zero code instead of hanging', async function () {
    blocker = await startEngine({ dbPath: path.join(dbPath, 'blocker'), port: 0 });
    const { exited } = spawnCli(['--dbpath', path.join(dbPath, 'cli'), '--port', String(blocker.port)]);

    const exit = await exited;

    assert.notEqual(exit.code, 0);
    assert.ok(exit.stderr.length > 0, 'expected an explanation on stderr');
  });

  it('when asked to listen on a non-loopback host, then the CLI refuses (the engine has no authentication) and creates nothing', async function () {
    const { exited } = spawnCli(['--dbpath', path.join(dbPath, 'open'), '--port', '0', '--host', '0.0.0.0']);

    const exit = await exited;

    assert.equal(exit.code, 1);
    assert.match(exit.stderr, /loopback only; refusing host 0\.0\.0\.0/);
    assert.equal(fs.existsSync(path.join(dbPath, 'open')), false);
  });
});
