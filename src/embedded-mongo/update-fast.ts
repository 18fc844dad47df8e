/**
 * The common update operators applied without mingo. mingo's `update` builds a fresh operator
 * context (every expression and query operator registered again) for every call, and applyUpdate
 * deep-copies the whole document first so mingo can change it in place: most of an update's CPU
 * for the updates an application sends again and again (a session's `$set` of its expiry, a
 * rating's `$set` of one score and `$inc` of a version).
 *
 * Here the new document is built copy-on-write: the objects along each changed path are copied,
 * everything else is shared with the stored version (stored documents are never changed; see
 * values.ts). The result is the one the mingo path gives, field order included (operators in the
 * update's order, paths in each operator's order, new fields appended); the conformance test
 * (test/embedded-mongo/internals/update-fast.test.ts) runs both paths on the same documents and updates.
 *
 * Anything the fast path cannot do exactly returns null, and the caller hands the update to
 * mingo: operators other than those below, positional or `$`-prefixed path parts, a path through
 * an array, a null or another non-object value, `$inc`/`$mul` of a non-number, `$min`/`$max` across
 * types, `$currentDate` as a timestamp, `$push` with modifiers or onto a non-array. Type errors
 * mongod raises are raised before this runs (checkOperandTypes in update-checks.ts), as for mingo.
 */
import { cloneDoc, isPlainObject, type Doc } from './values.js';

/** Path parts mingo refuses (prototype pollution); it gives the error, so they go its way. */
const UNSAFE_PARTS = new Set(['__proto__', 'constructor', 'prototype']);

/** What one update's operators share: the instant of its `$currentDate`s (one, as in mingo). */
interface Step {
  now?: Date;
}

type Apply = (parent: Doc, key: string, arg: unknown, step: Step) => boolean;

/** Each operator changes `parent[key]`; false when it cannot do so exactly (mingo then applies it). */
const SETTERS: Record<string, Apply> = {
  $set(parent, key, arg) {
    parent[key] = cloneDoc(arg);
    return true;
  },
  $inc(parent, key, arg) {
    const cur = parent[key];
    if (typeof arg !== 'number') return false;
    if (cur === undefined) parent[key] = 0 + arg;
    else if (typeof cur === 'number' && !Number.isNaN(cur)) parent[key] = (cur || 0) + arg;
    else return false;
    return true;
  },
  $mul(parent, key, arg) {
    const cur = parent[key];
    if (typeof arg !== 'number') return false;
    if (cur === undefined) parent[key] = 0;
    else if (typeof cur === 'number') parent[key] = cur * arg;
    else return false;
    return true;
  },
  $min: (parent, key, arg) => minMax(parent, key, arg, -1),
  $max: (parent, key, arg) => minMax(parent, key, arg, 1),
  $currentDate(parent, key, arg, step) {
    if (arg !== true && !(isPlainObject(arg) && Object.keys(arg).length === 1 && arg.$type === 'date'))
      return false;
    step.now ??= new Date();
    parent[key] = new Date(step.now.getTime());
    return true;
  },
  $push(parent, key, arg) {
    if (isPlainObject(arg) && Object.keys(arg).some((k) => k.startsWith('$'))) return false;
    const cur = parent[key];
    if (cur === undefined) parent[key] = [cloneDoc(arg)];
    else if (Array.isArray(cur)) parent[key] = [...cur, cloneDoc(arg)];
    else return false;
    return true;
  },
};

/** Values $min/$max compare here: numbers (not NaN) with numbers, dates with dates. */
function comparable(a: unknown, b: unknown): [number, number] | null {
  if (typeof a === 'number' && typeof b === 'number') {
    return Number.isNaN(a) || Number.isNaN(b) ? null : [a, b];
  }
  if (a instanceof Date && b instanceof Date) {
    const x = a.getTime();
    const y = b.getTime();
    return Number.isNaN(x) || Number.isNaN(y) ? null : [x, y];
  }
  return null;
}

/** $min (sign -1) keeps the smaller value, $max (sign 1) the larger; a missing field takes arg. */
function minMax(parent: Doc, key: string, arg: unknown, sign: -1 | 1): boolean {
  const cur = parent[key];
  if (cur === undefined) {
    parent[key] = cloneDoc(arg);
    return true;
  }
  const pair = comparable(cur, arg);
  if (!pair) return false;
  if (sign * (pair[1] - pair[0]) > 0) parent[key] = cloneDoc(arg);
  return true;
}

/** A document being rebuilt: the objects already copied may be changed, the others are shared. */
class CopyOnWrite {
  readonly root: Doc;
  private readonly copies = new Set<Doc>();

  constructor(doc: Doc) {
    this.root = { ...doc };
    this.copies.add(this.root);
  }

  /**
   * The object holding the path's last part, copied so it may be changed; missing objects on the
   * way are created when `create`. Undefined when the path stops at a missing object (and not
   * `create`); null when it meets anything but a plain object (mingo's case).
   */
  parentOf(parts: string[], create: boolean): Doc | null | undefined {
    let parent = this.root;
    for (let i = 0; i < parts.length - 1; i++) {
      let child: unknown = parent[parts[i]];
      if (child === undefined) {
        if (!create) return undefined;
        child = {};
        this.copies.add(child as Doc);
      } else if (!isPlainObject(child)) {
        return null;
      } else if (!this.copies.has(child)) {
        child = { ...child };
        this.copies.add(child as Doc);
      }
      parent[parts[i]] = child;
      parent = child as Doc;
    }
    return parent;
  }
}

function pathParts(path: string): string[] | null {
  const parts = path.split('.');
  for (const p of parts) if (p === '' || p.includes('$') || UNSAFE_PARTS.has(p)) return null;
  return parts[0] === '_id' ? null : parts;
}

/**
 * `doc` with the operators of `modifier` applied, then (when given) `onInsert` as a `$set`; never
 * changes `doc`. Null when any part needs mingo (nothing is half applied: the caller starts over).
 */
export function applyOperatorsFast(doc: Doc, modifier: Doc, onInsert?: Doc): Doc | null {
  const next = new CopyOnWrite(doc);
  const step: Step = {};
  const steps: [string, Doc][] = Object.keys(modifier).map((op) => [op, modifier[op] as Doc]);
  if (onInsert) steps.push(['$set', onInsert]);
  for (const [op, arg] of steps) {
    if (!isPlainObject(arg)) return null;
    const apply = op === '$unset' ? null : SETTERS[op];
    if (apply === undefined) return null;
    for (const path of Object.keys(arg)) {
      const parts = pathParts(path);
      if (!parts) return null;
      const parent = next.parentOf(parts, apply !== null);
      if (parent === null) return null;
      if (parent === undefined) continue; // $unset below a missing object: nothing to remove
      const key = parts[parts.length - 1];
      if (apply === null) {
        if (Object.prototype.hasOwnProperty.call(parent, key)) delete parent[key];
      } else if (!apply(parent, key, arg[path], step)) {
        return null;
      }
    }
  }
  return next.root;
}
