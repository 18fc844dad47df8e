/** bench:db (db.bench.ts): the phases in order, and the ratios against the targets. */
import type { Db } from 'mongodb';
import { fdatasyncFloor, concurrentInsertOne, ratingMemory } from './durability.js';
import { benchGroup, benchLookups } from './db-reads.js';
import { renderInsertOnly } from './db-report.js';
import { CONCURRENT_CLIENTS, benchInsertMany, benchInsertOne, progress } from './db-writes.js';
import type { RssSampler } from './measure.js';

const TARGET_RATIO = 3;

/** `p50` (ratio of medians) and the per-round range show how far noise moved the ratio of means. */
export function ratio(value: number, note?: string, extra?: { p50: number; rounds: number[] }) {
  return {
    value,
    target: TARGET_RATIO,
    pass: value <= TARGET_RATIO,
    ...(extra
      ? { p50: extra.p50, roundsMin: Math.min(...extra.rounds), roundsMax: Math.max(...extra.rounds) }
      : {}),
    ...(note ? { note } : {}),
  };
}

export type Results = Awaited<ReturnType<typeof runAll>>;

/** --insert-only: the floors and sequential insertOne, nothing else. */
export async function runInsertOnly(db: Db, dbPath: string): Promise<string> {
  progress('fdatasync floor: appending and into preallocated space (4.5 s)');
  const floor = await fdatasyncFloor(dbPath);
  const insertOne = await benchInsertOne(db, dbPath);
  return renderInsertOnly(insertOne, floor);
}

export async function runAll(db: Db, rss: RssSampler, dbPath: string) {
  progress(
    'fdatasync floor: write + fdatasync of 200 bytes in a loop on a file in dbPath, appending and into preallocated space (4.5 s)',
  );
  const floor = await fdatasyncFloor(dbPath);
  const insertOne = await benchInsertOne(db, dbPath);
  progress(`insertOne: ${CONCURRENT_CLIENTS} concurrent loops (about 3 s; they share fdatasyncs)`);
  const insertOneConcurrent = await concurrentInsertOne(db, CONCURRENT_CLIENTS);
  progress("memory: 100,000 rating documents with the indexes of the app's ratings");
  const memory = await ratingMemory(db);
  const { last, ...insertMany } = await benchInsertMany(db);
  const lookups = await benchLookups(db, last.coll, last.docs);
  const group = await benchGroup(db, rss);
  const ratios = {
    findByIdVsPing: ratio(lookups.byId.meanUs / lookups.ping.meanUs, undefined, {
      p50: lookups.byId.p50Us / lookups.ping.p50Us,
      rounds: lookups.idRoundRatios,
    }),
    findByIndexVsPing: ratio(
      lookups.byIndex.meanUs / lookups.ping.meanUs,
      'not an issue target; same bar as find by _id',
      { p50: lookups.byIndex.p50Us / lookups.ping.p50Us, rounds: lookups.indexRoundRatios },
    ),
    groupVsMingo: ratio(group.engineMedianMs / group.mingoMedianMs),
  };
  return {
    floor,
    insertOne,
    insertOneConcurrent,
    insertOneVsFloor: insertOne.opsPerSec / floor.syncPerSec,
    memory,
    insertMany,
    ping: lookups.ping,
    findById: lookups.byId,
    findByIndex: lookups.byIndex,
    findByScan: lookups.byScan,
    group,
    ratios,
  };
}
