/**
 * `npm run db -- --dbpath DIR --port N`: runs the embedded engine on its own, for mongosh or
 * Compass, on loopback TCP (asking for it is what this command is for; any other host is
 * refused: the engine has no authentication) and on its Unix socket in DIR. Prints
 * `ready mongodb://127.0.0.1:N` once it accepts connections.
 */
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from './index.js';

const USAGE = 'usage: npm run db -- --dbpath DIR [--port 27017] [--host 127.0.0.1]';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        dbpath: { type: 'string' },
        port: { type: 'string', default: '27017' },
        host: { type: 'string', default: '127.0.0.1' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!values.dbpath || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(USAGE);
    process.exit(2);
  }
  const db = await startEmbeddedMongo({ dbPath: values.dbpath, port, host: values.host, syncFlush: true });
  console.log(`ready ${db.tcpUri ?? db.uri}`);
  if (db.socketUri) console.error(`also on the Unix socket ${db.socketUri}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal} received, flushing and stopping`);
    db.stop().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
  console.error(`embedded-mongo: ${(e as Error).message}`);
  process.exit(1);
});
