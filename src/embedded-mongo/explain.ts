/**
 * The explain command, shaped as mongod answers it: `queryPlanner.winningPlan` and, with the
 * executionStats verbosity, `executionStats` (nReturned, totalKeysExamined, totalDocsExamined,
 * executionTimeMillis). The plan is not guessed here: it is the index scan that the engine's own
 * planner (chooseIndexScan, through Collection.plan) picks for the filter, and the statistics
 * come from running the read the way find runs it. Explaining a write never writes.
 */
import { VERSION } from './commands/admin.js';
import {
  collName,
  dbName,
  optionalArray,
  optionalDoc,
  optionalNumber,
  type CommandContext,
  type Handler,
} from './commands/context.js';
import { resolverFor } from './commands/read.js';
import { MongoCommandError, badValue, failedToParse, typeMismatch, typeName } from './errors.js';
import { accessStage, findStages, type AccessStats } from './explain-stages.js';
import { aggregate, compileFilter, findDocs, type FindOptions } from './query.js';
import type { Collection } from './store.js';
import { isPlainObject, type Doc } from './values.js';

type Verbosity = 'queryPlanner' | 'executionStats' | 'allPlansExecution';
const VERBOSITIES = new Set(['queryPlanner', 'queryPlannerExtended', 'executionStats', 'allPlansExecution']);

function parseVerbosity(v: unknown): Verbosity {
  if (v === undefined || v === null) return 'allPlansExecution';
  if (typeof v !== 'string' || !VERBOSITIES.has(v)) {
    throw badValue(`Enumeration value '${String(v)}' for field 'explain.verbosity' is not a valid value.`);
  }
  return v === 'queryPlannerExtended' ? 'queryPlanner' : (v as Verbosity);
}

const withStats = (v: Verbosity) => v !== 'queryPlanner';

/** What one read of a collection did: the documents it returned and the work it took. */
interface Read {
  out: Doc[];
  stats: AccessStats;
  ms: number;
  access: Doc;
}

/**
 * Reads `c` as find, count, distinct and writes do: Collection.plan's candidates through
 * findDocs, counting the candidates findDocs actually looked at (it stops early on a limit).
 */
function read(c: Collection | undefined, filter: Doc, opts: FindOptions, run: boolean): Read {
  compileFilter(filter); // a bad filter fails explain as it fails the query
  const started = performance.now();
  const { scan, docs } = c ? c.plan(filter) : { scan: null, docs: [] as Doc[] };
  const stats: AccessStats = { keysExamined: scan?.keysExamined ?? 0, docsExamined: 0 };
  let out: Doc[] = [];
  if (run) {
    const counted = (function* () {
      for (const d of docs) {
        stats.docsExamined++;
        yield d;
      }
    })();
    out = findDocs(counted, filter, opts);
  }
  return { out, stats, ms: performance.now() - started, access: accessStage(c !== undefined, scan, filter) };
}

function report(
  ctx: CommandContext,
  command: Doc,
  ns: string,
  winningPlan: Doc,
  verbosity: Verbosity,
  r: Read,
  nReturned = r.out.length,
): Doc {
  const reply: Doc = {
    explainVersion: '1',
    queryPlanner: {
      namespace: ns,
      indexFilterSet: false,
      parsedQuery: command.filter ?? command.query ?? command.q ?? {},
      winningPlan,
      rejectedPlans: [],
    },
  };
  if (withStats(verbosity)) {
    reply.executionStats = {
      executionSuccess: true,
      nReturned,
      executionTimeMillis: Math.round(r.ms),
      totalKeysExamined: r.stats.keysExamined,
      totalDocsExamined: r.stats.docsExamined,
      executionStages: { ...findStages.withStats(winningPlan, r.stats, nReturned) },
    };
    if (verbosity === 'allPlansExecution') reply.executionStats.allPlansExecution = [];
  }
  reply.command = command;
  reply.serverInfo = { host: ctx.server.host, port: ctx.server.port, version: VERSION };
  reply.ok = 1;
  return reply;
}

type Explainer = (cmd: Doc, verbosity: Verbosity, ctx: CommandContext) => Doc;

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

/** mongod explains one write statement at a time. */
function singleStatement(cmd: Doc, field: string): Doc {
  const statements = optionalArray(cmd, field);
  if (!statements || statements.length !== 1 || !isPlainObject(statements[0])) {
    throw new MongoCommandError(16, 'InvalidLength', 'explained write batches must be of size 1');
  }
  return statements[0];
}

const explainUpdate: Explainer = (cmd, verbosity, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'update');
  const s = singleStatement(cmd, 'updates');
  const c = ctx.store.collection(db, name);
  c?.checkHint(s.hint);
  const opts = { limit: s.multi === true ? undefined : 1, sort: optionalDoc(s, 'sort') };
  const r = read(c, optionalDoc(s, 'q') ?? {}, opts, withStats(verbosity));
  const plan = { stage: 'UPDATE', inputStage: findStages.find(r.access, opts) };
  return report(ctx, { ...cmd, q: s.q }, `${db}.${name}`, plan, verbosity, r, 0);
};

const explainDelete: Explainer = (cmd, verbosity, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'delete');
  const s = singleStatement(cmd, 'deletes');
  const c = ctx.store.collection(db, name);
  c?.checkHint(s.hint);
  const opts = { limit: s.limit === 1 ? 1 : undefined };
  const r = read(c, optionalDoc(s, 'q') ?? {}, opts, withStats(verbosity));
  const plan = { stage: 'DELETE', inputStage: findStages.find(r.access, opts) };
  return report(ctx, { ...cmd, q: s.q }, `${db}.${name}`, plan, verbosity, r, 0);
};

const explainFindAndModify: Explainer = (cmd, verbosity, ctx) => {
  const db = dbName(cmd);
  const field = cmd.findAndModify !== undefined ? 'findAndModify' : 'findandmodify';
  const name = collName(cmd, field);
  const c = ctx.store.collection(db, name);
  c?.checkHint(cmd.hint);
  const opts = { limit: 1, sort: optionalDoc(cmd, 'sort') };
  const r = read(c, optionalDoc(cmd, 'query') ?? {}, opts, withStats(verbosity));
  const plan = {
    stage: cmd.remove === true ? 'DELETE' : 'UPDATE',
    inputStage: findStages.find(r.access, opts),
  };
  return report(ctx, cmd, `${db}.${name}`, plan, verbosity, r, 0);
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
    current = aggregate(current, [stage], resolver, vars);
    explained.push({
      ...stage,
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
