/**
 * The real server (src/server.ts) in a child process for the fault drills, configured only through
 * its environment, with every child killed when the test file ends, passes or fails (and, as a last
 * resort, when the test process exits).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Every variable src/config/env.ts reads: none is inherited from the test's own environment. */
const APP_KEYS = [
  'NODE_ENV',
  'PORT',
  'HOST',
  'MONGODB_URI',
  'DATA_DIR',
  'EMBEDDED_MONGO_PORT',
  'SESSION_SECRET',
  'BASE_URL',
  'SMTP_URL',
  'MAIL_FROM',
  'TRUST_PROXY',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'LOG_LEVEL',
  'COOKIE_SECURE',
  'REFERENCE_LINK_DAYS',
  'REFERENCE_REMINDER_DAYS',
  'TEST_MONGODB_URI',
  'DEMO',
];

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A port nothing listens on right now (the OS's choice, released again). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildRun {
  child: ChildProcess;
  /** Everything the child wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<Exit>;
  /** True until the child has exited. */
  alive(): boolean;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

/** Starts `node --import tsx <script> ...args` in the repository with `env` on top of a clean environment. */
export function spawnTs(script: string, args: string[], env: Record<string, string>): ChildRun {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !APP_KEYS.includes(k)));
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  let done = false;
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    output: () => out,
    exited,
    alive: () => !done,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (!done) child.kill(signal);
      return exited;
    },
  };
}

export interface ServerRun extends ChildRun {
  port: number;
}

/** GET /healthz once: its status, or 0 when nothing answers. */
export function probeHealth(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.setTimeout(10_000, () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: '' }));
  });
}

/**
 * Starts src/server.ts on `port` and resolves once it answers /healthz (any status); rejects with
 * the child's output when it exits first or is not up within `timeoutMs`.
 */
export async function startServer(
  port: number,
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<ServerRun> {
  const run = spawnTs('src/server.ts', [], {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    PORT: String(port),
    ...env,
  });
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (!run.alive()) throw new Error(`the server exited before answering:\n${run.output()}`);
    if ((await probeHealth(port)).status) return { ...run, port };
    if (Date.now() > until) {
      await run.stop('SIGKILL');
      throw new Error(`the server did not answer within ${timeoutMs} ms:\n${run.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Kills every child still running (an afterEach/after hook: a failed test leaves none behind). */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** Polls `check` every `everyMs` until it answers a value, or throws after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
