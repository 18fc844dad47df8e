/**
 * The change events a `$changeStream` returns, built from the engine's committed changes, and their
 * resume tokens.
 *
 * A token is `{_data: <engine run id, 8 hex><change number, 16 hex>}`: change numbers count the
 * changes committed since this engine started. A token of an earlier run (the engine restarted)
 * cannot be placed in this run's history, so resuming from it fails with ChangeStreamHistoryLost,
 * as mongod answers for a token older than its oplog.
 */
import { Timestamp } from 'bson';
import { badValue, MongoCommandError } from './errors.js';
import { encodeKey, isPlainObject, type Doc } from './values.js';

/** One committed change, as the history keeps it (documents are immutable: shared, not copied). */
export interface ChangeEntry {
  seq: number;
  clusterTime: Timestamp;
  wallTime: Date;
  db: string;
  coll: string;
  operationType: 'insert' | 'update' | 'replace' | 'delete';
  id: unknown;
  /** The document after the change (null for a delete). */
  after: Doc | null;
  /** The document before an update (its changes are worked out only when a stream asks). */
  before?: Doc;
}

export type FullDocumentMode = 'default' | 'updateLookup' | 'whenAvailable' | 'required';
const FULL_DOCUMENT_MODES = new Set<string>(['default', 'updateLookup', 'whenAvailable', 'required']);

export const historyLost = () =>
  new MongoCommandError(
    286,
    'ChangeStreamHistoryLost',
    'Resume of change stream was not possible, as the resume point may no longer be in the oplog.',
  );

export function encodeToken(run: string, seq: number): Doc {
  return { _data: run + seq.toString(16).padStart(16, '0') };
}

/** The change number a token of this run stands for; ChangeStreamHistoryLost for another run's. */
export function decodeToken(token: unknown, run: string): number {
  const data = isPlainObject(token) ? token._data : undefined;
  const m = typeof data === 'string' ? /^([0-9a-f]{8})([0-9a-f]{16})$/.exec(data) : null;
  if (!m) throw badValue('the resume token is not one this engine issued: expected {_data: <24 hex digits>}');
  if (m[1] !== run) throw historyLost();
  return parseInt(m[2], 16);
}

/** Top-level differences between two versions of a document (mongod reports dotted paths). */
export function describeUpdate(before: Doc, after: Doc): Doc {
  const updatedFields: Doc = {};
  for (const [k, v] of Object.entries(after)) {
    if (!(k in before) || encodeKey(before[k]) !== encodeKey(v)) updatedFields[k] = v;
  }
  const removedFields = Object.keys(before).filter((k) => !(k in after));
  return { updatedFields, removedFields, truncatedArrays: [] };
}

/** The `$changeStream` stage's options this engine understands. */
export interface StreamSpec {
  fullDocument: FullDocumentMode;
  resumeAfter?: unknown;
  startAfter?: unknown;
}

export function parseSpec(raw: unknown): StreamSpec {
  if (!isPlainObject(raw)) throw badValue('the $changeStream stage takes an object');
  const spec: StreamSpec = { fullDocument: 'default' };
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'fullDocument') {
      if (typeof v !== 'string' || !FULL_DOCUMENT_MODES.has(v))
        throw badValue(`unsupported fullDocument value for $changeStream: ${String(v)}`);
      spec.fullDocument = v as FullDocumentMode;
    } else if (k === 'resumeAfter' || k === 'startAfter') spec[k] = v;
    else if (k === 'fullDocumentBeforeChange' && (v === 'off' || v === undefined)) continue;
    else if (k === 'showExpandedEvents' && v === false) continue;
    else
      throw new MongoCommandError(
        115,
        'CommandNotSupported',
        `the $changeStream option "${k}" is not supported by the embedded engine; point MONGODB_URI at a MongoDB replica set for it`,
      );
  }
  if (spec.resumeAfter !== undefined && spec.startAfter !== undefined)
    throw badValue('Only one type of resume option is allowed, but multiple were found.');
  return spec;
}

/** The event a stream returns for `e` (fullDocument as the stream asked). */
export function toEvent(
  e: ChangeEntry,
  run: string,
  mode: FullDocumentMode,
  current: (e: ChangeEntry) => Doc | null,
): Doc {
  const event: Doc = {
    _id: encodeToken(run, e.seq),
    operationType: e.operationType,
    clusterTime: e.clusterTime,
    wallTime: e.wallTime,
    ns: { db: e.db, coll: e.coll },
    documentKey: { _id: e.id },
  };
  if (e.operationType === 'insert' || e.operationType === 'replace') event.fullDocument = e.after;
  else if (e.operationType === 'update') {
    event.updateDescription = describeUpdate(e.before ?? {}, e.after ?? {});
    // updateLookup: the document as it is now (null once deleted); the others: the post-image.
    if (mode === 'updateLookup') event.fullDocument = current(e);
    else if (mode !== 'default') event.fullDocument = e.after;
  }
  return event;
}
