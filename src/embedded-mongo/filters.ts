/**
 * Filters through mingo, with the checks mongod makes and mingo does not: compiled once per exact
 * filter text and cached, run on documents with the count serverStatus reports.
 */
import { Query } from 'mingo/query';
import { filterKey } from './filter-key.js';
import { assertNoScripts, computeOptions } from './mingo-context.js';
import { badValue, typeMismatch } from './errors.js';
import { encodeKey, isPlainObject, valuesAtPath, type Doc } from './values.js';

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

export const MATCH_ALL: Matcher = { test: () => true };

/** The mingo Query behind a compiled filter (match-all for the empty one), e.g. for positional projections. */
export function queryOf(q: Matcher): Query {
  return q instanceof FilterMatcher ? q.query : MATCH_ALL_QUERY;
}

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
