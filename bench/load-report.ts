/** The printed report of `npm run bench:load`: tables per route, per kind and overall, ratios, CPU, memory. */
import os from 'node:os';
import type { MemoryPeak, ProcessPeaks } from './lib/child-memory.js';
import { quantile } from './lib/measure.js';
import { fixed, int, mib, table, type Row } from './lib/report.js';
import { KINDS, type Kind, type Recorder } from './load-workers.js';

export interface Report {
  clients: Record<'managers' | 'panelists' | 'references', number>;
  data: {
    candidates: number;
    interviews: number;
    panel: number;
    competencies: number;
    links: number;
    used: number;
  };
  /** Which processes serve the app (describeAppProcesses). */
  processes: string;
  /** 1-minute load average before and after the measured rounds. */
  load: [number, number];
  app: Recorder;
  floor: Recorder;
  /** The same bare route with one database command per request (bench/load-floor.ts). */
  dbFloor: Recorder;
  /** Peaks per phase of each app process (workers, primary, engine) and of the floor's. */
  appMemory: ProcessPeaks[];
  floorMemory: ProcessPeaks[];
  dbFloorMemory: ProcessPeaks[];
  /** The clients' CPU (this process) during each side's rounds, ms. */
  clientCpuMs: Record<'app' | 'floor' | 'floor-db', number>;
  /** Seconds into the run when the reference links ran out, if they did. */
  exhaustedAtS?: number;
}

interface Figures {
  requests: number;
  perSec: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

function figures(latencies: number[], errors: number, elapsedMs: number): Figures {
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: sorted.length,
    perSec: sorted.length / (elapsedMs / 1000),
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    errors,
  };
}

function pick(rec: Recorder, kind?: Kind): Figures {
  const routes = [...rec.routes.values()].filter((r) => !kind || r.kind === kind);
  return figures(
    routes.flatMap((r) => r.latencies),
    routes.reduce((n, r) => n + r.errors, 0),
    rec.elapsedMs,
  );
}

const row = (label: string, f: Figures): Row => [
  label,
  int(f.requests),
  fixed(f.perSec, 0),
  fixed(f.p50, 1),
  fixed(f.p95, 1),
  fixed(f.p99, 1),
  int(f.errors),
];

const KIND_LABEL: Record<Kind, string> = {
  manager: 'managers browsing (all pages)',
  panelist: 'panelists autosaving',
  reference: 'references answering (all steps)',
};

