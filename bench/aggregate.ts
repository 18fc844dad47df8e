/**
 * `npm run bench:aggregate`: the results of a position with 1,000 and then 5,000 candidates, each
 * with one complete interview of 4 panelists rating 6 weighted competencies (24 ratings each), on
 * the embedded engine, through mongoose and the wire protocol as the app runs it. Times the results
 * services as the pages call them (rendering aside): a dashboard page (50 ranked candidates with the
 * position-wide counts) and a ranking JSON page, first and last, the same after one candidate's
 * document changed and after one candidate's total changed, the reference pipelines the summaries
 * are built with, and the floor (one findById); prints medians, p95, CPU, database commands and
 * documents examined per run, and the ratio to the floor.
 *
 *   npm run bench:aggregate               defaults: 1,000 and 5,000 candidates, 3 warm-up and 15 runs
 *   npm run bench:aggregate -- --candidates 2000
 *   npm run bench:aggregate -- --runs 30  more runs
 *   npm run bench:aggregate -- --skip-reference   without timing the reference pipelines (slow)
 *   npm run bench:aggregate -- --dir DIR  put the temporary dbPath under DIR (default: os.tmpdir())
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import mongoose, { Types } from 'mongoose';
import { startEmbeddedMongo } from '../src/embedded-mongo/index.js';
import { Candidate } from '../src/features/candidates/candidate.model.js';
import { GuideVersion } from '../src/features/guides/guide-version.model.js';
import { Interview } from '../src/features/interviews/interview.model.js';
import { Position } from '../src/features/positions/position.model.js';
import { competencyStatistics } from '../src/features/results/aggregation.js';
import { ranking } from '../src/features/results/ranking.js';
import { CandidateResult, ResultsState } from '../src/features/results/candidate-result.model.js';
import { freshResults, readResults } from '../src/features/results/candidate-results.js';
import { ResultsOrder } from '../src/features/results/candidate-result.model.js';
import {
  competencyColumns,
  dashboard,
  PAGE_SIZE,
  rankingJson,
} from '../src/features/results/results.service.js';
import { Rating } from '../src/features/scoring/rating.model.js';
import { PANEL, seedResults, WEIGHTS } from './lib/results-seed.js';
import { median, quantile } from './lib/measure.js';
import { fixed, int } from './lib/report.js';

const { values: args } = parseArgs({
  options: {
    candidates: { type: 'string', default: '1000,5000' },
    runs: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    dir: { type: 'string' },
    'skip-reference': { type: 'boolean', default: false },
  },
});
/** Position sizes, each measured on its own (the collections are emptied between them). */
const SIZES = args.candidates!.split(',').map(Number);
let CANDIDATES = SIZES[0];
const RUNS = Number(args.runs);
const WARMUP = Number(args.warmup);
const progress = (msg: string) => process.stderr.write(`[bench:aggregate] ${msg}\n`);

/** Database commands sent (the driver's command monitoring). */
let commands = 0;

/** Documents the engine's filters examined since it started (serverStatus). */
async function scanned(): Promise<number> {
  const status = await mongoose.connection.db!.admin().serverStatus();
  return Number(status.metrics?.queryExecutor?.scannedObjects ?? 0);
}

/**
 * Wall time per run (what a page waits), and the process's CPU time per run: the engine runs in this
 * process, so CPU time shows the work itself when other processes share the machine. Commands and
 * documents examined per run count the work whatever the machine's load.
 */
async function time(label: string, run: () => Promise<unknown[]>) {
  let rows = 0;
  for (let i = 0; i < WARMUP; i++) rows = (await run()).length;
  const ms: number[] = [];
  const cpu: number[] = [];
  const scanned0 = await scanned();
  const commands0 = commands;
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const perRun = { commands: (commands - commands0) / RUNS, scanned: 0 };
  perRun.scanned = ((await scanned()) - scanned0) / RUNS;
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    label,
    ...perRun,
    rows,
    median: median(ms),
    p95: quantile(ms, 0.95),
    min: ms[0],
    max: ms[ms.length - 1],
    cpu: median(cpu),
  };
}

/** The floor: one indexed lookup by _id through the same driver and engine. */
const floor = (positionId: Types.ObjectId) =>
  time('floor: findById', async () => [await Position.findById(positionId).lean()]);

function print(r: Awaited<ReturnType<typeof time>>, floorMs?: number) {
  console.log(
    `${r.label.padEnd(36)} median ${fixed(r.median, 1).padStart(7)} ms   p95 ${fixed(r.p95, 1).padStart(7)} ms   ` +
      `CPU ${fixed(r.cpu, 1).padStart(7)} ms` +
      (floorMs ? `   ${fixed(r.median / floorMs, 1).padStart(6)}x floor` : '') +
      `   ${fixed(r.commands, 1).padStart(4)} commands, ${int(r.scanned).padStart(6)} examined   (${int(r.rows)} rows)`,
  );
}

