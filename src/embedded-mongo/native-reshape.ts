/**
 * More stages the engine runs without mingo, because the app's pages send them on every request:
 * the candidate's and references pages read one position document with its joined candidates,
 * references and interviews, then a `$facet` whose branches each `$unwind` a joined array and
 * `$replaceRoot` into its elements, and the `joined` branch drops fields with an exclusion
 * `$project`. Through mingo, every branch first deep-copies the whole joined document (the stored
 * references with their questionnaires): most of those pages' engine time.
 *
 * Only the plain forms are taken (anything else returns null and mingo runs it as before):
 * - `$unwind` of a top-level field, as a string or `{path}` alone;
 * - `$replaceRoot: {newRoot: '$field'}` / `$replaceWith: '$field'` of a top-level field;
 * - `$limit` of a positive integer;
 * - an exclusion `$project` of plain paths.
 *
 * A stage meeting a document it cannot handle exactly (a new root that is not an object, so mingo
 * reports the error) declines (NativeDecline) and the caller runs that stage through mingo.
 * Outputs share values with their inputs, as in native-stages.ts.
 */
import { isPlainObject, type Doc } from './values.js';
import { addPath, type PathTree } from './path-tree.js';

/**
 * A stage over a list of documents. Per-document stages may be run over chunks of the input (the
 * sliced run does); `whole` marks one that needs its whole input at once ($limit).
 */
export type NativeStage = ((docs: Doc[]) => Doc[]) & { whole?: boolean };

/** Thrown by a native stage for input it does not handle exactly: mingo runs the stage instead. */
export class NativeDecline extends Error {}

/** A plain top-level field name: no dots, no `$`, nothing mingo refuses. */
const plainField = (f: string) =>
  f !== '' && !f.includes('.') && !f.startsWith('$') && f !== '__proto__' && f !== 'constructor';

/** The field of a `'$field'` reference to a top-level field, or null. */
function fieldRef(v: unknown): string | null {
  if (typeof v !== 'string' || !v.startsWith('$') || v.startsWith('$$')) return null;
  const field = v.slice(1);
  return plainField(field) ? field : null;
}

export function unwindStage(spec: unknown): NativeStage | null {
  let path = spec;
  if (isPlainObject(spec)) {
    if (Object.keys(spec).length !== 1) return null; // includeArrayIndex, preserveNull...: mingo
    path = spec.path;
  }
  const field = fieldRef(path);
  if (field === null) return null;
  return (docs) => {
    const out: Doc[] = [];
    for (const d of docs) {
      const v = d[field];
      if (v === undefined || v === null) continue;
      if (!Array.isArray(v)) {
        out.push(d);
        continue;
      }
      for (const e of v) {
        if (e === undefined) {
          // mingo drops the field for an undefined element (no BSON value stores one)
          const { [field]: _drop, ...rest } = d;
          out.push(rest);
        } else out.push({ ...d, [field]: e });
      }
    }
    return out;
  };
}

export function replaceRootStage(newRoot: unknown): NativeStage | null {
  const field = fieldRef(newRoot);
  if (field === null) return null;
  return (docs) =>
    docs.map((d) => {
      const v = d[field];
      if (!isPlainObject(v)) throw new NativeDecline(); // mingo gives the error
      return v;
    });
}

export function limitStage(n: unknown): NativeStage | null {
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) return null;
  return Object.assign((docs: Doc[]) => (docs.length <= n ? docs : docs.slice(0, n)), { whole: true });
}

/** The paths an exclusion projection removes, as a tree: `true` removes the whole value. */
type Tree = PathTree;

function exclusionTree(spec: Doc): Tree | null {
  const tree: Tree = new Map();
  for (const [path, v] of Object.entries(spec)) {
    if (v !== 0 && v !== false) return null;
    const parts = path.split('.');
    if (parts.some((p) => !plainField(p))) return null;
    if (parts[0] === '_id' && parts.length > 1) return null;
    if (!addPath(tree, parts)) return null;
  }
  return tree.size ? tree : null;
}

/** `doc` without the tree's paths, in the document's order; untouched values are shared. */
function drop(doc: Doc, tree: Tree): Doc {
  const out: Doc = {};
  for (const k of Object.keys(doc)) {
    const v = doc[k];
    if (v === undefined) continue;
    const t = tree.get(k);
    if (t === undefined) out[k] = v;
    else if (t !== true) out[k] = dropWithin(v, t);
  }
  return out;
}

/** Into an object, and into each object of an array (as mingo: nested arrays are kept whole). */
function dropWithin(v: unknown, tree: Tree): unknown {
  if (isPlainObject(v)) return drop(v, tree);
  if (Array.isArray(v)) return v.map((e) => (isPlainObject(e) ? drop(e, tree) : e));
  return v;
}

export function exclusionStage(spec: unknown): NativeStage | null {
  if (!isPlainObject(spec)) return null;
  const tree = exclusionTree(spec);
  if (!tree) return null;
  return (docs) => docs.map((d) => drop(d, tree));
}
