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
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { prng } from './lib/data.js';
import { median, quantile } from './lib/measure.js';
import type { FloorReady } from './floor-server.js';
import { ENGINE_MODES, type EngineMode } from './lib/app-boot.js';
import { forkServer, type ServerChild } from './lib/children.js';
import { describeAppProcesses, startLoadApp, type LoadApp } from './load-app.js';
import {
  HttpClient,
  keepAliveAgent,
  openEventStream,
  type HttpResponse,
  type SseStream,
} from './live-http.js';

const INTERVIEWS = 20;
const PANEL = 4;
const COMPETENCIES = 6;
const EVENT_TIMEOUT_MS = 5_000;
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
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sender {
  id: string;
  save(section: string, value: number, note: string): Promise<HttpResponse>;
}
interface Room {
  id: string;
  senders: Sender[];
  subscribe(onEvent: Parameters<typeof openEventStream>[3]): Promise<SseStream>;
}
interface Target {
  name: string;
  rooms: Room[];
  sections: string[];
  points: number[];
}

interface PhaseResult {
  /** Request sent -> event at the subscriber, ms. */
  event: number[];
  /** Request sent -> response complete, ms. */
  response: number[];
  elapsedMs: number;
  errors: Map<string, number>;
  missed: number;
  /** Senders stopped by the time bound before their last save. */
  cut: number;
}

const emptyResult = (): PhaseResult => ({
  event: [],
  response: [],
  elapsedMs: 0,
  errors: new Map(),
  missed: 0,
  cut: 0,
});

/** Opens the subscribers of a target and routes their `progress` events to the pending saves. */
class Board {
  readonly pending = new Map<string, (at: number) => void>();
  streams: SseStream[] = [];
  unexpected = 0;

  constructor(readonly target: Target) {}

  async open(): Promise<void> {
    this.streams = await Promise.all(
      this.target.rooms.map((room) =>
        room.subscribe((e) => {
          if (e.type !== 'progress') return;
          const d = JSON.parse(e.data) as { panelist?: string; section?: string };
          const key = `${room.id}|${d.panelist}|${d.section}`;
          const resolve = this.pending.get(key);
          if (!resolve) return void this.unexpected++;
          this.pending.delete(key);
          resolve(e.at);
        }),
      ),
    );
  }

  close(): void {
    for (const s of this.streams) s.close();
  }

  /** One save by `sender` (its `i`-th), then its event: latency recorded in `result`. */
  async saveOnce(room: Room, s: number, i: number, rand: () => number, result: PhaseResult): Promise<void> {
    const { sections, points } = this.target;
    const sender = room.senders[s];
    const section = sections[(i + s) % sections.length];
    const value = points[Math.floor(rand() * points.length)];
    const note = `Save ${i}: described the situation, the action taken and the result; ${'asked a probe about the outcome. '.repeat(1 + (i % 4))}`;
    const key = `${room.id}|${sender.id}|${section}`;
    if (this.pending.has(key)) throw new Error(`two saves in flight for ${key}`);
    const arrived = new Promise<number>((resolve) => this.pending.set(key, resolve));
    const t0 = performance.now();
    let res: HttpResponse;
    try {
      res = await sender.save(section, value, note);
    } catch (e) {
      this.pending.delete(key);
      return countError(result, (e as Error).message);
    }
    const t1 = performance.now();
    if (res.status !== 200) {
      this.pending.delete(key);
      return countError(result, `status ${res.status}: ${res.body.replace(/\s+/g, ' ').slice(0, 120)}`);
    }
    let timer: NodeJS.Timeout | undefined;
    const at = await Promise.race([
      arrived,
      new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), EVENT_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    if (at < 0) {
      this.pending.delete(key);
      result.missed++;
    } else result.event.push(at - t0);
    result.response.push(t1 - t0);
  }

  /**
   * Every sender makes `saves` saves starting at its `from`-th, one at a time, pausing `think` ms
   * on average between them (and starting at a random moment within the first pause). No sender
   * starts a save after `deadline` (performance.now()).
   */
  async run(
    from: number,
    saves: number,
    think: number,
    seed: number,
    deadline = Infinity,
  ): Promise<PhaseResult> {
    const result = emptyResult();
    const started = performance.now();
    await Promise.all(
      this.target.rooms.flatMap((room, r) =>
        room.senders.map(async (_sender, s) => {
          const rand = prng(seed * 1000 + r * 10 + s);
          if (think) await sleep(rand() * think);
          for (let i = from; i < from + saves; i++) {
            if (performance.now() > deadline) return void result.cut++;
            await this.saveOnce(room, s, i, rand, result);
            if (think) await sleep(think * (0.4 + 1.2 * rand()));
          }
        }),
      ),
    );
    result.elapsedMs = performance.now() - started;
    return result;
  }
}

function countError(result: PhaseResult, what: string): void {
  result.errors.set(what, (result.errors.get(what) ?? 0) + 1);
}

function merge(a: PhaseResult, b: PhaseResult): PhaseResult {
  const errors = new Map(a.errors);
  for (const [k, v] of b.errors) errors.set(k, (errors.get(k) ?? 0) + v);
  return {
    event: [...a.event, ...b.event],
    response: [...a.response, ...b.response],
    elapsedMs: a.elapsedMs + b.elapsedMs,
    errors,
    missed: a.missed + b.missed,
    cut: a.cut + b.cut,
  };
}

interface Figures {
  count: number;
  p50: number;
  p95: number;
  max: number;
  responseP50: number;
  perSec: number;
}

function figures(r: PhaseResult): Figures {
  const ev = Float64Array.from(r.event).sort();
  return {
    count: ev.length,
    p50: quantile(ev, 0.5),
    p95: quantile(ev, 0.95),
    max: ev.length ? ev[ev.length - 1] : NaN,
    responseP50: median(r.response),
    perSec: r.response.length / (r.elapsedMs / 1000),
  };
}

function echoTarget(echo: FloorReady, sections: string[], points: number[], name: string): Target {
  const rooms: Room[] = Array.from({ length: INTERVIEWS }, (_, k) => {
    const id = `room-${k + 1}`;
    const client = new HttpClient(echo.port);
    return {
      id,
      senders: Array.from({ length: PANEL }, (_, j) => {
        const panelist = `sender-${k + 1}-${j + 1}`;
        return {
          id: panelist,
          save: (section, value, note) =>
            client.request('POST', `/echo/${id}`, {
              body: JSON.stringify({ panelist, section, value, note }),
              headers: { accept: 'application/json' },
            }),
        };
      }),
      subscribe: (onEvent) => openEventStream(echo.port, `/events/${id}`, '', onEvent),
    };
  });
  return { name, rooms, sections, points };
}

function appTarget(live: LoadApp): Target {
  const client = (id: string) => live.panelists.get(id)!;
  const rooms: Room[] = live.data.interviews.map((interview) => {
    const chair = interview.panel.find((p) => p.chair)!;
    return {
      id: interview.id,
      senders: interview.panel.map((p) => ({
        id: p.id,
        save: (section, value, note) =>
          client(p.id).request('POST', `/interviews/${interview.id}/ratings/${section}`, {
            body: JSON.stringify({ value, note }),
            headers: { accept: 'application/json', 'x-csrf-token': client(p.id).csrf },
          }),
      })),
      subscribe: (onEvent) =>
        openEventStream(
          live.port,
          `/interviews/${interview.id}/events`,
          client(chair.id).cookieHeader(),
          onEvent,
        ),
    };
  });
  return { name: 'app', rooms, sections: live.data.sections, points: live.data.points };
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '-');

function printErrors(name: string, r: PhaseResult, unexpected: number): void {
  for (const [what, n] of r.errors) console.log(`  ${name}: ${n} failed saves (${what})`);
  if (r.missed)
    console.log(`  ${name}: ${r.missed} saves whose event did not arrive within ${EVENT_TIMEOUT_MS} ms`);
  if (unexpected) console.log(`  ${name}: ${unexpected} progress events that matched no save in flight`);
}

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

