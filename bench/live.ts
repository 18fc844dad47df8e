/**
 * `npm run bench:live`: how long a panelist's autosave takes to show on the chair's board.
 *
 *   npm run bench:live                      20 interviews x 4 panelists, 12 saves each, 700 ms apart
 *   npm run bench:live -- --saves 24        measured saves per panelist (warm-up apart)
 *   npm run bench:live -- --think 0         mean pause between a panelist's saves, ms (0: back to back)
 *   npm run bench:live -- --seconds 60      time bound per side for the measured saves (default 30)
 *   npm run bench:live -- --engine inprocess the engine on the app's event loop (default: its own process)
 *   npm run bench:live -- --web-concurrency 2 two app processes (node:cluster) on one engine: a chair's
 *                                            stream and a panelist's save may land on different ones
 *
 * The real app in its own process (bench/app-server.ts on the shared bootstrap
 * bench/lib/app-boot.ts: the embedded engine started as `npm start` starts it, createApp() with
 * the production settings on 127.0.0.1: sessions, CSRF, the panel checks, the rating write, the
 * event bus) with 20 interviews of 4 panelists each: every panelist signs in through the login form with a cookie jar of their own, each
 * chair opens the interview's event stream (`GET /interviews/:id/events`), then all 80 panelists
 * autosave concurrently (`POST /interviews/:id/ratings/:sectionId`, JSON + X-CSRF-Token),
 * rotating over the six competencies. Between two saves a panelist pauses 700 ms on average
 * (0.4x to 1.6x), the scoring page's autosave debounce: 80 people typing at once. Each save is
 * timed from the moment its request is sent to the moment the chair's stream delivers the
 * `progress` event for that panelist and section; a panelist has one save in flight at a time
 * and waits for its event, so the match is exact.
 *
 * In the same run, with the same client code and the same shape (20 rooms x 4 senders, one
 * subscriber per room, the same saves and pauses), the floor, in its own process too: a bare Express app whose
 * `POST /echo/:room` writes the same kind of event to the room's SSE subscribers and answers (no
 * session, no database). Both sides are warmed up first; the measured saves alternate between
 * the sides in halves so that noise on the machine falls on all. A third side, the database echo,
 * is the same echo storing each save first (one acknowledged upsert through the native driver, on an
 * embedded engine in its own process): what any app that keeps the rating pays before the chair may
 * see it, so the report tells the price of the database from the app's own work. Prints count, p50, p95 and max
 * per side and the ratios app/baseline, and the load average. The clients run in this process,
 * the app and the floor each in their own, so neither side's figures include the clients' work.
 * Exit code: 0 when every save and event went through, 1 otherwise, 2 when the app has no
 * autosave route.
 *
 * Here: the arguments, the processes and the rounds; the boards and their timing in
 * lib/live-board.ts, the app's and the echoes' rooms in lib/live-targets.ts, the table in
 * lib/live-report.ts.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { prng } from './lib/data.js';
import type { FloorReady } from './floor-server.js';
import { ENGINE_MODES, type EngineMode } from './lib/app-boot.js';
import { forkServer, type ServerChild } from './lib/children.js';
import { Board, emptyResult, merge } from './lib/live-board.js';
import { printReport } from './lib/live-report.js';
import { INTERVIEWS, PANEL, appTarget, echoTarget } from './lib/live-targets.js';
import { describeAppProcesses, startLoadApp, type LoadApp } from './load-app.js';
import { keepAliveAgent } from './live-http.js';

const COMPETENCIES = 6;
/** The whole run is abandoned (exit 1) past this. */
const HARD_LIMIT_MS = 240_000;
/** Unmeasured saves per sender on each side before the measured ones. */
const WARM_UP = 2;

const { values: args } = parseArgs({
  options: {
    saves: { type: 'string', default: '12' },
    think: { type: 'string', default: '700' },
    seconds: { type: 'string', default: '30' },
    engine: { type: 'string', default: 'process' },
    'web-concurrency': { type: 'string', default: '1' },
  },
});
const SAVES = Math.max(2, Math.round(Number(args.saves)));
const THINK_MS = Math.max(0, Number(args.think));
const SIDE_LIMIT_MS = Math.max(1, Number(args.seconds)) * 1000;
const WEB_CONCURRENCY = Math.max(1, Math.round(Number(args['web-concurrency'])));
const ENGINE = args.engine as EngineMode;
if (![SAVES, THINK_MS, SIDE_LIMIT_MS, WEB_CONCURRENCY].every(Number.isFinite))
  throw new Error('--saves, --think, --seconds and --web-concurrency take numbers');
if (!ENGINE_MODES.includes(ENGINE)) throw new Error(`--engine takes ${ENGINE_MODES.join(' or ')}`);

