/**
 * `npx tsx bench/engine-slices.ts`: what yielding costs and buys in the embedded engine. Over 30,000
 * documents (no index on the fields used): a `$group` by 500 keys with the accumulators the app
 * uses, a `$group` of everything into one document, and an unindexed find with a sort. For each:
 * the median wall and CPU time of the command alone (CPU time of this process, which runs both the
 * engine and the client: steadier than wall time on a loaded machine), and the longest a `ping` on a
 * second connection waited while the command ran (how long the engine stalled others). The floor
 * is a ping alone, same run.
 *
 *   npx tsx bench/engine-slices.ts [--docs 30000] [--runs 9]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { MongoClient, type Db } from 'mongodb';
import { startEmbeddedMongo } from '../src/embedded-mongo/index.js';
import { median } from './lib/measure.js';
import { fixed, int, table, type Row } from './lib/report.js';
import { GROUP_BY_KEYS } from './lib/slices-data.js';

const { values: args } = parseArgs({
  options: { docs: { type: 'string', default: '30000' }, runs: { type: 'string', default: '9' } },
});
const DOCS = Number(args.docs);
const RUNS = Number(args.runs);

const queries: [string, (db: Db) => Promise<unknown>][] = [
  [
    '$group by 500 keys ($sum $avg $max $push $first)',
    (db) => db.collection('rows').aggregate([GROUP_BY_KEYS]).toArray(),
  ],
  [
    '$group of all into one ($sum $avg $min)',
    (db) =>
      db
        .collection('rows')
        .aggregate([
          {
            $group: {
              _id: null,
              total: { $sum: '$score' },
              mean: { $avg: '$score' },
              low: { $min: '$score' },
            },
          },
        ])
        .toArray(),
  ],
  [
    'find, unindexed filter + sort, first 10',
    (db) =>
      db
        .collection('rows')
        .find({ score: { $gte: 0.1 } })
        .sort({ score: -1, i: 1 })
        .limit(10)
        .toArray(),
  ],
];

async function pingMs(db: Db): Promise<number> {
  const t0 = performance.now();
  await db.command({ ping: 1 });
  return performance.now() - t0;
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-slices-'));
  const engine = await startEmbeddedMongo({ dbPath: path.join(dir, 'db'), log: () => undefined });
  const a = await MongoClient.connect(engine.uri);
  const b = await MongoClient.connect(engine.uri);
  try {
    const db = a.db('bench');
    const other = b.db('bench');
    for (let i = 0; i < DOCS; i += 5000) {
      await db.collection('rows').insertMany(
        Array.from({ length: Math.min(5000, DOCS - i) }, (_, j) => ({
          i: i + j,
          grp: (i + j) % 500,
          score: (((i + j) * 7919) % 1000) / 1000,
          name: `row ${i + j}`,
        })),
      );
    }
    const floor: number[] = [];
    for (let r = 0; r < 50; r++) floor.push(await pingMs(other));
    const rows: Row[] = [['ping alone (floor)', fixed(median(floor), 2), '-', fixed(Math.max(...floor), 2)]];
    for (const [label, run] of queries) {
      await run(db);
      const cpu: number[] = [];
      const alone: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const [t0, c0] = [performance.now(), process.cpuUsage()];
        await run(db);
        const c = process.cpuUsage(c0);
        alone.push(performance.now() - t0);
        cpu.push((c.user + c.system) / 1000);
      }
      const times: number[] = [];
      let worstPing = 0;
      for (let r = 0; r < RUNS; r++) {
        let done = false;
        const t0 = performance.now();
        const query = run(db).then(() => {
          times.push(performance.now() - t0);
          done = true;
        });
        while (!done) worstPing = Math.max(worstPing, await pingMs(other));
        await query;
      }
      rows.push([label, fixed(median(alone), 1), fixed(median(cpu), 1), fixed(worstPing, 1)]);
    }
    process.stdout.write(
      [
        `Engine slices: ${int(DOCS)} documents, ${RUNS} runs each, engine in this process`,
        `node ${process.version}, ${os.availableParallelism()} CPUs, 1-min load average ${fixed(os.loadavg()[0], 2)}`,
        '',
        table(['command', 'wall ms (median)', 'CPU ms (median)', 'worst ping ms during it'], rows, 'lrrr'),
        '',
      ].join('\n'),
    );
  } finally {
    await a.close();
    await b.close();
    await engine.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
