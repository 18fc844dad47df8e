/**
 * What one process of a deployment does besides serving HTTP: load the demo or the seed library
 * and the first administrator, and run the timers (reference reminders, scorecard reminders, the
 * mail worker). A single process does it all; in a cluster the primary does it once (see
 * cluster-primary.ts) and the workers only serve HTTP.
 */
import path from 'node:path';
import type { Config } from '../config/env.js';
import type { Database } from '../db/connect.js';
import type { Logger } from '../lib/logger.js';
import type { Mailer } from '../lib/mailer.js';
import { startReferenceReminders } from '../features/references/reference-reminders.js';
import { startScorecardReminders } from '../features/scorecard-reminders/scorecard-reminders.service.js';
import { ensureFirstAdmin } from '../features/users/users.service.js';
import { describeSeedReport, loadSeeds } from '../../seeds/load.js';
import { describeDemo } from '../demo/describe-demo.js';
import { DEMO_PASSWORD } from '../demo/demo-people.js';
import { DemoRefusedError, demoState, loadDemo, whereOf } from '../demo/load-demo.js';

interface Deps {
  config: Config;
  logger: Logger;
  mailer: Mailer;
}

/**
 * Loads the demo (into an empty database, `--demo`) or the seed library, and the first
 * administrator from ADMIN_EMAIL. False when demo mode must refuse this database (it holds other
 * data): the caller stops.
 */
export async function prepareData({ config, logger, mailer }: Deps): Promise<boolean> {
  const demo = config.demo ? await demoState() : null;
  if (demo === 'data') {
    logger.error(`demo mode: ${new DemoRefusedError(demo, whereOf(config)).message}`);
    return false;
  }
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
  return true;
}

/** Starts the reminder timers (the mail worker is started with the mailer); returns their stop. */
export function startTimers(deps: Deps): () => Promise<void> {
  const stopReminders = startReferenceReminders(deps);
  const stopScorecardReminders = startScorecardReminders(deps);
  return async () => {
    await stopReminders();
    await stopScorecardReminders();
  };
}

/** The log line that says which database this deployment uses. */
export function describeDatabase(db: Database, config: Config): string {
  return db.kind === 'embedded'
    ? `database: embedded engine at ${db.displayUri} (data in ${path.join(config.dataDir, 'db')})`
    : `database: MongoDB at ${db.displayUri}`;
}
