/**
 * `npm run bench:blocking`: does one manager's report stall everyone else? A position with 5,000
 * candidates (120,000 ratings) whose ranking and statistics pipelines (the app's own functions)
 * run back to back, while a panelist saves a rating every 20 ms and a chair listens for the save's
 * event (published through an events collection and polled, as a database-backed bus does).
 * Prints save and event latency p50/p95/p99 without the report running (the floor, same run) and
 * with it.
 *
 *   npm run bench:blocking                       engine in its own process, as the app runs it
 *   npm run bench:blocking -- --inprocess        engine on this process's event loop (as before)
 *   npm run bench:blocking -- --candidates 1000 --seconds 8 --dir DIR
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { startSupervisedEngine } from '../src/db/supervised-engine.js';
import { startEmbeddedMongo } from '../src/embedded-mongo/index.js';
import { competencyStatistics } from '../src/features/results/aggregation.js';
import { ranking } from '../src/features/results/ranking.js';
import { Rating } from '../src/features/scoring/rating.model.js';
import { median, quantile } from './lib/measure.js';
import { fixed, int, table, type Row } from './lib/report.js';
import { resultModels, seedResults } from './lib/results-seed.js';

const { values: args } = parseArgs({
  options: {
    candidates: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '6' },
    inprocess: { type: 'boolean', default: false },
    dir: { type: 'string' },
  },
});
const CANDIDATES = Number(args.candidates);
const PHASE_MS = Number(args.seconds) * 1000;
const SAVE_EVERY_MS = 20;
const progress = (msg: string) => process.stderr.write(`[bench:blocking] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Phase {
  saves: number[];
  events: number[];
  reports: number[];
  errors: number;
}

/** A panelist's autosave every 20 ms and the chair's poll for its event, for `ms`; plus the report when asked. */
async function phase(ms: number, withReport: () => Promise<void> | null): Promise<Phase> {
  const result: Phase = { saves: [], events: [], reports: [], errors: 0 };
  const events = mongoose.connection.collection('bench_events');
  const rating = await Rating.findOne({}, { _id: 1 }).lean();
  const sentAt = new Map<number, number>();
  const until = performance.now() + ms;
  let seq = (await events.countDocuments()) + 1;
  let lastSeen = seq - 1;
  const saver = (async () => {
    while (performance.now() < until) {
      const mine = seq++;
      const t0 = performance.now();
      try {
        await Rating.collection.updateOne(
          { _id: rating!._id },
          { $set: { value: 1 + (mine % 5), note: `save ${mine}` } },
        );
        result.saves.push(performance.now() - t0);
        sentAt.set(mine, t0);
        await events.insertOne({ seq: mine, type: 'score.saved' });
      } catch {
        result.errors++;
      }
      await sleep(Math.max(0, SAVE_EVERY_MS - (performance.now() - t0)));
    }
  })();
  const listener = (async () => {
    while (performance.now() < until + 500) {
      const fresh = await events
        .find({ seq: { $gt: lastSeen } })
        .sort({ seq: 1 })
        .toArray();
      for (const e of fresh) {
        const t0 = sentAt.get(e.seq as number);
        if (t0 !== undefined) result.events.push(performance.now() - t0);
        lastSeen = Math.max(lastSeen, e.seq as number);
      }
      await sleep(5);
    }
  })();
  const reporter = (async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      const run = withReport();
      if (!run) return;
      await run;
      result.reports.push(performance.now() - t0);
    }
  })();
  await Promise.all([saver, listener, reporter]);
  return result;
}

function stats(label: string, xs: number[]): Row {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return [label, '0', '-', '-', '-', '-'];
  return [
    label,
    int(s.length),
    fixed(quantile(s, 0.5)),
    fixed(quantile(s, 0.95)),
    fixed(quantile(s, 0.99)),
    fixed(s[s.length - 1]),
  ];
}

async function main() {
  const dir = await mkdtemp(path.join(args.dir ?? os.tmpdir(), 'bench-blocking-'));
  const dbPath = path.join(dir, 'db');
  const engine = args.inprocess
    ? await startEmbeddedMongo({ dbPath, log: () => undefined })
    : await startSupervisedEngine({ dbPath, log: (m) => progress(m) });
  try {
    await mongoose.connect(`${engine.socketUri ?? engine.uri}/bench`);
    await Promise.all(resultModels.map((m: mongoose.Model<any>) => m.init()));
    progress(`seeding ${int(CANDIDATES)} candidates (${int(CANDIDATES * 24)} ratings)`);
    const { position, weights } = await seedResults(CANDIDATES);
    const report = async () => {
      await ranking(position._id, weights, 5);
      await competencyStatistics(
        position._id,
        weights.map((w) => w.competency),
      );
    };
    progress('warm-up: one report');
    await report();
    progress(`phase 1: saves and events alone, ${PHASE_MS / 1000} s`);
    const alone = await phase(PHASE_MS, () => null);
    progress(
      `phase 2: the same while the report (ranking + statistics) runs back to back, ${PHASE_MS / 1000} s`,
    );
    const busy = await phase(PHASE_MS, report);
    const load = os.loadavg()[0];
    const rows: Row[] = [
      stats('save, alone (floor)', alone.saves),
      stats('save, during the report', busy.saves),
      stats('event, alone (floor)', alone.events),
      stats('event, during the report', busy.events),
      stats('report (ranking + statistics)', busy.reports),
    ];
    process.stdout.write(
      [
        `Blocking benchmark: ${int(CANDIDATES)} candidates, engine ${args.inprocess ? 'in this process' : 'in its own process'}; a save every ${SAVE_EVERY_MS} ms`,
        `node ${process.version}, ${os.availableParallelism()} CPUs, 1-min load average ${fixed(load, 2)}`,
        '',
        table(['what (ms)', 'n', 'p50', 'p95', 'p99', 'max'], rows, 'lrrrrr'),
        '',
        `errors: ${alone.errors + busy.errors}; save p99 during the report / alone: ${fixed(
          quantile(
            [...busy.saves].sort((a, b) => a - b),
            0.99,
          ) /
            quantile(
              [...alone.saves].sort((a, b) => a - b),
              0.99,
            ),
          1,
        )}x; report median ${fixed(median(busy.reports))} ms`,
        '',
      ].join('\n'),
    );
  } finally {
    await mongoose.disconnect();
    await engine.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => setTimeout(() => process.exit(0), 1000).unref(),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
