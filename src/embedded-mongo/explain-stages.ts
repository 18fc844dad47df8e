/**
 * The stage trees of explain's winningPlan, named as mongod names them: COLLSCAN, or IXSCAN under
 * FETCH, with SORT, SKIP, LIMIT and PROJECTION_DEFAULT above them as the query asks.
 */
import type { IndexScan, OrScan } from './planner.js';
import type { FindOptions } from './query.js';
import { isPlainObject, type Doc } from './values.js';

export interface AccessStats {
  keysExamined: number;
  docsExamined: number;
}

/** A bound as mongod prints it: `[5, 5]`, `["a", "a"]`, `[ObjectId('...'), ObjectId('...')]`. */
function formatBound(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (v instanceof Date) s = `new Date(${v.getTime()})`;
  else if ((v as { _bsontype?: string })?._bsontype === 'ObjectId') s = `ObjectId('${String(v)}')`;
  else s = String(v);
  return `[${s}, ${s}]`;
}

/**
 * How the query reaches the documents: the index scan the planner chose (an OR of index scans for
 * a `$or`), a collection scan, or EOF when the collection does not exist.
 */
export function accessStage(exists: boolean, scan: IndexScan | OrScan | null, filter: Doc): Doc {
  if (!exists) return { stage: 'EOF' };
  if (!scan) {
    const stage: Doc = { stage: 'COLLSCAN' };
    if (Object.keys(filter).length) stage.filter = filter;
    stage.direction = 'forward';
    return stage;
  }
  // What the index does not decide is checked on the fetched documents.
  const pinned = new Set('or' in scan ? ['$or'] : scan.index.fields.slice(0, scan.prefix));
  const residual: Doc = {};
  for (const [k, v] of Object.entries(filter)) if (!pinned.has(k)) residual[k] = v;
  const fetch: Doc = { stage: 'FETCH' };
  if (Object.keys(residual).length) fetch.filter = residual;
  fetch.inputStage = 'or' in scan ? { stage: 'OR', inputStages: scan.or.map(ixscan) } : ixscan(scan);
  return fetch;
}

function ixscan({ index, bounds }: IndexScan): Doc {
  const indexBounds: Doc = {};
  index.fields.forEach((f, i) => {
    indexBounds[f] = i < bounds.length ? bounds[i].map(formatBound) : ['[MinKey, MaxKey]'];
  });
  return {
    stage: 'IXSCAN',
    keyPattern: { ...index.spec.key },
    indexName: index.name,
    isUnique: index.unique,
    isSparse: index.spec.sparse === true,
    isPartial: index.spec.partialFilterExpression !== undefined,
    indexVersion: 2,
    direction: 'forward',
    indexBounds,
  };
}

/** Wraps the access stage in the stages a find's sort, skip, limit and projection add. */
function find(access: Doc, opts: FindOptions): Doc {
  let plan = access;
  const limit = opts.limit && opts.limit > 0 ? opts.limit : undefined;
  if (opts.sort && Object.keys(opts.sort).length) {
    plan = { stage: 'SORT', sortPattern: opts.sort, type: 'simple', inputStage: plan };
    if (limit) plan.limitAmount = limit + (opts.skip ?? 0);
  }
  if (opts.skip) plan = { stage: 'SKIP', skipAmount: opts.skip, inputStage: plan };
  if (limit) plan = { stage: 'LIMIT', limitAmount: limit, inputStage: plan };
  if (opts.projection && Object.keys(opts.projection).length) {
    plan = { stage: 'PROJECTION_DEFAULT', transformBy: opts.projection, inputStage: plan };
  }
  return plan;
}

/** A copy of a plan with the statistics of its run: executionStats.executionStages. */
function withStats(plan: Doc, stats: AccessStats, nReturned: number): Doc {
  const copy = (stage: Doc, top: boolean): Doc => {
    const out: Doc = { ...stage };
    if (top) out.nReturned = nReturned;
    if (stage.stage === 'IXSCAN' || stage.stage === 'OR') out.keysExamined = stats.keysExamined;
    if (stage.stage === 'FETCH' || stage.stage === 'COLLSCAN') out.docsExamined = stats.docsExamined;
    if (isPlainObject(stage.inputStage)) out.inputStage = copy(stage.inputStage, false);
    // The branches of an OR: their keys are counted together, on the OR stage.
    if (Array.isArray(stage.inputStages)) out.inputStages = stage.inputStages.map((s: Doc) => ({ ...s }));
    return out;
  };
  return copy(plan, true);
}

export const findStages = { find, withStats };
