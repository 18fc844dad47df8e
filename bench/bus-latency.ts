/**
 * `npm run bench:bus`: how long a live event takes from one app process to another, with the
 * reader polling (every 50 ms, the default) and with the reader tailing a change stream.
 *
 *   npm run bench:bus                        300 events per mode, one every 20 ms
 *   npm run bench:bus -- --events 500 --interval 10
 *
 * This process runs the embedded engine (temporary directory) and forks, per mode, two processes
 * with a PanelEventBus each: a subscriber and a publisher. The publisher publishes events carrying
 * their send time (performance.timeOrigin + now(): one system clock for both processes); the
 * subscriber records when each arrives. The floor, from the same run: the publisher's plain
 * acknowledged insertOne round trips (any delivery through the database needs at least one). The
 * work: database commands the subscriber's process sent per delivered event. Prints p50/p95/max
 * per mode, and the load average before and after.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { quantile } from './lib/measure.js';

type Mode = 'poll' | 'stream';
type Msg =
  | { type: 'ready' }
  | { type: 'latencies'; ms: number[]; commands: number }
  | { type: 'floor'; ms: number[] }
  | { type: 'go' };

const now = () => performance.timeOrigin + performance.now();
const self = fileURLToPath(import.meta.url);

async function child(role: 'sub' | 'pub', mode: Mode, uri: string, events: number, interval: number) {
  const { PanelEventBus } = await import('../src/live/event-bus.js');
  let commands = 0;
  await mongoose.connect(uri, { dbName: 'bus_bench', monitorCommands: true });
  mongoose.connection.getClient().on('commandStarted', () => commands++);
  const bus = new PanelEventBus({ collection: `bench_${mode}`, changeStream: mode === 'stream' });
  await bus.start();
  while (bus.reader !== mode) await new Promise((r) => setTimeout(r, 10));
  const send = (m: Msg) => process.send!(m);
  if (role === 'sub') {
    const ms: number[] = [];
    let counted = 0;
    bus.subscribe('bench', (e) => {
      ms.push(now() - (e.data.t as number));
      if (ms.length === 1) counted = commands; // from the first event on
      if (ms.length === events) send({ type: 'latencies', ms, commands: commands - counted });
    });
    send({ type: 'ready' });
    return;
  }
  send({ type: 'ready' });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const floor: number[] = [];
  const scratch = mongoose.connection.db!.collection('bench_floor');
  for (let i = 0; i < events; i++) {
    await bus.publish('bench', 'progress', { t: now(), i });
    const t0 = now();
    await scratch.insertOne({ i });
    floor.push(now() - t0);
    await new Promise((r) => setTimeout(r, interval));
  }
  send({ type: 'floor', ms: floor });
}

function start(role: 'sub' | 'pub', mode: Mode, uri: string, events: number, interval: number) {
  return fork(self, ['--child', role, mode, uri, String(events), String(interval)], {
    execArgv: ['--import', 'tsx'],
  });
}
const next = (p: ChildProcess, type: Msg['type']) =>
  new Promise<Msg>((resolve, reject) => {
    p.on('message', (m: Msg) => m.type === type && resolve(m));
    p.once('exit', (code) => reject(new Error(`a ${type} child exited (${code}) first`)));
  });

const fmt = (unsorted: number[]) => {
  const xs = [...unsorted].sort((a, b) => a - b);
  return `p50 ${quantile(xs, 0.5).toFixed(1)} ms  p95 ${quantile(xs, 0.95).toFixed(1)} ms  max ${xs[xs.length - 1].toFixed(1)} ms`;
};

async function main() {
  const { values } = parseArgs({
    options: { events: { type: 'string', default: '300' }, interval: { type: 'string', default: '20' } },
  });
  const events = Number(values.events);
  const interval = Number(values.interval);
  const { startEmbeddedMongo } = await import('../src/embedded-mongo/index.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bus-'));
  const engine = await startEmbeddedMongo({ dbPath: dir, log: () => undefined });
  console.log(
    `load average before: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `${events} events per mode, one every ${interval} ms, publisher and subscriber in processes of their own`,
  );
  try {
    for (const mode of ['poll', 'stream'] as const) {
      const sub = start('sub', mode, engine.uri, events, interval);
      await next(sub, 'ready');
      const pub = start('pub', mode, engine.uri, events, interval);
      await next(pub, 'ready');
      const latencies = next(sub, 'latencies');
      const floor = next(pub, 'floor');
      pub.send({ type: 'go' });
      const got = (await latencies) as Extract<Msg, { type: 'latencies' }>;
      const f = (await floor) as Extract<Msg, { type: 'floor' }>;
      for (const p of [sub, pub]) p.kill('SIGTERM');
      console.log(
        `${mode.padEnd(6)} event  ${fmt(got.ms)}  (${(got.commands / events).toFixed(2)} reader commands per event)`,
      );
      console.log(`${mode.padEnd(6)} floor  ${fmt(f.ms)}  (one insertOne round trip)`);
    }
  } finally {
    console.log(
      `load average after: ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
    await engine.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [, , , role, mode, uri, events, interval] = process.argv;
  child(role as 'sub' | 'pub', mode as Mode, uri, Number(events), Number(interval)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
