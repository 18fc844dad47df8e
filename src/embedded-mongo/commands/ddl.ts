/** Collections, databases and indexes. */
import { collName, dbName, newBatch, optionalArray, type Handler } from './context.js';
import {
  badValue,
  indexKeySpecsConflict,
  indexNotFound,
  indexOptionsConflict,
  invalidNamespace,
  invalidOptions,
  namespaceExists,
  namespaceNotFound,
  notSupported,
  typeMismatch,
} from '../errors.js';
import { Index, normalizeSpec, sameIndex, type IndexSpec } from '../indexes.js';
import { compileFilter, matches } from '../query.js';
import { encodeKey, isPlainObject, type Doc } from '../values.js';

/** Options of `create` we can honour; any other option is refused rather than ignored. */
const CREATE_OPTIONS = new Set([
  'create',
  '$db',
  'lsid',
  'writeConcern',
  'comment',
  '$readPreference',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'maxTimeMS',
  'txnNumber',
  'autocommit',
  'startTransaction',
  '$clusterTime',
]);

const create: Handler = async (cmd, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'create');
  for (const k of Object.keys(cmd))
    if (!CREATE_OPTIONS.has(k)) throw notSupported(`the collection option "${k}"`);
  if (ctx.store.collection(db, name)) throw namespaceExists(`Collection ${db}.${name} already exists.`);
  const batch = newBatch(ctx);
  batch.ensureCollection(db, name);
  await ctx.commit(batch);
  return { ok: 1 };
};

const drop: Handler = async (cmd, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'drop');
  const c = ctx.store.collection(db, name);
  if (!c) return { ok: 1 };
  const nIndexesWas = c.indexes.length;
  const batch = newBatch(ctx);
  batch.dropCollection(db, name);
  await ctx.commit(batch);
  return { nIndexesWas, ns: `${db}.${name}`, ok: 1 };
};

const dropDatabase: Handler = async (cmd, ctx) => {
  const db = dbName(cmd);
  if (ctx.store.dbs.has(db)) {
    const batch = newBatch(ctx);
    batch.dropDatabase(db);
    await ctx.commit(batch);
  }
  return { dropped: db, ok: 1 };
};

function splitNs(ns: unknown, field: string): [string, string] {
  if (typeof ns !== 'string')
    throw typeMismatch(`BSON field '${field}' is the wrong type, expected type 'string'`);
  const i = ns.indexOf('.');
  if (i <= 0 || i === ns.length - 1) throw invalidNamespace(`Invalid namespace specified '${ns}'`);
  return [ns.slice(0, i), ns.slice(i + 1)];
}

const renameCollection: Handler = async (cmd, ctx) => {
  const [fromDb, fromColl] = splitNs(cmd.renameCollection, 'renameCollection');
  const [toDb, toColl] = splitNs(cmd.to, 'to');
  const source = ctx.store.collection(fromDb, fromColl);
  if (!source) throw namespaceNotFound(`Source collection ${fromDb}.${fromColl} does not exist`);
  if (fromDb === toDb && fromColl === toColl) throw badValue("Can't rename a collection to itself");
  if (ctx.store.collection(toDb, toColl) && !cmd.dropTarget) throw namespaceExists('target namespace exists');
  const batch = newBatch(ctx);
  batch.rename(source, toDb, toColl);
  await ctx.commit(batch);
  return { ok: 1 };
};

const listCollections: Handler = (cmd, ctx) => {
  const db = dbName(cmd);
  const filter = compileFilter(cmd.filter);
  const out: Doc[] = [];
  for (const c of ctx.store.collections(db)) {
    const info: Doc = cmd.nameOnly
      ? { name: c.name, type: 'collection' }
      : {
          name: c.name,
          type: 'collection',
          options: c.options,
          info: { readOnly: false, uuid: c.uuid },
          idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
        };
    if (matches(filter, info)) out.push(info);
  }
  out.sort((a, b) => (a.name < b.name ? -1 : 1));
  return ctx.cursors.open(`${db}.$cmd.listCollections`, out, cmd.cursor?.batchSize);
};

