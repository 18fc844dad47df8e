/**
 * Entry point: configuration, then one app process (startup/process.ts), or with
 * WEB_CONCURRENCY=N a cluster: a primary that owns the database, the seeds and the timers, and N
 * workers that serve HTTP on one port (startup/cluster-primary.ts).
 *
 * `--demo` (or DEMO=true) loads the demo into an empty database first, and refuses to start on a
 * database that holds anything else, so demo data never mixes with real data.
 */
import cluster from 'node:cluster';
import fs from 'node:fs';
import { ConfigError, loadConfig, type Config } from './config/env.js';
import { createLogger } from './lib/logger.js';
import { runPrimary } from './startup/cluster-primary.js';
import { runProcess } from './startup/process.js';

async function main(): Promise<void> {
  let config: Config;
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
  if (config.webConcurrency > 1 && cluster.isPrimary) await runPrimary(config, logger);
  else await runProcess(config, logger);
}

main().catch((e) => {
  console.error(`failed to start: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
