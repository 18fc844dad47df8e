/**
 * The files of a dbPath and the checks made before anything is replayed or changed.
 *
 * Files: `snapshot.bson` (a header record `{op: 'header', gen}` then records describing the whole
 * store) and `journal.<gen>.log` (records appended since the snapshot of generation <gen>).
 * Compaction creates journal G+1 before it writes snapshot G+1, so a sound directory holds the
 * snapshot of generation S (none when S is 0) and journals S, S+1, ... without a gap.
 *
 * Every check runs before any file is touched: a damaged directory is refused as it was found,
 * so `npm run db:repair` can still salvage everything in it.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isCorrupt, scanRecords, type ScanResult } from './records.js';
import type { Doc } from './values.js';

export const SNAPSHOT = 'snapshot.bson';
export const journalName = (gen: number) => `journal.${gen}.log`;
/** Owner-only modes, set explicitly so that no umask can widen them. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

const REPAIR_HINT = (dir: string) =>
  `Nothing was changed. Run \`npm run db:repair -- --dbpath ${dir}\` to salvage every intact record ` +
  `(it keeps a copy of the directory as found).`;

/** The store on disk cannot be trusted as it is; start-up refuses rather than guess. */
export class StoreDamagedError extends Error {
  constructor(message: string, dir: string) {
    super(`${message}. ${REPAIR_HINT(dir)}`);
    this.name = 'StoreDamagedError';
  }
}

export interface JournalFile {
  gen: number;
  file: string;
  scan: ScanResult;
  size: number;
}

export interface StoreFiles {
  /** Generation of the snapshot (0 when there is none). */
  generation: number;
  snapshotRecords: Doc[];
  /** Journals of the snapshot's generation and later, in order. */
  journals: JournalFile[];
  /** Journals older than the snapshot (already folded into it). */
  obsolete: string[];
}

/** Creates `dir` when missing and makes it owner-only. */
export async function secureDir(dir: string): Promise<void> {
  await fsp.mkdir(dir, { recursive: true, mode: DIR_MODE });
  await fsp.chmod(dir, DIR_MODE);
}

/** Opens a data file with owner-only access, whatever the umask or the mode it had. */
export async function openSecure(file: string, flags: string | number): Promise<fsp.FileHandle> {
  const fh = await fsp.open(file, flags, FILE_MODE);
  await fh.chmod(FILE_MODE);
  return fh;
}

