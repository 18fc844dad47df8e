/**
 * Salvages a damaged dbPath (`npm run db:repair -- --dbpath DIR`).
 *
 * 1. Takes the dbPath lock (a running engine keeps its directory).
 * 2. Copies the directory aside as found (`DIR.damaged-<time>`), so nothing is ever lost to repair.
 * 3. Reads the snapshot and every journal, keeping every intact record: after a damaged record it
 *    resynchronises on the next intact frame (records.ts), so one bad record costs that record only.
 * 4. Replays what was salvaged and writes a clean store: a new snapshot, one empty journal.
 * 5. Reports per file what was kept and which byte ranges were lost.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { acquireLock, releaseLock } from './lock.js';
import { encodeRecord, scanRecords } from './records.js';
import {
  DIR_MODE,
  SNAPSHOT,
  fsyncDir,
  journalGenerations,
  journalName,
  openSecure,
  readSnapshot,
  writeSnapshotFile,
} from './storage-files.js';
import { Store } from './store.js';
import type { Doc } from './values.js';

export interface RepairReport {
  /** Where the directory was copied before anything changed. */
  backup: string;
  /** One line per finding, for people. */
  lines: string[];
  /** Intact records kept (snapshot and journals). */
  recordsKept: number;
  /** Damaged byte ranges skipped. */
  damagedRanges: number;
  bytesLost: number;
  /** Generation of the clean store written. */
  generation: number;
}

export async function repairStore(dbPath: string, now = new Date()): Promise<RepairReport> {
  const dir = path.resolve(dbPath);
  if (!fs.existsSync(dir)) throw new Error(`no such directory: ${dir}`);
  const lockPath = path.join(dir, 'mongod.lock');
  acquireLock(lockPath, dir, () => undefined);
  try {
    const backup = `${dir}.damaged-${now.toISOString().replace(/[-:.]/g, '')}`;
    await fsp.cp(dir, backup, {
      recursive: true,
      filter: (src) => !/(mongod\.lock|mongod\.sock)$/.test(src),
    });
    await fsp.chmod(backup, DIR_MODE);
    const lines: string[] = [`copied ${dir} as found to ${backup}`];
    let kept = 0;
    let ranges = 0;
    let lost = 0;
    const records: Doc[] = [];
    const note = (file: string, n: number, damaged: { offset: number; length: number }[]) => {
      kept += n;
      ranges += damaged.length;
      for (const d of damaged) lost += d.length;
      const what = damaged.length
        ? `; lost ${damaged.map((d) => `bytes ${d.offset}-${d.offset + d.length - 1}`).join(', ')}`
        : '';
      lines.push(`${file}: kept ${n} intact records${what}`);
    };

    const snap = await readSnapshot(dir);
    const snapGen = snap && Number.isInteger(snap.generation) ? snap.generation : 0;
    if (snap) {
      records.push(...snap.records);
      note(SNAPSHOT, snap.records.length, snap.scan.damaged);
      if (!Number.isInteger(snap.generation))
        lines.push(`${SNAPSHOT}: its header is unreadable; generation taken as 0`);
    }
    const gens = (await journalGenerations(dir)).filter((g) => g >= snapGen);
    if (gens.length && gens[0] !== snapGen) {
      lines.push(
        snap
          ? `journal generation ${snapGen} is missing: writes between snapshot ${snapGen} and journal ${gens[0]} are lost`
          : `the snapshot of generation ${gens[0]} is missing: every write before ${journalName(gens[0])} is lost`,
      );
    }
    for (const gen of gens) {
      const scan = scanRecords(await fsp.readFile(path.join(dir, journalName(gen))), { zeroTail: true });
      records.push(...scan.records);
      note(journalName(gen), scan.records.length, scan.damaged);
    }

    // Replay through the store (the same function start-up uses), then write it out clean.
    const store = new Store();
    for (const r of records) store.applyRecord(r);
    const generation = Math.max(snapGen, ...gens) + 1;
    await fsp.rm(path.join(dir, SNAPSHOT + '.tmp'), { force: true });
    const next = await openSecure(path.join(dir, journalName(generation)), 'a');
    await next.close();
    await writeSnapshotFile(dir, generation, store.snapshotRecords(), encodeRecord);
    for (const g of await journalGenerations(dir)) {
      if (g !== generation) await fsp.rm(path.join(dir, journalName(g)), { force: true });
    }
    await fsyncDir(dir);
    lines.push(
      ranges === 0
        ? `no damaged records found; wrote a clean store (generation ${generation})`
        : `skipped ${ranges} damaged range(s), ${lost} bytes; wrote a clean store (generation ${generation}) from ${kept} intact records`,
    );
    return { backup, lines, recordsKept: kept, damagedRanges: ranges, bytesLost: lost, generation };
  } finally {
    releaseLock(lockPath);
  }
}
