/** find, getMore, killCursors, aggregate, count, distinct. */
import { Long } from 'bson';
import {
  collName,
  dbName,
  optionalArray,
  optionalDoc,
  optionalNumber,
  type CommandContext,
  type Handler,
} from './context.js';
import { badValue, notSupported, typeMismatch, typeName } from '../errors.js';
import {
  aggregateSliced,
  findDocsSliced,
  planExactly,
  type CollectionResolver,
  type FindOptions,
} from '../query.js';
import type { Collection } from '../store.js';
import { Slicer } from '../slices.js';
import { joinFor, type Join } from '../lookup.js';
import { encodeKey, valuesAtPath, isPlainObject, type Doc } from '../values.js';
import { commandReads } from '../read-set.js';

function refuseUnsupported(cmd: Doc): void {
  if (cmd.collation !== undefined) throw notSupported('collation');
  if (cmd.tailable || cmd.awaitData) throw notSupported('a tailable cursor');
  for (const option of ['min', 'max', 'returnKey', 'showRecordId']) {
    if (cmd[option] !== undefined && cmd[option] !== false) throw notSupported(`the find option "${option}"`);
  }
}

/** A long find yields between time slices (findDocsSliced): it reads its collection as it was when it began. */
const find: Handler = async (cmd, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'find');
  refuseUnsupported(cmd);
  const filter = optionalDoc(cmd, 'filter') ?? {};
  const sort = optionalDoc(cmd, 'sort');
  const projection = optionalDoc(cmd, 'projection');
  const skip = optionalNumber(cmd, 'skip');
  const limitRaw = optionalNumber(cmd, 'limit', -Infinity);
  const batchSize = optionalNumber(cmd, 'batchSize');
  const limit = limitRaw === undefined ? undefined : Math.abs(limitRaw);
  const singleBatch = cmd.singleBatch === true || (limitRaw !== undefined && limitRaw < 0);
  const c = ctx.store.collection(db, name);
  c?.checkHint(cmd.hint);
  const docs = c ? await readDocs(c, filter, ctx, { sort, projection, skip, limit }) : [];
  return ctx.cursors.open(
    `${db}.${name}`,
    docs,
    limit && (!batchSize || limit < batchSize) ? limit : batchSize,
    singleBatch,
  );
};

function cursorId(v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (v instanceof Long) return v.toNumber();
  throw typeMismatch(`BSON field 'getMore' is the wrong type '${typeName(v)}', expected type 'long'`);
}

const getMore: Handler = (cmd, ctx) => {
  const db = dbName(cmd);
  const coll = cmd.collection;
  if (typeof coll !== 'string') throw typeMismatch("BSON field 'collection' is missing but a required field");
  const id = cursorId(cmd.getMore);
  const batchSize = optionalNumber(cmd, 'batchSize');
  if (ctx.changes.has(id)) {
    const wait = optionalNumber(cmd, 'maxTimeMS');
    return ctx.changes.getMore(id, `${db}.${coll}`, ctx.connectionId, batchSize, wait);
  }
  return ctx.cursors.getMore(id, `${db}.${coll}`, batchSize);
};

const killCursors: Handler = (cmd, ctx) => {
  collName(cmd, 'killCursors');
  const ids = optionalArray(cmd, 'cursors');
  if (!ids) throw badValue("BSON field 'killCursors.cursors' is missing but a required field");
  const streams = ids.map(cursorId).filter((id) => ctx.changes.kill(id));
  const reply = ctx.cursors.kill(ids.map(cursorId).filter((id) => !streams.includes(id)));
  reply.cursorsKilled.push(...streams.map((id) => Long.fromNumber(id)));
  return reply;
};

/** Other collections of `db` for a pipeline: whole, or joined by equality through their indexes. */
export function resolverFor(ctx: CommandContext, db: string): CollectionResolver {
  const resolver: CollectionResolver = (name) => [...(ctx.store.collection(db, name)?.docs.values() ?? [])];
  const joins = new Map<string, Join>();
  resolver.joinOn = (name, field) => {
    const key = JSON.stringify([name, field]);
    let join = joins.get(key);
    if (!join) {
      const c = ctx.store.collection(db, name);
      joins.set(key, (join = c ? joinFor(c, field) : () => []));
    }
    return join;
  };
  return resolver;
}

/**
 * Between two slices of a long read: other connections' commands run (setImmediate lets the
 * sockets be read), then the read waits until every write it could now see (to the collections it
 * reads, read-set.ts) is durable, so it never shows a write that the journal could still refuse.
 */
