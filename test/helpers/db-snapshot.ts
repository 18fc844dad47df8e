/**
 * Snapshots of the documents a test file created, to prove that a refused request wrote nothing.
 *
 * Tests share one database per process, so a snapshot covers the documents whose ObjectId is at or
 * after `since` (taken before the file's fixtures were made) in every collection, new ones included.
 * Left out, with the reason:
 * - `sessions`: the session store writes on its own schedule (CSRF token, flash, rolling expiry);
 * - `loginattempts`: a refused sign-in is counted there on purpose (the lockout per account and
 *   network address), for known and unknown emails alike; that count is the refusal's own record;
 * - `candidateresults`, `resultsstates`, `resultsorders`: derived data; any page showing results first brings them
 *   up to date from the candidates and interviews (a refused form re-rendered with a candidate's
 *   standing does too), and they are rebuilt from those whenever needed;
 * - the mail outbox keeps only which messages exist: its worker updates status and attempts of
 *   earlier messages in the background, but a refused request must not add one.
 */
import assert from 'node:assert/strict';
import mongoose, { Types } from 'mongoose';
import { EJSON } from 'bson';

const SKIPPED = new Set(['sessions', 'loginattempts', 'candidateresults', 'resultsstates', 'resultsorders']);
const IDS_ONLY = new Set(['outboxmessages']);

export type Snapshot = Map<string, string[]>;

export async function snapshotSince(since: Types.ObjectId): Promise<Snapshot> {
  const db = mongoose.connection.db!;
  const names = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((n) => !SKIPPED.has(n) && !n.startsWith('system.'))
    .sort();
  const out: Snapshot = new Map();
  await Promise.all(
    names.map(async (name) => {
      const docs = await db
        .collection(name)
        .find({ _id: { $gte: since } }, IDS_ONLY.has(name) ? { projection: { _id: 1 } } : {})
        .sort({ _id: 1 })
        .toArray();
      out.set(
        name,
        docs.map((d) => EJSON.stringify(d, { relaxed: false })),
      );
    }),
  );
  return out;
}

/** The differences between two snapshots, readable (empty when equal). */
export function snapshotDiff(before: Snapshot, after: Snapshot): string[] {
  const problems: string[] = [];
  const byId = (docs: string[]) =>
    new Map(docs.map((d) => [JSON.stringify((JSON.parse(d) as { _id: unknown })._id), d]));
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const a = byId(before.get(name) ?? []);
    const b = byId(after.get(name) ?? []);
    for (const [id, doc] of b) {
      const old = a.get(id);
      if (old === undefined) problems.push(`${name}: added ${doc.slice(0, 400)}`);
      else if (old !== doc) {
        const x = JSON.parse(old) as Record<string, unknown>;
        const y = JSON.parse(doc) as Record<string, unknown>;
        const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter(
          (k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]),
        );
        const show = (v: unknown) => (JSON.stringify(v) ?? 'undefined').slice(0, 300);
        problems.push(
          `${name} ${id} changed: ${keys.map((k) => `${k}: ${show(x[k])} → ${show(y[k])}`).join('; ')}`,
        );
      }
    }
    for (const [id] of a) if (!b.has(id)) problems.push(`${name}: removed ${id}`);
  }
  return problems;
}

export function assertUnchanged(before: Snapshot, after: Snapshot, what: string): void {
  const diff = snapshotDiff(before, after);
  assert.equal(diff.length, 0, `${what} wrote to the database:\n${diff.join('\n')}`);
}

/** Field names starting with `$` (a query operator stored as data) in the documents `after` added or changed. */
export function storedOperators(before: Snapshot, after: Snapshot): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}.${i}`));
    else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
      for (const [k, v] of Object.entries(value)) {
        if (k.startsWith('$')) found.push(`${path}.${k}`);
        walk(v, `${path}.${k}`);
      }
  };
  for (const [name, docs] of after) {
    const old = new Set(before.get(name) ?? []);
    for (const doc of docs) if (!old.has(doc)) walk(EJSON.parse(doc, { relaxed: false }), name);
  }
  return found;
}
