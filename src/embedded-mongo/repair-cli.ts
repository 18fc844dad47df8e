/**
 * `npm run db:repair -- --dbpath DIR`: salvages a damaged embedded-engine directory (repair.ts).
 * The engine must be stopped. Prints what was kept and lost; exits 0 once a clean store is written.
 */
import { parseArgs } from 'node:util';
import { repairStore } from './repair.js';

const USAGE = 'usage: npm run db:repair -- --dbpath DIR   (stop the app or `npm run db` first)';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { dbpath: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.dbpath) {
    console.error(USAGE);
    process.exit(2);
  }
  const report = await repairStore(values.dbpath);
  for (const line of report.lines) console.log(line);
}

main().catch((e) => {
  console.error(`db:repair: ${(e as Error).message}`);
  process.exit(1);
});
