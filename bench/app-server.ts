/**
 * The app of bench:load and bench:live in its own process (forked by the bench, never run by
 * hand): the shared bootstrap (bench/lib/app-boot.ts), then the data of the run
 * (bench/load-data.ts). It sends `{ type: 'ready', port, data, ... }` on IPC; the clients, in
 * the bench's process, sign in and send their requests to the port, so nothing the clients do
 * runs on the app's event loop.
 *
 * With `webConcurrency` > 1 it runs as the product's cluster mode does (src/startup/): this
 * process is the primary, which starts the engine, loads the seeds and the data, and serves no
 * request; N workers (node:cluster) connect to its engine and share one port.
 *
 * Memory: each process samples its own peaks per phase (bench/lib/child-memory.ts); the primary
 * (or the single process) also samples the engine's process, and answers for its workers.
 */
import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import { createLogger } from '../src/lib/logger.js';
import { createMailer, type Mailer } from '../src/lib/mailer.js';
import { bootApp, bootDatabase, BENCH_BASE_URL, type EngineMode } from './lib/app-boot.js';
import { closeOnSignals } from './lib/child-signals.js';
import {
  answerMemoryMessages,
  MemorySampler,
  type MemoryMessage,
  type ProcessPeaks,
} from './lib/child-memory.js';
import { seedOwnedResults } from './blocking-data.js';
import { createLoadData, type LoadData, type LoadDataOptions } from './load-data.js';

export interface AppServerArgs {
  /** Names the temporary directory. */
  name: string;
  engine: EngineMode;
  webConcurrency: number;
  data: Omit<LoadDataOptions, 'mailer' | 'baseUrl' | 'progress'>;
  /** bench:blocking: also a position with this many rated candidates, owned by the data's manager. */
  resultsCandidates?: number;
}

export interface AppServerReady {
  type: 'ready';
  port: number;
  data: LoadData;
  /** The position of `resultsCandidates` candidates, when asked for. */
  resultsPositionId: string | null;
  /** app.enabled('view cache') in every app process. */
  viewCache: boolean[];
  appPids: number[];
  enginePid: number | null;
}

interface WorkerListening {
  type: 'listening';
  port: number;
  viewCache: boolean;
}

const args = JSON.parse(process.argv[2] ?? '{}') as AppServerArgs;
const progress = (message: string) => process.send?.({ type: 'progress', message });

/** The data of the run: bench/load-data.ts, and the large position of bench:blocking when asked. */
async function runData(mailer: Mailer): Promise<{ data: LoadData; resultsPositionId: string | null }> {
  const data = await createLoadData({ ...args.data, mailer, baseUrl: BENCH_BASE_URL, progress });
  if (!args.resultsCandidates) return { data, resultsPositionId: null };
  progress(`seeding a position of ${args.resultsCandidates} rated candidates`);
  return { data, resultsPositionId: await seedOwnedResults(args.resultsCandidates, data.manager.id) };
}

/** One process: engine, app and data. */
async function single(): Promise<void> {
  const booted = await bootApp({ name: args.name, engine: args.engine, progress });
  closeOnSignals(booted.close);
  const sampler = new MemorySampler('app', () => ({ engine: booted.enginePid() }));
  answerMemoryMessages(sampler);
  const { data, resultsPositionId } = await runData(booted.mailer);
  process.send?.({
    type: 'ready',
    port: booted.port,
    data,
    resultsPositionId,
    viewCache: [booted.viewCache],
    appPids: [process.pid],
    enginePid: booted.enginePid() ?? null,
  } satisfies AppServerReady);
}

/** A cluster's worker: the app on the primary's engine, on the port all workers share. */
async function worker(): Promise<void> {
  const booted = await bootApp({
    name: args.name,
    engine: args.engine,
    sharedUri: process.env.BENCH_SHARED_URI,
    dir: process.env.BENCH_DIR,
  });
  closeOnSignals(booted.close);
  answerMemoryMessages(new MemorySampler('worker'));
  process.send?.({
    type: 'listening',
    port: booted.port,
    viewCache: booted.viewCache,
  } satisfies WorkerListening);
}

/** A cluster's primary: engine, seeds and data; N workers serve HTTP. */
async function primary(): Promise<void> {
  const booted = await bootDatabase({ name: args.name, engine: args.engine, progress });
  const logger = createLogger('silent');
  const mailer = createMailer({
    from: booted.config.mailFrom,
    outboxDir: path.join(booted.dir, 'outbox'),
    logger,
  });
  const workers: Worker[] = [];
  closeOnSignals(async () => {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            w.once('exit', () => resolve());
            w.process.kill('SIGTERM');
          }),
      ),
    );
    await mailer.stop();
    await booted.close();
  });
  const sampler = new MemorySampler('primary', () => ({ engine: booted.enginePid() }));
  const { data, resultsPositionId } = await runData(mailer);

  const listening = await Promise.all(
    Array.from(
      { length: args.webConcurrency },
      () =>
        new Promise<WorkerListening & { pid: number }>((resolve, reject) => {
          const w = cluster.fork({ BENCH_SHARED_URI: booted.db.uri, BENCH_DIR: booted.dir });
          workers.push(w);
          w.once('exit', (code) =>
            reject(new Error(`an app worker exited (code ${code}) before it listened`)),
          );
          w.on('message', (m: WorkerListening) => {
            if (m.type === 'listening') resolve({ ...m, pid: w.process.pid! });
          });
        }),
    ),
  );
  progress(`${workers.length} app workers listen on port ${listening[0].port}`);

  process.on('message', async (m: MemoryMessage) => {
    if (m.type === 'slot') {
      sampler.setSlot(m.slot);
      for (const w of workers) if (w.isConnected()) w.send(m);
    } else if (m.type === 'peaks') {
      const fromWorkers = await Promise.all(workers.map(askPeaks));
      process.send?.({ type: 'peaks-reply', processes: [...sampler.report(), ...fromWorkers.flat()] });
    }
  });
  process.send?.({
    type: 'ready',
    port: listening[0].port,
    data,
    resultsPositionId,
    viewCache: listening.map((l) => l.viewCache),
    appPids: listening.map((l) => l.pid),
    enginePid: booted.enginePid() ?? null,
  } satisfies AppServerReady);
}

function askPeaks(w: Worker): Promise<ProcessPeaks[]> {
  return new Promise((resolve) => {
    if (!w.isConnected()) return resolve([]);
    const timer = setTimeout(() => resolve([]), 3_000);
    const onMessage = (m: MemoryMessage) => {
      if (m.type !== 'peaks-reply') return;
      clearTimeout(timer);
      w.off('message', onMessage);
      resolve(m.processes);
    };
    w.on('message', onMessage);
    w.send({ type: 'peaks' } satisfies MemoryMessage);
  });
}

const main = cluster.isWorker ? worker : args.webConcurrency > 1 ? primary : single;
main().catch((e) => {
  console.error(`bench app server failed: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
