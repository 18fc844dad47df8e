/** `npm run seed`: loads the seed library into the configured database (idempotent). */
import { ConfigError, loadConfig } from '../src/config/env.js';
import { connectDatabase } from '../src/db/connect.js';
import { createLogger } from '../src/lib/logger.js';
import { describeSeedReport, loadSeeds } from './load.js';

try {
  const config = loadConfig();
  const logger = createLogger('warn');
  const db = await connectDatabase(config, logger);
  try {
    const report = await loadSeeds();
    for (const line of describeSeedReport(report)) console.log(line);
  } finally {
    await db.close();
  }
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : `seeding failed: ${(e as Error).stack ?? e}`);
  process.exit(1);
}
