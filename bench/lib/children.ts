/**
 * The bench's side of its server processes: forks a script (the app, the floor) with the same
 * loader (tsx) this process runs under, waits for its `ready` message on IPC, and stops it with
 * SIGTERM (then SIGKILL after a grace period). Only the children started here are ever signalled,
 * by their own pid; any still running when the bench exits are killed then.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MemoryMessage, ProcessPeaks } from './child-memory.js';

const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerChild<Ready> {
  pid: number;
  ready: Ready;
  /** Names the phase the child's memory peaks are kept under. */
  slot(name: string): void;
  /** The peaks per phase of the child and of the processes it owns (workers, the engine). */
  peaks(): Promise<ProcessPeaks[]>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookSet = false;

function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookSet) return;
  exitHookSet = true;
  process.once('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
}

/** Forks bench/<script> with `args` as its one JSON argument; resolves on its `{ type: 'ready' }`. */
export async function forkServer<Ready extends { type: 'ready' }>(
  script: string,
  args: unknown,
  options: { timeoutMs?: number; progress?: (message: string) => void } = {},
): Promise<ServerChild<Ready>> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  // tsx registers itself through execArgv, which fork passes on by default.
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--inspect'));
  if (!execArgv.some((a) => a.includes('tsx'))) execArgv.push('--import', 'tsx');
  const child = fork(path.join(BENCH_DIR, script), [JSON.stringify(args)], {
    execArgv,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  killOnExit(child);
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} was not ready within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${signal ?? `code ${code}`}) before it was ready`));
    };
    child.once('exit', onExit);
    child.on('message', (m: { type?: string; message?: string }) => {
      if (m.type === 'progress' && m.message) options.progress?.(m.message);
      if (m.type !== 'ready') return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(m as Ready);
    });
  });

  let stopped: Promise<void> | undefined;
  return {
    pid: child.pid!,
    ready,
    slot: (name) => child.connected && child.send({ type: 'slot', slot: name } satisfies MemoryMessage),
    peaks: () =>
      new Promise<ProcessPeaks[]>((resolve) => {
        if (!child.connected) return resolve([]);
        const timer = setTimeout(() => resolve([]), 5_000);
        const onMessage = (m: MemoryMessage) => {
          if (m.type !== 'peaks-reply') return;
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(m.processes);
        };
        child.on('message', onMessage);
        child.send({ type: 'peaks' } satisfies MemoryMessage);
      }),
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      })),
  };
}