export async function journalGenerations(dir: string): Promise<number[]> {
  return (await fsp.readdir(dir))
    .map((f) => /^journal\.(\d+)\.log$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** Reads the snapshot, if any: its generation and records (header excluded). */
export async function readSnapshot(
  dir: string,
): Promise<{ generation: number; records: Doc[]; scan: ScanResult } | null> {
  const file = path.join(dir, SNAPSHOT);
  if (!fs.existsSync(file)) return null;
  const scan = scanRecords(await fsp.readFile(file));
  const header = scan.records[0];
  const generation = header?.op === 'header' ? Number(header.gen) : NaN;
  return { generation, records: header?.op === 'header' ? scan.records.slice(1) : scan.records, scan };
}

/** Reads and checks every file; throws StoreDamagedError (and changes nothing) when unsound. */
export async function loadStoreFiles(dir: string): Promise<StoreFiles> {
  const snapPath = path.join(dir, SNAPSHOT);
  const snap = await readSnapshot(dir);
  if (snap) {
    const { scan } = snap;
    if (scan.damaged.length > 0 || !Number.isInteger(snap.generation)) {
      const at = scan.damaged[0]?.offset ?? 0;
      throw new StoreDamagedError(
        `snapshot ${snapPath} is damaged at byte offset ${at} of ${scan.cleanLength + (scan.damaged[0]?.length ?? 0)}` +
          ` (${scan.records.length - scan.cleanRecords} intact records follow the damage)`,
        dir,
      );
    }
  }
  const generation = snap?.generation ?? 0;
  const gens = await journalGenerations(dir);
  const current = gens.filter((g) => g >= generation);
  if (current.length > 0 && current[0] !== generation) {
    throw new StoreDamagedError(
      snap
        ? `snapshot ${snapPath} is of generation ${generation}, older than the oldest journal ` +
            `(${journalName(current[0])}); the journal of generation ${generation} is missing`
        : `${path.join(dir, journalName(current[0]))} needs the snapshot of generation ${current[0]}, ` +
            `and ${snapPath} is missing`,
      dir,
    );
  }
  for (let i = 1; i < current.length; i++) {
    if (current[i] !== current[i - 1] + 1) {
      throw new StoreDamagedError(
        `journal generation ${current[i - 1] + 1} is missing between ${journalName(current[i - 1])} and ` +
          `${journalName(current[i])} in ${dir}`,
        dir,
      );
    }
  }
  const journals: JournalFile[] = [];
  for (const gen of current) {
    const file = path.join(dir, journalName(gen));
    const buf = await fsp.readFile(file);
    const scan = scanRecords(buf, { zeroTail: true });
    // Only the newest journal can have a torn tail: older ones were complete when closed (their
    // preallocated zeros are no damage: compaction may stop before it cuts them off).
    if (isCorrupt(scan) || (scan.damaged.length > 0 && gen !== current[current.length - 1])) {
      throw new StoreDamagedError(
        `journal ${file} is corrupt at byte offset ${scan.cleanLength}: ` +
          `${scan.records.length - scan.cleanRecords} intact records follow the damaged one ` +
          `(${scan.damaged.length} damaged range(s))`,
        dir,
      );
    }
    journals.push({ gen, file, scan, size: buf.length });
  }
  const obsolete = gens.filter((g) => g < generation).map((g) => path.join(dir, journalName(g)));
  return { generation, snapshotRecords: snap?.records ?? [], journals, obsolete };
}

/** CPU time a snapshot writer spends encoding before it lets queued commands and flushes run. */
export const SNAPSHOT_SLICE_MS = 4;
/** Records encoded between two looks at the clock. */
const RECORDS_PER_CHECK = 64;
const CHUNK_BYTES = 4 << 20;

/**
 * Writes a snapshot of `records` atomically (temp file, fsync, rename, fsync of the directory).
 * Encoding runs in slices of SNAPSHOT_SLICE_MS: each slice's bytes are written with an await, so
 * the writes that arrive meanwhile are flushed and acknowledged between slices instead of waiting
 * for the whole store to be encoded.
 */
export async function writeSnapshotFile(
  dir: string,
  gen: number,
  records: Iterable<Doc>,
  encode: (r: Doc) => Buffer,
): Promise<void> {
  const tmp = path.join(dir, SNAPSHOT + '.tmp');
  const fh = await openSecure(tmp, 'w');
  try {
    const chunk: Buffer[] = [encode({ op: 'header', gen, createdAt: new Date() })];
    let bytes = chunk[0].length;
    let n = 0;
    let sliceStart = performance.now();
    for (const r of records) {
      const b = encode(r);
      chunk.push(b);
      bytes += b.length;
      const sliceOver = ++n % RECORDS_PER_CHECK === 0 && performance.now() - sliceStart >= SNAPSHOT_SLICE_MS;
      if (bytes > CHUNK_BYTES || sliceOver) {
        await writeAll(fh, Buffer.concat(chunk, bytes)); // the loop runs other work meanwhile
        chunk.length = 0;
        bytes = 0;
        sliceStart = performance.now();
      }
    }
    if (chunk.length) await writeAll(fh, Buffer.concat(chunk, bytes));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsp.rename(tmp, path.join(dir, SNAPSHOT));
  await fsyncDir(dir);
}

export async function writeAll(fh: fsp.FileHandle, data: Buffer): Promise<void> {
  let off = 0;
  while (off < data.length) {
    const { bytesWritten } = await fh.write(data, off, data.length - off);
    off += bytesWritten;
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