export function printReport(r: Report): void {
  const total = r.clients.managers + r.clients.panelists + r.clients.references;
  console.log(
    `bench:load: ${total} concurrent clients (${r.clients.managers} managers browsing, ${r.clients.panelists} panelists autosaving, ${r.clients.references} references answering), each sending its next request when the previous answers`,
  );
  console.log(
    `data: 1 position, ${r.data.candidates} candidates, ${r.data.interviews} interviews x ${r.data.panel} panelists, ${r.data.competencies} competencies; ${r.data.used} of ${r.data.links} reference links used; ${r.app.submitted} references submitted`,
  );
  console.log(
    `measured: app ${fixed(r.app.elapsedMs / 1000, 1)} s, floor ${fixed(r.floor.elapsedMs / 1000, 1)} s, database floor ${fixed(r.dbFloor.elapsedMs / 1000, 1)} s (alternating app, floor, database floor, twice)`,
  );
  console.log('');
  const header: Row = ['', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors'];
  const perRoute = [...r.app.routes.values()].map((s) =>
    row(`${s.kind}: ${s.route}`, figures(s.latencies, s.errors, r.app.elapsedMs)),
  );
  console.log(table(header, perRoute, 'lrrrrrr'));
  console.log('');
  const app = pick(r.app);
  const floor = pick(r.floor);
  const dbFloor = pick(r.dbFloor);
  const rows: Row[] = [
    ...KINDS.map((k) => row(KIND_LABEL[k], pick(r.app, k))),
    row('app, all requests', app),
    row('floor: bare Express route, same clients', floor),
    row('database floor: the route + 1 command', dbFloor),
  ];
  console.log(table(header, rows, 'lrrrrrr'));
  console.log('');
  console.log(
    `ratio app/floor: throughput ${fixed(app.perSec / floor.perSec, 2)}x, p50 ${fixed(app.p50 / floor.p50, 1)}x, p95 ${fixed(app.p95 / floor.p95, 1)}x, p99 ${fixed(app.p99 / floor.p99, 1)}x`,
  );
  console.log(
    `ratio database floor/floor: throughput ${fixed(dbFloor.perSec / floor.perSec, 2)}x (one read per GET, one acknowledged upsert per save, native driver, engine in its own process); app/database floor: throughput ${fixed(app.perSec / dbFloor.perSec, 2)}x`,
  );
  console.log(
    `load average (1 min): ${fixed(r.load[0], 2)} before the measured rounds, ${fixed(r.load[1], 2)} after; other work on the machine falls on both sides`,
  );
  console.log(r.processes);
  printCpu(r, 'app', r.appMemory, app.requests, r.app.elapsedMs);
  printCpu(r, 'floor', r.floorMemory, floor.requests, r.floor.elapsedMs);
  printCpu(r, 'floor-db', r.dbFloorMemory, dbFloor.requests, r.dbFloor.elapsedMs);
  printMemory(r.appMemory, 'app');
  printMemory(r.floorMemory, 'floor');
  printMemory(r.dbFloorMemory, 'floor-db');
  if (r.exhaustedAtS !== undefined)
    console.log(
      `note: the reference links ran out ${fixed(r.exhaustedAtS, 1)} s into the run; the reference clients stopped then`,
    );
  for (const [side, rec] of [
    ['app', r.app] as const,
    ['floor', r.floor] as const,
    ['database floor', r.dbFloor] as const,
  ])
    for (const [what, n] of rec.errorKinds) console.log(`  ${side} error: ${n} x ${what}`);
}

const SIDE_LABEL = { app: 'app', floor: 'floor', 'floor-db': 'database floor' } as const;

/**
 * CPU per request of each process of a side over its measured rounds (counted in the process, so
 * it is the work done, which a busy machine stretches far less than latency), and how busy each
 * was: a process near 100% of a core is what bounds that side's throughput.
 */
function printCpu(
  r: Report,
  side: 'app' | 'floor' | 'floor-db',
  processes: ProcessPeaks[],
  requests: number,
  elapsedMs: number,
): void {
  if (!requests || !elapsedMs) return;
  const parts = processes
    .filter((p) => p.cpuMs?.[side] !== undefined)
    .map((p) => ({ role: p.role, ms: p.cpuMs[side] }))
    .concat([{ role: 'clients', ms: r.clientCpuMs[side] }]);
  const text = parts.map(
    (p) => `${p.role} ${int((p.ms * 1000) / requests)} µs (busy ${fixed((100 * p.ms) / elapsedMs, 0)}%)`,
  );
  const total = parts.reduce((n, p) => n + p.ms, 0);
  console.log(
    `CPU per request, ${SIDE_LABEL[side]}: ${text.join(', ')}; all ${int((total * 1000) / requests)} µs (${fixed(total / elapsedMs, 2)} cores busy of ${os.cpus().length})`,
  );
}

const memoryOf = (p: MemoryPeak | undefined, rssOnly: boolean) =>
  p ? (rssOnly ? `RSS ${mib(p.rss)}` : `RSS ${mib(p.rss)}, heap used ${mib(p.heapUsed)}`) : 'n/a';

/** Peak memory of each server process while the app's load ran (and at set-up), measured in it. */
function printMemory(processes: ProcessPeaks[], side: 'app' | 'floor' | 'floor-db'): void {
  if (!processes.length) return void console.log(`peak memory (${side}): not reported`);
  for (const p of processes) {
    const rssOnly = p.role === 'engine';
    const during = memoryOf(p.peaks[side], rssOnly);
    const setUp = memoryOf(p.peaks['set-up'], rssOnly);
    console.log(`peak memory, ${p.role} (pid ${p.pid}): under load ${during}; set-up ${setUp}`);
  }
  if (side === 'app' && processes.length > 1) {
    const total = processes.reduce((n, p) => n + (p.peaks.app?.rss ?? 0), 0);
    console.log(`peak memory, app and engine processes together (sum of their peaks): RSS ${mib(total)}`);
  }
}
