/** bench:db (db.bench.ts): the tables it prints. */
import os from 'node:os';
import type { Results, ratio } from './db-run.js';
import { CONCURRENT_CLIENTS, type benchInsertOne } from './db-writes.js';
import type { fdatasyncFloor } from './durability.js';
import { quantile, type LatencyStats } from './measure.js';
import { fixed, int, mib, table, type Row } from './report.js';

/** "3.02 writes + 1.00 flushes" per operation, or a note when the disk has no counters. */
function diskWork(d: { writes: number; flushes: number } | null): string {
  return d ? `${fixed(d.writes, 2)} writes + ${fixed(d.flushes, 2)} flushes` : 'no block-device counters';
}

/** The table of --insert-only: sequential insertOne beside the disk's floors. */
export function renderInsertOnly(
  insertOne: Awaited<ReturnType<typeof benchInsertOne>>,
  floor: Awaited<ReturnType<typeof fdatasyncFloor>>,
): string {
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

export function render(r: Results, env: Record<string, string>, peakRss: number, totalMs: number): string {
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
