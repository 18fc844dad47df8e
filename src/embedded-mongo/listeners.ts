/**
 * Where the engine listens. By default only on a Unix domain socket inside the data directory
 * (mode 0600 in a 0700 directory: other local users cannot connect); TCP only when a port is
 * asked for (`npm run db`, or EMBEDDED_MONGO_PORT for Compass), and then only on loopback, since
 * the engine has no authentication.
 */
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FILE_MODE } from './storage-files.js';

/** sun_path holds 108 bytes on Linux (104 on macOS) with the terminating NUL: stay below both. */
export const MAX_SOCKET_PATH = 100;
export const SOCKET_NAME = 'mongod.sock';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Throws unless `host` is a loopback address. */
export function assertLoopback(host: string): void {
  if (LOOPBACK.has(host) || (net.isIPv4(host) && host.startsWith('127.'))) return;
  throw new Error(
    `the embedded engine has no authentication and listens on loopback only; refusing host ${host} ` +
      `(use 127.0.0.1, or MONGODB_URI with a real MongoDB server for remote access)`,
  );
}

export interface SocketLocation {
  path: string;
  /** A private directory made because dbPath was too deep for a socket path; removed on stop. */
  ownDir: string | null;
}

/** The socket's path: in dbPath, or in a fresh 0700 directory under the temp dir when too long. */
export async function socketLocation(dbPath: string): Promise<SocketLocation> {
  const inDb = path.join(dbPath, SOCKET_NAME);
  if (Buffer.byteLength(inDb) <= MAX_SOCKET_PATH) return { path: inDb, ownDir: null };
  for (const base of [os.tmpdir(), '/tmp']) {
    if (Buffer.byteLength(path.join(base, 'emdb-XXXXXX', SOCKET_NAME)) > MAX_SOCKET_PATH) continue;
    const ownDir = await fsp.mkdtemp(path.join(base, 'emdb-')); // mkdtemp creates it 0700
    await fsp.chmod(ownDir, 0o700);
    return { path: path.join(ownDir, SOCKET_NAME), ownDir };
  }
  throw new Error(`no socket path short enough for ${dbPath} (limit ${MAX_SOCKET_PATH} bytes)`);
}

function listen(server: net.Server, ...args: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    (server.listen as (...a: unknown[]) => void)(...args, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Listens on the socket (a stale one from a killed engine is removed: the caller holds the lock). */
export async function listenOnSocket(server: net.Server, socketPath: string): Promise<void> {
  await fsp.rm(socketPath, { force: true });
  await listen(server, socketPath);
  await fsp.chmod(socketPath, FILE_MODE);
}

export async function listenOnTcp(server: net.Server, port: number, host: string): Promise<number> {
  assertLoopback(host);
  await listen(server, port, host);
  return (server.address() as net.AddressInfo).port;
}

/** `mongodb://%2Fpath%2Fto%2Fmongod.sock`: the driver's form for a Unix socket. */
export const socketUri = (socketPath: string) => `mongodb://${encodeURIComponent(socketPath)}`;