const runStart = performance.now();
const progress = (msg: string) =>
  process.stderr.write(`[bench:live ${((performance.now() - runStart) / 1000).toFixed(1)}s] ${msg}\n`);

async function main(): Promise<number> {
  let echo: ServerChild<FloorReady> | undefined;
  let echoDb: ServerChild<FloorReady> | undefined;
  let live: LoadApp | undefined;
  const hardLimit = setTimeout(() => {
    progress(`still running after ${HARD_LIMIT_MS / 1000} s: giving up`);
    // SIGTERM lets the children remove their temporary directories; exit kills what is left.
    void Promise.all([echo?.stop(), echoDb?.stop(), live?.close()]).finally(() => process.exit(1));
    setTimeout(() => process.exit(1), 5_000).unref();
  }, HARD_LIMIT_MS);
  hardLimit.unref();

  const boards: Board[] = [];
  try {
    const setupStart = performance.now();
    live = await startLoadApp({
      name: 'live',
      engine: ENGINE,
      webConcurrency: WEB_CONCURRENCY,
      // One candidate per interview, no references: the live board's data only.
      data: {
        candidates: INTERVIEWS,
        interviews: INTERVIEWS,
        panelSize: PANEL,
        competencies: COMPETENCIES,
        referencesPerCandidate: 0,
        tag: 'live',
      },
      managerSessions: 0,
      progress,
    });
    progress(describeAppProcesses(live, ENGINE));
    echo = await forkServer<FloorReady>('floor-server.ts', { kind: 'echo' });
    echoDb = await forkServer<FloorReady>('floor-server.ts', { kind: 'echo-db' });
    const appBoard = new Board(appTarget(live));
    const { sections, points } = live.data;
    const baseBoard = new Board(echoTarget(echo.ready, sections, points, 'baseline'));
    const dbBoard = new Board(echoTarget(echoDb.ready, sections, points, 'database echo'));
    boards.push(baseBoard, dbBoard, appBoard);
    await Promise.all(boards.map((b) => b.open()));
    progress(
      `set-up ${((performance.now() - setupStart) / 1000).toFixed(1)} s; ${boards.length * INTERVIEWS} streams open`,
    );

    // Is the autosave route there? One save and its event before anything else.
    const probe = emptyResult();
    await appBoard.saveOnce(appBoard.target.rooms[0], 0, 0, prng(99), probe);
    if (probe.errors.size || probe.missed) {
      const why = [...probe.errors.keys()][0] ?? 'no progress event on the chair’s stream';
      console.log(`bench:live: the app side cannot run: the first autosave failed (${why}).`);
      if (/status 404/.test(why))
        console.log('POST /interviews/:id/ratings/:sectionId is not mounted (src/features/scoring).');
      return 2;
    }

    progress(`warm-up: ${WARM_UP} saves per sender on each side`);
    await baseBoard.run(0, WARM_UP, THINK_MS / 4, 1);
    await dbBoard.run(0, WARM_UP, THINK_MS / 4, 3);
    await appBoard.run(0, WARM_UP, THINK_MS / 4, 2);

    // Measured: halves alternate baseline, database echo, app, twice.
    const half = Math.ceil(SAVES / 2);
    const loadBefore = os.loadavg()[0];
    let base = emptyResult();
    let withDb = emptyResult();
    let app = emptyResult();
    for (let h = 0; h < 2; h++) {
      const from = WARM_UP + h * half;
      const n = h === 0 ? half : SAVES - half;
      progress(`round ${h + 1}/2: baseline, ${n} saves per sender`);
      base = merge(
        base,
        await baseBoard.run(from, n, THINK_MS, 10 + h, performance.now() + SIDE_LIMIT_MS / 2),
      );
      progress(`round ${h + 1}/2: database echo, ${n} saves per sender`);
      withDb = merge(
        withDb,
        await dbBoard.run(from, n, THINK_MS, 20 + h, performance.now() + SIDE_LIMIT_MS / 2),
      );
      progress(`round ${h + 1}/2: app, ${n} saves per sender`);
      app = merge(app, await appBoard.run(from, n, THINK_MS, 10 + h, performance.now() + SIDE_LIMIT_MS / 2));
    }

    printReport({
      live,
      engine: ENGINE,
      saves: SAVES,
      warmUp: WARM_UP,
      thinkMs: THINK_MS,
      sideLimitMs: SIDE_LIMIT_MS,
      loadBefore,
      sides: [
        { name: 'baseline', result: base, board: baseBoard },
        { name: 'database echo', result: withDb, board: dbBoard },
        { name: 'app', result: app, board: appBoard },
      ],
    });
    return [base, withDb, app].some((r) => r.errors.size || r.missed) ? 1 : 0;
  } finally {
    for (const board of boards) board.close();
    keepAliveAgent.destroy();
    await Promise.all([echo?.stop(), echoDb?.stop(), live?.close()]);
    clearTimeout(hardLimit);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
