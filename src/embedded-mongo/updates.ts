/**
 * Updates: replacement, pipeline and operator updates (the fast path in update-fast.ts, else
 * mingo), immutable _id, and the document an upsert starts from.
 */
import { update as mingoUpdate } from 'mingo';
import { aggregate } from './aggregation.js';
import { checkOperandTypes, type UpdateKind } from './update-checks.js';
import { applyOperatorsFast } from './update-fast.js';
import { MongoCommandError, badValue, immutableField } from './errors.js';
import { cloneDoc, encodeKey, isPlainObject, type Doc } from './values.js';

export interface ApplyUpdateOptions {
  kind: UpdateKind;
  arrayFilters?: Doc[];
  /** The statement's filter (for the positional `$` operator). */
  filter: Doc;
  /** True when the document is being created by an upsert ($setOnInsert applies). */
  inserting: boolean;
  vars?: Doc;
  /** Always through mingo, never the fast path (for the test that compares the two). */
  viaMingo?: boolean;
}

/** Returns the updated copy of `doc` (sharing what did not change); never changes `doc`. */
export function applyUpdate(doc: Doc, u: any, opts: ApplyUpdateOptions): Doc {
  let next: Doc;
  if (opts.kind === 'replacement') {
    next = { _id: doc._id, ...cloneDoc(u) };
    if (u._id === undefined) next._id = doc._id;
  } else if (opts.kind === 'pipeline') {
    const out = aggregate([doc], u, () => [], opts.vars);
    if (out.length !== 1 || !isPlainObject(out[0]))
      throw badValue('update pipeline must produce one document');
    next = out[0];
  } else {
    next = applyOperators(doc, u, opts);
  }
  if (encodeKey(next._id) !== encodeKey(doc._id) && !(opts.inserting && doc._id === undefined)) {
    throw immutableField("Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  if (next._id !== undefined && Object.keys(next)[0] !== '_id') {
    const { _id, ...rest } = next;
    next = { _id, ...rest };
  }
  return next;
}

/** An operator update: the fast path (update-fast.ts) when it applies exactly, else mingo. */
function applyOperators(doc: Doc, u: Doc, opts: ApplyUpdateOptions): Doc {
  let base = doc;
  const modifier: Doc = { ...u };
  let onInsert = modifier.$setOnInsert;
  delete modifier.$setOnInsert;
  // mingo refuses any $set of _id; mongod allows setting it to its current value (drivers and
  // connect-mongo do this on upserts), and an upsert may take its _id from $set/$setOnInsert.
  for (const op of ['$set', '$setOnInsert'] as const) {
    const arg = op === '$set' ? modifier.$set : onInsert;
    if (!isPlainObject(arg) || !('_id' in arg)) continue;
    const { _id, ...rest } = arg;
    if (opts.inserting && base._id === undefined) base = { _id, ...base };
    else if (encodeKey(_id) !== encodeKey(base._id)) {
      throw immutableField("Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    if (op === '$set') modifier.$set = rest;
    else onInsert = rest;
  }
  checkOperandTypes(base, modifier);
  const applyOnInsert = opts.inserting && isPlainObject(onInsert) && Object.keys(onInsert).length > 0;
  if (!opts.viaMingo && !opts.arrayFilters?.length) {
    const fast = applyOperatorsFast(base, modifier, applyOnInsert ? onInsert : undefined);
    if (fast) return fast;
  }
  const next = cloneDoc(base);
  try {
    if (Object.keys(modifier).length) {
      // The filter is the condition mingo needs for the positional `$`; an upsert's seed
      // need not match it (mongod applies the operators regardless).
      mingoUpdate(next, modifier, opts.arrayFilters, opts.inserting ? undefined : opts.filter, {
        cloneMode: 'deep',
      });
    }
    if (applyOnInsert) {
      mingoUpdate(next, { $set: onInsert }, undefined, undefined, { cloneMode: 'deep' });
    }
  } catch (e) {
    if (e instanceof MongoCommandError) throw e;
    const msg = (e as Error).message;
    if (/immutable field/i.test(msg)) throw immutableField(msg);
    throw badValue(msg);
  }
  return next;
}

/** The document an upsert starts from: the filter's equality fields (dotted ones nested). */
export function upsertSeed(filter: Doc): Doc {
  const seed: Doc = {};
  const visit = (f: Doc) => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        v.forEach((x) => isPlainObject(x) && visit(x));
        continue;
      }
      if (k.startsWith('$')) continue;
      let value: unknown;
      if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
        if (Object.keys(v).length === 1 && '$eq' in v) value = v.$eq;
        else continue;
      } else value = v;
      setPath(seed, k, cloneDoc(value));
    }
  };
  visit(filter);
  if (seed._id !== undefined) {
    const { _id, ...rest } = seed;
    return { _id, ...rest };
  }
  return seed;
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Doc = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    if (!isPlainObject(cur[parts[i]])) cur[parts[i]] = {};
    cur = cur[parts[i]];
  }
  cur[parts[parts.length - 1]] = value;
}
