/**
 * The engine's query API in one place: filters (filters.ts), finding documents (find.ts) and their
 * projections (projection.ts), updates (updates.ts, with mongod's checks in update-checks.ts) and
 * aggregation (aggregation.ts), all through mingo with the checks mongod makes and mingo does not.
 * The commands, the planner and the indexes import from here.
 */
export { aggregate, aggregateSliced, type CollectionResolver } from './aggregation.js';
export { assertNoScripts, roundHalfEven } from './mingo-context.js';
export { filterKey } from './filter-key.js';
export { compileFilter, matches, queryStats, type Matcher } from './filters.js';
export { findDocs, findDocsSliced, planExactly, type FindOptions } from './find.js';
export { classifyUpdate, type UpdateKind } from './update-checks.js';
export { applyUpdate, upsertSeed, type ApplyUpdateOptions } from './updates.js';
