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
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Aggregator } from 'mingo';
import { MongoClient, type Collection, type Db, type Document } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../src/embedded-mongo/index.js';
import { GROUP_KEYS, makeGroupDocs, makeUsers, prng, sameGroups } from './lib/data.js';
import { concurrentInsertOne, diskCounters, fdatasyncFloor, perOp, ratingMemory } from './lib/durability.js';
import { describeFs, packageVersion } from './lib/env.js';
import { median, quantile, RssSampler, timedLoop, type LatencyStats } from './lib/measure.js';
import { fixed, int, mib, roundForJson, table, type Row } from './lib/report.js';

const INSERT_MANY_DOCS = 10_000;
const GROUP_DOCS = 100_000;
const LOOKUP_ROUNDS = 7;
const TARGET_RATIO = 3;

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

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    dir: { type: 'string' },
    'insert-only': { type: 'boolean', default: false },
  },
});
const out = args.json ? process.stderr : process.stdout;
const progress = (msg: string) => process.stderr.write(`[bench:db] ${msg}\n`);

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

async function benchInsertOne(db: Db, dbPath: string) {
  progress('insertOne: acknowledged, sequential (about 4 s)');
  const coll = db.collection('insert_one');
  const insert = (i: number) =>
    coll.insertOne({ seq: i, at: new Date(), name: `doc ${i}`, tags: ['a', 'b'], n: i * 1.5 });
  for (let i = 0; i < 200; i++) await insert(i); // warm-up outside the CPU count
  // CPU time per insert (driver and engine, both in this process): work done, which a busy
  // machine stretches far less than it stretches wall-clock latency. Likewise the disk's writes.
  const disk = diskCounters(dbPath);
  const disk0 = disk?.();
  const cpu0 = process.cpuUsage();
  const stats = await timedLoop((i) => insert(200 + i), {
    warmupOps: 0,
    minOps: 500,
    maxOps: 500_000,
    maxMs: 4000,
  });
  const cpu = process.cpuUsage(cpu0);
  const diskPerInsert = perOp(disk0, disk?.(), stats.ops);
  return { ...stats, cpuUsPerOp: (cpu.user + cpu.system) / stats.ops, disk: diskPerInsert };
}

/** "3.02 writes + 1.00 flushes" per operation, or a note when the disk has no counters. */
function diskWork(d: { writes: number; flushes: number } | null): string {
  return d ? `${fixed(d.writes, 2)} writes + ${fixed(d.flushes, 2)} flushes` : 'no block-device counters';
}

async function benchInsertMany(db: Db) {
  progress(`insertMany: ${int(INSERT_MANY_DOCS)} documents, 1 warm-up + 5 runs`);
  await db.collection('many_warmup').insertMany(makeUsers(INSERT_MANY_DOCS, 0));
  const runsMs: number[] = [];
  let last: { coll: Collection; docs: Document[] } | undefined;
  const deadline = performance.now() + 20_000;
  for (let r = 1; r <= 5 && (r <= 3 || performance.now() < deadline); r++) {
    const docs = makeUsers(INSERT_MANY_DOCS, r);
    const coll = db.collection(`many_${r}`);
    const t0 = performance.now();
    const res = await coll.insertMany(docs);
    runsMs.push(performance.now() - t0);
    if (res.insertedCount !== INSERT_MANY_DOCS) throw new Error(`insertMany inserted ${res.insertedCount}`);
    last = { coll, docs };
  }
  const medianMs = median(runsMs);
  return {
    docs: INSERT_MANY_DOCS,
    runsMs,
    medianMs,
    docsPerSec: INSERT_MANY_DOCS / (medianMs / 1000),
    last: last!,
  };
}

/**
 * ping, findOne({_id}) and findOne({email}) interleaved in rounds, so that drift (CPU
 * frequency, GC, journal growth) affects the three alike and the ratios stay stable.
 */
