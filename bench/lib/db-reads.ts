/** bench:db (db.bench.ts): lookups against the ping floor, and a $group against mingo in memory. */
import { performance } from 'node:perf_hooks';
import { Aggregator } from 'mingo';
import type { Collection, Db, Document } from 'mongodb';
import { GROUP_KEYS, makeGroupDocs, prng, sameGroups } from './data.js';
import { progress } from './db-writes.js';
import { median, timedLoop, type LatencyStats, type RssSampler } from './measure.js';
import { int } from './report.js';

const GROUP_DOCS = 100_000;
const LOOKUP_ROUNDS = 7;

const GROUP_PIPELINE: Document[] = [
  {
    $group: {
      _id: '$k',
      count: { $sum: 1 },
      total: { $sum: '$v' },
      avg: { $avg: '$v' },
      min: { $min: '$v' },
      max: { $max: '$v' },
    },
  },
];

/** Merges per-round stats: ops and time summed, mean weighted by ops, p50/p99 the median over rounds. */
function mergeRounds(rounds: LatencyStats[]): LatencyStats {
  const ops = rounds.reduce((s, r) => s + r.ops, 0);
  const elapsedMs = rounds.reduce((s, r) => s + r.elapsedMs, 0);
  return {
    ops,
    elapsedMs,
    opsPerSec: ops / (elapsedMs / 1000),
    meanUs: rounds.reduce((s, r) => s + r.meanUs * r.ops, 0) / ops,
    p50Us: median(rounds.map((r) => r.p50Us)),
    p99Us: median(rounds.map((r) => r.p99Us)),
  };
}

/**
 * ping, findOne({_id}) and findOne({email}) interleaved in rounds, so that drift (CPU
 * frequency, GC, journal growth) affects the three alike and the ratios stay stable.
 */
export async function benchLookups(db: Db, coll: Collection, docs: Document[]) {
  progress(`lookups: createIndex({email: 1}, {unique: true}) on ${int(docs.length)} documents`);
  await coll.createIndex({ email: 1 }, { unique: true });
  const rand = prng(7);
  const order = Uint32Array.from({ length: 1 << 16 }, () => Math.floor(rand() * docs.length));
  const pick = (i: number) => docs[order[i & 0xffff]];
  const expect = (found: Document | null, want: Document, how: string) => {
    if (!found || found.email !== want.email)
      throw new Error(`findOne by ${how} did not return ${want.email}`);
  };
  const loop = { minOps: 200, maxOps: 200_000, maxMs: 500 };
  const ping: LatencyStats[] = [];
  const byId: LatencyStats[] = [];
  const byIndex: LatencyStats[] = [];
  progress(`lookups: ping / findOne({_id}) / findOne({email}), ${LOOKUP_ROUNDS} interleaved rounds`);
  for (let r = 0; r < LOOKUP_ROUNDS; r++) {
    const warmupOps = r === 0 ? 500 : 50;
    ping.push(await timedLoop(() => db.command({ ping: 1 }), { warmupOps, ...loop }));
    byId.push(
      await timedLoop(
        async (i) => {
          const want = pick(i);
          expect(await coll.findOne({ _id: want._id }), want, '_id');
        },
        { warmupOps, ...loop },
      ),
    );
    byIndex.push(
      await timedLoop(
        async (i) => {
          const want = pick(i + 7919);
          expect(await coll.findOne({ email: want.email }), want, 'email');
        },
        { warmupOps, ...loop },
      ),
    );
  }
  progress('lookups: findOne({name}) on an unindexed field (a scan, for contrast)');
  const byScan = await timedLoop(
    async (i) => {
      const want = pick(i + 104_729);
      const found = await coll.findOne({ name: want.name });
      if (!found || found.name !== want.name) throw new Error(`findOne by name did not return ${want.name}`);
    },
    { warmupOps: 5, minOps: 20, maxOps: 5000, maxMs: 1500 },
  );
  const perRound = (a: LatencyStats[]) => a.map((s, r) => s.meanUs / ping[r].meanUs);
  return {
    ping: mergeRounds(ping),
    byId: mergeRounds(byId),
    byIndex: mergeRounds(byIndex),
    byScan,
    idRoundRatios: perRound(byId),
    indexRoundRatios: perRound(byIndex),
  };
}

/** Engine and mingo runs alternate, so both see the same machine state. */
export async function benchGroup(db: Db, rss: RssSampler) {
  progress(`$group: loading ${int(GROUP_DOCS)} documents (insertMany in batches of 10,000)`);
  const docs = makeGroupDocs(GROUP_DOCS);
  const coll = db.collection('group_src');
  const loadStart = performance.now();
  for (let i = 0; i < docs.length; i += 10_000) await coll.insertMany(docs.slice(i, i + 10_000));
  const loadMs = performance.now() - loadStart;
  // The driver set an ObjectId _id on each inserted object: mingo sees the same documents.
  const count = await coll.countDocuments();
  if (count !== GROUP_DOCS) throw new Error(`group_src holds ${count} documents, expected ${GROUP_DOCS}`);

  let engineResult: Document[] = [];
  let mingoResult: Document[] = [];
  const runEngine = async () => {
    engineResult = await coll.aggregate(GROUP_PIPELINE).toArray();
  };
  const runMingo = () => {
    mingoResult = new Aggregator(GROUP_PIPELINE).run(docs);
    rss.sample();
  };
  progress('$group: 2 warm-up + up to 9 alternating engine / mingo runs');
  for (let i = 0; i < 2; i++) {
    await runEngine();
    runMingo();
  }
  const engineRunsMs: number[] = [];
  const mingoRunsMs: number[] = [];
  const deadline = performance.now() + 40_000;
  for (let r = 0; r < 9 && (r < 3 || performance.now() < deadline); r++) {
    let t0 = performance.now();
    await runEngine();
    engineRunsMs.push(performance.now() - t0);
    t0 = performance.now();
    runMingo();
    mingoRunsMs.push(performance.now() - t0);
  }
  return {
    docs: GROUP_DOCS,
    keys: GROUP_KEYS,
    pipeline: GROUP_PIPELINE,
    load: { ms: loadMs, docsPerSec: GROUP_DOCS / (loadMs / 1000) },
    groups: engineResult.length,
    resultsMatch: engineResult.length === GROUP_KEYS && sameGroups(engineResult, mingoResult),
    engineRunsMs,
    engineMedianMs: median(engineRunsMs),
    mingoRunsMs,
    mingoMedianMs: median(mingoRunsMs),
  };
}
