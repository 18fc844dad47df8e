/**
 * Gives a conformance test file the server it runs against.
 *
 * With TEST_MONGODB_URI set, every test runs against that (real) MongoDB; otherwise each test
 * file starts its own embedded engine on a fresh temporary directory with port 0 and removes
 * the directory afterwards. The engine module is loaded lazily so that a suite pointed at a
 * real MongoDB never depends on it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type MongoClientOptions } from 'mongodb';
import type { EmbeddedMongo, EmbeddedMongoOptions } from '../../src/embedded-mongo/index.js';

export interface MongoTarget {
  /** Connection string without a database name. */
  readonly uri: string;
  /** True when the target is the embedded engine started by this helper. */
  readonly isEmbedded: boolean;
  /** A connected driver client shared by the tests of one file. */
  readonly client: MongoClient;
  /** The running engine (only when isEmbedded). */
  readonly engine: EmbeddedMongo;
  /** host and port parsed from the uri (first host for a seed list). */
  readonly host: string;
  readonly port: number;
  /** A database name no other test uses. */
  freshDbName(): string;
  /** Opens an extra client on the target; it is closed in the file's after hook. */
  newClient(options?: MongoClientOptions): Promise<MongoClient>;
}

const externalUri = process.env.TEST_MONGODB_URI;

let dbCounter = 0;
const runTag = `${process.pid.toString(36)}${Date.now().toString(36).slice(-5)}`;

/** Database names stay short: MongoDB limits them to 63 bytes. */
export function uniqueDbName(): string {
  dbCounter += 1;
  return `ct_${runTag}_${dbCounter}`;
}

export async function makeTempDir(prefix = 'embedded-mongo-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Starts the embedded engine (engine-only tests: restart, kill -9, raw sockets). */
export async function startEngine(options: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  const engineModule = await import('../../src/embedded-mongo/index.js');
  return engineModule.startEmbeddedMongo({ log: quietLog, ...options });
}

/** The engine logs malformed messages and torn records; tests provoke those on purpose. */
function quietLog(message: string): void {
  if (process.env.TEST_ENGINE_LOG) console.warn(`[engine] ${message}`);
}

function hostAndPort(uri: string): { host: string; port: number } {
  const withoutScheme = uri.replace(/^mongodb(\+srv)?:\/\//, '');
  const authority = withoutScheme.split('/')[0].split('?')[0];
  const firstHost = authority.split('@').pop()!.split(',')[0];
  const match = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(firstHost);
  return { host: match?.[1] ?? '127.0.0.1', port: Number(match?.[2] ?? 27017) };
}

/**
 * Registers before/after hooks in the calling describe block and returns the target.
 * Properties are readable from the first `before` hook on.
 */
export function useMongoTarget(): MongoTarget {
  let uri: string | undefined;
  let engine: EmbeddedMongo | undefined;
  let dbPath: string | undefined;
  let client: MongoClient | undefined;
  const extraClients: MongoClient[] = [];
  const usedDbNames: string[] = [];

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`mongo target: ${what} is only available after the before hook ran`);
    return value;
  };

  before(async function () {
    this.timeout(60_000);
    if (externalUri) {
      uri = externalUri;
    } else {
      dbPath = await makeTempDir();
      engine = await startEngine({ dbPath, port: 0 });
      uri = engine.uri;
    }
    client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
  });

  after(async function () {
    this.timeout(60_000);
    for (const extra of extraClients) await extra.close().catch(() => undefined);
    if (client && externalUri) {
      // A real server keeps what the tests wrote: drop it. The engine's directory goes away whole.
      for (const name of usedDbNames)
        await client
          .db(name)
          .dropDatabase()
          .catch(() => undefined);
    }
    await client?.close().catch(() => undefined);
    await engine?.stop();
    if (dbPath) await removeDir(dbPath);
  });

  return {
    get uri() {
      return ready(uri, 'uri');
    },
    get isEmbedded() {
      return !externalUri;
    },
    get client() {
      return ready(client, 'client');
    },
    get engine() {
      return ready(engine, 'engine (embedded target only)');
    },
    get host() {
      return hostAndPort(ready(uri, 'uri')).host;
    },
    get port() {
      return hostAndPort(ready(uri, 'uri')).port;
    },
    freshDbName() {
      const name = uniqueDbName();
      usedDbNames.push(name);
      return name;
    },
    async newClient(options?: MongoClientOptions) {
      const extra = new MongoClient(ready(uri, 'uri'), { serverSelectionTimeoutMS: 10_000, ...options });
      extraClients.push(extra);
      await extra.connect();
      return extra;
    },
  };
}

/** Use as `skipUnlessEmbedded(this, target)` at the start of an engine-only test or hook. */
export function skipUnlessEmbedded(context: Mocha.Context, target: MongoTarget): void {
  if (!target.isEmbedded) context.skip();
}

/** True when TEST_MONGODB_URI is set (the suite runs against a real MongoDB). */
export const runsAgainstExternalMongo = Boolean(externalUri);
