/**
 * The file work of a compaction (journal.ts compact), once the journal has switched to generation
 * `gen`: the old journal closed, a snapshot of the state at the switch written, and the journals
 * folded into it removed. Any failure before the snapshot is in place keeps every journal.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { JournalWriter } from './journal-writer.js';
import { encodeRecord } from './records.js';
import { SNAPSHOT, fsyncDir, journalName, writeSnapshotFile } from './storage-files.js';
import type { Doc } from './values.js';

export async function snapshotAndRetire(
  dir: string,
  old: JournalWriter,
  gen: number,
  records: Iterable<Doc>,
  log: (m: string) => void,
): Promise<void> {
  try {
    // The old journal without its unused zeros (start-up would cut them off anyway).
    await old.trimToRecords();
    await old.close();
    await fsyncDir(dir);
    await writeSnapshotFile(dir, gen, records, encodeRecord);
  } catch (e) {
    // Journals gen - 1 and gen still hold everything; a later compaction tries again.
    log(`embedded-mongo: snapshot failed (${(e as Error).message}); the journals keep every write`);
    await fsp.rm(path.join(dir, SNAPSHOT + '.tmp'), { force: true }).catch(() => undefined);
    return;
  }
  for (let g = gen - 1; g >= 0; g--) {
    const f = path.join(dir, journalName(g));
    if (!fs.existsSync(f)) break;
    await fsp.rm(f, { force: true });
  }
}