async function benchLookups(db: Db, coll: Collection, docs: Document[]) {
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
async function benchGroup(db: Db, rss: RssSampler) {
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

/** `p50` (ratio of medians) and the per-round range show how far noise moved the ratio of means. */
function ratio(value: number, note?: string, extra?: { p50: number; rounds: number[] }) {
  return {
    value,
    target: TARGET_RATIO,
    pass: value <= TARGET_RATIO,
    ...(extra
      ? { p50: extra.p50, roundsMin: Math.min(...extra.rounds), roundsMax: Math.max(...extra.rounds) }
      : {}),
    ...(note ? { note } : {}),
  };
}

type Results = Awaited<ReturnType<typeof runAll>>;

/** --insert-only: the floors and sequential insertOne, nothing else. */
async function runInsertOnly(db: Db, dbPath: string): Promise<string> {
  progress('fdatasync floor: appending and into preallocated space (4.5 s)');
  const floor = await fdatasyncFloor(dbPath);
  const insertOne = await benchInsertOne(db, dbPath);
  const pct = (x: number) => `${fixed((insertOne.opsPerSec / x) * 100)}%`;
  const rows: Row[] = [
    [
      'insertOne, acknowledged, sequential',
      int(insertOne.opsPerSec),
      'ops/s',
      `p50 ${fixed(insertOne.p50Us)} µs`,
    ],
    ['insertOne sequential: CPU per insert', fixed(insertOne.cpuUsPerOp), 'µs', 'driver + engine'],
    ['insertOne sequential: disk work per insert', diskWork(insertOne.disk), '', ''],
    [
      'floor: write + fdatasync, appending',
      int(floor.syncPerSec),
      'ops/s',
      `insertOne ${pct(floor.syncPerSec)}; ${diskWork(floor.appendDisk)} per pair`,
    ],
    [
      'write + fdatasync into preallocated space',
      int(floor.overwriteSyncPerSec),
      'ops/s',
      `insertOne ${pct(floor.overwriteSyncPerSec)}; ${diskWork(floor.overwriteDisk)} per pair`,
    ],
  ];
  return `${table(['operation', 'result', 'unit', 'detail'], rows, 'lrll')}\n1-min load average ${fixed(os.loadavg()[0], 2)}`;
}

const CONCURRENT_CLIENTS = 16;

async function runAll(db: Db, rss: RssSampler, dbPath: string) {
  progress(
    'fdatasync floor: write + fdatasync of 200 bytes in a loop on a file in dbPath, appending and into preallocated space (4.5 s)',
  );
  const floor = await fdatasyncFloor(dbPath);
  const insertOne = await benchInsertOne(db, dbPath);
  progress(`insertOne: ${CONCURRENT_CLIENTS} concurrent loops (about 3 s; they share fdatasyncs)`);
  const insertOneConcurrent = await concurrentInsertOne(db, CONCURRENT_CLIENTS);
  progress("memory: 100,000 rating documents with the indexes of the app's ratings");
  const memory = await ratingMemory(db);
  const { last, ...insertMany } = await benchInsertMany(db);
  const lookups = await benchLookups(db, last.coll, last.docs);
  const group = await benchGroup(db, rss);
  const ratios = {
    findByIdVsPing: ratio(lookups.byId.meanUs / lookups.ping.meanUs, undefined, {
      p50: lookups.byId.p50Us / lookups.ping.p50Us,
      rounds: lookups.idRoundRatios,
    }),
    findByIndexVsPing: ratio(
      lookups.byIndex.meanUs / lookups.ping.meanUs,
      'not an issue target; same bar as find by _id',
      { p50: lookups.byIndex.p50Us / lookups.ping.p50Us, rounds: lookups.indexRoundRatios },
    ),
    groupVsMingo: ratio(group.engineMedianMs / group.mingoMedianMs),
  };
  return {
    floor,
    insertOne,
    insertOneConcurrent,
    insertOneVsFloor: insertOne.opsPerSec / floor.syncPerSec,
    memory,
    insertMany,
    ping: lookups.ping,
    findById: lookups.byId,
    findByIndex: lookups.byIndex,
    findByScan: lookups.byScan,
    group,
    ratios,
  };
}

function render(r: Results, env: Record<string, string>, peakRss: number, totalMs: number): string {
  const lat = (s: LatencyStats) =>
    `mean ${fixed(s.meanUs)} µs, p50 ${fixed(s.p50Us)} µs, p99 ${fixed(s.p99Us)} µs, n=${int(s.ops)}`;
  const range = (runs: number[]) => {
    const s = [...runs].sort((a, b) => a - b);
    return `median of ${s.length} (${fixed(s[0])}..${fixed(quantile(s, 1))} ms)`;
  };
  const ops: Row[] = [
    ['insertOne, acknowledged, sequential', int(r.insertOne.opsPerSec), 'ops/s', lat(r.insertOne)],
    [
      `insertOne, acknowledged, ${CONCURRENT_CLIENTS} concurrent loops`,
      int(r.insertOneConcurrent.opsPerSec),
      'ops/s',
      lat(r.insertOneConcurrent),
    ],
    [
      'floor: write + fdatasync, sync calls (as the journal)',
      int(r.floor.syncPerSec),
      'ops/s',
      `${lat(r.floor.sync)}; async API: ${int(r.floor.asyncPerSec)} ops/s; same disk, same run`,
    ],
    [
      'extra: write + fdatasync into preallocated space',
      int(r.floor.overwriteSyncPerSec),
      'ops/s',
      `as the engine's preallocated journal flushes (no new file length to commit); insertOne is ${fixed((r.insertOne.opsPerSec / r.floor.overwriteSyncPerSec) * 100)}% of it`,
    ],
    [
      'insertOne sequential: CPU per insert',
      fixed(r.insertOne.cpuUsPerOp),
      'µs',
      'user + system of this process (driver, engine, fdatasync calls) / inserts',
    ],
    [
      'insertOne sequential: disk work per insert',
      diskWork(r.insertOne.disk),
      '',
      `floor pairs: appending ${diskWork(r.floor.appendDisk)}, preallocated ${diskWork(r.floor.overwriteDisk)} (the whole disk's counters: other processes add to them)`,
    ],
    [
      'insertOne sequential / fdatasync floor',
      `${fixed(r.insertOneVsFloor * 100)}%`,
      '>= 50%',
      `${r.insertOneVsFloor >= 0.5 ? 'PASS' : 'UNDER'}; ${fixed((r.insertOne.opsPerSec / r.floor.asyncPerSec) * 100)}% of the async floor; concurrent: ${fixed((r.insertOneConcurrent.opsPerSec / r.floor.syncPerSec) * 100)}% of the floor`,
    ],
    (() => {
      // An acknowledged write cannot take less than a round trip and a flush: what the target's
      // 50% means against this disk and this protocol path.
      const boundUs = r.ping.meanUs + r.floor.sync.meanUs;
      const boundPerSec = 1e6 / boundUs;
      return [
        'bound: ping round trip + one fdatasync',
        int(boundPerSec),
        'ops/s',
        `mean ${fixed(r.ping.meanUs)} + ${fixed(r.floor.sync.meanUs)} µs: ${fixed((boundPerSec / r.floor.syncPerSec) * 100)}% of the floor at most, for a write of no cost; insertOne is ${fixed((r.insertOne.opsPerSec / boundPerSec) * 100)}% of it`,
      ] as Row;
    })(),
    [
      `memory: ${int(r.memory.docs)} rating documents`,
      mib(r.memory.heapBytes),
      'heap',
      `RSS +${mib(r.memory.rssBytes)}; ${int(r.memory.bsonBytesPerDoc)} B of BSON each (${mib(r.memory.bsonBytesPerDoc * r.memory.docs)} in all), 3 indexes`,
    ],
    [
      `insertMany ${int(r.insertMany.docs)} docs`,
      fixed(r.insertMany.medianMs),
      'ms',
      `${int(r.insertMany.docsPerSec)} docs/s, ${range(r.insertMany.runsMs)}`,
    ],
    ['findOne({_id})', int(r.findById.opsPerSec), 'ops/s', lat(r.findById)],
    ['findOne({email}), unique index', int(r.findByIndex.opsPerSec), 'ops/s', lat(r.findByIndex)],
    [
      `$group over ${int(r.group.docs)} docs (engine)`,
      fixed(r.group.engineMedianMs),
      'ms',
      `${range(r.group.engineRunsMs)}, ${r.group.groups} groups`,
    ],
    ['floor: ping round trip', int(r.ping.opsPerSec), 'ops/s', lat(r.ping)],
    [`floor: same $group, mingo in memory`, fixed(r.group.mingoMedianMs), 'ms', range(r.group.mingoRunsMs)],
    ['extra: findOne({name}), no index (scan)', int(r.findByScan.opsPerSec), 'ops/s', lat(r.findByScan)],
    [
      `extra: load ${int(r.group.docs)} docs for $group`,
      fixed(r.group.load.ms),
      'ms',
      `${int(r.group.load.docsPerSec)} docs/s, insertMany x10`,
    ],
  ];
  const ratioRow = (name: string, x: ReturnType<typeof ratio>): Row => [
    name,
    `${fixed(x.value, 2)}x`,
    `<= ${x.target}x`,
    x.pass ? 'PASS' : 'OVER',
    [
      x.p50 !== undefined ? `p50/p50 ${fixed(x.p50, 2)}x` : '',
      x.roundsMin !== undefined ? `rounds ${fixed(x.roundsMin, 2)}x..${fixed(x.roundsMax ?? NaN, 2)}x` : '',
      x.note ?? '',
    ]
      .filter(Boolean)
      .join('; '),
  ];
  const ratios: Row[] = [
    ratioRow('findOne({_id}) mean / ping mean', r.ratios.findByIdVsPing),
    ratioRow('findOne({email}) mean / ping mean', r.ratios.findByIndexVsPing),
    ratioRow('$group engine / mingo (medians)', r.ratios.groupVsMingo),
  ];
  return [
    `Embedded engine benchmark: mongodb driver ${env.driver} -> embedded engine in this process`,
    `node ${env.node} ${env.platform}, mingo ${env.mingo}, dbPath on ${env.fs} (temporary, removed)`,
    env.load,
    ...(env.fsWarning ? [env.fsWarning] : []),
    ...(env.loadWarning ? [env.loadWarning] : []),
    '',
    table(['operation', 'result', 'unit', 'detail'], ops, 'lrll'),
    '',
    table(['ratio', 'value', 'target', 'status', 'detail'], ratios, 'lrrll'),
    '',
    r.group.resultsMatch
      ? '$group results: engine and mingo agree'
      : '$group results: MISMATCH between engine and mingo',
    `peak RSS ${mib(peakRss)} (engine, driver and benchmark data in one process); total ${fixed(totalMs / 1000)} s`,
  ].join('\n');
}

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
