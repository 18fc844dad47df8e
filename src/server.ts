/**
 * Entry point: configuration -> database (MONGODB_URI or the embedded engine) -> mailer ->
 * app -> listen, and the reference reminder timer. SIGTERM/SIGINT close the HTTP server, the
 * reminders, the mail worker, the database and the engine cleanly.
 *
 * `--demo` (or DEMO=true) loads the demo into an empty database first, and refuses to start on a
 * database that holds anything else, so demo data never mixes with real data.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config/env.js';
import { connectDatabase } from './db/connect.js';
import { createLogger } from './lib/logger.js';
import { createMailer } from './lib/mailer.js';
import { createApp } from './app.js';
import { startReferenceReminders } from './features/references/reference-reminders.js';
import { startScorecardReminders } from './features/scorecard-reminders/scorecard-reminders.service.js';
import { ensureFirstAdmin, hasUsers } from './features/users/users.service.js';
import { describeSeedReport, loadSeeds } from '../seeds/load.js';
import { describeDemo } from './demo/describe-demo.js';
import { DEMO_PASSWORD } from './demo/demo-people.js';
import { DemoRefusedError, demoState, loadDemo, whereOf } from './demo/load-demo.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
    if (process.argv.slice(2).includes('--demo')) config = { ...config, demo: true };
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const logger = createLogger(config.logLevel === 'silent' ? 'info' : config.logLevel);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const db = await connectDatabase(config, logger);
  logger.info(
    db.kind === 'embedded'
      ? `database: embedded engine at ${db.displayUri} (data in ${path.join(config.dataDir, 'db')})`
      : `database: MongoDB at ${db.displayUri}`,
  );
  const demo = config.demo ? await demoState() : null;
  if (demo === 'data') {
    logger.error(`demo mode: ${new DemoRefusedError(demo, whereOf(config)).message}`);
    await db.close();
    process.exit(2);
  }

  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    replyTo: config.mailReplyTo,
    outboxDir: path.join(config.dataDir, 'outbox'),
    logger,
  });
  mailer.start();
  logger.info(
    config.smtpUrl
      ? 'mail: sent through SMTP_URL'
      : `mail: no SMTP_URL, messages are written to ${path.join(config.dataDir, 'outbox')} and shown at /admin/outbox`,
  );

  if (demo === 'empty') {
    const started = Date.now();
    const summary = await loadDemo({ mailer, config });
    logger.info(`demo mode: demo loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const line of describeDemo(summary, config)) console.log(line);
  } else {
    if (demo === 'demo')
      logger.info(
        `demo mode: the demo is already loaded; its accounts are listed at ${config.baseUrl}/login (password ${DEMO_PASSWORD})`,
      );
    try {
      // Idempotent: the first start loads the library; later starts change nothing that was edited.
      for (const line of describeSeedReport(await loadSeeds())) logger.info(`seed library: ${line}`);
    } catch (e) {
      logger.error(`seed library not loaded: ${(e as Error).message}`);
    }
  }

  const admin = await ensureFirstAdmin(config.firstAdmin);
  if (admin) logger.info(`created the first administrator ${admin.email} from ADMIN_EMAIL`);

  const app = createApp({ config, logger, mailer, databaseKind: db.kind });
  const stopReminders = startReferenceReminders({ mailer, config, logger });
  const stopScorecardReminders = startScorecardReminders({ mailer, config, logger });
  const server: Server = app.listen(config.port, config.host, () => {
    logger.info(`listening on http://${config.host}:${config.port} (public URL ${config.baseUrl})`);
  });
  if (!(await hasUsers()))
    logger.info(`no users yet: open ${config.baseUrl}/setup to create the first administrator`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    const forced = setTimeout(() => process.exit(1), 15_000);
    forced.unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stopReminders();
    await stopScorecardReminders();
    await mailer.stop();
    await db.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e) => {
  console.error(`failed to start: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
