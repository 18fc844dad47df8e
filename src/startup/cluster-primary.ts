/**
 * `WEB_CONCURRENCY=N npm start`: N worker processes (node:cluster) serve HTTP on one shared port.
 *
 * The primary serves no request. It opens the database once (starting the embedded engine, or
 * connecting to MONGODB_URI) and hands the engine's URI to the workers, so they all use one engine;
 * it loads the seeds (or the demo) once, before any worker starts; and it runs the timers once:
 * the reference reminders, the scorecard reminders and the mail worker. They belong here rather
 * than in a worker because the primary is the one process that lives as long as the deployment
 * (a worker may die and be replaced) and there is exactly one of it, so reminders are never
 * looked for N times and delivery never waits on a worker being restarted. Workers still queue
 * mail (the outbox collection); the primary's worker delivers it.
 *
 * A worker that dies is replaced (after a pause that grows while workers keep dying young).
 * SIGTERM/SIGINT stop the workers first (each closes its server and finishes its requests), then
 * the timers, the mail worker and the database.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config/env.js';
import { connectDatabase } from '../db/connect.js';
import type { Logger } from '../lib/logger.js';
import { createMailer } from '../lib/mailer.js';
import { outboxDir } from './process.js';
import { describeDatabase, prepareData, startTimers } from './background.js';

/** A worker that dies sooner than this after its start counts as dying young (backoff grows). */
const YOUNG_MS = 10_000;
const MAX_RESTART_DELAY_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

export async function runPrimary(config: Config, logger: Logger): Promise<void> {
  const db = await connectDatabase(config, logger);
  logger.info(describeDatabase(db, config));
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    replyTo: config.mailReplyTo,
    outboxDir: outboxDir(config),
    logger,
  });
  mailer.start();
  logger.info(
    config.smtpUrl
      ? 'mail: sent through SMTP_URL'
      : `mail: no SMTP_URL, messages are written to ${outboxDir(config)}`,
  );
  if (!(await prepareData({ config, logger, mailer }))) {
    await mailer.stop();
    await db.close();
    process.exit(2);
  }
  const stopTimers = startTimers({ config, logger, mailer });

  // Workers serve HTTP only, on the primary's engine (its socket is owner-only: same user).
  const workerEnv: Record<string, string> = { APP_ROLE: 'web' };
  if (db.kind === 'embedded') workerEnv.EMBEDDED_MONGO_URI = db.uri;
  const startedAt = new Map<number, number>();
  let restartDelay = 500;
  let stopping = false;
  const fork = () => {
    const worker = cluster.fork(workerEnv);
    startedAt.set(worker.id, Date.now());
  };
  cluster.on('exit', (worker: Worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) return;
    restartDelay = lived < YOUNG_MS ? Math.min(restartDelay * 2, MAX_RESTART_DELAY_MS) : 500;
    logger.warn(
      `worker ${worker.process.pid} ended (${signal ?? `exit code ${code}`}); starting another in ${restartDelay} ms`,
    );
    setTimeout(() => !stopping && fork(), restartDelay);
  });
  let listening = 0;
  cluster.on('listening', () => {
    if (++listening === config.webConcurrency)
      logger.info(`${config.webConcurrency} app processes serve http://${config.host}:${config.port}`);
  });
  for (let i = 0; i < config.webConcurrency; i++) fork();

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} app processes`);
    const forced = setTimeout(() => process.exit(1), STOP_TIMEOUT_MS + 5000);
    forced.unref();
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            const kill = setTimeout(() => w.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
            w.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            w.process.kill('SIGTERM');
          }),
      ),
    );
    await stopTimers();
    await mailer.stop();
    await db.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
