/**
 * The query planner: which index scan (or union of scans, for a `$or`) a filter reads through.
 * One function, chooseIndexScan, decides for find, count, distinct, aggregate's leading $match,
 * update, delete and findAndModify (through Collection.plan), and explain reports its choice.
 * ($lookup's equality joins look their foreign documents up in lookup.ts, by the same index maps.)
 * Indexes are hashed (indexes.ts): equality and $in on all or the leading fields of an index are
 * served; ranges, sorts and null equality are not (the query filters and sorts what it fetched).
 */
import type { Index } from './indexes.js';
import type { Matcher } from './query.js';
import { isPlainObject, type Doc } from './values.js';

/** How a query reads a collection through an index (see chooseIndexScan). */
export interface IndexScan {
  index: Index;
  /** How many leading fields of the index the filter pins to equality values. */
  prefix: number;
  /** The values looked up, one list per pinned field (for explain's indexBounds). */
  bounds: unknown[][];
  /** Ids (canonical _id keys) of the documents found, in no particular order. */
  ids: Set<string>;
  /** Index entries read: one per id per key looked up. */
  keysExamined: number;
}

/** At most this many key combinations are looked up; beyond it a scan is cheaper to reason about. */
const MAX_COMBINATIONS = 1000;

/** A `$or` whose every branch reads through an index: the union of the branches' documents. */
export interface OrScan {
  or: IndexScan[];
  ids: Set<string>;
  keysExamined: number;
}

/** At most this many `$or` branches are planned one by one. */
const MAX_OR_BRANCHES = 100;

/**
 * The plan of a query: the best single index scan (bestIndexScan) or, for a filter with `$or`,
 * the union of one index scan per branch when that reads fewer documents; null when neither
 * applies and the query scans the collection. find, count, distinct, aggregate's leading $match,
 * update, delete and explain all read through this one function (Collection.plan).
 */
export function chooseIndexScan(indexes: readonly Index[], filter: Doc): IndexScan | OrScan | null {
  const single = bestIndexScan(indexes, filter);
  const branches = filter.$or;
  if (!Array.isArray(branches) || branches.length === 0 || branches.length > MAX_OR_BRANCHES) return single;
  const { $or: _or, ...rest } = filter;
  const or: IndexScan[] = [];
  for (const branch of branches) {
    if (!isPlainObject(branch)) return single;
    // Conditions outside the $or hold in every branch: they may narrow its scan.
    const scan = bestIndexScan(indexes, { ...rest, ...branch });
    if (!scan) return single; // one branch needs a collection scan: so does the $or
    or.push(scan);
  }
  const ids = new Set<string>();
  for (const scan of or) for (const id of scan.ids) ids.add(id);
  if (single && single.ids.size <= ids.size) return single;
  return { or, ids, keysExamined: or.reduce((n, scan) => n + scan.keysExamined, 0) };
}

/**
 * Among the visible indexes that hold every match (holdsMatchesOf) and whose leading fields the
 * filter pins to equality values (`v`, `{$eq: v}`, `{$in: [...]}`), the one that yields the fewest
 * documents (as mongod's trial run would prefer); a unique index pinned on every field wins at once.
 */
function bestIndexScan(indexes: readonly Index[], filter: Doc): IndexScan | null {
  let best: IndexScan | null = null;
  for (const index of indexes) {
    if (index.spec.hidden) continue;
    const bounds: unknown[][] = [];
    for (const f of index.fields) {
      const vals = equalityValues(filter[f]);
      if (!vals) break;
      bounds.push(vals);
    }
    if (bounds.length === 0 || !index.holdsMatchesOf(filter, bounds.length)) continue;
    const combos = cartesian(bounds);
    if (combos.length > MAX_COMBINATIONS) continue;
    let ids: Set<string> = EMPTY;
    let keysExamined = 0;
    for (const combo of combos) {
      const found = index.lookup(combo);
      if (!found) continue;
      keysExamined += found.size;
      // One key looked up: its set is used as is (read only), not copied.
      if (ids === EMPTY && combos.length === 1) ids = found;
      else {
        if (ids === EMPTY) ids = new Set();
        for (const id of found) ids.add(id);
      }
    }
    const scan: IndexScan = { index, prefix: bounds.length, bounds, ids, keysExamined };
    if (index.unique && scan.prefix === index.fields.length) return scan;
    if (!best || scan.ids.size < best.ids.size) best = scan;
  }
  return best;
}

const EMPTY: Set<string> = new Set();

/** Conditions that hold for an array when they hold for one of its elements (mongod's array matching). */
const POSITIVE_OPERATORS = new Set(['$eq', '$gt', '$gte', '$lt', '$lte', '$type', '$in']);

/**
 * True when every document matching `filter` matches the partial filter: each field the partial
 * filter tests is pinned by the query to equality values, and each combination of those values
 * passes it. Only positive conditions are considered (an element that passes makes its array
 * pass); anything else ($not, $ne, $or, $exists: false...) answers false: the index is not used.
 */
export function impliesPartial(filter: Doc, partialFilter: Doc, partial: Matcher): boolean {
  const fields: string[] = [];
  for (const [field, cond] of Object.entries(partialFilter)) {
    if (field.startsWith('$')) return false;
    if (isPlainObject(cond) && Object.keys(cond).some((op) => op.startsWith('$'))) {
      for (const [op, arg] of Object.entries(cond)) {
        if (!POSITIVE_OPERATORS.has(op) && !(op === '$exists' && arg === true)) return false;
      }
    }
    fields.push(field);
  }
  const pinned = fields.map((f) => equalityValues(filter[f]));
  if (pinned.some((vals) => !vals)) return false;
  const combos = cartesian(pinned as unknown[][]);
  if (combos.length > MAX_COMBINATIONS) return false;
  return combos.every((values) => {
    const doc: Doc = {};
    fields.forEach((path, i) => {
      const parts = path.split('.');
      let cur = doc;
      for (const part of parts.slice(0, -1)) {
        cur[part] ??= {};
        if (!isPlainObject(cur[part])) return; // two fields of one path: left unset, the test fails
        cur = cur[part];
      }
      cur[parts[parts.length - 1]] = values[i];
    });
    return partial.test(doc);
  });
}

/** Values that an equality condition pins a field to, when an index can look them up. */
function equalityValues(cond: unknown): unknown[] | null {
  if (isIndexableScalar(cond)) return [cond];
  if (!isPlainObject(cond)) return null;
  const keys = Object.keys(cond);
  if (keys.length !== 1) return null;
  if (keys[0] === '$eq' && isIndexableScalar(cond.$eq)) return [cond.$eq];
  if (keys[0] === '$in' && Array.isArray(cond.$in) && cond.$in.every(isIndexableScalar)) return cond.$in;
  return null;
}

function isIndexableScalar(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  const t = typeof v;
  if (t === 'string' || t === 'boolean') return true;
  if (t === 'number') return !Number.isNaN(v);
  if (v instanceof Date) return true;
  return (v as { _bsontype?: string })._bsontype === 'ObjectId';
}

function cartesian(lists: unknown[][]): unknown[][] {
  let out: unknown[][] = [[]];
  for (const list of lists) {
    const next: unknown[][] = [];
    for (const prefix of out) for (const v of list) next.push([...prefix, v]);
    out = next;
    if (out.length > MAX_COMBINATIONS) break;
  }
  return out;
}
