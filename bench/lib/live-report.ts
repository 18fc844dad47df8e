/** bench:live (live.ts): the table of the three sides, their ratios and what went wrong. */
import os from 'node:os';
import { median, quantile } from './measure.js';
import type { EngineMode } from './app-boot.js';
import { describeAppProcesses, type LoadApp } from '../load-app.js';
import { EVENT_TIMEOUT_MS, type Board, type PhaseResult } from './live-board.js';
import { INTERVIEWS, PANEL } from './live-targets.js';

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

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '-');

function printErrors(name: string, r: PhaseResult, unexpected: number): void {
  for (const [what, n] of r.errors) console.log(`  ${name}: ${n} failed saves (${what})`);
  if (r.missed)
    console.log(`  ${name}: ${r.missed} saves whose event did not arrive within ${EVENT_TIMEOUT_MS} ms`);
  if (unexpected) console.log(`  ${name}: ${unexpected} progress events that matched no save in flight`);
}

export interface LiveRun {
  live: LoadApp;
  engine: EngineMode;
  saves: number;
  warmUp: number;
  thinkMs: number;
  sideLimitMs: number;
  /** The 1-min load average before the measured rounds. */
  loadBefore: number;
  sides: { name: string; result: PhaseResult; board: Board }[];
}

/** Prints the figures of the baseline, the database echo and the app, in that order. */
export function printReport(run: LiveRun): void {
  const { live, sides } = run;
  const [base, withDb, app] = sides.map((s) => s.result);
  const b = figures(base);
  const d = figures(withDb);
  const a = figures(app);
  const senders = INTERVIEWS * PANEL;
  console.log(
    `bench:live: ${INTERVIEWS} interviews x ${PANEL} panelists saving ${live.data.sections.length} competencies concurrently, a chair's SSE stream on each board`,
  );
  console.log(
    `${senders} senders x ${run.saves} saves each (after ${run.warmUp} warm-up saves), one save in flight per sender, pause ${run.thinkMs ? `${run.thinkMs} ms mean` : 'none'} between saves`,
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
    `load average (1 min): ${run.loadBefore.toFixed(2)} before the measured rounds, ${os.loadavg()[0].toFixed(2)} after; other work on the machine falls on both sides`,
  );
  console.log(describeAppProcesses(live, run.engine));
  for (const side of sides) printErrors(side.name, side.result, side.board.unexpected);
  for (const { name, result: r } of sides)
    if (r.cut)
      console.log(
        `  ${name}: the time bound (${run.sideLimitMs / 2000} s per half) stopped ${r.cut} senders before their last save`,
      );
}
