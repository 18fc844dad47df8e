/**
 * What one request of a reference's journey costs the app, by request kind (the page, the
 * autosaves, the submission, the thank-you page: bench:load's referenceWorker, one reference at a
 * time, the app and the embedded engine in this process, NODE_ENV=production). Counts work rather than wall-clock time, so a busy
 * machine changes little: database commands sent (the driver's command monitoring), journal
 * flushes (fdatasync calls of the engine, which runs in this process here), and the process's CPU
 * µs per request beside the same figure for the bare floor route of this run (GET /healthz, one
 * small JSON document: what any request costs this client and Node's HTTP stack).
 *
 * `--profile` also samples the CPU over the measured journeys (node:inspector) and splits the
 * busy time into the database (driver, mongoose, bson, engine, mingo), the render (EJS and the
 * compiled views) and the rest (Express, zod, the app's code, Node's HTTP, GC).
 *
 *   npx tsx bench/reference-form-cost.ts [--links 40] [--profile]
 */
import fs from 'node:fs';
import os from 'node:os';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import type { CommandStartedEvent } from 'mongodb';
import { bootApp } from './lib/app-boot.js';
import { HttpClient } from './live-http.js';
import { createLoadData, referenceAnswers, type LoadReference } from './load-data.js';

const { values: args } = parseArgs({
  options: { links: { type: 'string', default: '40' }, profile: { type: 'boolean', default: false } },
});
const LINKS = Math.max(4, Number(args.links) || 40);

// The driver reports commands only to a client made with monitorCommands: the bench's own
// connection turns it on (the app's code is the same either way).
const connect = mongoose.connect.bind(mongoose);
mongoose.connect = ((uri: string, options?: mongoose.ConnectOptions) =>
  connect(uri, { ...options, monitorCommands: true })) as typeof mongoose.connect;

/** Journal flushes of the in-process engine: FileHandle.datasync and fdatasyncSync. */
let flushes = 0;
async function countFlushes(): Promise<void> {
  const probe = await fs.promises.open(os.devNull, 'r');
  const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
  await probe.close();
  const datasync = proto.datasync;
  proto.datasync = function (this: unknown) {
    flushes++;
    return datasync.call(this);
  };
  const syncFlush = fs.fdatasyncSync;
  fs.fdatasyncSync = (fd: number) => {
    flushes++;
    syncFlush(fd);
  };
}

interface Cost {
  n: number;
  commands: number;
  flushes: number;
  cpuUs: number;
  names: Map<string, number>;
}
const costs = new Map<string, Cost>();

