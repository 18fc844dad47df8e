/**
 * Benchmark of the embedded MongoDB-compatible engine, measured the way the product uses
 * it: through the official `mongodb` driver over the wire protocol on 127.0.0.1.
 *
 *   npm run bench:db                  readable table on stdout, progress on stderr
 *   npm run -s bench:db -- --json     JSON object of all figures on stdout (table on stderr)
 *   npm run bench:db -- --dir DIR     put the temporary dbPath under DIR (default: os.tmpdir())
 *   npm run bench:db -- --insert-only the fdatasync floors and sequential insertOne alone (about 9 s),
 *                                     for profiling the write path (node --cpu-prof --import tsx ...)
 *
 * Besides the engine figures it measures, in the same run and process, two floors:
 * - `ping` round trip: the protocol floor (driver + socket + framing, no storage work);
 * - the same `$group` run by mingo directly on the same 100,000 JS documents: the floor
 *   without protocol and storage (the engine evaluates aggregation with mingo).
 * and prints the ratios against the targets of issue 2 (find by _id within 3x of ping,
 * 100k $group within 3x of mingo). The ratios are informational: the exit code is 0
 * unless the benchmark itself fails.
 *
 * The engine runs in this process (the product runs it in its own process; here the figures
 * exclude that hop's scheduling), so peak RSS covers engine, driver and benchmark data together.
 * It also measures the disk's fdatasync floor in the same run beside acknowledged insertOne
 * (sequential and concurrent), and the memory 100k rating documents take (heap and RSS after GC).
 *
 * Here: the arguments, the engine and the output; the phases in lib/db-run.ts (inserts in
 * lib/db-writes.ts, lookups and $group in lib/db-reads.ts), the tables in lib/db-report.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../src/embedded-mongo/index.js';
import { render } from './lib/db-report.js';
import { runAll, runInsertOnly } from './lib/db-run.js';
import { progress } from './lib/db-writes.js';
import { describeFs, packageVersion } from './lib/env.js';
import { RssSampler } from './lib/measure.js';
import { fixed, roundForJson } from './lib/report.js';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    dir: { type: 'string' },
    'insert-only': { type: 'boolean', default: false },
  },
});
const out = args.json ? process.stderr : process.stdout;

async function main(): Promise<void> {
  const startedAt = performance.now();
  const loadAtStart = os.loadavg()[0];
  const rss = new RssSampler();
  const dbPath = await mkdtemp(path.join(args.dir ?? os.tmpdir(), 'bench-db-'));
  const fsInfo = await describeFs(dbPath);
  let engine: EmbeddedMongo | undefined;
  let client: MongoClient | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = () =>
    (cleaned ??= (async () => {
      await client?.close().catch((err) => progress(`client.close failed: ${String(err)}`));
      await engine?.stop().catch((err) => progress(`engine.stop failed: ${String(err)}`));
      await rm(dbPath, { recursive: true, force: true });
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    progress(`${signal}: stopping the engine and removing ${dbPath}`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    progress(`starting the engine on ${dbPath} (${fsInfo.name})`);
    // The journal flushes as in the engine's own process (npm start's default): synchronous calls.
    engine = await startEmbeddedMongo({ dbPath, syncFlush: true });
    client = new MongoClient(engine.uri, { directConnection: true, serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    if (args['insert-only']) {
      out.write(`${await runInsertOnly(client.db('bench'), dbPath)}\n`);
      return;
    }
    const results = await runAll(client.db('bench'), rss, dbPath);
    rss.stop();
    const totalMs = performance.now() - startedAt;
    const load = { cpus: os.availableParallelism(), start: loadAtStart, end: os.loadavg()[0] };
    const busy = Math.max(load.start, load.end) >= load.cpus * 0.75;
    const env = {
      node: process.version,
      platform: `${process.platform}/${process.arch}`,
      driver: packageVersion('mongodb'),
      mingo: packageVersion('mingo'),
      fs: fsInfo.name,
      fsWarning: fsInfo.fsyncIsFree
        ? 'WARNING: dbPath is on tmpfs, fsync costs nothing; insert figures are optimistic'
        : '',
      load: `1-min load average ${fixed(load.start, 2)} at start, ${fixed(load.end, 2)} at end, ${load.cpus} CPUs`,
      loadWarning: busy
        ? 'WARNING: other processes were busy; absolute figures are depressed and the ratios noisier'
        : '',
    };
    out.write(`${render(results, env, rss.peak, totalMs)}\n`);
    if (args.json) {
      const { fsWarning: _fsWarning, load: _load, loadWarning: _loadWarning, ...envJson } = env;
      const json = {
        ...envJson,
        loadAverage: load,
        fsyncIsFree: fsInfo.fsyncIsFree,
        ...results,
        peakRssBytes: rss.peak,
        totalMs,
      };
      process.stdout.write(`${JSON.stringify(roundForJson(json), null, 2)}\n`);
    }
  } finally {
    rss.stop();
    await cleanup();
  }
}

main().then(
  () => {
    // A handle left open by the engine after stop() must not turn a finished run into a hang.
    setTimeout(() => {
      progress('handles still open 3 s after stop(); exiting');
      process.exit(process.exitCode ?? 0);
    }, 3000).unref();
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
