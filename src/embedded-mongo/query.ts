/**
 * Filters, updates and aggregation through mingo, with the checks mongod makes and mingo does
 * not (operator validation, immutable _id, type errors that mingo would silently ignore).
 */
import { Context, ProcessingMode, update as mingoUpdate } from 'mingo';
import { Aggregator } from 'mingo/aggregator';
import { Query } from 'mingo/query';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { evalExpr } from 'mingo/core';
import { $toString as mingoToString } from 'mingo/operators/expression/type';
import { ObjectId } from 'bson';
import { sortDocs } from './sort.js';
import {
  MongoCommandError,
  badValue,
  failedToParse,
  immutableField,
  notSupported,
  typeMismatch,
} from './errors.js';
import { cloneDoc, encodeKey, isPlainObject, valuesAtPath, type Doc } from './values.js';

/** A compiled filter. */
export interface Matcher {
  test(doc: Doc): boolean;
}

/** Server-side JavaScript is never run inside the engine; mingo would run it. */
const SCRIPT_OPERATORS = new Set(['$where', '$function', '$accumulator']);

export function assertNoScripts(v: unknown, depth = 0): void {
  if (v === null || typeof v !== 'object' || depth > 200) return;
  if (Array.isArray(v)) {
    for (const e of v) assertNoScripts(e, depth + 1);
    return;
  }
  if (!isPlainObject(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if (SCRIPT_OPERATORS.has(k)) throw notSupported(`server-side JavaScript (${k})`);
    assertNoScripts(x, depth + 1);
  }
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
  assertNoScripts(filter);
  const strict: [string, string][] = [];
  const normalized = normalizeFilter(filter, strict);
  try {
    return new FilterMatcher(new Query(normalized, MINGO_OPTIONS), strict);
  } catch (e) {
    throw badValue((e as Error).message);
  }
}

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
}

/** Runs a find over candidate documents; returns stored documents (or projected copies). */
export function findDocs(candidates: Iterable<Doc>, filter: Doc, opts: FindOptions): Doc[] {
  const q = compileFilter(filter);
  const sorted = opts.sort && Object.keys(opts.sort).length > 0;
  let skip = opts.skip ?? 0;
  const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
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
  if (opts.projection && Object.keys(opts.projection).length > 0) {
    try {
      // The filter's own query drives the positional projection (`items.$`).
      const base = q instanceof FilterMatcher ? q.query : MATCH_ALL_QUERY;
      out = base.find(out, opts.projection).all() as Doc[];
    } catch (e) {
      throw badValue((e as Error).message);
    }
  }
  return out;
}

export type CollectionResolver = (name: string) => Doc[];

/**
 * mongod's `$round` on a double: the value taken to 15 significant digits (as mongod's conversion
 * to Decimal128 does), then rounded half to even at `place` (mingo gets 3.3351 to 2 places wrong).
 */
export function roundHalfEven(value: number, place: number): number {
  if (!Number.isFinite(value)) return value;
  const scale = 10 ** Math.abs(place);
  const scaled = Number((place >= 0 ? value * scale : value / scale).toPrecision(15));
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const rounded = diff === 0.5 ? (floor % 2 === 0 ? floor : floor + 1) : Math.round(scaled);
  const out = place >= 0 ? rounded / scale : rounded * scale;
  return place > 0 && place <= 100 ? Number(out.toFixed(Math.min(place, 100))) : out;
}

/**
 * mingo's operators, with the expression operators it lacks or gets wrong because it knows
 * nothing of BSON types. (A context passed in options cannot override mingo's defaults, so the
 * engine builds the whole context and uses mingo's base Query and Aggregator.)
 */
const BSON_CONTEXT = Context.init({
  accumulator: accumulatorOperators,
  pipeline: pipelineOperators,
  projection: projectionOperators,
  query: queryOperators,
  window: windowOperators,
  expression: {
    ...expressionOperators,
    $toString: (obj: unknown, expr: unknown, options: any) => {
      const v = evalExpr(obj, expr, options);
      if ((v as { _bsontype?: string } | null)?._bsontype === 'ObjectId')
        return (v as ObjectId).toHexString();
      return mingoToString(obj as Doc, expr, options);
    },
    $round: (obj: unknown, expr: unknown, options: any) => {
      const args = evalExpr(obj, expr, options);
      const [value, place = 0] = (Array.isArray(args) ? args : [args]) as unknown[];
      if (value === null || value === undefined) return null;
      if (typeof value !== 'number') throw badValue('$round only supports numeric types');
      if (typeof place !== 'number' || !Number.isInteger(place) || place < -20 || place > 100)
        throw badValue('$round requires "place" to be an integer between -20 and 100');
      return roundHalfEven(value, place);
    },
    $toObjectId: (obj: unknown, expr: unknown, options: any) => {
      const v = evalExpr(obj, expr, options);
      if (v === null || v === undefined) return null;
      if ((v as { _bsontype?: string })._bsontype === 'ObjectId') return v;
      if (typeof v !== 'string' || !ObjectId.isValid(v) || v.length !== 24) {
        throw badValue(`Failed to parse objectId '${String(v)}' in $convert with no onError value`);
      }
      return new ObjectId(v);
    },
  },
});

