/** Projections of found documents: simple ones here, the rest through mingo. */
import { queryOf, type Matcher } from './filters.js';
import { badValue } from './errors.js';
import type { Doc } from './values.js';

/** Projects found documents (stored documents unchanged when there is no projection). */
export function project(docs: Doc[], q: Matcher, projection: Doc | undefined): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  const simple = simpleProjection(projection);
  if (simple) return docs.map(simple);
  try {
    // The filter's own query drives the positional projection (`items.$`).
    return queryOf(q).find(docs, projection).all() as Doc[];
  } catch (e) {
    throw badValue((e as Error).message);
  }
}

/**
 * Projections that only name top-level fields to keep (`{name: 1}`) or to drop (`{password: 0}`),
 * `_id` kept or dropped: most of what applications send. Done here without mingo, which compiles
 * the projection for every command and builds each document through its path machinery. Fields
 * come in the stored document's order (as mongod returns them); values are shared with the stored
 * document, as mingo's projection shares them: a reply is serialised, never changed. Null for
 * anything else (dotted paths, operators, expressions, mixed inclusion and exclusion), which
 * mingo projects (or refuses).
 */
export function simpleProjection(projection: Doc): ((doc: Doc) => Doc) | null {
  let include: boolean | undefined;
  let keepId = true;
  const fields = new Set<string>();
  for (const [k, v] of Object.entries(projection)) {
    if (k.includes('.') || k.startsWith('$')) return null;
    const on = v === 1 || v === true ? true : v === 0 || v === false ? false : null;
    if (on === null) return null;
    if (k === '_id') {
      keepId = on;
      continue;
    }
    if (include !== undefined && include !== on) return null;
    include = on;
    fields.add(k);
  }
  // Only _id named: {_id: 1} keeps just _id, {_id: 0} drops just _id.
  const keep = include ?? keepId;
  return (doc) => {
    const out: Doc = {};
    for (const k of Object.keys(doc)) {
      const v = doc[k];
      if (v !== undefined && (k === '_id' ? keepId : fields.has(k) === keep)) out[k] = v;
    }
    return out;
  };
}
