/**
 * `$match` without mingo for the plain filters the app's pipelines use after their first stage
 * (`{status: 'submitted'}`, `{'q.rated': true, 'q.competency': {$ne: null}}`, `{replacedBy:
 * {$exists: false}}`): through mingo, each of them is a new compiled Query and a deep copy of
 * every document it looks at.
 *
 * Taken: fields (dotted paths of plain names, no array index) each compared with a scalar (string,
 * boolean, null, a finite number) by equality, `$eq`, `$ne`, `$in` of scalars, or `$exists`.
 * Anything else returns null and goes to mingo. Semantics are mongod's (and mingo's): a path goes
 * into each object of an array (an array holding anything else on the way declines: mingo runs the
 * stage, as before); a field equals a scalar when its value or one of its elements (one
 * level of array) does; null also matches a missing field. A value of a numeric BSON class (Int32,
 * Long, Decimal128...) compared with a number declines (NativeDecline): mingo runs the stage.
 */
import { NativeDecline, type NativeStage } from './native-reshape.js';
import { isPlainObject } from './values.js';

type Scalar = string | number | boolean | null;

const isScalar = (v: unknown): v is Scalar =>
  v === null ||
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v));

/** One field's test: the values found at the path (undefined for "missing here"). */
type Test = (values: unknown[]) => boolean;

interface Condition {
  parts: string[];
  test: Test;
  /** Compares with null: mingo and mongod part on a missing field inside an array, so mingo decides. */
  withNull: boolean;
}

const plainPart = (p: string) =>
  p !== '' && !p.startsWith('$') && !/^\d+$/.test(p) && p !== '__proto__' && p !== 'constructor';

/** The values at a path, mongod's way: into each object of an array; missing is undefined. */
function collect(v: unknown, parts: string[], i: number, out: unknown[], withNull: boolean): void {
  if (i === parts.length) {
    out.push(v);
    return;
  }
  if (Array.isArray(v)) {
    // A path through scalars or nested arrays is where mingo and mongod part: mingo decides.
    if (withNull) throw new NativeDecline();
    for (const e of v) {
      if (!isPlainObject(e)) throw new NativeDecline();
      collect(e, parts, i, out, withNull);
    }
    return;
  }
  if (isPlainObject(v)) collect(v[parts[i]], parts, i + 1, out, withNull);
  else out.push(undefined);
}

/** Whether a value found at the path is `x` (itself, or for an array one of its elements). */
function equals(v: unknown, x: Scalar): boolean {
  if (v === x) return true;
  if (x === null) {
    if (v === undefined) return true;
  } else if (typeof x === 'number' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
    if ('_bsontype' in (v as object)) throw new NativeDecline(); // Int32, Long...: mingo compares
  }
  if (Array.isArray(v)) for (const e of v) if (e === x || (x === null && e === undefined)) return true;
  return false;
}

const anyEquals = (values: unknown[], xs: Scalar[]) => values.some((v) => xs.some((x) => equals(v, x)));

/** The test of one field's condition, or null when it is not a plain one. */
function testOf(cond: unknown): Test | null {
  if (isScalar(cond)) return (values) => anyEquals(values, [cond]);
  if (!isPlainObject(cond)) return null;
  const ops = Object.keys(cond);
  if (ops.length !== 1) return null;
  const arg = cond[ops[0]];
  switch (ops[0]) {
    case '$eq':
      return isScalar(arg) ? (values) => anyEquals(values, [arg]) : null;
    case '$ne':
      return isScalar(arg) ? (values) => !anyEquals(values, [arg]) : null;
    case '$in':
      return Array.isArray(arg) && arg.every(isScalar) ? (values) => anyEquals(values, arg) : null;
    case '$exists':
      if (typeof arg !== 'boolean') return null;
      return (values) => values.some((v) => v !== undefined) === arg;
    default:
      return null;
  }
}

/** Whether a (plain) condition can be decided by a missing field: null compared, or `$exists`. */
function asksForMissing(cond: unknown): boolean {
  if (!isPlainObject(cond)) return cond === null;
  const [op, arg] = Object.entries(cond)[0];
  return op === '$exists' || arg === null || (Array.isArray(arg) && arg.includes(null));
}

export function matchStage(filter: unknown): NativeStage | null {
  if (!isPlainObject(filter)) return null;
  const conditions: Condition[] = [];
  for (const [path, cond] of Object.entries(filter)) {
    const parts = path.split('.');
    if (!parts.every(plainPart)) return null;
    const test = testOf(cond);
    if (!test) return null;
    conditions.push({ parts, test, withNull: asksForMissing(cond) });
  }
  if (conditions.length === 0) return null;
  return (docs) =>
    docs.filter((d) =>
      conditions.every(({ parts, test, withNull }) => {
        const values: unknown[] = [];
        collect(d, parts, 0, values, withNull);
        return test(values);
      }),
    );
}
