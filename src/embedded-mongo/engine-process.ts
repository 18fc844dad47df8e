/**
 * Entry of the embedded engine's own process (forked by src/db/supervised-engine.ts), so that
 * nothing the engine does (a long aggregation, a snapshot) runs on the app's event loop.
 *
 * It takes its options as JSON in argv[2], answers `{type: 'ready', ...}` over the IPC channel
 * once it accepts connections (or `{type: 'failed', ...}` and exits 1), and sends its log lines
 * to the parent. It never outlives the app: when the IPC channel closes (the parent exited, even
 * by SIGKILL) it flushes, releases the lock and exits. SIGTERM does the same; SIGINT is ignored,
 * since Ctrl-C reaches the whole process group and the app stops its engine itself, after its
 * own last writes.
 */
import { startEmbeddedMongo, type EmbeddedMongo, type EmbeddedMongoOptions } from './index.js';

export type EngineProcessOptions = Omit<EmbeddedMongoOptions, 'log'>;

export type EngineProcessMessage =
  | { type: 'ready'; pid: number; uri: string; socketUri: string | null; tcpUri: string | null; port: number }
  | { type: 'failed'; message: string; inUse: boolean }
  | { type: 'log'; message: string };

const send = (m: EngineProcessMessage) => {
  if (process.connected) process.send!(m);
};

let db: EmbeddedMongo | undefined;
let stopping = false;

function stop(): void {
  if (stopping) return;
  stopping = true;
  // Still starting: main() stops the engine as soon as it is up (the journal may be mid-replay).
  if (!db) return;
  const done = (code: number) => () => process.exit(code);
  db.stop().then(done(0), (e) => {
    console.error(`embedded-mongo: stopping failed: ${(e as Error).message}`);
    done(1)();
  });
}

async function main(): Promise<void> {
  if (!process.send)
    throw new Error('engine-process.ts runs only as a forked child (it needs an IPC channel)');
  const options = JSON.parse(process.argv[2] ?? '{}') as EngineProcessOptions;
  process.on('disconnect', () => stop());
  process.on('SIGTERM', () => stop());
  process.on('SIGINT', () => undefined);
  try {
    db = await startEmbeddedMongo({
      syncFlush: true, // alone in this process (journal-writer.ts)
      ...options,
      log: (message) => send({ type: 'log', message }),
    });
  } catch (e) {
    const message = (e as Error).message;
    send({ type: 'failed', message, inUse: /is in use by (process|another process)/.test(message) });
    process.exit(1);
  }
  if (stopping) {
    await db.stop();
    process.exit(0);
  }
  send({
    type: 'ready',
    pid: process.pid,
    uri: db.uri,
    socketUri: db.socketUri,
    tcpUri: db.tcpUri,
    port: db.port,
  });
}

main().catch((e) => {
  console.error(`embedded-mongo: ${(e as Error).message}`);
  process.exit(1);
});
