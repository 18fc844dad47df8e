/**
 * `npm run bench:pages`: what each page a manager browses in bench:load costs, counted rather than
 * timed: the database commands it sends, the size of the replies the driver decodes meanwhile (a
 * background reader's reply during the request counts too: a few hundred bytes), and the CPU microseconds per request split into
 * database (driver, mongoose, bson, the engine: it runs in this process here), template render
 * (EJS), garbage collection and the rest (Express, sessions, services, view models, HTTP).
 *
 *   npm run bench:pages                    40 requests per page after 10 of warm-up
 *   npm run bench:pages -- --requests 200
 *   PAGES_ONLY=references PAGES_TRACE=1 PAGES_TOP=20 npm run bench:pages   one page, its commands and
 *                                          its 20 heaviest functions (self time)
 *
 * The app as test/helpers/app.ts builds it (createApp on an embedded engine in this process, so one
 * CPU profile sees the engine too) but with NODE_ENV=production (view cache on), and the data of
 * bench:load (bench/load-data.ts: one position, 20 candidates, 6 interviews of 4 panelists, ten
 * reference links per candidate). Before measuring, the panelists rate every competency and a
 * quarter of the references answer, through the same HTTP routes bench:load's clients use, so the
 * pages show what they show under load. Requests are sent one at a time; the client's own frames
 * (bench/) are counted apart. The profile is V8's sampling profiler (node:inspector), 500 µs.
 */
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BSON, type CommandSucceededEvent } from 'mongodb';
import mongoose from 'mongoose';
import { panelEvents } from '../src/live/event-bus.js';
import { commandsDuring } from '../test/helpers/command-counter.js';
import { BENCH_BASE_URL, bootInProcessApp } from './lib/app-boot.js';
import { HttpClient } from './live-http.js';
import { createLoadData, referenceAnswers, type LoadData } from './load-data.js';

const { values: args } = parseArgs({
  options: { requests: { type: 'string', default: '40' }, warmup: { type: 'string', default: '10' } },
});
const REQUESTS = Math.max(5, Number(args.requests) || 40);
const WARMUP = Math.max(1, Number(args.warmup) || 10);

type Category = 'database' | 'render' | 'gc' | 'client' | 'rest';
const CATEGORIES: Category[] = ['database', 'render', 'gc', 'client', 'rest'];
const DATABASE = /node_modules\/(mongoose|mongodb|bson|mingo|kareem|mpath|mquery)\/|src\/embedded-mongo\//;
// Templates' frames carry their file name in quotes (EJS's sourceURL); the app's view engine renders them.
const RENDER = /node_modules\/ejs\/|\.ejs"?$|src\/lib\/view-engine\.ts$/;
const CLIENT = /\/bench\//;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Each sample goes to the innermost frame of its stack that belongs to a category. Returns the
 * sampled time per category, and the self time of the heaviest functions (PAGES_TOP=n prints them).
 */
function splitProfile(profile: Profile): { totals: Record<Category, number>; self: Map<string, number> } {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const memo = new Map<number, Category | 'idle'>();
  const categorize = (id: number): Category | 'idle' => {
    const known = memo.get(id);
    if (known) return known;
    const { functionName, url } = byId.get(id)!.callFrame;
    let c: Category | 'idle' | undefined;
    // (idle): waiting for I/O. dispatch (native): Profiler.stop serialising the profile, whose
    // sample carries the time since the last one; neither is the pages' work.
    if (functionName === '(idle)' || (functionName === 'dispatch' && !url)) c = 'idle';
    else if (functionName === '(garbage collector)') c = 'gc';
    else if (DATABASE.test(url)) c = 'database';
    else if (RENDER.test(url)) c = 'render';
    else if (CLIENT.test(url)) c = 'client';
    const up = parent.get(id);
    const result = c ?? (up === undefined ? 'rest' : categorize(up));
    memo.set(id, result);
    return result;
  };
  const totals: Record<Category, number> = { database: 0, render: 0, gc: 0, client: 0, rest: 0 };
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const c = categorize(id);
    if (c === 'idle') return;
    const dt = profile.timeDeltas[i] ?? 0;
    totals[c] += dt;
    const { functionName, url } = byId.get(id)!.callFrame;
    const where = `${functionName || '(anonymous)'} ${url.replace(/^.*?(node_modules|src|views)\//, '$1/')}`;
    self.set(where, (self.get(where) ?? 0) + dt);
  });
  return { totals, self };
}

interface Page {
  name: string;
  path: (data: LoadData, k: number) => string;
}

const PAGES: Page[] = [
  { name: 'GET /positions', path: () => '/positions' },
  { name: 'GET /positions/:id/dashboard', path: (d) => `/positions/${d.positionId}/dashboard` },
  {
    name: 'GET candidate page',
    path: (d, k) => `/positions/${d.positionId}/candidates/${d.interviews[k].candidateId}`,
  },
  { name: 'GET /interviews/:id/board', path: (d, k) => `/interviews/${d.interviews[k].id}/board` },
  {
    name: 'GET candidate references',
    path: (d, k) => `/positions/${d.positionId}/candidates/${d.interviews[k].candidateId}/references`,
  },
];