const createIndexes: Handler = async (cmd, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'createIndexes');
  const specs = optionalArray(cmd, 'indexes');
  if (!specs || specs.length === 0) throw badValue('Must specify at least one index to create');
  const existing = ctx.store.collection(db, name);
  const before = existing ? existing.indexes.length : 1;
  // Validate every spec before changing anything, so a bad spec leaves nothing half-built.
  const toCreate: IndexSpec[] = [];
  for (const raw of specs) {
    if (!isPlainObject(raw)) throw typeMismatch("BSON field 'indexes' must be an array of documents");
    const spec = normalizeSpec(raw as IndexSpec);
    const all = [
      ...(existing?.indexes.map((i) => i.spec) ?? [{ v: 2, key: { _id: 1 }, name: '_id_' }]),
      ...toCreate,
    ];
    const sameName = all.find((s) => s.name === spec.name);
    if (sameName) {
      if (sameIndex(sameName, spec)) continue;
      if (encodeKey(sameName.key) === encodeKey(spec.key)) {
        throw indexOptionsConflict(
          `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`,
        );
      }
      throw indexKeySpecsConflict(
        `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`,
      );
    }
    const sameKey = all.find(
      (s) =>
        encodeKey(s.key) === encodeKey(spec.key) &&
        encodeKey(s.partialFilterExpression ?? null) === encodeKey(spec.partialFilterExpression ?? null),
    );
    if (sameKey) {
      if (sameIndex(sameKey, spec)) continue;
      throw indexOptionsConflict(
        `An equivalent index already exists with a different name and options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameKey)}`,
      );
    }
    toCreate.push(spec);
  }
  if (toCreate.length === 0) {
    return { numIndexesBefore: before, numIndexesAfter: before, note: 'all indexes already exist', ok: 1 };
  }
  const batch = newBatch(ctx);
  const created = !existing;
  const c = batch.ensureCollection(db, name);
  // A unique index over existing duplicates fails with the duplicate, as mongod's build does.
  for (const spec of toCreate) {
    if (!spec.unique) continue;
    const probe = new Index(spec);
    for (const [id, doc] of c.docs) {
      const err = probe.conflict(doc, id, c.ns);
      if (err) {
        if (created) await ctx.commit(batch);
        throw err;
      }
      probe.add(doc, id);
    }
  }
  for (const spec of toCreate) batch.createIndex(c, spec);
  await ctx.commit(batch);
  return {
    numIndexesBefore: before,
    numIndexesAfter: before + toCreate.length,
    createdCollectionAutomatically: created,
    ok: 1,
  };
};

const listIndexes: Handler = (cmd, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'listIndexes');
  const c = ctx.store.collection(db, name);
  if (!c) throw namespaceNotFound(`ns does not exist: ${db}.${name}`);
  return ctx.cursors.open(
    `${db}.${name}`,
    c.indexes.map((i) => ({ ...i.spec })),
    cmd.cursor?.batchSize,
  );
};

const dropIndexes: Handler = async (cmd, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'dropIndexes');
  const c = ctx.store.collection(db, name);
  if (!c) throw namespaceNotFound(`ns not found ${db}.${name}`);
  const target = cmd.index;
  const nIndexesWas = c.indexes.length;
  let names: string[];
  if (target === '*') names = c.indexes.slice(1).map((i) => i.name);
  else if (typeof target === 'string') names = [target];
  else if (Array.isArray(target) && target.every((t) => typeof t === 'string')) names = target as string[];
  else if (isPlainObject(target)) {
    const found = c.indexes.find((i) => encodeKey(i.spec.key) === encodeKey(target));
    if (!found) throw indexNotFound(`can't find index with key: ${JSON.stringify(target)}`);
    names = [found.name];
  } else
    throw typeMismatch("BSON field 'index' must be a string, an array of strings or a key pattern document");
  for (const n of names) {
    if (n === '_id_') throw invalidOptions('cannot drop _id index');
    if (!c.index(n)) throw indexNotFound(`index not found with name [${n}]`);
  }
  const batch = newBatch(ctx);
  for (const n of names) batch.dropIndex(c, n);
  await ctx.commit(batch);
  return { nIndexesWas, ok: 1 };
};

export const ddlCommands: Record<string, Handler> = {
  create,
  drop,
  dropDatabase,
  renameCollection,
  listCollections,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};