async function runAt(candidateCount: number) {
  CANDIDATES = candidateCount;
  await Promise.all(
    [Position, Candidate, Interview, Rating, GuideVersion, CandidateResult, ResultsState, ResultsOrder].map(
      (m) => (m as mongoose.Model<unknown>).collection.deleteMany({}),
    ),
  );
  progress(
    `inserting ${int(CANDIDATES)} candidates × 1 interview × ${PANEL} panelists × ${WEIGHTS.length} competencies`,
  );
  const t0 = performance.now();
  const { position, weights } = await seedResults(CANDIDATES);
  const insertMs = performance.now() - t0;
  const counts = {
    candidates: await Candidate.countDocuments({}),
    interviews: await Interview.countDocuments({}),
    ratings: await Rating.countDocuments({}),
  };
  progress(`inserted in ${fixed(insertMs / 1000, 1)} s; timing ${WARMUP} warm-up and ${RUNS} measured runs`);
  const doc = (await Position.findById(position._id))!;
  const columns = await competencyColumns(doc);
  const b0 = performance.now();
  await freshResults(doc, columns);
  const buildMs = performance.now() - b0;
  const base = await floor(position._id);
  const reference = args['skip-reference']
    ? []
    : [
        await time('ranking pipeline (reference)', () => ranking(position._id, weights, 5)),
        await time('statistics pipeline (reference)', () =>
          competencyStatistics(
            position._id,
            weights.map((w) => w.competency),
          ),
        ),
      ];
  // The services as the pages call them: freshness check, then one page of 50.
  const manager = { _id: position.owner as Types.ObjectId, name: 'Bench manager', roles: ['manager'] };
  const id = String(position._id);
  const lastPage = Math.ceil(CANDIDATES / PAGE_SIZE);
  const dash = async (n: number) => (await dashboard(id, manager, n)).candidates;
  const json = async (n: number) => (await rankingJson(id, manager, n)).candidates;
  const dash1 = await time('dashboard page 1', () => dash(1));
  const dashLast = await time('dashboard last page', () => dash(lastPage));
  const json1 = await time('ranking JSON page 1', () => json(1));
  const jsonLast = await time('ranking JSON last page', () => json(lastPage));
  const ids = (
    await Candidate.find({ position: position._id }, { _id: 1 })
      .limit(RUNS + WARMUP)
      .lean()
  ).map((c) => c._id);
  const interviewIds = (
    await Interview.find({ position: position._id }, { _id: 1 })
      .limit(RUNS + WARMUP)
      .lean()
  ).map((i) => i._id);
  let next = 0;
  // One candidate's document changed before each read: its summary is rebuilt, the order stays.
  const touched = await time('dashboard p1, 1 candidate touched', async () => {
    await Candidate.updateOne({ _id: ids[next++ % ids.length] }, { $set: { notes: `changed ${next}` } });
    return dash(1);
  });
  // One candidate's consensus (so total and place) changed before each read: the order moves.
  const moved = await time('dashboard p1, 1 total changed', async () => {
    await Interview.updateOne(
      { _id: interviewIds[next++ % interviewIds.length] },
      { $set: { 'consensus.0.value': 1 + (next % 5), 'consensus.1.value': 1 + ((next + 2) % 5) } },
    );
    return dash(1);
  });
  console.log(
    `bench:aggregate: 1 position, ${WEIGHTS.length} weighted competencies, ${int(counts.candidates)} candidates, ` +
      `${int(counts.interviews)} complete interviews, ${int(counts.ratings)} ratings (embedded engine, node ${process.version}, ` +
      `${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}); ${RUNS} runs after ${WARMUP} warm-up`,
  );
  console.log(`summaries built whole once in ${fixed(buildMs, 0)} ms`);
  // The floor again at the end: the first one can fall on the engine's compaction after the big
  // build (a 40x slower findById at 5,000 candidates); the quieter of the two is the floor.
  const baseEnd = await floor(position._id);
  const floorRun = baseEnd.median < base.median ? baseEnd : base;
  print({
    ...floorRun,
    label: `floor: findById (start ${fixed(base.median, 1)} / end ${fixed(baseEnd.median, 1)} ms)`,
  });
  for (const r of [...reference, dash1, dashLast, json1, jsonLast, touched, moved]) print(r, floorRun.median);
  // The summaries (after every change above) against the reference pipeline: same order, same ranks.
  await freshResults(doc, columns);
  const ranked = await ranking(position._id, weights, 5);
  const read = (await readResults(position._id)).rows;
  const same = (r: { candidate: unknown; rank: number | null; weightedTotal?: number | null }, i: number) =>
    String(r.candidate) === String(read[i]?.candidate) &&
    r.rank === read[i]?.rank &&
    r.weightedTotal === read[i]?.weightedTotal;
  const mismatch = ranked.findIndex((r, i) => !same(r, i));
  console.log(
    `check: ${ranked.filter((r) => r.rank !== null).length} ranked, top total ${ranked[0]?.weightedTotal}, ` +
      `ranks ${ranked[0]?.rank}..${ranked[ranked.length - 1]?.rank}; summaries ` +
      (mismatch < 0 && read.length === ranked.length
        ? `in the same order with the same ranks and totals (${int(read.length)})`
        : `DIFFER from the pipeline at row ${mismatch} (${int(read.length)} read)`),
  );
  if (mismatch >= 0 || read.length !== ranked.length) process.exitCode = 1;
}

const dir = await mkdtemp(path.join(args.dir ?? os.tmpdir(), 'bench-aggregate-'));
const engine = await startEmbeddedMongo({ dbPath: path.join(dir, 'db'), log: () => undefined });
try {
  await mongoose.connect(`${engine.uri}/bench`, { monitorCommands: true });
  mongoose.connection.getClient().on('commandStarted', () => commands++);
  await Promise.all(
    [Position, Candidate, Interview, Rating, GuideVersion, CandidateResult, ResultsState, ResultsOrder].map(
      (m) => m.init(),
    ),
  );
  for (const n of SIZES) await runAt(n);
} finally {
  await mongoose.disconnect();
  await engine.stop();
  await rm(dir, { recursive: true, force: true });
}
