/**
 * `npm run bench:load`: the app under a mixed load, beside a bare Express route as the floor.
 *
 *   npm run bench:load                       20 s of load on the app (5 s on the floor), 36 clients
 *   npm run bench:load -- --seconds 60       measured seconds on the app (the floor gets a quarter)
 *   npm run bench:load -- --managers 8 --references 16 --interviews 10
 *   npm run bench:load -- --max-requests 50000
 *   npm run bench:load -- --engine inprocess the engine on the app's event loop (default: its own process)
 *   npm run bench:load -- --web-concurrency 2 two app processes (node:cluster) on one engine
 *
 * The real app (bench/app-server.ts in its own process: the shared bootstrap bench/lib/app-boot.ts,
 * the embedded engine started as `npm start` starts it, createApp() with the production settings
 * on 127.0.0.1: sessions, CSRF, permissions, the services, the cached views) with one position, its
 * published guide, 20 candidates, `--interviews` interviews of 4 panelists, and reference links
 * sent through the outbox. Clients (see bench/load-workers.ts), in this process: managers browsing
 * dashboards, candidate, board and reference pages; every panelist autosaving; references opening
 * their link, saving twice and submitting. Each client sends its next request when the previous
 * answers (closed loop), so the concurrency is the number of clients. The floor: the same clients
 * and requests against one bare Express route (bench/load-floor.ts), in its own process too, so app
 * and floor are measured the same way. Runs alternate app, floor, app, floor after a warm-up of
 * both, so that noise on the machine falls on both.
 *
 * Prints per route, per kind and overall: requests, throughput, p50/p95/p99 latency and errors (any
 * status other than the one the route answers when all is well, or no answer), the floor's figures
 * and the ratios, the load average, and the peak RSS and heap of the app's processes (each
 * measured in the process itself, the engine's RSS from /proc) and of the floor's. Bounded by time
 * and by request count (`--max-requests`), and by a hard limit; Ctrl-C stops the clients and still
 * reports. Its child processes stop with it and remove their temporary directory. Exit code 0 when no request failed, 1 otherwise (or when interrupted).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { HttpClient, keepAliveAgent } from './live-http.js';
import type { FloorReady } from './floor-server.js';
import { ENGINE_MODES, type EngineMode } from './lib/app-boot.js';
import { forkServer, type ServerChild } from './lib/children.js';
import { describeAppProcesses, startLoadApp, type LoadApp } from './load-app.js';
import { printReport } from './load-report.js';
import {
  interruptRuns,
  managerWorker,
  panelistWorker,
  Recorder,
  ReferencePool,
  referenceWorker,
  type Run,
} from './load-workers.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    managers: { type: 'string', default: '4' },
    interviews: { type: 'string', default: '6' },
    references: { type: 'string', default: '8' },
    'max-requests': { type: 'string', default: '200000' },
    engine: { type: 'string', default: 'process' },
    'web-concurrency': { type: 'string', default: '1' },
  },
});
const num = (v: string | undefined, min: number) => Math.max(min, Math.round(Number(v)));
const SECONDS = Math.max(2, Number(args.seconds));
const MANAGERS = num(args.managers, 1);
const INTERVIEWS = num(args.interviews, 1);
const REFERENCE_CLIENTS = num(args.references, 1);
const MAX_REQUESTS = num(args['max-requests'], 100);
const WEB_CONCURRENCY = num(args['web-concurrency'], 1);
const ENGINE = args.engine as EngineMode;
if (![SECONDS, MANAGERS, INTERVIEWS, REFERENCE_CLIENTS, MAX_REQUESTS, WEB_CONCURRENCY].every(Number.isFinite))
  throw new Error(
    '--seconds, --managers, --interviews, --references, --max-requests and --web-concurrency take numbers',
  );
if (!ENGINE_MODES.includes(ENGINE)) throw new Error(`--engine takes ${ENGINE_MODES.join(' or ')}`);
const PANEL = 4;
const COMPETENCIES = 6;
const CANDIDATES = Math.max(20, INTERVIEWS);
/**
 * Reference links to create (each takes a few database writes to send, which is set-up time): one
 * per reference client and second of load, several times what a client answered per second on a
 * 2-core machine. The report says so if they ran out.
 */
const REFERENCE_LINKS = Math.ceil(REFERENCE_CLIENTS * (SECONDS + 3));
const HARD_LIMIT_MS = 120_000 + SECONDS * 4_000;

const runStart = performance.now();
const progress = (msg: string) =>
  process.stderr.write(`[bench:load ${((performance.now() - runStart) / 1000).toFixed(1)}s] ${msg}\n`);

type Worker = (run: Run) => Promise<void>;

function appWorkers(live: LoadApp, pool: ReferencePool, exhausted: () => void): Worker[] {
  const { data } = live;
  return [
    ...live.managers.map((c, m) => managerWorker(data, c, m)),
    ...data.interviews.flatMap((i) =>
      i.panel.map((p, s) => panelistWorker(data, live.panelists.get(p.id)!, i.id, s)),
    ),
    ...Array.from({ length: REFERENCE_CLIENTS }, () => referenceWorker(live.port, pool, exhausted)),
  ];
}

function floorWorkers(live: LoadApp, floor: FloorReady, pool: ReferencePool): Worker[] {
  const { data } = live;
  const client = () => new HttpClient(floor.port);
  return [
    ...live.managers.map((_c, m) => managerWorker(data, client(), m)),
    ...data.interviews.flatMap((i) => i.panel.map((_p, s) => panelistWorker(data, client(), i.id, s))),
    ...Array.from({ length: REFERENCE_CLIENTS }, () => referenceWorker(floor.port, pool, () => undefined)),
  ];
}