const MINGO_OPTIONS = { context: BSON_CONTEXT };
const MATCH_ALL_QUERY = new Query({}, MINGO_OPTIONS);

/** Rewrites stages whose mingo implementation differs from mongod's. */
function rewriteStage(stage: Doc): Doc[] {
  // mingo's $count yields {n: 0} on empty input; mongod yields no document.
  if (typeof stage.$count === 'string') {
    return [{ $group: { _id: null, [stage.$count]: { $sum: 1 } } }, { $project: { _id: 0 } }];
  }
  // mingo's $bucket puts a value equal to a boundary in the lower bucket; mongod's buckets are [lo, hi).
  if (isPlainObject(stage.$bucket)) {
    const { groupBy, boundaries, output } = stage.$bucket;
    if (!Array.isArray(boundaries) || boundaries.length < 2) {
      throw badValue("The $bucket 'boundaries' field must be an array of at least two values");
    }
    const branches = boundaries.slice(0, -1).map((lo, i) => ({
      case: { $and: [{ $gte: [groupBy, lo] }, { $lt: [groupBy, boundaries[i + 1]] }] },
      then: lo,
    }));
    const id: Doc = { $switch: { branches } };
    if ('default' in stage.$bucket) id.$switch.default = stage.$bucket.default;
    return [{ $group: { _id: id, ...(output ?? { count: { $sum: 1 } }) } }, { $sort: { _id: 1 } }];
  }
  return [stage];
}

/** $sample: `size` distinct documents in random order (mingo's may repeat a document). */
function sample(docs: Doc[], size: unknown): Doc[] {
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
    throw badValue('size argument to $sample must be a non-negative integer');
  }
  for (let i = docs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [docs[i], docs[j]] = [docs[j], docs[i]];
  }
  return docs.slice(0, size);
}

/** Runs a pipeline in clone-input mode: stages can never change stored documents. */
export function aggregate(
  docs: Iterable<Doc>,
  pipeline: Doc[],
  resolver: CollectionResolver,
  vars?: Doc,
): Doc[] {
  for (const stage of pipeline) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw badValue('A pipeline stage specification object must contain exactly one field.');
    }
    const name = Object.keys(stage)[0];
    if (name === '$out' || name === '$merge') throw notSupported(`the ${name} stage`);
  }
  assertNoScripts(pipeline);
  const stages = pipeline.flatMap(rewriteStage);
  const options = {
    processingMode: ProcessingMode.CLONE_INPUT,
    collectionResolver: (name: string) => resolver(name).map(cloneDoc),
    variables: vars,
    context: BSON_CONTEXT,
  };
  try {
    // Top-level $sort stages use mongod's ordering (sort.ts); the runs between them go to mingo.
    let current: Iterable<Doc> = docs;
    let run: Doc[] = [];
    const flush = () => {
      if (run.length) current = new Aggregator(run, options).run(current as Doc[]) as Doc[];
      run = [];
    };
    for (const stage of stages) {
      if (isPlainObject(stage.$sort)) {
        flush();
        current = sortDocs([...current], stage.$sort);
      } else if (isPlainObject(stage.$sample)) {
        flush();
        current = sample([...current], stage.$sample.size);
      } else run.push(stage);
    }
    flush();
    return Array.isArray(current) ? current : [...current];
  } catch (e) {
    if (e instanceof MongoCommandError) throw e;
    throw badValue((e as Error).message);
  }
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
}

/** Returns the updated copy of `doc`; never changes `doc`. */
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
    next = cloneDoc(doc);
    const modifier: Doc = { ...u };
    let onInsert = modifier.$setOnInsert;
    delete modifier.$setOnInsert;
    // mingo refuses any $set of _id; mongod allows setting it to its current value (drivers and
    // connect-mongo do this on upserts), and an upsert may take its _id from $set/$setOnInsert.
    for (const op of ['$set', '$setOnInsert'] as const) {
      const arg = op === '$set' ? modifier.$set : onInsert;
      if (!isPlainObject(arg) || !('_id' in arg)) continue;
      const { _id, ...rest } = arg;
      if (opts.inserting && next._id === undefined) next = { _id, ...next };
      else if (encodeKey(_id) !== encodeKey(next._id)) {
        throw immutableField("Performing an update on the path '_id' would modify the immutable field '_id'");
      }
      if (op === '$set') modifier.$set = rest;
      else onInsert = rest;
    }
    checkOperandTypes(next, modifier);
    try {
      if (Object.keys(modifier).length) {
        // The filter is the condition mingo needs for the positional `$`; an upsert's seed
        // need not match it (mongod applies the operators regardless).
        mingoUpdate(next, modifier, opts.arrayFilters, opts.inserting ? undefined : opts.filter, {
          cloneMode: 'deep',
        });
      }
      if (opts.inserting && onInsert && Object.keys(onInsert).length) {
        mingoUpdate(next, { $set: onInsert }, undefined, undefined, { cloneMode: 'deep' });
      }
    } catch (e) {
      if (e instanceof MongoCommandError) throw e;
      const msg = (e as Error).message;
      if (/immutable field/i.test(msg)) throw immutableField(msg);
      throw badValue(msg);
    }
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
