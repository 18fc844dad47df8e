/**
 * Filters, updates and aggregation through mingo, with the checks mongod makes and mingo does
 * not (operator validation, immutable _id, type errors that mingo would silently ignore).
 */
import { update as mingoUpdate } from 'mingo';
import { Query } from 'mingo/query';
import { aggregate } from './aggregation.js';
import { filterKey } from './filter-key.js';
import { assertNoScripts, computeOptions } from './mingo-context.js';
import type { IndexScan, OrScan } from './planner.js';
import type { Slicer } from './slices.js';
import { sortDocs, sortDocsSliced } from './sort.js';
import { applyOperatorsFast } from './update-fast.js';
import { MongoCommandError, badValue, failedToParse, immutableField, typeMismatch } from './errors.js';
import { cloneDoc, encodeKey, isPlainObject, valuesAtPath, type Doc } from './values.js';

export { aggregate, aggregateSliced, type CollectionResolver } from './aggregation.js';
export { assertNoScripts, roundHalfEven } from './mingo-context.js';
export { filterKey } from './filter-key.js';

const MATCH_ALL_QUERY = new Query({}, computeOptions());

/** A compiled filter. */
export interface Matcher {
  test(doc: Doc): boolean;
}

const isOperatorObject = (v: unknown): v is Doc =>
  isPlainObject(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$'));

/**
 * Adjusts a filter where mingo and mongod disagree: `$gte: null` and `$lte: null` match null and
 * missing fields in mongod (type bracketing), i.e. they mean `$eq: null`. Also collects the
 * embedded-document equalities, which mongod compares with field order and mingo without.
 */
function normalizeFilter(filter: Doc, strict: [string, string][]): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(filter)) {
    if ((k === '$and' || k === '$or' || k === '$nor') && Array.isArray(v)) {
      out[k] = v.map((x) => (isPlainObject(x) ? normalizeFilter(x, k === '$and' ? strict : []) : x));
    } else if (!k.startsWith('$') && isOperatorObject(v)) {
      const cond: Doc = {};
      for (const [op, arg] of Object.entries(v)) {
        if ((op === '$gte' || op === '$lte') && arg === null) cond.$eq = null;
        else cond[op] = arg;
      }
      if (isPlainObject(cond.$eq) && !isOperatorObject(cond.$eq)) strict.push([k, encodeKey(cond.$eq)]);
      out[k] = cond;
    } else {
      if (!k.startsWith('$') && isPlainObject(v) && Object.keys(v).length > 0) strict.push([k, encodeKey(v)]);
      out[k] = v;
    }
  }
  return out;
}

class FilterMatcher implements Matcher {
  constructor(
    readonly query: Query,
    private readonly strict: [string, string][],
  ) {}

  test(doc: Doc): boolean {
    if (!this.query.test(doc)) return false;
    for (const [path, expected] of this.strict) {
      if (!valuesAtPath(doc, path).some((v) => encodeKey(v) === expected)) return false;
    }
    return true;
  }
}

const MATCH_ALL: Matcher = { test: () => true };

/** Compiles a filter; a bad operator becomes mongod's BadValue error. */
export function compileFilter(filter: unknown): Matcher {
  if (filter === undefined || filter === null) filter = {};
  if (!isPlainObject(filter))
    throw typeMismatch("BSON field 'filter' is the wrong type, expected type 'object'");
  if (Object.keys(filter).length === 0) return MATCH_ALL;
  const key = filterKey(filter);
  const cached = key === null ? undefined : compiled.get(key);
  if (cached) return cached;
  assertNoScripts(filter);
  const strict: [string, string][] = [];
  const normalized = normalizeFilter(filter, strict);
  let matcher: FilterMatcher;
  try {
    matcher = new FilterMatcher(new Query(normalized, computeOptions()), strict);
  } catch (e) {
    throw badValue((e as Error).message);
  }
  if (key !== null) {
    if (compiled.size >= COMPILED_FILTERS) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, matcher);
  }
  return matcher;
}

