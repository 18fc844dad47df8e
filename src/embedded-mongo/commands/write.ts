/** insert, update, delete, findAndModify: every change goes through a WriteBatch and the journal. */
import { ObjectId } from 'bson';
import {
  collName,
  dbName,
  newBatch,
  optionalArray,
  optionalDoc,
  type CommandContext,
  type Handler,
} from './context.js';
import { MongoCommandError, badValue, failedToParse, notSupported, typeMismatch } from '../errors.js';
import { applyUpdate, classifyUpdate, findDocs, upsertSeed, type UpdateKind } from '../query.js';
import { MAX_BSON_SIZE, type Collection, type WriteBatch } from '../store.js';
import { encodeKey, isPlainObject, sameValue, type Doc } from '../values.js';

const insertTooLarge = (size: number) =>
  badValue(`object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_SIZE}`);
const updateTooLarge = (size: number) =>
  new MongoCommandError(
    17419,
    'Location17419',
    `Resulting document after update is larger than ${MAX_BSON_SIZE} (${size} bytes)`,
  );

function checkId(id: unknown): void {
  if (Array.isArray(id)) throw badValue("The '_id' value cannot be of type array");
  if (id instanceof RegExp) throw badValue("The '_id' value cannot be of type regex");
}

/**
 * Stores a new document after the _id and unique-index checks; `bytes` is its BSON from the wire
 * when `doc` is exactly what those bytes decode to.
 */
function insertOne(batch: WriteBatch, c: Collection, doc: Doc, bytes?: Uint8Array): void {
  checkId(doc._id);
  const id = encodeKey(doc._id);
  if (c.docs.has(id)) throw c.indexes[0].duplicateError([doc._id], c.ns);
  const err = c.conflict(doc, id);
  if (err) throw err;
  batch.put(c, doc, insertTooLarge, false, bytes);
}

/** Stores the new version of an existing document; returns whether it changed. */
function replaceOne(batch: WriteBatch, c: Collection, before: Doc, after: Doc, kind: UpdateKind): boolean {
  if (sameValue(after, before)) return false;
  const err = c.conflict(after, encodeKey(after._id));
  if (err) throw err;
  batch.put(c, after, updateTooLarge, kind === 'replacement');
  return true;
}

/** The document with its _id first, generating an ObjectId when it has none. */
function withId(doc: Doc): Doc {
  if (doc._id !== undefined && Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id: _id === undefined ? new ObjectId() : _id, ...rest };
}

/** Runs `body` and commits whatever it applied, even when it stops with an error. */
async function committing<T>(ctx: CommandContext, body: (batch: WriteBatch) => T): Promise<T> {
  const batch = newBatch(ctx);
  try {
    return body(batch);
  } finally {
    await ctx.commit(batch);
  }
}

function refuse(stmt: Doc): void {
  if (stmt.collation !== undefined) throw notSupported('collation');
}

const insert: Handler = async (cmd, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'insert');
  const docs = optionalArray(cmd, 'documents');
  if (!docs) throw failedToParse("BSON field 'insert.documents' is missing but a required field");
  const ordered = cmd.ordered !== false;
  const sizes = ctx.sequenceSizes.documents;
  const bytes = ctx.sequenceBytes?.documents; // each document's BSON as it arrived (wire.ts)
  // A malformed command fails as a whole, before any document is written (as mongod's parser does).
  docs.forEach((d, i) => {
    if (!isPlainObject(d))
      throw typeMismatch(`BSON field 'insert.documents.${i}' is the wrong type, expected type 'object'`);
  });
  const writeErrors: Doc[] = [];
  let n = 0;
  await committing(ctx, (batch) => {
    let c: Collection | undefined;
    for (let i = 0; i < docs.length; i++) {
      try {
        const raw = docs[i] as Doc;
        if (sizes && sizes[i] > MAX_BSON_SIZE) throw insertTooLarge(sizes[i]);
        c ??= batch.ensureCollection(db, name);
        const doc = withId(raw);
        // The wire bytes are the document only when withId kept it (it had its _id first).
        insertOne(batch, c, doc, doc === raw ? bytes?.[i] : undefined);
        n++;
      } catch (e) {
        if (!(e instanceof MongoCommandError)) throw e;
        writeErrors.push(e.toWriteError(i));
        if (ordered) break;
      }
    }
  });
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

