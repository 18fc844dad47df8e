/**
 * Where the time goes between a panelist's save and the bytes on the chair's socket, stage by
 * stage, with the app and the engine in this process (run with mocha, which gives it the test
 * harness: `npx mocha bench/live-stages.ts`, or `LIVE_STAGES_SAVES=200 npx mocha ...`).
 *
 * One chair, one manager and one panelist watch an interview; another panelist saves one rating
 * at a time (each save waits for the chair's event). The database commands are timed by the
 * driver's command monitoring, the event's arrival in this process's bus by a subscriber of its
 * own, the bytes by the chair's HTTP client. Per save, in ms from the request:
 *   bus      the event handed to the interview's subscribers (the publishing process serves them at once)
 *   checked  the viewers' access reads answered (after `bus`): only after an access change of a viewer
 *            (src/live/access-fences.ts), so "none" in this bench's steady state
 *   socket   the chair's client has the `progress` event
 *   stored   the event's insert acknowledged (the insert takes its number: event-publisher.ts)
 *   response the save's response complete
 *   commands the database commands of the save and its delivery; changes: change events sent to this
 *            process (0: a process's change stream leaves out the events it published itself)
 * and the process's CPU per save (app, engine and clients together: a comparison, not a cost).
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { panelEvents } from '../src/live/event-bus.js';
import { ensureSomeUser, useTestApp } from '../test/helpers/app.js';
import { csrTemplate } from '../test/helpers/position-factories.js';
import { saveRating, scheduleScoredInterview, tokenOf } from '../test/helpers/scoring-factories.js';
import { cookieOf, listen, openStream } from '../test/helpers/sse.js';

const SAVES = Number(process.env.LIVE_STAGES_SAVES ?? 120);
const WARM_UP = 10;

interface Command {
  name: string;
  collection: string;
  started: number;
  answered: number;
  /** For a getMore: how many change events it brought. */
  batch: unknown[];
}

describe('bench: live delivery stages', () => {
  const t = useTestApp();
  it(`times ${SAVES} saves from the request to the chair's socket`, async function () {
    this.timeout(300_000);
    await ensureSomeUser();
    await csrTemplate();
    const server = await listen(t.app);
    const s = await scheduleScoredInterview(t.app, { panelists: 3, competencies: 4 });
    const [chair, watcher, saver] = s.panel;
    await tokenOf(saver.agent);
    const path = `/interviews/${s.interviewId}/events`;
    const streams = await Promise.all(
      [chair.agent, watcher.agent, s.manager.agent].map((a) => openStream(server.base, path, cookieOf(a))),
    );
    const chairStream = streams[0];

    const commands: Command[] = [];
    const open = new Map<number, Command>();
    const client = mongoose.connection.getClient();
    const onStart = (e: { requestId: number; commandName: string; command: Record<string, unknown> }) => {
      const c = e.command;
      const collection = String(c[e.commandName] === undefined ? '' : c[e.commandName]);
      open.set(e.requestId, {
        name: e.commandName,
        collection: e.commandName === 'getMore' ? String(c.collection) : collection,
        started: performance.now(),
        answered: 0,
        batch: [],
      });
    };
    const onDone = (e: { requestId: number; reply?: unknown }) => {
      const c = open.get(e.requestId);
      if (!c) return;
      open.delete(e.requestId);
      c.answered = performance.now();
      const reply = e.reply as { cursor?: { nextBatch?: unknown[] } } | undefined;
      c.batch = reply?.cursor?.nextBatch ?? [];
      commands.push(c);
    };
    client.on('commandStarted', onStart);
    client.on('commandSucceeded', onDone);
    const busAt = new Map<string, number>();
    const unsubscribe = panelEvents.subscribe(s.interviewId, (e) => {
      if (e.type === 'progress') busAt.set(`${String(e.data.section)}|${e.seq}`, performance.now());
    });

    const rows: Record<string, number>[] = [];
    let cpuFrom = process.cpuUsage();
    try {
      for (let i = 0; i < WARM_UP + SAVES; i++) {
        if (i === WARM_UP) cpuFrom = process.cpuUsage();
        const section = s.sections[i % s.sections.length].id;
        commands.length = 0;
        busAt.clear();
        const seen = chairStream.events.length;
        const t0 = performance.now();
        const res = await saveRating(saver.agent, s.interviewId, section, { value: (i % 4) + 1 });
        const response = performance.now() - t0;
        assert.equal(res.status, 200);
        const event = await chairStream.waitFor(
          (e) =>
            chairStream.events.indexOf(e) >= seen && e.event === 'progress' && e.json.section === section,
        );
        const socket = performance.now() - t0;
        await new Promise((r) => setTimeout(r, 5)); // the insert's and the stream's answers
        if (i < WARM_UP) continue;
        const seq = Number(event.id!.split('-')[1]);
        const bus = busAt.get(`${section}|${seq}`);
        const after = (pred: (c: Command) => boolean, from = 0) =>
          commands.find((c) => c.started >= from && pred(c));
        const check = bus ? after((c) => c.name === 'find' && c.collection === 'users', bus) : undefined;
        const insert = after((c) => c.name === 'insert' && c.collection === 'panel_events');
        rows.push({
          bus: (bus ?? NaN) - t0,
          checked: (check?.answered ?? NaN) - t0,
          socket,
          stored: (insert?.answered ?? NaN) - t0,
          response,
          // Commands and change events of this save (an outbox worker's polling is not the save's).
          commands: commands.filter(
            (c) => c.collection !== 'outboxmessages' && !(c.name === 'getMore' && !c.batch.length),
          ).length,
          changes: commands.reduce((n, c) => n + (c.name === 'getMore' ? c.batch.length : 0), 0),
        });
      }
    } finally {
      client.off('commandStarted', onStart);
      client.off('commandSucceeded', onDone);
      unsubscribe();
      streams.forEach((st) => st.close());
      await server.close();
    }
    const cpu = process.cpuUsage(cpuFrom);
    const pct = (xs: number[], q: number) => {
      const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
      return v.length ? v[Math.min(v.length - 1, Math.floor(q * v.length))] : NaN;
    };
    const lines = Object.keys(rows[0]).map((k) => {
      const xs = rows.map((r) => r[k]);
      const missing = xs.filter((x) => !Number.isFinite(x)).length;
      if (missing === xs.length) return `  ${k.padEnd(9)} none`;
      return `  ${k.padEnd(9)} p50 ${pct(xs, 0.5).toFixed(2).padStart(7)}  p95 ${pct(xs, 0.95).toFixed(2).padStart(7)}${missing ? `  (not seen ${missing})` : ''}`;
    });
    console.log(
      [
        `live delivery stages, ${rows.length} saves, 3 viewers (ms from the save's request):`,
        ...lines,
        `  CPU per save (process: app + engine + clients): ${((cpu.user + cpu.system) / 1000 / rows.length).toFixed(2)} ms`,
        `  load average: ${os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(' ')}`,
      ].join('\n'),
    );
  });
});
