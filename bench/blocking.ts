/**
 * `npm run bench:blocking`: does one manager's report stall everyone else? The real app in its own
 * process (bench/app-server.ts on the shared bootstrap) with a position of 5,000 rated candidates
 * (120,000 ratings, bench/lib/results-seed.ts) owned by the run's manager, and an interview whose
 * panelist saves a rating every 20 ms (`POST /interviews/:id/ratings/:sectionId`) while its chair
 * listens on the board's event stream (`GET /interviews/:id/events`). Phase 1, the floor of the same
 * run: saves and events alone. Phase 2: the same while the manager opens the large position's
 * results dashboard back to back (`GET /positions/:id/dashboard`). Prints save (request -> answer)
 * and event (request -> the chair's `progress` event) p50/p95/p99/max for both phases, the
 * dashboard's latency, and the load average. The clients run in this process, the app (and its
 * engine, in its own process unless `--engine inprocess`) in theirs.
 *
 *   npm run bench:blocking                         5,000 candidates, 6 s per phase
 *   npm run bench:blocking -- --engine inprocess   the engine on the app's event loop
 *   npm run bench:blocking -- --web-concurrency 2  two app processes on one engine
 *   npm run bench:blocking -- --candidates 1000 --seconds 8
 *
 * Exit code 0 when every save answered 200 and its event arrived, 1 otherwise.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ENGINE_MODES, type EngineMode } from './lib/app-boot.js';
import { median, quantile } from './lib/measure.js';
import { fixed, int, table, type Row } from './lib/report.js';
import { keepAliveAgent, openEventStream, type HttpClient } from './live-http.js';
import { describeAppProcesses, startLoadApp, type LoadApp } from './load-app.js';

const { values: args } = parseArgs({
  options: {
    candidates: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '6' },
    engine: { type: 'string', default: 'process' },
    'web-concurrency': { type: 'string', default: '1' },
  },
});
const CANDIDATES = Math.max(1, Math.round(Number(args.candidates)));
const PHASE_MS = Math.max(1, Number(args.seconds)) * 1000;
const WEB_CONCURRENCY = Math.max(1, Math.round(Number(args['web-concurrency'])));
const ENGINE = args.engine as EngineMode;
if (![CANDIDATES, PHASE_MS, WEB_CONCURRENCY].every(Number.isFinite))
  throw new Error('--candidates, --seconds and --web-concurrency take numbers');
if (!ENGINE_MODES.includes(ENGINE)) throw new Error(`--engine takes ${ENGINE_MODES.join(' or ')}`);
const SAVE_EVERY_MS = 20;
const EVENT_TIMEOUT_MS = 10_000;
const HARD_LIMIT_MS = 600_000;

const runStart = performance.now();
const progress = (msg: string) =>
  process.stderr.write(`[bench:blocking ${((performance.now() - runStart) / 1000).toFixed(1)}s] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Phase {
  saves: number[];
  events: number[];
  reports: number[];
  errors: Map<string, number>;
  missed: number;
}

function countError(p: Phase, what: string): void {
  p.errors.set(what, (p.errors.get(what) ?? 0) + 1);
}

/**
 * The chair's stream: each `progress` event of the panelist resolves the oldest save in flight for
 * its section (one process publishes a section's events in the order of its saves).
 */
class ChairBoard {
  readonly waiting = new Map<string, ((at: number) => void)[]>();

  expect(section: string): Promise<number> {
    return new Promise((resolve) => {
      const queue = this.waiting.get(section) ?? [];
      queue.push(resolve);
      this.waiting.set(section, queue);
    });
  }

  arrived(section: string, at: number): void {
    this.waiting.get(section)?.shift()?.(at);
  }
}

/** The panelist's saves every 20 ms and their events for `ms`; the dashboard back to back when asked. */
async function phase(
  live: LoadApp,
  board: ChairBoard,
  panelist: HttpClient,
  manager: HttpClient,
  ms: number,
  withDashboard: boolean,
): Promise<Phase> {
  const result: Phase = { saves: [], events: [], reports: [], errors: new Map(), missed: 0 };
  const { data } = live;
  const { resultsPositionId } = live.child.ready;
  const interview = data.interviews[0].id;
  const until = performance.now() + ms;
  const eventsDone: Promise<void>[] = [];
  const saver = (async () => {
    for (let i = 0; performance.now() < until; i++) {
      const section = data.sections[i % data.sections.length];
      const value = data.points[i % data.points.length];
      const arrived = board.expect(section);
      const t0 = performance.now();
      try {
        const res = await panelist.request('POST', `/interviews/${interview}/ratings/${section}`, {
          body: JSON.stringify({ value, note: `Save ${i} during the blocking bench.` }),
          headers: { accept: 'application/json', 'x-csrf-token': panelist.csrf },
        });
        if (res.status !== 200) countError(result, `save answered ${res.status}`);
        else result.saves.push(performance.now() - t0);
      } catch (e) {
        countError(result, `save failed: ${(e as Error).message}`);
      }
      let timer: NodeJS.Timeout | undefined;
      eventsDone.push(
        Promise.race([
          arrived,
          new Promise<number>((r) => (timer = setTimeout(() => r(-1), EVENT_TIMEOUT_MS))),
        ]).then((at) => {
          clearTimeout(timer);
          if (at < 0) result.missed++;
          else result.events.push(at - t0);
        }),
      );
      await sleep(Math.max(0, SAVE_EVERY_MS - (performance.now() - t0)));
    }
  })();
  const reporter = (async () => {
    while (withDashboard && performance.now() < until) {
      const t0 = performance.now();
      const res = await manager.request('GET', `/positions/${resultsPositionId}/dashboard`);
      if (res.status !== 200) countError(result, `dashboard answered ${res.status}`);
      else result.reports.push(performance.now() - t0);
    }
  })();
  await Promise.all([saver, reporter]);
  await Promise.all(eventsDone);
  return result;
}