interface UpdateStatement {
  q: Doc;
  u: any;
  kind: UpdateKind;
  upsert: boolean;
  multi: boolean;
  arrayFilters?: Doc[];
  sort?: Doc;
  vars?: Doc;
}

/** Type checks of one statement; a failure fails the whole command, before anything is written. */
function checkStatementShape(raw: unknown, i: number, field: string): void {
  if (!isPlainObject(raw))
    throw typeMismatch(`BSON field '${field}.${i}' is the wrong type, expected type 'object'`);
  optionalDoc(raw, 'q');
  for (const flag of ['upsert', 'multi']) {
    if (raw[flag] !== undefined && typeof raw[flag] !== 'boolean') {
      throw typeMismatch(
        `BSON field '${field}.${flag}' is the wrong type '${typeof raw[flag]}', expected type 'bool'`,
      );
    }
  }
}

function parseStatement(raw: Doc, vars?: Doc): UpdateStatement {
  refuse(raw);
  const q = optionalDoc(raw, 'q') ?? {};
  if (raw.u === undefined)
    throw failedToParse("BSON field 'update.updates.u' is missing but a required field");
  const kind = classifyUpdate(raw.u);
  const multi = raw.multi === true;
  if (multi && kind === 'replacement')
    throw failedToParse('multi update is not supported for replacement-style update');
  const arrayFilters = optionalArray(raw, 'arrayFilters') as Doc[] | undefined;
  return {
    q,
    u: raw.u,
    kind,
    upsert: raw.upsert === true,
    multi,
    arrayFilters,
    sort: optionalDoc(raw, 'sort'),
    vars: { ...vars, ...(optionalDoc(raw, 'c') ?? {}) },
  };
}

/** The document an upsert inserts when nothing matched. */
function upsertDoc(s: UpdateStatement): Doc {
  const seed =
    s.kind === 'replacement'
      ? upsertSeed(s.q)._id !== undefined
        ? { _id: upsertSeed(s.q)._id }
        : {}
      : upsertSeed(s.q);
  const doc = applyUpdate(seed, s.u, {
    kind: s.kind,
    arrayFilters: s.arrayFilters,
    filter: s.q,
    inserting: true,
    vars: s.vars,
  });
  return withId(doc);
}

const update: Handler = async (cmd, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'update');
  const statements = optionalArray(cmd, 'updates');
  if (!statements) throw failedToParse("BSON field 'update.updates' is missing but a required field");
  const ordered = cmd.ordered !== false;
  const vars = optionalDoc(cmd, 'let');
  statements.forEach((st, i) => {
    checkStatementShape(st, i, 'update.updates');
    if ((st as Doc).u === undefined)
      throw failedToParse("BSON field 'update.updates.u' is missing but a required field");
    const u = (st as Doc).u;
    if (!isPlainObject(u) && !Array.isArray(u))
      throw typeMismatch(
        "BSON field 'update.updates.u' is the wrong type, expected type 'object' or 'array'",
      );
  });
  const writeErrors: Doc[] = [];
  const upserted: Doc[] = [];
  let n = 0;
  let nModified = 0;
  await committing(ctx, (batch) => {
    for (let i = 0; i < statements.length; i++) {
      try {
        const s = parseStatement(statements[i] as Doc, vars);
        const c = ctx.store.collection(db, name);
        c?.checkHint(statements[i] && (statements[i] as Doc).hint);
        const matched = c
          ? findDocs(c.candidates(s.q), s.q, { limit: s.multi ? undefined : 1, sort: s.sort })
          : [];
        for (const doc of matched) {
          const next = applyUpdate(doc, s.u, {
            kind: s.kind,
            arrayFilters: s.arrayFilters,
            filter: s.q,
            inserting: false,
            vars: s.vars,
          });
          n++;
          if (replaceOne(batch, c!, doc, next, s.kind)) nModified++;
        }
        if (matched.length === 0 && s.upsert) {
          const doc = upsertDoc(s);
          insertOne(batch, batch.ensureCollection(db, name), doc);
          upserted.push({ index: i, _id: doc._id });
          n++;
        }
      } catch (e) {
        if (!(e instanceof MongoCommandError)) throw e;
        writeErrors.push(e.toWriteError(i));
        if (ordered) break;
      }
    }
  });
  const reply: Doc = { n, nModified, ok: 1 };
  if (upserted.length) reply.upserted = upserted;
  if (writeErrors.length) reply.writeErrors = writeErrors;
  return reply;
};

