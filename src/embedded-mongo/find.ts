/** Finding documents: filter, sort, skip and limit, projection; whole or in time slices. */
import { MATCH_ALL, compileFilter, matches, queryStats } from './filters.js';
import type { IndexScan, OrScan } from './planner.js';
import { project, simpleProjection } from './projection.js';
import type { Slicer } from './slices.js';
import { sortDocs, sortDocsSliced } from './sort.js';
import { isPlainObject, type Doc } from './values.js';

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
