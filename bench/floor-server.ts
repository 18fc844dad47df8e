/**
 * A bench's floor in its own process (forked by the bench, never run by hand), so the floor is
 * measured the way the app is: its server in a child process, the clients in the bench.
 * `load`: the bare Express route of bench:load (bench/load-floor.ts); `load-db`: the same route
 * with one database command per request, on an embedded engine started as the app's is (its own
 * process, a temporary directory); `echo`: the Express + SSE echo of bench:live
 * (bench/live-baseline.ts); `echo-db`: that echo storing each save first, on such an engine. Sends `{ type: 'ready', port }` on IPC.
 */
import mongoose from 'mongoose';
import { bootDatabase } from './lib/app-boot.js';
import { closeOnSignals } from './lib/child-signals.js';
import { answerMemoryMessages, MemorySampler } from './lib/child-memory.js';
import { startEchoServer } from './live-baseline.js';
import { startFloorServer } from './load-floor.js';

export interface FloorReady {
  type: 'ready';
  port: number;
}

async function main(): Promise<void> {
  const kind = (JSON.parse(process.argv[2] ?? '{}') as { kind?: string }).kind;
  process.env.NODE_ENV = 'production';
  if (kind === 'load-db' || kind === 'echo-db') {
    const booted = await bootDatabase({ name: 'floor-db', engine: 'process', seeds: false });
    const db = mongoose.connection.getClient().db('floor');
    const server =
      kind === 'echo-db'
        ? await startEchoServer(db.collection('ratings'))
        : await startFloorServer(db.collection('pages'));
    closeOnSignals(async () => {
      await server.close();
      await booted.close();
    });
    answerMemoryMessages(new MemorySampler('database floor', () => ({ engine: booted.enginePid() })));
    return void process.send?.({ type: 'ready', port: server.port } satisfies FloorReady);
  }
  const server = kind === 'echo' ? await startEchoServer() : await startFloorServer();
  closeOnSignals(() => server.close());
  answerMemoryMessages(new MemorySampler('floor'));
  process.send?.({ type: 'ready', port: server.port } satisfies FloorReady);
}

main().catch((e) => {
  console.error(`bench floor server failed: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
