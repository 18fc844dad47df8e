/**
 * The namespaces a command reads, for the read barrier (read-barrier.ts): it waits only for the
 * pending writes to these. Computed conservatively: whatever is not known to read one collection
 * (listCollections, dbStats, DDL, $out, a stage not listed here, a malformed command) reads
 * EVERYTHING, as every command did before. A write command reads its own collection too, so it is
 * ordered after the earlier writes to it.
 */
import { EVERYTHING, type Namespaces } from './read-barrier.js';
import { isPlainObject, type Doc } from './values.js';

/** Commands that read (and for the writes, change) only the collection named by their first field. */
const ONE_COLLECTION = new Set([
  'find',
  'count',
  'distinct',
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'killCursors',
]);

/** Pipeline stages that read nothing but the documents flowing into them. */
const LOCAL_STAGES = new Set([
  '$match',
  '$project',
  '$addFields',
  '$set',
  '$unset',
  '$group',
  '$sort',
  '$limit',
  '$skip',
  '$unwind',
  '$count',
  '$sortByCount',
  '$replaceRoot',
  '$replaceWith',
  '$sample',
  '$bucket',
  '$bucketAuto',
  '$redact',
  '$setWindowFields',
  '$densify',
  '$fill',
  '$documents',
]);

/** The namespaces ("db.collection") `cmd` reads, or EVERYTHING. */
export function commandReads(cmd: Doc | undefined): Namespaces {
  if (!cmd) return EVERYTHING;
  const name = Object.keys(cmd)[0];
  const db = cmd.$db;
  if (typeof db !== 'string' || db === '') return EVERYTHING;
  if (ONE_COLLECTION.has(name)) return collectionOf(db, cmd[name]);
  if (name === 'getMore') return collectionOf(db, cmd.collection); // the cursor's namespace
  if (name === 'aggregate') return aggregateReads(db, cmd);
  if (name === 'explain' && isPlainObject(cmd.explain)) return commandReads({ ...cmd.explain, $db: db });
  return EVERYTHING;
}

function collectionOf(db: string, coll: unknown): Namespaces {
  return typeof coll === 'string' && coll !== '' ? [`${db}.${coll}`] : EVERYTHING;
}

function aggregateReads(db: string, cmd: Doc): Namespaces {
  const source = cmd.aggregate;
  if (typeof source !== 'string' || source === '') return EVERYTHING; // {aggregate: 1}: the database
  const reads = new Set([`${db}.${source}`]);
  return addPipeline(db, cmd.pipeline, reads) ? [...reads] : EVERYTHING;
}

/** Adds the collections `pipeline` reads to `into`; false when it may read anything. */
function addPipeline(db: string, pipeline: unknown, into: Set<string>): boolean {
  if (!Array.isArray(pipeline)) return false;
  for (const stage of pipeline) {
    if (!isPlainObject(stage)) return false;
    const keys = Object.keys(stage);
    if (keys.length !== 1) return false;
    const name = keys[0];
    if (LOCAL_STAGES.has(name)) continue;
    if (!addStage(db, name, stage[name], into)) return false;
  }
  return true;
}

/** A stage that reads other collections: its `from` or `coll`, and its sub-pipelines. */
function addStage(db: string, name: string, spec: unknown, into: Set<string>): boolean {
  switch (name) {
    case '$lookup':
      // `from` may be left out when the sub-pipeline starts with $documents.
      return (
        isPlainObject(spec) &&
        (spec.from === undefined || addCollection(db, spec.from, into)) &&
        (spec.pipeline === undefined || addPipeline(db, spec.pipeline, into))
      );
    case '$graphLookup':
      return isPlainObject(spec) && addCollection(db, spec.from, into);
    case '$unionWith':
      if (typeof spec === 'string') return addCollection(db, spec, into);
      return (
        isPlainObject(spec) &&
        (spec.coll === undefined || addCollection(db, spec.coll, into)) &&
        (spec.pipeline === undefined || addPipeline(db, spec.pipeline, into))
      );
    case '$facet':
      return isPlainObject(spec) && Object.values(spec).every((sub) => addPipeline(db, sub, into));
    default:
      // $out and $merge write, $changeStream, $collStats, $indexStats and anything unknown.
      return false;
  }
}

/** A collection named in this database (a `{db, coll}` form or anything else: false). */
function addCollection(db: string, coll: unknown, into: Set<string>): boolean {
  if (typeof coll !== 'string' || coll === '') return false;
  into.add(`${db}.${coll}`);
  return true;
}
