/**
 * What every explain shares: the verbosity, the read (Collection.plan's candidates through
 * findDocs, as the command itself reads them, counting what it examines) and the reply mongod gives.
 */
import { VERSION } from './commands/admin.js';
import type { CommandContext } from './commands/context.js';
import { badValue } from './errors.js';
import { accessStage, findStages, type AccessStats } from './explain-stages.js';
import { compileFilter, findDocs, type FindOptions } from './query.js';
import type { Collection } from './store.js';
import type { Doc } from './values.js';

export type Verbosity = 'queryPlanner' | 'executionStats' | 'allPlansExecution';
const VERBOSITIES = new Set(['queryPlanner', 'queryPlannerExtended', 'executionStats', 'allPlansExecution']);

export function parseVerbosity(v: unknown): Verbosity {
  if (v === undefined || v === null) return 'allPlansExecution';
  if (typeof v !== 'string' || !VERBOSITIES.has(v)) {
    throw badValue(`Enumeration value '${String(v)}' for field 'explain.verbosity' is not a valid value.`);
  }
  return v === 'queryPlannerExtended' ? 'queryPlanner' : (v as Verbosity);
}

export const withStats = (v: Verbosity) => v !== 'queryPlanner';

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
export function read(c: Collection | undefined, filter: Doc, opts: FindOptions, run: boolean): Read {
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

export function report(
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

export type Explainer = (cmd: Doc, verbosity: Verbosity, ctx: CommandContext) => Doc;