async function runPhase(
  workers: Worker[],
  recorder: Recorder,
  seconds: number,
  floor: boolean,
  limit: number,
): Promise<void> {
  const started = performance.now();
  const run: Run = { recorder, deadline: started + seconds * 1000, maxRequests: limit, floor };
  await Promise.all(workers.map((w) => w(run)));
  recorder.elapsedMs += performance.now() - started;
}

async function main(): Promise<number> {
  let live: LoadApp | undefined;
  let floor: ServerChild<FloorReady> | undefined;
  let dbFloor: ServerChild<FloorReady> | undefined;
  const hardLimit = setTimeout(() => {
    progress(`still running after ${HARD_LIMIT_MS / 1000} s: giving up`);
    // SIGTERM lets the children remove their temporary directories; exit kills what is left.
    void Promise.all([floor?.stop(), dbFloor?.stop(), live?.close()]).finally(() => process.exit(1));
    setTimeout(() => process.exit(1), 5_000).unref();
  }, HARD_LIMIT_MS);
  hardLimit.unref();
  let interrupted = false;
  process.once('SIGINT', () => {
    progress('interrupted: stopping the clients');
    interrupted = true;
    interruptRuns();
  });
  try {
    live = await startLoadApp({
      name: 'load',
      engine: ENGINE,
      webConcurrency: WEB_CONCURRENCY,
      data: {
        candidates: CANDIDATES,
        interviews: INTERVIEWS,
        panelSize: PANEL,
        competencies: COMPETENCIES,
        referencesPerCandidate: Math.ceil(REFERENCE_LINKS / CANDIDATES),
      },
      managerSessions: MANAGERS,
      progress,
    });
    progress(describeAppProcesses(live, ENGINE));
    floor = await forkServer<FloorReady>('floor-server.ts', { kind: 'load' });
    dbFloor = await forkServer<FloorReady>('floor-server.ts', { kind: 'load-db' });
    const pool = new ReferencePool(live.data.references);
    const floorPool = new ReferencePool(live.data.references);
    const dbFloorPool = new ReferencePool(live.data.references);
    let exhaustedAt: number | undefined;
    const exhausted = () => (exhaustedAt ??= performance.now() - runStart);
    const app = appWorkers(live, pool, exhausted);
    const base = floorWorkers(live, floor.ready, floorPool);
    const withDb = floorWorkers(live, dbFloor.ready, dbFloorPool);
    progress(`set-up done; ${app.length} clients`);
    const slot = (name: string) => {
      live!.child.slot(name);
      floor!.slot(name);
      dbFloor!.slot(name);
    };

    progress('warm-up: 2 s app, 1 s floor, 1 s database floor');
    slot('warm-up');
    await runPhase(app, new Recorder(), 2, false, MAX_REQUESTS);
    await runPhase(base, new Recorder(), 1, true, MAX_REQUESTS);
    await runPhase(withDb, new Recorder(), 1, true, MAX_REQUESTS);

    const appRec = new Recorder();
    const floorRec = new Recorder();
    const dbFloorRec = new Recorder();
    const loadBefore = os.loadavg()[0];
    // The clients' own CPU per side (this process), as the servers count theirs per phase.
    const clientCpuMs = { app: 0, floor: 0, 'floor-db': 0 };
    const counted = async (side: keyof typeof clientCpuMs, run: () => Promise<void>) => {
      slot(side);
      const before = process.cpuUsage();
      await run();
      const used = process.cpuUsage(before);
      clientCpuMs[side] += (used.user + used.system) / 1000;
    };
    for (let half = 1; half <= 2; half++) {
      progress(`round ${half}/2: app ${SECONDS / 2} s`);
      await counted('app', () => runPhase(app, appRec, SECONDS / 2, false, (MAX_REQUESTS * half) / 2));
      progress(`round ${half}/2: floor ${SECONDS / 8} s`);
      await counted('floor', () => runPhase(base, floorRec, SECONDS / 8, true, (MAX_REQUESTS * half) / 2));
      progress(`round ${half}/2: database floor ${SECONDS / 8} s`);
      await counted('floor-db', () =>
        runPhase(withDb, dbFloorRec, SECONDS / 8, true, (MAX_REQUESTS * half) / 2),
      );
      slot('between');
    }

    printReport({
      clients: { managers: MANAGERS, panelists: INTERVIEWS * PANEL, references: REFERENCE_CLIENTS },
      data: {
        candidates: CANDIDATES,
        interviews: INTERVIEWS,
        panel: PANEL,
        competencies: live.data.sections.length,
        links: live.data.references.length,
        used: pool.used,
      },
      processes: describeAppProcesses(live, ENGINE),
      load: [loadBefore, os.loadavg()[0]],
      app: appRec,
      floor: floorRec,
      dbFloor: dbFloorRec,
      appMemory: await live.child.peaks(),
      floorMemory: await floor.peaks(),
      dbFloorMemory: await dbFloor.peaks(),
      clientCpuMs,
      exhaustedAtS: exhaustedAt === undefined ? undefined : exhaustedAt / 1000,
    });
    const failed = [appRec, floorRec, dbFloorRec].some((rec) =>
      [...rec.routes.values()].some((r) => r.errors > 0),
    );
    if (interrupted) console.log('interrupted: the figures cover the part that ran');
    return failed || interrupted ? 1 : 0;
  } finally {
    keepAliveAgent.destroy();
    await Promise.all([floor?.stop(), dbFloor?.stop(), live?.close()]);
    clearTimeout(hardLimit);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(`bench:load failed: ${(e as Error).stack ?? e}`);
    process.exitCode = 1;
  },
);