/**
 * Compiled filters by their exact text (filterKey): an app sends the same filters again and again
 * (a session by its id, a user by _id, the interviews of one position), and building mingo's Query
 * costs more than matching the few documents an index finds. A compiled filter holds nothing
 * between two uses (mingo's Query keeps only its compiled predicates), so sharing one is safe;
 * the oldest entry goes when the cache is full.
 */
const compiled = new Map<string, FilterMatcher>();
const COMPILED_FILTERS = 2000;
/** Documents examined by filters since start-up (serverStatus metrics.queryExecutor.scannedObjects). */
export const queryStats = { scannedObjects: 0 };

export function matches(q: Matcher, doc: Doc): boolean {
  queryStats.scannedObjects++;
  try {
    return q.test(doc);
  } catch (e) {
    throw badValue((e as Error).message);
  }
}

export interface FindOptions {
  sort?: Doc;
  projection?: Doc;
  skip?: number;
  limit?: number;
  /**
   * The candidates are exactly the matching documents (planExactly): the filter is not run on them.
   * Only for the sliced find of a read command.
   */
  exact?: boolean;
}

/**
 * True when the plan's documents are exactly those the filter matches, so that testing them would
 * only repeat the index lookup: the filter is `_id` alone, equal to (or `$in`) ObjectIds or strings,
 * and the plan read the `_id` index for them. _id is unique and never an array, and two ObjectIds or
 * two strings are equal exactly when their index keys are (values.ts encodeKey), so the lookup finds
 * every match and nothing else. (Numbers, dates and the rest go through the filter as before.)
 */
export function planExactly(filter: Doc, scan: IndexScan | OrScan | null): boolean {
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== '_id' || !scan || !('index' in scan)) return false;
  if (
    scan.index.fields.length !== 1 ||
    scan.index.fields[0] !== '_id' ||
    scan.index.spec.partialFilterExpression
  )
    return false;
  const cond = filter._id;
  const keyed = (v: unknown) =>
    typeof v === 'string' || (v as { _bsontype?: string } | null)?._bsontype === 'ObjectId';
  if (keyed(cond)) return true;
  if (!isPlainObject(cond)) return false;
  const ops = Object.keys(cond);
  if (ops.length !== 1) return false;
  if (ops[0] === '$eq') return keyed(cond.$eq);
  return ops[0] === '$in' && Array.isArray(cond.$in) && cond.$in.every(keyed);
}

/** Runs a find over candidate documents; returns stored documents (or projected copies). */
export function findDocs(candidates: Iterable<Doc>, filter: Doc, opts: FindOptions): Doc[] {
  const q = compileFilter(filter);
  const sorted = isSorted(opts);
  let skip = opts.skip ?? 0;
  const limit = limitOf(opts);
  let out: Doc[] = [];
  for (const d of candidates) {
    if (!matches(q, d)) continue;
    if (!sorted) {
      // Without a sort, stop as soon as skip + limit documents matched.
      if (skip > 0) {
        skip--;
        continue;
      }
      if (out.length >= limit) break;
    }
    out.push(d);
  }
  if (sorted) out = sortDocs(out, opts.sort!).slice(skip, limit === Infinity ? undefined : skip + limit);
  return project(out, q, opts.projection);
}

/**
 * findDocs in time slices, with the same result: a pause whenever a slice is used up, while
 * filtering, sorting (sortDocsSliced) and projecting. The candidates are taken as a list before
 * the first pause, so the read sees the collection as it was when it began (a write replaces a
 * stored document, never changes it), as aggregateSliced does.
 */