const del: Handler = async (cmd, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'delete');
  const statements = optionalArray(cmd, 'deletes');
  if (!statements) throw failedToParse("BSON field 'delete.deletes' is missing but a required field");
  const ordered = cmd.ordered !== false;
  const writeErrors: Doc[] = [];
  let n = 0;
  await committing(ctx, (batch) => {
    for (let i = 0; i < statements.length; i++) {
      try {
        const s = statements[i];
        if (!isPlainObject(s)) throw typeMismatch('each delete statement must be an object');
        refuse(s);
        const q = optionalDoc(s, 'q') ?? {};
        if (s.limit !== 0 && s.limit !== 1)
          throw failedToParse('The limit field in delete objects must be 0 or 1. Got ' + String(s.limit));
        const c = ctx.store.collection(db, name);
        if (!c) continue;
        c.checkHint(s.hint);
        for (const doc of findDocs(c.candidates(q), q, { limit: s.limit === 1 ? 1 : undefined })) {
          batch.remove(c, doc);
          n++;
        }
      } catch (e) {
        if (!(e instanceof MongoCommandError)) throw e;
        writeErrors.push(e.toWriteError(i));
        if (ordered) break;
      }
    }
  });
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

function project(doc: Doc | null, fields: Doc | undefined): Doc | null {
  if (!doc || !fields || Object.keys(fields).length === 0) return doc;
  return findDocs([doc], {}, { projection: fields })[0] ?? null;
}

const findAndModify: Handler = async (cmd, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, cmd.findAndModify !== undefined ? 'findAndModify' : 'findandmodify');
  refuse(cmd);
  const query = optionalDoc(cmd, 'query') ?? {};
  const sort = optionalDoc(cmd, 'sort');
  const fields = optionalDoc(cmd, 'fields');
  const remove = cmd.remove === true;
  const returnNew = cmd.new === true;
  const upsert = cmd.upsert === true;
  if (remove && cmd.update !== undefined)
    throw failedToParse('Cannot specify both an update and remove=true');
  if (!remove && cmd.update === undefined)
    throw failedToParse('Either an update or remove=true must be specified');
  if (remove && returnNew)
    throw failedToParse(
      "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
    );
  if (remove && upsert) throw failedToParse('Cannot specify both upsert=true and remove=true');
  const c = ctx.store.collection(db, name);
  c?.checkHint(cmd.hint);
  const [doc] = c ? findDocs(c.candidates(query), query, { sort, limit: 1 }) : [];
  return committing(ctx, (batch) => {
    if (remove) {
      if (!doc) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
      batch.remove(c!, doc);
      return { lastErrorObject: { n: 1 }, value: project(doc, fields), ok: 1 };
    }
    const s = parseStatement(
      { q: query, u: cmd.update, upsert, arrayFilters: cmd.arrayFilters },
      optionalDoc(cmd, 'let'),
    );
    if (doc) {
      const next = applyUpdate(doc, s.u, {
        kind: s.kind,
        arrayFilters: s.arrayFilters,
        filter: query,
        inserting: false,
        vars: s.vars,
      });
      replaceOne(batch, c!, doc, next, s.kind);
      return {
        lastErrorObject: { n: 1, updatedExisting: true },
        value: project(returnNew ? next : doc, fields),
        ok: 1,
      };
    }
    if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const created = upsertDoc(s);
    insertOne(batch, batch.ensureCollection(db, name), created);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: created._id },
      value: returnNew ? project(created, fields) : null,
      ok: 1,
    };
  });
};

export const writeCommands: Record<string, Handler> = {
  insert,
  update,
  delete: del,
  findAndModify,
  findandmodify: findAndModify,
};
