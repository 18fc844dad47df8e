/**
 * The explain command, shaped as mongod answers it: `queryPlanner.winningPlan` and, with the
 * executionStats verbosity, `executionStats` (nReturned, totalKeysExamined, totalDocsExamined,
 * executionTimeMillis). The plan is not guessed here: it is the index scan that the engine's own
 * planner (chooseIndexScan, through Collection.plan) picks for the filter, and the statistics
 * come from running the read the way find runs it. Explaining a write never writes.
 */
import {
  collName,
  dbName,
  optionalArray,
  optionalDoc,
  optionalNumber,
  type Handler,
} from './commands/context.js';
import { resolverFor } from './commands/read.js';
import { MongoCommandError, failedToParse, typeMismatch, typeName } from './errors.js';
import { findStages } from './explain-stages.js';
import { parseVerbosity, read, report, withStats, type Explainer } from './explain-run.js';
import { explainDelete, explainFindAndModify, explainUpdate } from './explain-writes.js';
import { lookupExplainStats } from './lookup.js';
import { aggregate, type FindOptions } from './query.js';
import { isPlainObject, type Doc } from './values.js';

const explainFind: Explainer = (cmd, verbosity, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'find');
  const c = ctx.store.collection(db, name);
  c?.checkHint(cmd.hint);
  const limitRaw = optionalNumber(cmd, 'limit', -Infinity);
  const opts: FindOptions = {
    sort: optionalDoc(cmd, 'sort'),
    projection: optionalDoc(cmd, 'projection'),
    skip: optionalNumber(cmd, 'skip'),
    limit: limitRaw === undefined ? undefined : Math.abs(limitRaw),
  };
  const filter = optionalDoc(cmd, 'filter') ?? {};
  const r = read(c, filter, opts, withStats(verbosity));
  return report(ctx, cmd, `${db}.${name}`, findStages.find(r.access, opts), verbosity, r);
};

const explainCount: Explainer = (cmd, verbosity, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'count');
  const c = ctx.store.collection(db, name);
  c?.checkHint(cmd.hint);
  const r = read(c, optionalDoc(cmd, 'query') ?? {}, {}, withStats(verbosity));
  return report(ctx, cmd, `${db}.${name}`, { stage: 'COUNT', inputStage: r.access }, verbosity, r, 0);
};

const explainDistinct: Explainer = (cmd, verbosity, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'distinct');
  if (typeof cmd.key !== 'string') throw typeMismatch("BSON field 'distinct.key' is missing or not a string");
  const r = read(ctx.store.collection(db, name), optionalDoc(cmd, 'query') ?? {}, {}, withStats(verbosity));
  const plan = { stage: 'PROJECTION_SIMPLE', transformBy: { [cmd.key]: 1, _id: 0 }, inputStage: r.access };
  return report(ctx, cmd, `${db}.${name}`, plan, verbosity, r);
};

/**
 * An aggregate: its leading $match is the query the engine plans (as read.ts runs it); the
 * other stages are listed after it, each with nReturned when the verbosity asks for statistics.
 */
const explainAggregate: Explainer = (cmd, verbosity, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'aggregate');
  const pipeline = optionalArray(cmd, 'pipeline');
  if (!pipeline) throw typeMismatch("BSON field 'pipeline' is missing but a required field");
  const c = ctx.store.collection(db, name);
  c?.checkHint(cmd.hint);
  let stages = pipeline as Doc[];
  let filter: Doc = {};
  if (isPlainObject(stages[0]) && isPlainObject(stages[0].$match)) {
    filter = stages[0].$match;
    stages = stages.slice(1);
  }
  const r = read(c, filter, {}, withStats(verbosity));
  const cursorReport = report(
    ctx,
    { ...cmd, filter },
    `${db}.${name}`,
    findStages.find(r.access, {}),
    verbosity,
    r,
  );
  if (stages.length === 0) return cursorReport;
  const { queryPlanner, executionStats, command, serverInfo, ok } = cursorReport;
  const cursorStage: Doc = { $cursor: { queryPlanner, ...(executionStats ? { executionStats } : {}) } };
  const explained: Doc[] = [cursorStage];
  let current = r.out;
  if (executionStats) cursorStage.nReturned = current.length;
  const resolver = resolverFor(ctx, db);
  const vars = optionalDoc(cmd, 'let');
  for (const stage of stages) {
    if (!executionStats) {
      explained.push(stage);
      continue;
    }
    const started = performance.now();
    // An equality $lookup says what it examined of the foreign collection, as mongod's does.
    const lookup = isPlainObject(stage.$lookup) ? stage.$lookup : undefined;
    const from = typeof lookup?.from === 'string' ? ctx.store.collection(db, lookup.from) : undefined;
    const lookupStats = lookup && lookupExplainStats(lookup, current, from);
    current = aggregate(current, [stage], resolver, vars);
    explained.push({
      ...stage,
      ...lookupStats,
      nReturned: current.length,
      executionTimeMillisEstimate: Math.round(performance.now() - started),
    });
  }
  return { explainVersion: '1', stages: explained, command, serverInfo, ok };
};

const EXPLAINERS: Record<string, Explainer> = {
  find: explainFind,
  count: explainCount,
  distinct: explainDistinct,
  aggregate: explainAggregate,
  update: explainUpdate,
  delete: explainDelete,
  findAndModify: explainFindAndModify,
  findandmodify: explainFindAndModify,
};

/** `{explain: {find: ...}, verbosity}`: the form drivers send (mongoose's `.explain()` too). */
const explain: Handler = (cmd, ctx) => {
  const inner = cmd.explain;
  if (!isPlainObject(inner)) {
    throw typeMismatch(
      `BSON field 'explain.explain' is the wrong type '${typeName(inner)}', expected type 'object'`,
    );
  }
  const verbosity = parseVerbosity(cmd.verbosity);
  const name = Object.keys(inner)[0];
  const explainer =
    name && Object.prototype.hasOwnProperty.call(EXPLAINERS, name) ? EXPLAINERS[name] : undefined;
  if (!explainer)
    throw new MongoCommandError(
      59,
      'CommandNotFound',
      `Explain failed due to unknown command: ${name ?? ''}`,
    );
  if (inner.explain !== undefined) throw failedToParse('Explain cannot be nested inside another explain');
  return explainer({ ...inner, $db: cmd.$db }, verbosity, ctx);
};

/** `{aggregate, pipeline, explain: true}`: the aggregate option form (queryPlanner only, as mongod). */
export const explainAggregateOption: Handler = (cmd, ctx) => {
  if (cmd.explain !== true)
    throw typeMismatch("BSON field 'explain' is the wrong type, expected type 'bool'");
  const { explain: _explain, ...rest } = cmd;
  return explainAggregate(rest, 'queryPlanner', ctx);
};

export const explainCommands: Record<string, Handler> = { explain };