export async function findDocsSliced(
  candidates: Iterable<Doc>,
  filter: Doc,
  opts: FindOptions,
  slicer: Slicer,
): Promise<Doc[]> {
  // An exact plan needs no compiled filter, unless a projection may refer to it (positional `$`).
  const q =
    opts.exact && (!opts.projection || simpleProjection(opts.projection)) ? MATCH_ALL : compileFilter(filter);
  const docs = Array.isArray(candidates) ? (candidates as Doc[]) : [...candidates];
  const sorted = isSorted(opts);
  let skip = opts.skip ?? 0;
  const limit = limitOf(opts);
  let out: Doc[] = [];
  if (opts.exact) queryStats.scannedObjects += docs.length;
  for (const d of docs) {
    if (slicer.due()) await slicer.yield();
    if (!opts.exact && !matches(q, d)) continue;
    if (!sorted) {
      if (skip > 0) {
        skip--;
        continue;
      }
      if (out.length >= limit) break;
    }
    out.push(d);
  }
  if (sorted) {
    out = (await sortDocsSliced(out, opts.sort!, slicer)).slice(
      skip,
      limit === Infinity ? undefined : skip + limit,
    );
  }
  if (!opts.projection || out.length <= PROJECT_CHUNK) return project(out, q, opts.projection);
  // A projection handles each document alone, so it can stop between chunks.
  const projected: Doc[] = [];
  for (let i = 0; i < out.length; i += PROJECT_CHUNK) {
    if (slicer.dueNow()) await slicer.yield();
    projected.push(...project(out.slice(i, i + PROJECT_CHUNK), q, opts.projection));
  }
  return projected;
}

const PROJECT_CHUNK = 256;
const isSorted = (opts: FindOptions) => !!opts.sort && Object.keys(opts.sort).length > 0;
const limitOf = (opts: FindOptions) => (opts.limit && opts.limit > 0 ? opts.limit : Infinity);

function project(docs: Doc[], q: Matcher, projection: Doc | undefined): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  const simple = simpleProjection(projection);
  if (simple) return docs.map(simple);
  try {
    // The filter's own query drives the positional projection (`items.$`).
    const base = q instanceof FilterMatcher ? q.query : MATCH_ALL_QUERY;
    return base.find(docs, projection).all() as Doc[];
  } catch (e) {
    throw badValue((e as Error).message);
  }
}

/**
 * Projections that only name top-level fields to keep (`{name: 1}`) or to drop (`{password: 0}`),
 * `_id` kept or dropped: most of what applications send. Done here without mingo, which compiles
 * the projection for every command and builds each document through its path machinery. Fields
 * come in the stored document's order (as mongod returns them); values are shared with the stored
 * document, as mingo's projection shares them: a reply is serialised, never changed. Null for
 * anything else (dotted paths, operators, expressions, mixed inclusion and exclusion), which
 * mingo projects (or refuses).
 */
function simpleProjection(projection: Doc): ((doc: Doc) => Doc) | null {
  let include: boolean | undefined;
  let keepId = true;
  const fields = new Set<string>();
  for (const [k, v] of Object.entries(projection)) {
    if (k.includes('.') || k.startsWith('$')) return null;
    const on = v === 1 || v === true ? true : v === 0 || v === false ? false : null;
    if (on === null) return null;
    if (k === '_id') {
      keepId = on;
      continue;
    }
    if (include !== undefined && include !== on) return null;
    include = on;
    fields.add(k);
  }
  // Only _id named: {_id: 1} keeps just _id, {_id: 0} drops just _id.
  const keep = include ?? keepId;
  return (doc) => {
    const out: Doc = {};
    for (const k of Object.keys(doc)) {
      const v = doc[k];
      if (v !== undefined && (k === '_id' ? keepId : fields.has(k) === keep)) out[k] = v;
    }
    return out;
  };
}

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$rename',
  '$min',
  '$max',
  '$currentDate',
  '$addToSet',
  '$pop',
  '$pull',
  '$push',
  '$pullAll',
  '$bit',
  '$setOnInsert',
]);

export type UpdateKind = 'operators' | 'replacement' | 'pipeline';

