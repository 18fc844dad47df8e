/**
 * `npx tsx bench/save-cost.ts [--saves 1500]`: what one autosave costs the machine, counted rather
 * than timed: the CPU the app's process and the engine's process spend per save
 * (/proc/<pid>/stat, user + system), with one save in flight at a time so nothing else is in the
 * figure. The app runs as bench:live runs it (bench/app-server.ts: production settings, the
 * engine in its own process); the floor, in the same run, is the Express + SSE echo of bench:live
 * (its CPU per POST). Prints the load average beside the figures. The commands per save are held
 * by test/integration/round-trips.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { FloorReady } from './floor-server.js';
import { forkServer } from './lib/children.js';
import { median } from './lib/measure.js';
import { HttpClient, type HttpResponse } from './live-http.js';
import { startLoadApp } from './load-app.js';

const { values: args } = parseArgs({ options: { saves: { type: 'string', default: '1500' } } });
const SAVES = Math.max(50, Math.round(Number(args.saves)));
const WARM_UP = 100;
const TICK_MS = 1000 / 100; // USER_HZ: /proc counts CPU time in 1/100 s on Linux

const progress = (msg: string) => process.stderr.write(`[save-cost] ${msg}\n`);

/** CPU ms a process has used so far (user + system). */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime (fields 14, 15)
}

/** Runs `n` requests one after another; CPU ms per request of each pid, and the wall-clock p50. */
async function measure(n: number, pids: number[], send: (i: number) => Promise<HttpResponse>) {
  for (let i = 0; i < WARM_UP; i++) await send(i);
  const before = pids.map(cpuMs);
  const wall: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await send(WARM_UP + i);
    if (res.status !== 200) throw new Error(`status ${res.status}: ${res.body.slice(0, 200)}`);
    wall.push(performance.now() - t0);
  }
  return { cpu: pids.map((pid, k) => (cpuMs(pid) - before[k]) / n), p50: median(wall) };
}

async function main(): Promise<void> {
  const app = await startLoadApp({
    name: 'save-cost',
    engine: 'process',
    webConcurrency: 1,
    data: {
      candidates: 1,
      interviews: 1,
      panelSize: 2,
      competencies: 6,
      referencesPerCandidate: 0,
      tag: 'save-cost',
    },
    managerSessions: 0,
    progress,
  });
  const echo = await forkServer<FloorReady>('floor-server.ts', { kind: 'echo' });
  try {
    const interview = app.data.interviews[0];
    const panelist = interview.panel[0];
    const client = app.panelists.get(panelist.id)!;
    const { sections, points } = app.data;
    const note = (i: number) => `Save ${i}: the situation, the action and the result; a probe. `;
    const save = (i: number) =>
      client.request('POST', `/interviews/${interview.id}/ratings/${sections[i % sections.length]}`, {
        body: JSON.stringify({ value: points[i % points.length], note: note(i) }),
        headers: { accept: 'application/json', 'x-csrf-token': client.csrf },
      });
    const echoClient = new HttpClient(echo.ready.port);
    const post = (i: number) =>
      echoClient.request('POST', '/echo/room-1', {
        body: JSON.stringify({ panelist: 'p', section: sections[i % sections.length], note: note(i) }),
        headers: { accept: 'application/json' },
      });
    const { appPids, enginePid } = app.child.ready;
    const load = os.loadavg()[0];
    progress(`${SAVES} saves, one at a time`);
    const saves = await measure(SAVES, [appPids[0], enginePid ?? appPids[0]], save);
    const floor = await measure(SAVES, [echo.pid], post);
    console.log(`save-cost: ${SAVES} autosaves one at a time (after ${WARM_UP} unmeasured)`);
    console.log(`                              CPU ms/request   wall p50 ms`);
    console.log(
      `app autosave: app process     ${saves.cpu[0].toFixed(2).padStart(8)}        ${saves.p50.toFixed(2)}`,
    );
    console.log(`              engine process  ${saves.cpu[1].toFixed(2).padStart(8)}`);
    console.log(
      `floor (Express + SSE echo)    ${floor.cpu[0].toFixed(2).padStart(8)}        ${floor.p50.toFixed(2)}`,
    );
    console.log(
      `load average (1 min): ${load.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after; ${os.cpus().length} cores`,
    );
  } finally {
    await Promise.all([echo.stop(), app.close()]);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
