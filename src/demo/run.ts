/**
 * `npm run demo`: loads the demo into the configured database (DATA_DIR's embedded engine, or
 * MONGODB_URI) when it is empty, prints the accounts, then exits. `npm start -- --demo` runs the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config/env.js';
import { connectDatabase } from '../db/connect.js';
import { createLogger } from '../lib/logger.js';
import { createMailer } from '../lib/mailer.js';
import { describeDemo } from './describe-demo.js';
import { DemoRefusedError, loadDemo } from './load-demo.js';

let code = 0;
try {
  const config = loadConfig();
  const logger = createLogger('warn');
  fs.mkdirSync(config.dataDir, { recursive: true });
  const db = await connectDatabase(config, logger);
  try {
    // Queued only: the app's mail worker delivers the demo's messages when it starts.
    const mailer = createMailer({
      smtpUrl: config.smtpUrl,
      from: config.mailFrom,
      replyTo: config.mailReplyTo,
      outboxDir: path.join(config.dataDir, 'outbox'),
      logger,
    });
    const started = Date.now();
    const summary = await loadDemo({ mailer, config });
    const where = config.mongodbUri ? db.displayUri : config.dataDir;
    console.log(`Demo loaded in ${((Date.now() - started) / 1000).toFixed(1)} s into ${where}.\n`);
    for (const line of describeDemo(summary, config)) console.log(line);
    const relative = path.relative(process.cwd(), config.dataDir);
    const dir = relative.startsWith('..') ? config.dataDir : relative;
    const env = config.mongodbUri || dir === 'data' ? '' : `DATA_DIR=${dir || '.'} `;
    console.log(`\nStart the app on it: ${env}npm start -- --demo`);
  } catch (e) {
    if (!(e instanceof DemoRefusedError)) throw e;
    console.error(`Demo not loaded: ${e.message}`);
    code = 1;
  } finally {
    await db.close();
  }
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : `demo failed: ${(e as Error).stack ?? e}`);
  code = 1;
}
process.exit(code);
