/**
 * Records the queries the app sends (the driver's command monitoring, switched on in
 * connectTestDatabase) and explains them afterwards: which index each one reads through and how
 * many documents it examines against how many match. Used by test/integration/indexes.test.ts.
 */
import mongoose from 'mongoose';
import type { CommandStartedEvent, Document } from 'mongodb';
import { executionStats, indexScan, describePlan } from './explain-plan.js';

/** Commands that select documents with a filter, and where their filters live. */
const QUERY_COMMANDS = new Set([
  'find',
  'aggregate',
  'count',
  'distinct',
  'update',
  'delete',
  'findAndModify',
]);

/** Fields the driver adds to a command; the explained command must not carry them. */
const ENVELOPE = [
  'lsid',
  '$clusterTime',
  '$db',
  '$readPreference',
  'readConcern',
  'writeConcern',
  'txnNumber',
];

export interface RecordedQuery {
  collection: string;
  command: string;
  /** The command as sent, one write statement per entry. */
  body: Document;
  filter: Document;
  /** The filter's shape: values replaced by 1, so that one query shape is explained once. */
  shape: string;
}

function shapeOf(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [shapeOf(v[0])] : [];
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shapeOf(x)]));
  }
  return 1;
}

function split(e: CommandStartedEvent): RecordedQuery[] {
  const name = e.commandName;
  const collection = e.command[name];
  if (!QUERY_COMMANDS.has(name) || typeof collection !== 'string') return [];
  const body: Document = { ...e.command };
  for (const k of ENVELOPE) delete body[k];
  const one = (b: Document, filter: Document): RecordedQuery => ({
    collection,
    command: name,
    body: b,
    filter,
    shape: `${name} ${collection} ${JSON.stringify(shapeOf(filter))}${b.sort ? ` sort ${JSON.stringify(b.sort)}` : ''}`,
  });
  if (name === 'update') return (body.updates as Document[]).map((u) => one({ ...body, updates: [u] }, u.q));
  if (name === 'delete') return (body.deletes as Document[]).map((d) => one({ ...body, deletes: [d] }, d.q));
  if (name === 'aggregate') return [one(body, body.pipeline?.[0]?.$match ?? {})];
  if (name === 'find') return [one(body, body.filter ?? {})];
  return [one(body, body.query ?? {})];
}

/** Runs `work` and returns the queries sent meanwhile, one per query shape. */
export async function queriesDuring(work: () => Promise<unknown>): Promise<RecordedQuery[]> {
  const client = mongoose.connection.getClient();
  const seen = new Map<string, RecordedQuery>();
  const listener = (e: CommandStartedEvent) => {
    for (const q of split(e)) if (!seen.has(q.shape)) seen.set(q.shape, q);
  };
  client.on('commandStarted', listener);
  try {
    await work();
  } finally {
    client.off('commandStarted', listener);
  }
  return [...seen.values()];
}

export interface ExplainedQuery {
  query: RecordedQuery;
  indexName: string | undefined;
  docsExamined: number;
  /** Documents matching the filter now (limits and sorts aside). */
  matches: number;
  plan: string;
}

/** Explains a recorded query with executionStats and counts the documents its filter matches. */
export async function explainQuery(query: RecordedQuery): Promise<ExplainedQuery> {
  const db = mongoose.connection.db!;
  const explain = await db.command({ explain: query.body, verbosity: 'executionStats' });
  const matches = await db.collection(query.collection).countDocuments(query.filter);
  return {
    query,
    indexName: indexScan(explain)?.indexName,
    docsExamined: executionStats(explain).totalDocsExamined,
    matches,
    plan: describePlan(explain),
  };
}
