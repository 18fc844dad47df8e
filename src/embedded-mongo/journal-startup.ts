/**
 * Start-up of the durable store: refuses a damaged store (storage-files.ts) and only then changes
 * files: it removes a snapshot temp file and journals already folded into the snapshot, cuts the
 * unused preallocated zeros after the last record (journal-writer.ts), and cuts a torn last record.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { FILE_MODE, SNAPSHOT, loadStoreFiles, secureDir } from './storage-files.js';
import type { Doc } from './values.js';

export interface LoadedStore {
  /** Records to replay in order: the snapshot's, then each journal's. */
  records: Doc[];
  generation: number;
}

/** The store's records to replay, and the generation of the journal to append to. */
export async function recoverStore(
  dir: string,
  log: (m: string) => void,
): Promise<{ loaded: LoadedStore; current: number }> {
  await secureDir(dir);
  const files = await loadStoreFiles(dir); // throws, changing nothing, when the store is damaged
  await fsp.rm(path.join(dir, SNAPSHOT + '.tmp'), { force: true });
  for (const f of files.obsolete) await fsp.rm(f, { force: true });
  if (fs.existsSync(path.join(dir, SNAPSHOT))) await fsp.chmod(path.join(dir, SNAPSHOT), FILE_MODE);
  const records: Doc[] = [...files.snapshotRecords];
  for (const j of files.journals) {
    await fsp.chmod(j.file, FILE_MODE);
    if (j.scan.damaged.length === 0 && j.scan.zeroTail > 0) {
      // Preallocated space the journal had not used yet: not damage, and nothing is lost.
      await fsp.truncate(j.file, j.scan.cleanLength);
    } else if (j.scan.cleanLength < j.size) {
      log(
        `embedded-mongo: journal ${j.file} ends with ${j.size - j.scan.cleanLength} bytes of a torn or corrupt last record; ` +
          `truncating to the last complete record (${j.scan.cleanRecords} records kept)`,
      );
      await fsp.truncate(j.file, j.scan.cleanLength);
    }
    records.push(...j.scan.records);
  }
  const current = files.journals.at(-1)?.gen ?? files.generation;
  return { loaded: { records, generation: files.generation }, current };
}