const letOthersRun = (ctx: CommandContext) => async () => {
  await new Promise((resolve) => setImmediate(resolve));
  const reads = commandReads(ctx.command);
  while (!ctx.journal.isSettledFor(reads)) await ctx.journal.settled(reads);
};

const slicerFor = (ctx: CommandContext) => new Slicer(letOthersRun(ctx));

/** The documents of `c` that `filter` matches, through the planner's index scan, in time slices. */
function readDocs(c: Collection, filter: Doc, ctx: CommandContext, opts: FindOptions = {}): Promise<Doc[]> {
  const { scan, docs } = c.plan(filter);
  return findDocsSliced(docs, filter, { ...opts, exact: planExactly(filter, scan) }, slicerFor(ctx));
}

/** An aggregate whose first stage is $changeStream opens a change stream (change-stream.ts). */
function changeStreamOf(cmd: Doc, ctx: CommandContext): Doc | null {
  const pipeline = cmd.pipeline;
  if (!Array.isArray(pipeline) || !isPlainObject(pipeline[0]) || !('$changeStream' in pipeline[0]))
    return null;
  const coll = cmd.aggregate === 1 ? null : collName(cmd, 'aggregate');
  const cursorOpt = optionalDoc(cmd, 'cursor') ?? {};
  return ctx.changes.open(
    dbName(cmd),
    coll,
    pipeline as Doc[],
    ctx.connectionId,
    optionalNumber(cursorOpt, 'batchSize'),
  );
}

/**
 * A long aggregate yields between time slices (aggregateSliced): it reads its collection as it was
 * when it began; documents it joins with $lookup are read as it reaches them.
 */
const aggregate: Handler = async (cmd, ctx) => {
  const db = dbName(cmd);
  const stream = changeStreamOf(cmd, ctx);
  if (stream) return stream;
  if (cmd.aggregate === 1) throw notSupported('a database-level aggregate ({aggregate: 1})');
  const name = collName(cmd, 'aggregate');
  refuseUnsupported(cmd);
  const pipeline = optionalArray(cmd, 'pipeline');
  if (!pipeline) throw typeMismatch("BSON field 'pipeline' is missing but a required field");
  const cursorOpt = optionalDoc(cmd, 'cursor');
  if (!cursorOpt)
    throw typeMismatch("The 'cursor' option is required, except for aggregate with the explain argument");
  const c = ctx.store.collection(db, name);
  c?.checkHint(cmd.hint);
  // A leading $match can use an index; the pipeline then starts from the matching documents.
  // Either way the source is a list taken now: the read's snapshot of the collection.
  let stages = pipeline as Doc[];
  let source: Doc[];
  if (c && isPlainObject(stages[0]) && isPlainObject(stages[0].$match)) {
    source = await readDocs(c, stages[0].$match, ctx);
    stages = stages.slice(1);
  } else source = c ? [...c.docs.values()] : [];
  const out = stages.length
    ? await aggregateSliced(source, stages, resolverFor(ctx, db), optionalDoc(cmd, 'let'), letOthersRun(ctx))
    : source;
  return ctx.cursors.open(`${db}.${name}`, out, optionalNumber(cursorOpt, 'batchSize'));
};

const count: Handler = async (cmd, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'count');
  refuseUnsupported(cmd);
  const query = optionalDoc(cmd, 'query') ?? {};
  const skip = optionalNumber(cmd, 'skip') ?? 0;
  const limit = Math.abs(optionalNumber(cmd, 'limit', -Infinity) ?? 0);
  const c = ctx.store.collection(db, name);
  if (!c) return { n: 0, ok: 1 };
  c.checkHint(cmd.hint);
  let n = Object.keys(query).length === 0 ? c.docs.size : (await readDocs(c, query, ctx)).length;
  n = Math.max(0, n - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
};

const distinct: Handler = async (cmd, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'distinct');
  refuseUnsupported(cmd);
  const key = cmd.key;
  if (typeof key !== 'string') throw typeMismatch("BSON field 'distinct.key' is missing or not a string");
  const query = optionalDoc(cmd, 'query') ?? {};
  const c = ctx.store.collection(db, name);
  const seen = new Set<string>();
  const values: unknown[] = [];
  for (const d of c ? await readDocs(c, query, ctx) : []) {
    for (const v of valuesAtPath(d, key)) {
      if (v === undefined) continue;
      const k = encodeKey(v);
      if (seen.has(k)) continue;
      seen.add(k);
      values.push(v);
    }
  }
  return { values, ok: 1 };
};

export const readCommands: Record<string, Handler> = {
  find,
  getMore,
  killCursors,
  aggregate,
  count,
  distinct,
};
