/**
 * The embedded engine in its own process, supervised: nothing the engine does (a long report, a
 * snapshot) can stall a request the app serves on its own event loop.
 *
 * The child (src/embedded-mongo/engine-process.ts) listens on the Unix socket of the data
 * directory; the app connects to it with an ordinary mongodb:// URI. If the child dies, it is
 * started again on the same directory and the same socket (and TCP port, when there is one), with a
 * log line; the driver finds it again by itself. The dbPath lock names the child; a child killed
 * with SIGKILL is reaped by node at once, so its lock is stale and the new child takes it over.
 * stop() sends SIGTERM (the child flushes and releases the lock), waits, then kills. The child
 * exits by itself when this process dies (its IPC channel closes), so it never outlives the app.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineProcessMessage, EngineProcessOptions } from '../embedded-mongo/engine-process.js';
import { socketLocation } from '../embedded-mongo/listeners.js';

export interface SupervisedEngineOptions extends EngineProcessOptions {
  log: (message: string) => void;
  /** How long stop() waits for the child to flush before it kills it (default 10 s). */
  stopTimeoutMs?: number;
  /** How long start-up waits for an engine left over from a killed app to let go of dbPath (10 s). */
  lockWaitMs?: number;
}

export interface SupervisedEngine {
  /** The socket's URI (or TCP's when there is no socket), without a database name. */
  uri: string;
  socketUri: string | null;
  tcpUri: string | null;
  socketPath: string | null;
  dbPath: string;
  /** The pid of the engine process running now (undefined between a death and its restart). */
  pid(): number | undefined;
  /** How many times the engine was started again after it died. */
  readonly restarts: number;
  /** Resolves once the engine runs again after a death (at once when it runs). For tests. */
  running(): Promise<void>;
  stop(): Promise<void>;
}

type Ready = Extract<EngineProcessMessage, { type: 'ready' }>;

class StartFailure extends Error {
  constructor(
    message: string,
    readonly inUse: boolean,
  ) {
    super(message);
  }
}

/** The child's entry beside this module: .ts under tsx, .js when compiled into dist/. */
function entry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here);
  const file = path.join(path.dirname(here), '..', 'embedded-mongo', `engine-process${ext}`);
  // A debugger port cannot be shared; tsx may be registered in-process (npm start), not on argv.
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--inspect'));
  if (ext === '.ts' && !execArgv.some((a) => a.includes('tsx'))) execArgv.push('--import', 'tsx');
  return { file, execArgv };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSupervisedEngine(options: SupervisedEngineOptions): Promise<SupervisedEngine> {
  const { log, stopTimeoutMs = 10_000, lockWaitMs = 10_000, ...engineOptions } = options;
  const dbPath = path.resolve(options.dbPath);
  await fsp.mkdir(dbPath, { recursive: true, mode: 0o700 });
  // One socket path for every restart, even when dbPath is too deep and it lives in a temp dir.
  const socket = options.socket === false ? null : await socketLocation(dbPath);
  const childOptions: EngineProcessOptions = {
    ...engineOptions,
    dbPath,
    ...(socket ? { socketPath: socket.path } : {}),
  };
  const { file, execArgv } = entry();

  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;
  let waiters: (() => void)[] = [];
  let restarting: Promise<void> | undefined;

  /** Forks one child and resolves when it is ready; rejects with StartFailure when it cannot start. */
  const spawnOnce = () =>
    new Promise<Ready>((resolve, reject) => {
      const c = fork(file, [JSON.stringify(childOptions)], {
        execArgv,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      let failure: StartFailure | undefined;
      c.on('message', (m: EngineProcessMessage) => {
        if (m.type === 'log') log(m.message);
        else if (m.type === 'failed') failure = new StartFailure(m.message, m.inUse);
        else if (m.type === 'ready') {
          c.off('exit', early);
          // Once running, the engine must not keep the app alive (the app decides when to exit).
          c.unref();
          (c.channel as { unref?: () => void } | undefined)?.unref?.();
          child = c;
          c.once('exit', (code, signal) => (restarting = died(c, code, signal)));
          resolve(m);
        }
      });
      const early = (code: number | null, signal: NodeJS.Signals | null) =>
        reject(
          failure ??
            new StartFailure(`the engine process exited (${signal ?? code}) before it was ready`, false),
        );
      c.once('exit', early);
      c.once('error', reject);
    });

  /** Starts a child, waiting while an engine left over from a killed app still holds dbPath. */
  const start = async (): Promise<Ready> => {
    const deadline = Date.now() + lockWaitMs;
    for (;;) {
      try {
        return await spawnOnce();
      } catch (e) {
        if (!(e instanceof StartFailure) || !e.inUse || Date.now() > deadline) throw e;
        await sleep(200);
      }
    }
  };

  const died = async (c: ChildProcess, code: number | null, signal: NodeJS.Signals | null) => {
    if (child === c) child = undefined;
    if (stopping) return;
    log(`embedded engine (pid ${c.pid}) exited (${signal ?? `code ${code}`}); restarting it on ${dbPath}`);
    let delay = 100;
    while (!stopping) {
      try {
        const ready = await start();
        restarts++;
        log(`embedded engine restarted (pid ${ready.pid})`);
        if (stopping) await stopChild();
        for (const w of waiters) w();
        waiters = [];
        return;
      } catch (e) {
        log(`embedded engine could not restart: ${(e as Error).message}; trying again in ${delay} ms`);
        await sleep(delay);
        delay = Math.min(delay * 2, 5000);
      }
    }
  };

  const stopChild = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const timer = setTimeout(() => {
      log(`embedded engine (pid ${c.pid}) did not stop within ${stopTimeoutMs} ms; killing it`);
      c.kill('SIGKILL');
    }, stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  };

  const first = await start();
  if (first.tcpUri && options.port === 0) childOptions.port = first.port; // restarts keep the port
  let stopped: Promise<void> | undefined;
  return {
    uri: first.uri,
    socketUri: first.socketUri,
    tcpUri: first.tcpUri,
    socketPath: socket?.path ?? null,
    dbPath,
    pid: () => child?.pid,
    get restarts() {
      return restarts;
    },
    running: () => (child ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))),
    stop() {
      stopped ??= (async () => {
        stopping = true;
        await restarting;
        await stopChild();
        if (socket?.ownDir) await fsp.rm(socket.ownDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
