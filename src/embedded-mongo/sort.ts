/**
 * MongoDB's sort: values compare by BSON type order first (null < numbers < strings < objects <
 * arrays < binary < ObjectId < booleans < dates < timestamps < regexes), and an array field sorts
 * by its smallest element ascending and its largest descending. mingo's sort differs on both.
 */
import { badValue } from './errors.js';
import type { Slicer } from './slices.js';
import { isPlainObject, valuesAtPath, type Doc } from './values.js';

function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 2;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
  }
  if (Array.isArray(v)) return 6;
  if (v instanceof Date) return 10;
  if (v instanceof RegExp) return 12;
  switch ((v as { _bsontype?: string })._bsontype) {
    case 'MinKey':
      return 1;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
    case 'UUID':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'MaxKey':
      return 13;
    case undefined:
      return 5;
    default:
      return 5;
  }
}

/** Total order over BSON values, as mongod compares them. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 2:
    case 1:
    case 13:
      return 0;
    case 3: {
      const x = Number(a);
      const y = Number(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 4: {
      const x = String(a);
      const y = String(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 5: {
      const ka = Object.keys(a as Doc);
      const kb = Object.keys(b as Doc);
      for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
        const byType = typeRank((a as Doc)[ka[i]]) - typeRank((b as Doc)[kb[i]]);
        if (byType) return byType;
        if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
        const c = compareValues((a as Doc)[ka[i]], (b as Doc)[kb[i]]);
        if (c) return c;
      }
      return ka.length - kb.length;
    }
    case 6: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(x[i], y[i]);
        if (c) return c;
      }
      return x.length - y.length;
    }
    case 7: {
      const x = Buffer.from((a as { buffer: Uint8Array }).buffer);
      const y = Buffer.from((b as { buffer: Uint8Array }).buffer);
      return x.length - y.length || Buffer.compare(x, y);
    }
    case 8: {
      const x = (a as { toHexString(): string }).toHexString();
      const y = (b as { toHexString(): string }).toHexString();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 9:
      return Number(a) - Number(b);
    case 10:
      return (a as Date).getTime() - (b as Date).getTime();
    case 11:
      return compareValues(Number((a as object).toString()), Number((b as object).toString()));
    default:
      return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  }
}

/** The value a document sorts by on one field: the extreme element of an array. */
function sortKey(doc: Doc, path: string, dir: number): unknown {
  const vals = valuesAtPath(doc, path);
  if (vals.length === 1) return vals[0];
  let best = vals[0];
  for (const v of vals) if (dir * compareValues(v, best) < 0) best = v;
  return best;
}

/** Validates a sort spec: field -> 1 | -1. ($meta sorts are not supported.) */
export function parseSort(spec: Doc): [string, number][] {
  return Object.entries(spec).map(([field, dir]) => {
    if (dir !== 1 && dir !== -1) {
      if (isPlainObject(dir))
        throw badValue(`$meta sort on '${field}' is not supported by the embedded engine`);
      throw badValue(`$sort key ordering must be 1 (for ascending) or -1 (for descending): ${field}`);
    }
    return [field, dir];
  });
}

interface Keyed {
  doc: Doc;
  i: number;
  keys: unknown[];
}

/** Orders keyed documents by the sort fields, then by input position: a total order, so stable. */
function keyedOrder(fields: [string, number][]): (x: Keyed, y: Keyed) => number {
  return (x, y) => {
    for (let k = 0; k < fields.length; k++) {
      const c = compareValues(x.keys[k], y.keys[k]);
      if (c) return c * fields[k][1];
    }
    return x.i - y.i;
  };
}

const keyOf = (doc: Doc, i: number, fields: [string, number][]): Keyed => ({
  doc,
  i,
  keys: fields.map(([f, d]) => sortKey(doc, f, d)),
});

/** Stable sort of documents by a sort spec, without changing the input array. */
export function sortDocs(docs: Doc[], spec: Doc): Doc[] {
  const fields = parseSort(spec);
  if (fields.length === 0) return docs.slice();
  const keyed = docs.map((doc, i) => keyOf(doc, i, fields));
  keyed.sort(keyedOrder(fields));
  return keyed.map((k) => k.doc);
}

/** Documents sorted at once before the runs are merged (a few milliseconds of work). */
const RUN = 4096;

/**
 * sortDocs in time slices, with the same order: the keys are taken document by document, runs of
 * RUN documents are sorted one at a time, then merged pairwise (a bottom-up merge sort), with a
 * pause whenever a slice is used up. The input array is not changed.
 */
export async function sortDocsSliced(docs: Doc[], spec: Doc, slicer: Slicer): Promise<Doc[]> {
  const fields = parseSort(spec);
  if (fields.length === 0) return docs.slice();
  const n = docs.length;
  let a: Keyed[] = [];
  for (let i = 0; i < n; i++) {
    a.push(keyOf(docs[i], i, fields));
    if (slicer.due()) await slicer.yield();
  }
  const order = keyedOrder(fields);
  for (let lo = 0; lo < n; lo += RUN) {
    const run = a.slice(lo, lo + RUN).sort(order);
    for (let j = 0; j < run.length; j++) a[lo + j] = run[j];
    if (slicer.dueNow()) await slicer.yield();
  }
  let b: Keyed[] = a.slice();
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      for (let i = lo, j = mid, k = lo; k < hi; k++) {
        b[k] = i < mid && (j >= hi || order(a[i], a[j]) < 0) ? a[i++] : a[j++];
        if ((k & 255) === 0 && slicer.dueNow()) await slicer.yield();
      }
    }
    [a, b] = [b, a];
  }
  return a.map((k) => k.doc);
}