function stats(label: string, xs: number[]): Row {
  const s = Float64Array.from(xs).sort();
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

async function main(): Promise<number> {
  let live: LoadApp | undefined;
  const hardLimit = setTimeout(() => {
    progress(`still running after ${HARD_LIMIT_MS / 1000} s: giving up`);
    void Promise.resolve(live?.close()).finally(() => process.exit(1));
    setTimeout(() => process.exit(1), 5_000).unref();
  }, HARD_LIMIT_MS);
  hardLimit.unref();
  let stream: { close(): void } | undefined;
  try {
    live = await startLoadApp({
      name: 'blocking',
      engine: ENGINE,
      webConcurrency: WEB_CONCURRENCY,
      data: {
        candidates: 1,
        interviews: 1,
        panelSize: 2,
        competencies: 6,
        referencesPerCandidate: 0,
        tag: 'blocking',
      },
      resultsCandidates: CANDIDATES,
      managerSessions: 1,
      progress,
    });
    progress(describeAppProcesses(live, ENGINE));
    const [chair, member] = live.data.interviews[0].panel;
    const board = new ChairBoard();
    stream = await openEventStream(
      live.port,
      `/interviews/${live.data.interviews[0].id}/events`,
      live.panelists.get(chair.id)!.cookieHeader(),
      (e) => {
        if (e.type !== 'progress') return;
        const d = JSON.parse(e.data) as { panelist?: string; section?: string };
        if (d.panelist === member.id && d.section) board.arrived(d.section, e.at);
      },
    );
    const panelist = live.panelists.get(member.id)!;
    const manager = live.managers[0];

    progress('warm-up: one dashboard (builds the summaries) and 1 s of saves');
    const first = performance.now();
    const warm = await manager.request('GET', `/positions/${live.child.ready.resultsPositionId}/dashboard`);
    if (warm.status !== 200) throw new Error(`the dashboard answered ${warm.status}`);
    const firstDashboardMs = performance.now() - first;
    await phase(live, board, panelist, manager, 1000, false);

    const loadBefore = os.loadavg()[0];
    progress(`phase 1: saves and events alone, ${PHASE_MS / 1000} s`);
    const alone = await phase(live, board, panelist, manager, PHASE_MS, false);
    progress(`phase 2: the same while the manager opens the dashboard back to back, ${PHASE_MS / 1000} s`);
    const busy = await phase(live, board, panelist, manager, PHASE_MS, true);
    const loadAfter = os.loadavg()[0];

    const p99 = (xs: number[]) => quantile(Float64Array.from(xs).sort(), 0.99);
    console.log(
      `bench:blocking: ${int(CANDIDATES)} candidates (${int(CANDIDATES * 24)} ratings) on the dashboard's position; a save every ${SAVE_EVERY_MS} ms, its event on the chair's stream`,
    );
    console.log(describeAppProcesses(live, ENGINE));
    console.log(
      `node ${process.version}, ${os.availableParallelism()} CPUs, 1-min load average ${fixed(loadBefore, 2)} before, ${fixed(loadAfter, 2)} after (other work on the machine falls on both phases)`,
    );
    console.log('');
    console.log(
      table(
        ['what (ms)', 'n', 'p50', 'p95', 'p99', 'max'],
        [
          stats('save, alone (floor)', alone.saves),
          stats('save, during the dashboard', busy.saves),
          stats('event, alone (floor)', alone.events),
          stats('event, during the dashboard', busy.events),
          stats('dashboard (page 1)', busy.reports),
        ],
        'lrrrrr',
      ),
    );
    console.log('');
    console.log(
      `p99 during the dashboard / alone: save ${fixed(p99(busy.saves) / p99(alone.saves), 1)}x, event ${fixed(p99(busy.events) / p99(alone.events), 1)}x; dashboard median ${fixed(median(busy.reports))} ms (first, building the summaries: ${fixed(firstDashboardMs)} ms)`,
    );
    for (const [name, p] of [['alone', alone] as const, ['during the dashboard', busy] as const]) {
      for (const [what, n] of p.errors) console.log(`  ${name}: ${n} x ${what}`);
      if (p.missed) console.log(`  ${name}: ${p.missed} events did not arrive within ${EVENT_TIMEOUT_MS} ms`);
    }
    const failed = [alone, busy].some((p) => p.errors.size || p.missed);
    return failed ? 1 : 0;
  } finally {
    stream?.close();
    keepAliveAgent.destroy();
    await live?.close();
    clearTimeout(hardLimit);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(`bench:blocking failed: ${(e as Error).stack ?? e}`);
    process.exitCode = 1;
  },
);