/** Classifies and validates an update document as mongod does before touching any document. */
export function classifyUpdate(u: unknown): UpdateKind {
  if (Array.isArray(u)) {
    for (const stage of u) {
      const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
      if (
        !name ||
        !['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith'].includes(name)
      ) {
        throw new MongoCommandError(
          72,
          'InvalidOptions',
          `${name ?? 'this stage'} is not allowed to be used within an update`,
        );
      }
    }
    return 'pipeline';
  }
  if (!isPlainObject(u)) throw failedToParse('Update argument must be either an object or an array');
  assertNoScripts(u);
  const keys = Object.keys(u);
  if (keys.length === 0 || !keys[0].startsWith('$')) {
    for (const k of keys) {
      if (k.startsWith('$')) {
        throw new MongoCommandError(
          52,
          'DollarPrefixedFieldName',
          `The dollar ($) prefixed field '${k}' in '${k}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
        );
      }
    }
    return 'replacement';
  }
  const paths: string[] = [];
  for (const k of keys) {
    if (!UPDATE_OPERATORS.has(k)) {
      throw failedToParse(
        `Unknown modifier: ${k}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    const arg = u[k];
    if (!isPlainObject(arg)) {
      throw failedToParse(
        `Modifiers operate on fields but we found type ${typeof arg} instead. For example: {$mod: {<field>: ...}} not {${k}: ${typeof arg}}`,
      );
    }
    for (const p of Object.keys(arg)) {
      if (p === '') throw failedToParse('An empty update path is not valid.');
      paths.push(p);
      if (k === '$rename') {
        if (typeof arg[p] !== 'string')
          throw badValue(`The 'to' field for $rename must be a string: ${p}: ${String(arg[p])}`);
        paths.push(arg[p]);
      }
      if ((k === '$inc' || k === '$mul') && typeof arg[p] !== 'number') {
        throw typeMismatch(
          `Cannot ${k === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${p}: ${JSON.stringify(arg[p])}}`,
        );
      }
    }
  }
  const norm = paths.map((p) => p.replace(/\.\$(\[[^\]]*\])?/g, '.$'));
  for (let i = 0; i < norm.length; i++) {
    for (let j = 0; j < norm.length; j++) {
      if (i !== j && (norm[i] === norm[j] ? i < j : norm[j].startsWith(norm[i] + '.'))) {
        throw new MongoCommandError(
          40,
          'ConflictingUpdateOperators',
          `Updating the path '${paths[j]}' would create a conflict at '${paths[i]}'`,
        );
      }
    }
  }
  return 'operators';
}

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

/**
 * mingo ignores operators applied to values of the wrong type ($inc on a string, $push on a
 * number, a path through a scalar); mongod refuses them. Checked on plain paths (no positional
 * operators), which is where such mistakes happen.
 */
function checkOperandTypes(doc: Doc, modifier: Doc): void {
  for (const [op, arg] of Object.entries(modifier)) {
    for (const path of Object.keys(arg as Doc)) {
      if (path.includes('$')) continue;
      const parts = path.split('.');
      let v: unknown = doc;
      for (let i = 0; i < parts.length; i++) {
        if (v === undefined) break;
        if (Array.isArray(v) && /^\d+$/.test(parts[i])) {
          v = v[Number(parts[i])];
          continue;
        }
        if (v === null || typeof v !== 'object' || Array.isArray(v) || !isPlainObject(v)) {
          if (op === '$unset' || op === '$pull' || op === '$pullAll' || op === '$pop' || op === '$rename')
            return;
          throw new MongoCommandError(
            28,
            'PathNotViable',
            `Cannot create field '${parts[i]}' in element {${parts[i - 1]}: ${JSON.stringify(v)}}`,
          );
        }
        v = (v as Doc)[parts[i]];
      }
      if (v === undefined || v === null) continue;
      if ((op === '$inc' || op === '$mul') && typeof v !== 'number') {
        throw typeMismatch(
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(doc._id)}} has the field '${path}' of non-numeric type ${typeof v}`,
        );
      }
      if ((op === '$push' || op === '$addToSet' || op === '$pullAll' || op === '$pop') && !Array.isArray(v)) {
        throw badValue(
          `The field '${path}' must be an array but is of type ${typeof v} in document {_id: ${JSON.stringify(doc._id)}}`,
        );
      }
      if (op === '$pull' && !Array.isArray(v)) throw badValue('Cannot apply $pull to a non-array value');
    }
  }
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
