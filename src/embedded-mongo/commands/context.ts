import type { ChangeLog } from '../change-stream.js';
import type { ReadBarrierCounts } from '../command-barrier.js';
import type { CursorManager } from '../cursors.js';
import { badValue, invalidNamespace, typeMismatch, typeName } from '../errors.js';
import type { Journal } from '../journal.js';
import { WriteBatch, type Store } from '../store.js';
import type { Doc } from '../values.js';

export interface ServerInfo {
  host: string;
  port: number;
  startedAt: number;
  connections(): { current: number; totalCreated: number; available: number };
  /** The read barrier's counts since start-up (command-barrier.ts), a copy taken when called. */
  readBarrier(): ReadBarrierCounts;
}

/** What a command handler may use. Handlers never see sockets. */
export interface CommandContext {
  store: Store;
  journal: Journal;
  cursors: CursorManager;
  /** Committed changes and the change streams that read them. */
  changes: ChangeLog;
  server: ServerInfo;
  connectionId: number;
  /** The command being run: a long read waits between its slices for the writes it could see. */
  command?: Doc;
  /** Sizes of documents that arrived in OP_MSG document sequences, by field name. */
  sequenceSizes: Record<string, number[]>;
  /** The exact BSON of those documents and of an insert's body documents (wire.ts). */
  sequenceBytes?: Record<string, Buffer[]>;
  log: (message: string) => void;
  /** Writes a batch's records to the journal; resolves when they are on disk. */
  commit(batch: WriteBatch): Promise<void>;
}

export type Handler = (cmd: Doc, ctx: CommandContext) => Doc | Promise<Doc>;

export function dbName(cmd: Doc): string {
  const db = cmd.$db;
  if (typeof db !== 'string' || db === '') throw invalidNamespace('the command has no $db field');
  return db;
}

/** The collection a command names in its first field (`{find: 'users'}`). */
export function collName(cmd: Doc, command: string): string {
  const v = cmd[command];
  if (typeof v !== 'string') {
    throw typeMismatch(`collection name has invalid type ${typeName(v)}`);
  }
  if (v === '') throw invalidNamespace(`Invalid namespace specified '${dbName(cmd)}.'`);
  return v;
}

export function optionalDoc(cmd: Doc, field: string): Doc | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (
    typeof v !== 'object' ||
    Array.isArray(v) ||
    v instanceof Date ||
    (v as { _bsontype?: string })._bsontype
  ) {
    throw typeMismatch(`BSON field '${field}' is the wrong type '${typeName(v)}', expected type 'object'`);
  }
  return v as Doc;
}

export function optionalNumber(cmd: Doc, field: string, min = 0): number | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || Number.isNaN(v)) {
    throw typeMismatch(`BSON field '${field}' is the wrong type '${typeName(v)}', expected a number`);
  }
  if (v < min) throw badValue(`BSON field '${field}' value must be >= ${min}, actual value '${v}'`);
  return v;
}

export function optionalArray(cmd: Doc, field: string): unknown[] | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v))
    throw typeMismatch(`BSON field '${field}' is the wrong type '${typeName(v)}', expected type 'array'`);
  return v;
}

export function newBatch(ctx: CommandContext): WriteBatch {
  return new WriteBatch(ctx.store);
}