async function expectOk(client: HttpClient, method: string, url: string, init = {}, status = 200) {
  const res = await client.request(method, url, init);
  if (res.status !== status) throw new Error(`${method} ${url}: status ${res.status}`);
  return res;
}

/** Ratings of every competency by every panelist, and a quarter of the references answered. */
async function fillLikeTheLoad(port: number, data: LoadData): Promise<void> {
  for (const interview of data.interviews)
    for (const p of interview.panel) {
      const client = new HttpClient(port);
      await client.login(p.email, data.password);
      for (const [s, section] of data.sections.entries()) {
        const body = JSON.stringify({
          value: data.points[(s + 1) % data.points.length],
          note: 'Situation, action, result.',
        });
        await expectOk(client, 'POST', `/interviews/${interview.id}/ratings/${section}`, {
          body,
          headers: { accept: 'application/json', 'x-csrf-token': client.csrf },
        });
      }
    }
  const type = 'application/x-www-form-urlencoded';
  for (const ref of data.references.filter((_r, i) => i % 4 === 0)) {
    const client = new HttpClient(port);
    await expectOk(client, 'GET', `/r/${ref.token}`);
    const form = new URLSearchParams(referenceAnswers(ref, 0, 'submit')).toString();
    await expectOk(client, 'POST', `/r/${ref.token}`, { body: form, type }, 303);
  }
}

const { app, port, mailer, server, engine } = await bootInProcessApp('pages');
const data = await createLoadData({
  candidates: 20,
  interviews: 6,
  panelSize: 4,
  competencies: 6,
  referencesPerCandidate: 10,
  mailer,
  baseUrl: BENCH_BASE_URL,
});
await fillLikeTheLoad(port, data);
const manager = new HttpClient(port);
await manager.login(data.manager.email, data.password);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 500 });

console.log(
  `view cache ${app.enabled('view cache') ? 'on' : 'OFF'}; ${REQUESTS} requests per page (after ${WARMUP} of warm-up), one at a time; load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  [
    'page',
    'commands (most)',
    'reply kB (mean)',
    'cpu µs/req',
    ...CATEGORIES.map((c) => `${c} µs`),
    'wall ms/req',
  ].join('\t'),
);
// PAGES_ONLY=references measures only the pages whose name contains that word.
const only = process.env.PAGES_ONLY;
for (const page of PAGES.filter((p) => !only || p.name.includes(only))) {
  for (let i = 0; i < WARMUP; i++)
    await expectOk(manager, 'GET', page.path(data, i % data.interviews.length));
  // The replies' size: what the driver decodes and mongoose turns into objects for the page.
  let replyBytes = 0;
  const onReply = (e: CommandSucceededEvent) => (replyBytes += BSON.calculateObjectSize(e.reply as object));
  mongoose.connection.getClient().on('commandSucceeded', onReply);
  // Over the six interviewed candidates: their references have answered in different numbers.
  const k = data.interviews.length;
  let trace = await commandsDuring(() => expectOk(manager, 'GET', page.path(data, 0)));
  for (let i = 1; i < k; i++) {
    const next = await commandsDuring(() => expectOk(manager, 'GET', page.path(data, i)));
    if (next.count > trace.count) trace = next;
  }
  mongoose.connection.getClient().off('commandSucceeded', onReply);
  await session.post('Profiler.start');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < REQUESTS; i++)
    await expectOk(manager, 'GET', page.path(data, i % data.interviews.length));
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
  // The sampler's time deltas are wall time (on a busy machine, time this thread waited for a core
  // too): the profile gives the shares, the process's CPU time the total.
  const { totals, self } = splitProfile(profile);
  const sampled = CATEGORIES.reduce((sum, c) => sum + totals[c], 0) || 1;
  const cpuUs = cpu.user + cpu.system;
  const split = Object.fromEntries(CATEGORIES.map((c) => [c, (totals[c] / sampled) * cpuUs]));
  const per = (us: number) => Math.round(us / REQUESTS);
  console.log(
    [
      page.name,
      trace.count,
      (replyBytes / k / 1024).toFixed(1),
      per(cpuUs),
      ...CATEGORIES.map((c) => per(split[c])),
      (wall / REQUESTS).toFixed(1),
    ].join('\t'),
  );
  if (process.env.PAGES_TRACE) console.log(`  ${trace.commands.join(', ')}`);
  const top = Number(process.env.PAGES_TOP ?? 0);
  for (const [where, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`    ${((100 * us) / sampled).toFixed(1)}%\t${where}`);
}
session.disconnect();
server.closeAllConnections();
await new Promise<void>((resolve) => server.close(() => resolve()));
await mailer.stop();
await panelEvents.stop(); // before the connection closes (no "stream failed")
await mongoose.disconnect();
await engine.stop();
process.exit(0);
