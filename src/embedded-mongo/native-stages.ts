/**
 * Pipeline stages the engine runs itself instead of handing them to mingo, because the app sends
 * them on every request (the session store's read: an equality `$lookup` of the user and an
 * inclusion `$project`) and mingo's way costs a deep copy of every input document, a compiled
 * projection graph per command and a copy of every joined document.
 *
 * Only the plain forms are taken: an inclusion `$project` of field paths (`{a: 1, 'b.c': 1}`,
 * `_id` kept or dropped) and a `$lookup` by `localField`/`foreignField` into a top-level `as`.
 * Anything else (expressions, exclusions, `$` in a path, path collisions, the pipeline form of
 * $lookup) returns null and goes to mingo, which also reports what is wrong with it.
 *
 * Outputs share values with their inputs (which may be stored documents): the callers keep them
 * marked as stored, so a later mingo stage still copies before it can change anything, and a
 * reply is only serialised.
 */
import type { CollectionResolver } from './lookup.js';
import { joinValues } from './lookup.js';
import { computedProjectStage, setStage } from './native-compute.js';
import { matchStage } from './native-match.js';
import {
  exclusionStage,
  limitStage,
  replaceRootStage,
  unwindStage,
  type NativeStage,
} from './native-reshape.js';
import { isPlainObject, type Doc } from './values.js';
import { addPath, type PathTree } from './path-tree.js';

export { NativeDecline, type NativeStage } from './native-reshape.js';

/** The paths an inclusion projection keeps, as a tree: `true` keeps the whole value. */
type Tree = PathTree;

/** The tree of an inclusion projection of plain paths, or null for anything else. */
function inclusionTree(spec: Doc): { tree: Tree; keepId: boolean } | null {
  const tree: Tree = new Map();
  let keepId = true;
  let fields = 0;
  for (const [path, v] of Object.entries(spec)) {
    if (path === '_id') {
      if (v === 0 || v === false) keepId = false;
      else if (v !== 1 && v !== true) return null;
      continue;
    }
    if (v !== 1 && v !== true) return null;
    const parts = path.split('.');
    if (parts[0] === '_id' || parts.some((p) => p === '' || p.startsWith('$') || p === '__proto__'))
      return null;
    if (!addPath(tree, parts)) return null;
    fields++;
  }
  // `{_id: 1}` keeps only _id; `{_id: 0}` alone is an exclusion (everything but _id): mingo's.
  if (fields === 0 && !(keepId && spec._id !== undefined)) return null;
  return { tree, keepId };
}

/** A document's fields the tree keeps, in the document's order (as mongod returns them). */
function keep(doc: Doc, tree: Tree, keepId: boolean): Doc {
  const out: Doc = {};
  for (const k of Object.keys(doc)) {
    const v = doc[k];
    if (v === undefined) continue;
    if (k === '_id' && keepId) {
      out._id = v;
      continue;
    }
    const t = tree.get(k);
    if (t === true) out[k] = v;
    else if (t) {
      const kept = within(v, t);
      if (kept !== undefined) out[k] = kept;
    }
  }
  return out;
}

/** A sub-path through a value: into an object, into each object of an array; scalars have none. */
function within(v: unknown, tree: Tree): unknown {
  if (isPlainObject(v)) return keep(v, tree, false);
  if (!Array.isArray(v)) return undefined;
  const out: unknown[] = [];
  for (const e of v) {
    if (Array.isArray(e)) out.push(within(e, tree));
    else if (isPlainObject(e)) out.push(keep(e, tree, false));
  }
  return out;
}

function projectStage(spec: unknown): NativeStage | null {
  if (!isPlainObject(spec)) return null;
  const plan = inclusionTree(spec);
  if (!plan) return null;
  return (docs) => docs.map((d) => keep(d, plan.tree, plan.keepId));
}

function lookupStage(spec: unknown, resolver: CollectionResolver): NativeStage | null {
  if (!isPlainObject(spec) || !resolver.joinOn) return null;
  const { from, localField, foreignField, as } = spec;
  if (Object.keys(spec).length !== 4) return null;
  if (typeof from !== 'string' || typeof localField !== 'string' || typeof foreignField !== 'string')
    return null;
  if (typeof as !== 'string' || as === '' || as === '_id' || as.includes('.') || as.startsWith('$'))
    return null;
  const join = resolver.joinOn(from, foreignField);
  return (docs) => docs.map((d) => ({ ...d, [as]: joinValues(join, d, localField) }));
}

/** The engine's own version of a stage, or null when mingo runs it. */
export function nativeStage(stage: Doc, resolver: CollectionResolver): NativeStage | null {
  if ('$project' in stage)
    return (
      projectStage(stage.$project) ?? exclusionStage(stage.$project) ?? computedProjectStage(stage.$project)
    );
  if ('$lookup' in stage) return lookupStage(stage.$lookup, resolver);
  // The stages of the pages' $facet branches and of their reads after the first (native-reshape.ts).
  if ('$unwind' in stage) return unwindStage(stage.$unwind);
  if ('$replaceRoot' in stage)
    return isPlainObject(stage.$replaceRoot) && Object.keys(stage.$replaceRoot).length === 1
      ? replaceRootStage(stage.$replaceRoot.newRoot)
      : null;
  if ('$replaceWith' in stage) return replaceRootStage(stage.$replaceWith);
  if ('$limit' in stage) return limitStage(stage.$limit);
  if ('$unset' in stage) {
    // `$unset: 'f'` or `['f', 'g.h']` is the exclusion `$project` of those paths
    const paths: unknown[] = Array.isArray(stage.$unset) ? stage.$unset : [stage.$unset];
    if (paths.length === 0 || !paths.every((f) => typeof f === 'string')) return null;
    return exclusionStage(Object.fromEntries(paths.map((f) => [f, 0])));
  }
  if ('$match' in stage) return matchStage(stage.$match);
  if ('$set' in stage) return setStage(stage.$set);
  if ('$addFields' in stage) return setStage(stage.$addFields);
  return null;
}
