/**
 * Reads an explain result (the embedded engine's or a real mongod's): the stages of its winning
 * plan, top first, and its execution statistics, whether the result is a query's
 * (`queryPlanner` at the top) or an aggregate's (`stages[0].$cursor`).
 */
import type { Document } from 'mongodb';

function queryPart(explain: Document): Document {
  const cursor = Array.isArray(explain.stages) ? explain.stages[0]?.$cursor : undefined;
  const part = cursor ?? explain;
  if (!part.queryPlanner) throw new Error(`no queryPlanner in explain: ${JSON.stringify(explain)}`);
  return part;
}

/** The winning plan's stages from the top down (following inputStage). */
export function planStages(explain: Document): Document[] {
  const planner = queryPart(explain).queryPlanner;
  // mongod 7's slot-based engine nests the classic tree under queryPlan.
  let stage: Document | undefined = planner.winningPlan.queryPlan ?? planner.winningPlan;
  const out: Document[] = [];
  while (stage) {
    out.push(stage);
    stage = stage.inputStage ?? stage.inputStages?.[0];
  }
  return out;
}

/** The IXSCAN stage of the winning plan, or undefined for a collection scan. */
export function indexScan(explain: Document): Document | undefined {
  return planStages(explain).find((s) => s.stage === 'IXSCAN');
}

export interface ExecutionFigures {
  nReturned: number;
  totalKeysExamined: number;
  totalDocsExamined: number;
  executionTimeMillis: number;
}

export function executionStats(explain: Document): ExecutionFigures {
  const stats = queryPart(explain).executionStats;
  if (!stats) throw new Error(`no executionStats in explain: ${JSON.stringify(explain)}`);
  return stats as ExecutionFigures;
}

/** A one-line account of a plan for assertion messages: `FETCH > IXSCAN(a_1) docs 3 keys 3`. */
export function describePlan(explain: Document): string {
  const stages = planStages(explain)
    .map((s) => (s.stage === 'IXSCAN' ? `IXSCAN(${s.indexName})` : s.stage))
    .join(' > ');
  const stats = queryPart(explain).executionStats;
  return stats
    ? `${stages} returned ${stats.nReturned} docs ${stats.totalDocsExamined} keys ${stats.totalKeysExamined}`
    : stages;
}
