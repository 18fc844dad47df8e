/**
 * One app process: database -> mailer -> app -> listen. With APP_ROLE=all (a single process, the
 * default) it also loads the seeds and runs the timers (background.ts); with APP_ROLE=web (a
 * cluster's worker, or an extra process beside one that runs them) it only serves HTTP.
 * SIGTERM/SIGINT close the HTTP server, the timers, the mail worker, the live-event reader, the
 * database and the engine cleanly.
 */
import cluster from 'node:cluster';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Config } from '../config/env.js';
import { connectDatabase } from '../db/connect.js';
import type { Logger } from '../lib/logger.js';
import { createMailer } from '../lib/mailer.js';
import { createApp } from '../app.js';
import { hasUsers } from '../features/users/users.service.js';
import { panelEvents } from '../live/event-bus.js';
import { describeDatabase, prepareData, startTimers } from './background.js';

export const outboxDir = (config: Config) => path.join(config.dataDir, 'outbox');

export async function runProcess(config: Config, logger: Logger): Promise<void> {
  const web = config.role === 'web';
  // A cluster's worker connects to its primary's embedded engine rather than starting one.
  const shared = config.embeddedMongoUri;
  const db = await connectDatabase(shared ? { ...config, mongodbUri: shared } : config, logger);
  if (!web) logger.info(describeDatabase(db, config));

  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    replyTo: config.mailReplyTo,
    outboxDir: outboxDir(config),
    logger,
  });
  let stopTimers = async () => undefined as void;
  if (!web) {
    mailer.start();
    logger.info(
      config.smtpUrl
        ? 'mail: sent through SMTP_URL'
        : `mail: no SMTP_URL, messages are written to ${outboxDir(config)} and shown at /admin/outbox`,
    );
    if (!(await prepareData({ config, logger, mailer }))) {
      await mailer.stop();
      await db.close();
      process.exit(2);
    }
    stopTimers = startTimers({ config, logger, mailer });
  }

  // The live-event reader starts with the first subscriber or event; the log says how it learns
  // of other processes' events.
  panelEvents.onReaderChange((mode) => {
    if (mode === 'stream') logger.info('live events: other processes’ events arrive through a change stream');
    if (mode === 'poll') logger.info('live events: polling the database for other processes’ events');
  });

  const app = createApp({ config, logger, mailer, databaseKind: shared ? 'embedded' : db.kind });
  const server: Server = app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    const who = cluster.isWorker ? `app process ${process.pid} ` : '';
    logger.info(`${who}listening on http://${config.host}:${port} (public URL ${config.baseUrl})`);
  });
  if (!web && !(await hasUsers()))
    logger.info(`no users yet: open ${config.baseUrl}/setup to create the first administrator`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    const forced = setTimeout(() => process.exit(1), 15_000);
    forced.unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stopTimers();
    await mailer.stop();
    await panelEvents.stop();
    await db.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