async function measure<T>(kind: string, work: () => Promise<T>): Promise<T> {
  const names: string[] = [];
  const client = mongoose.connection.getClient();
  const listener = (e: CommandStartedEvent) => {
    const target = e.command[e.commandName];
    if (['hello', 'isMaster', 'ismaster', 'ping', 'endSessions'].includes(e.commandName)) return;
    if (target === 'outboxmessages' || String(target).startsWith('panel_events')) return;
    if (e.commandName === 'getMore' && e.command.maxTimeMS !== undefined) return;
    names.push(typeof target === 'string' ? `${e.commandName} ${target}` : e.commandName);
  };
  client.on('commandStarted', listener);
  const f0 = flushes;
  const cpu0 = process.cpuUsage();
  try {
    return await work();
  } finally {
    const cpu = process.cpuUsage(cpu0);
    client.off('commandStarted', listener);
    let c = costs.get(kind);
    if (!c) costs.set(kind, (c = { n: 0, commands: 0, flushes: 0, cpuUs: 0, names: new Map() }));
    c.n++;
    c.commands += names.length;
    c.flushes += flushes - f0;
    c.cpuUs += cpu.user + cpu.system;
    for (const name of names) c.names.set(name, (c.names.get(name) ?? 0) + 1);
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

/** Where a sampled function belongs: the database side, the render, or the rest. */
function part(node: ProfileNode): 'database' | 'render' | 'rest' | 'idle' {
  const { url, functionName } = node.callFrame;
  if (functionName === '(idle)') return 'idle';
  if (/embedded-mongo|node_modules\/(mingo|mongodb|mongoose|bson|mquery|kareem|mpath)\//.test(url))
    return 'database';
  if (/node_modules\/ejs\/|\.ejs|src\/lib\/view-engine\.ts$/.test(url)) return 'render';
  return 'rest';
}

/** Starts sampling; the returned function stops and describes the busy time by part. */
async function startProfile(): Promise<() => Promise<string>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    const nodes = new Map((profile.nodes as ProfileNode[]).map((n) => [n.id, n]));
    const ms = { database: 0, render: 0, rest: 0, idle: 0 };
    profile.samples!.forEach((id, i) => (ms[part(nodes.get(id)!)] += profile.timeDeltas![i] / 1000));
    const busy = ms.database + ms.render + ms.rest;
    const share = (k: 'database' | 'render' | 'rest') => `${k} ${((100 * ms[k]) / busy).toFixed(0)}%`;
    return `${busy.toFixed(0)} ms busy: ${share('database')}, ${share('render')}, ${share('rest')}`;
  };
}

function expect(status: number, want: number, what: string): void {
  if (status !== want) throw new Error(`${what}: status ${status}, expected ${want}`);
}

/** bench:load's referenceWorker, one link, each request measured. */
async function journey(port: number, ref: LoadReference): Promise<void> {
  const client = new HttpClient(port);
  const url = `/r/${ref.token}`;
  const form = (body: Record<string, string>) => new URLSearchParams(body).toString();
  const type = 'application/x-www-form-urlencoded';
  const page = await measure('GET /r/:token', () => client.request('GET', url));
  expect(page.status, 200, 'page');
  let rev = 0;
  const n = ref.questions.length;
  for (const upTo of [Math.ceil(n / 4), Math.ceil(n / 2), Math.ceil((3 * n) / 4), n]) {
    const res = await measure('POST /r/:token (autosave)', () =>
      client.request('POST', url, {
        body: form(referenceAnswers(ref, rev, 'save', upTo)),
        type,
        headers: { accept: 'application/json' },
      }),
    );
    expect(res.status, 200, 'autosave');
    rev = (JSON.parse(res.body) as { rev: number }).rev;
  }
  const done = await measure('POST /r/:token (submit)', () =>
    client.request('POST', url, { body: form(referenceAnswers(ref, rev, 'submit')), type }),
  );
  expect(done.status, 303, 'submit');
  const thanks = await measure('GET /r/:token (thank-you page)', () => client.request('GET', url));
  expect(thanks.status, 200, 'thank-you page');
  const floor = await measure('floor: GET /healthz', () => client.request('GET', '/healthz'));
  expect(floor.status, 200, 'floor');
}

async function main(): Promise<void> {
  await countFlushes();
  const booted = await bootApp({ name: 'reference-form', engine: 'inprocess' });
  try {
    const data = await createLoadData({
      candidates: Math.ceil(LINKS / 2),
      interviews: 1,
      panelSize: 2,
      competencies: 6,
      referencesPerCandidate: 2,
      mailer: booted.mailer,
      baseUrl: booted.config.baseUrl,
    });
    const refs = data.references;
    // Warm-up (JIT, view cache, schema caches): the first quarter is not counted.
    const warm = Math.ceil(refs.length / 4);
    for (const ref of refs.slice(0, warm)) await journey(booted.port, ref);
    costs.clear();
    const profiler = args.profile ? await startProfile() : undefined;
    for (const ref of refs.slice(warm)) await journey(booted.port, ref);
    const split = profiler ? await profiler() : undefined;
    console.log(
      `${refs.length - warm} reference journeys (${refs[0].questions.length} questions each), app and`,
    );
    console.log(`engine in this process, NODE_ENV=production, view cache ${booted.viewCache ? 'on' : 'OFF'}`);
    console.log(
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log('request kind                      commands  flushes   CPU µs');
    for (const [kind, c] of costs) {
      const per = (v: number) => (v / c.n).toFixed(1);
      console.log(
        `${kind.padEnd(34)}${per(c.commands).padStart(8)}${per(c.flushes).padStart(9)}${Math.round(
          c.cpuUs / c.n,
        )
          .toString()
          .padStart(9)}`,
      );
      const names = [...c.names].map(([name, k]) => `${name} x${(k / c.n).toFixed(1)}`).join(', ');
      if (names) console.log(`    ${names}`);
    }
    if (split) console.log(`CPU over the measured journeys: ${split}`);
  } finally {
    await booted.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