    const b = figures(base);
    const d = figures(withDb);
    const a = figures(app);
    const senders = INTERVIEWS * PANEL;
    console.log(
      `bench:live: ${INTERVIEWS} interviews x ${PANEL} panelists saving ${live.data.sections.length} competencies concurrently, a chair's SSE stream on each board`,
    );
    console.log(
      `${senders} senders x ${SAVES} saves each (after ${WARM_UP} warm-up saves), one save in flight per sender, pause ${THINK_MS ? `${THINK_MS} ms mean` : 'none'} between saves`,
    );
    console.log(`latency = save request sent -> its progress event received on the chair's stream`);
    console.log('');
    const rows = [
      ['', 'events', 'p50 ms', 'p95 ms', 'max ms', 'response p50', 'saves/s'],
      ['baseline (Express + SSE echo)', b],
      ['database echo (+ 1 upsert)', d],
      ['app (autosave -> chair board)', a],
    ] as const;
    const line = (cells: string[]) =>
      console.log(cells.map((c, i) => (i === 0 ? c.padEnd(31) : c.padStart(i === 5 ? 13 : 8))).join(''));
    line([...rows[0]]);
    for (const [label, f] of [rows[1], rows[2], rows[3]])
      line([label, String(f.count), ms(f.p50), ms(f.p95), ms(f.max), ms(f.responseP50), f.perSec.toFixed(0)]);
    console.log('');
    console.log(`ratio app/baseline: p50 ${(a.p50 / b.p50).toFixed(1)}x, p95 ${(a.p95 / b.p95).toFixed(1)}x`);
    console.log(
      `ratio database echo/baseline: p50 ${(d.p50 / b.p50).toFixed(1)}x, p95 ${(d.p95 / b.p95).toFixed(1)}x (each save stored first: one acknowledged upsert, native driver, engine in its own process); app/database echo: p50 ${(a.p50 / d.p50).toFixed(1)}x, p95 ${(a.p95 / d.p95).toFixed(1)}x`,
    );
    console.log(
      `load average (1 min): ${loadBefore.toFixed(2)} before the measured rounds, ${os.loadavg()[0].toFixed(2)} after; other work on the machine falls on both sides`,
    );
    console.log(describeAppProcesses(live, ENGINE));
    printErrors('baseline', base, baseBoard.unexpected);
    printErrors('database echo', withDb, dbBoard.unexpected);
    printErrors('app', app, appBoard.unexpected);
    const sides = [['baseline', base] as const, ['database echo', withDb] as const, ['app', app] as const];
    for (const [name, r] of sides)
      if (r.cut)
        console.log(
          `  ${name}: the time bound (${SIDE_LIMIT_MS / 2000} s per half) stopped ${r.cut} senders before their last save`,
        );
    return sides.some(([, r]) => r.errors.size || r.missed) ? 1 : 0;
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
