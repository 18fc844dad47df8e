/**
 * `$lookup` by equality (`from`, `localField`, `foreignField`, `as`) through the foreign
 * collection's index, instead of mingo's way (copy the whole foreign collection, hash all of it, for
 * every aggregate): a small position must not pay for a big one in the same database.
 *
 * Semantics are mingo's (and mongod's): a local array matches any of its elements, a missing local
 * field matches foreign documents whose field is null or missing, a foreign array matches by any
 * element; matches come in the foreign collection's natural order. The pipeline form (`pipeline`,
 * `let`) still goes to mingo unchanged.
 */
import { $lookup as mingoLookup } from 'mingo/operators/pipeline';
import type { Iterator as LazyIterator } from 'mingo/lazy';
import type { Collection } from './store.js';
import { cloneDoc, encodeKey, valueAtPath, valuesAtPath, type Doc } from './values.js';

/** Finds the documents of one foreign collection whose field equals any of the given values. */
export type Join = (values: unknown[]) => Doc[];

/**
 * What a pipeline may read of other collections: every document (the pipeline form of $lookup,
 * $unionWith, $graphLookup), and, when the engine provides it, an equality join.
 */
export interface CollectionResolver {
  (name: string): Doc[];
  joinOn?: (name: string, foreignField: string) => Join;
}

/**
 * The documents whose `field` equals any of the values, through an index that starts with that
 * field when there is one (a compound index answers its leading field: indexes.ts).
 */
export function joinFor(c: Collection, field: string): Join {
  const index = c.indexes.find((i) => i.complete && i.fields[0] === field);
  let byKey: Map<string, string[]> | undefined;
  const idsFor = (value: unknown, key: string): Iterable<string> => {
    // Index entries are keyed as encodeKey keys values; a missing field is indexed as null.
    if (index) return index.lookup([value]) ?? [];
    // Without an index: one pass over the collection, the first time this command needs it.
    if (!byKey) {
      byKey = new Map();
      for (const [id, doc] of c.docs) {
        for (const k of new Set(valuesAtPath(doc, field).map(encodeKey))) {
          const ids = byKey.get(k);
          if (ids) ids.push(id);
          else byKey.set(k, [id]);
        }
      }
    }
    return byKey.get(key) ?? [];
  };
  return (values) => {
    const seen = new Set<string>();
    const ids = new Set<string>();
    for (const v of values) {
      const key = encodeKey(v);
      if (seen.has(key)) continue;
      seen.add(key);
      for (const id of idsFor(v, key)) ids.add(id);
    }
    const order = ids.size > 1 ? [...ids].sort((a, b) => (c.seqOf(a) ?? 0) - (c.seqOf(b) ?? 0)) : ids;
    const out: Doc[] = [];
    for (const id of order) {
      const d = c.docs.get(id);
      if (d) out.push(d);
    }
    return out;
  };
}

/** The foreign documents a document joins (shared with the store: the caller copies if need be). */
export function joinValues(join: Join, doc: Doc, localField: string): Doc[] {
  return join(localValues(doc, localField));
}

/** The local values a document joins on: array elements, null for a missing field, none for []. */
function localValues(doc: Doc, localField: string): unknown[] {
  const whole = valueAtPath(doc, localField);
  if (Array.isArray(whole) && whole.length === 0) return [];
  return valuesAtPath(doc, localField).map((v) => (v === undefined ? null : v));
}

/**
 * The $lookup pipeline operator: the equality form through `resolver.joinOn` when the engine
 * resolves collections; matched documents are copied once per command (stages downstream may
 * change them), not the whole collection.
 */
export function $lookup(coll: LazyIterator, expr: Doc, options: any): LazyIterator {
  const resolver = options.collectionResolver as CollectionResolver | undefined;
  const equalityOnly =
    typeof expr.from === 'string' &&
    typeof expr.localField === 'string' &&
    typeof expr.foreignField === 'string' &&
    typeof expr.as === 'string' &&
    expr.pipeline === undefined &&
    expr.let === undefined;
  if (!equalityOnly || !resolver?.joinOn)
    return mingoLookup(coll, expr as Parameters<typeof mingoLookup>[1], options);
  const join = resolver.joinOn(expr.from, expr.foreignField);
  const copies = new WeakMap<Doc, Doc>();
  const copy = (d: Doc) => {
    let c = copies.get(d);
    if (!c) copies.set(d, (c = cloneDoc(d)));
    return c;
  };
  return coll.map((doc) => ({
    ...(doc as Doc),
    [expr.as]: join(localValues(doc as Doc, expr.localField)).map(copy),
  }));
}

/**
 * What an equality $lookup examines over `input`, as mongod's explain reports it on the stage
 * (totalDocsExamined, totalKeysExamined, collectionScans, indexesUsed): through an index that
 * starts with `foreignField`, each local value costs its matching keys and documents; without one,
 * the foreign collection is scanned once per command (joinFor). Undefined for the pipeline form.
 */
export function lookupExplainStats(
  expr: Doc,
  input: Doc[],
  foreign: Collection | undefined,
): Doc | undefined {
  if (typeof expr.localField !== 'string' || typeof expr.foreignField !== 'string') return undefined;
  if (expr.pipeline !== undefined || expr.let !== undefined) return undefined;
  const index = foreign?.indexes.find((i) => i.complete && i.fields[0] === expr.foreignField);
  const stats = {
    totalDocsExamined: 0,
    totalKeysExamined: 0,
    collectionScans: 0,
    indexesUsed: [] as string[],
  };
  if (!foreign) return stats;
  if (!index) {
    if (input.length > 0) Object.assign(stats, { totalDocsExamined: foreign.docs.size, collectionScans: 1 });
    return stats;
  }
  stats.indexesUsed.push(index.name);
  for (const doc of input) {
    const seen = new Set<string>();
    for (const v of localValues(doc, expr.localField)) {
      const key = encodeKey(v);
      if (seen.has(key)) continue;
      seen.add(key);
      const found = index.lookup([v])?.size ?? 0;
      stats.totalKeysExamined += found;
      stats.totalDocsExamined += found;
    }
  }
  return stats;
}
