/**
 * The expressions the engine evaluates without mingo, for `$set`/`$addFields` and a computed
 * `$project` (native-compute.ts). The app's hot one: each answer of a reference finds its question
 * (`{$arrayElemAt: [{$filter: {input: '$questions', cond: {$eq: ['$$this.id', '$answers.question']}}}, 0]}`);
 * through mingo that is an operator context, a variable scope and a path resolution per question
 * per answer: most of the candidate pages' engine time after the copies native-reshape.ts removes.
 *
 * Compiled once per stage: literals (also dates and ObjectIds), `$literal`, field paths (`$a.b`),
 * `$$ROOT`, `$$CURRENT` and the variables of `$filter`/`$let`, and the operators below. Anything
 * else (another operator, `$$NOW`, an object of expressions) compiles to null and mingo runs the
 * stage. At run time, what mingo and mongod do differently, or what makes an error, declines
 * (NativeDecline) and mingo runs the stage as before: a comparison with a missing value or of
 * arrays or objects, an ordering of values of different kinds, a path through an array holding
 * anything but objects, a non-array where an array is needed, arithmetic on anything but numbers.
 */
import { NativeDecline } from './native-reshape.js';
import { compareValues } from './sort.js';
import { isPlainObject, type Doc } from './values.js';

type Vars = Record<string, unknown>;
/** A compiled expression: its value for a document (undefined: missing). */
export type Expr = (root: Doc, vars: Vars) => unknown;

const decline = (): never => {
  throw new NativeDecline();
};

export const plainName = (p: string) =>
  p !== '' && !p.startsWith('$') && !/^\d+$/.test(p) && p !== '__proto__' && p !== 'constructor';

/** The value at a path below `v`: into objects, and into each object of an array (mongod's). */
function walk(v: unknown, parts: string[], i: number): unknown {
  if (i === parts.length || v === undefined) return v;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const e of v) {
      if (!isPlainObject(e)) decline(); // nested arrays, scalars: mingo's and mongod's differ
      const x = walk(e, parts, i);
      if (x !== undefined) out.push(x);
    }
    return out;
  }
  return isPlainObject(v) ? walk(v[parts[i]], parts, i + 1) : undefined;
}

/** `$a.b`, `$$ROOT.a`, `$$this.a`: null when not a plain path or an unknown variable. */
function pathExpr(ref: string, scope: Set<string>): Expr | null {
  const isVar = ref.startsWith('$$');
  const parts = ref.slice(isVar ? 2 : 1).split('.');
  if (!isVar) return parts.every(plainName) ? (root) => walk(root, parts, 0) : null;
  const name = parts.shift()!;
  if (!parts.every(plainName)) return null;
  if (name === 'ROOT' || name === 'CURRENT') return (root) => walk(root, parts, 0);
  return scope.has(name) ? (_root, vars) => walk(vars[name], parts, 0) : null;
}

const truthy = (v: unknown) => !(v === false || v === null || v === undefined || v === 0);

function array(v: unknown): unknown[] | null {
  if (v === null || v === undefined) return null;
  return Array.isArray(v) ? v : decline();
}

/** The kinds of value compared here; anything else (arrays, objects, other BSON types) declines. */
function kind(v: unknown): string {
  if (v === null) return 'null';
  // missing: mingo takes it as null, mongod does not
  if (v === undefined) return decline();
  const t = typeof v;
  if (t === 'number' || t === 'string' || t === 'boolean') return t;
  if (v instanceof Date) return 'date';
  if ((v as { _bsontype?: string })._bsontype === 'ObjectId') return 'oid';
  // arrays (mingo's $eq looks inside them), objects, other BSON types
  return decline();
}

/**
 * Compares two values of the same kind by mongod's order; NaN when their kinds differ (equality is
 * then false; mingo orders mixed kinds its own way, so an ordering comparison of them declines).
 */
function compare(a: unknown, b: unknown): number {
  return kind(a) === kind(b) ? compareValues(a, b) : NaN;
}

type Compile = (arg: unknown, scope: Set<string>) => Expr | null;

const COMPARISONS: Record<string, (c: number) => boolean> = {
  $eq: (c) => c === 0,
  $ne: (c) => c !== 0,
  $gt: (c) => c > 0,
  $gte: (c) => c >= 0,
  $lt: (c) => c < 0,
  $lte: (c) => c <= 0,
};

/** Operands of an operator taking a fixed number of expressions, compiled; null if any is not. */
function operands(arg: unknown, n: number, scope: Set<string>): Expr[] | null {
  const args = Array.isArray(arg) ? arg : [arg];
  if (args.length !== n) return null;
  const out = args.map((a) => compile(a, scope));
  return out.every((e): e is Expr => e !== null) ? out : null;
}

const OPERATORS: Record<string, Compile> = {
  $literal: (arg) => () => arg,
  $arrayElemAt(arg, scope) {
    const ops = operands(arg, 2, scope);
    if (!ops) return null;
    return (root, vars) => {
      const arr = array(ops[0](root, vars));
      const i = ops[1](root, vars);
      if (arr === null) return null;
      if (typeof i !== 'number' || !Number.isInteger(i)) return decline();
      return i < 0 ? arr[arr.length + i] : arr[i];
    };
  },
  $first(arg, scope) {
    const ops = operands(arg, 1, scope);
    if (!ops) return null;
    return (root, vars) => {
      const arr = array(ops[0](root, vars));
      return arr === null ? null : arr[0];
    };
  },
  $filter(arg, scope) {
    if (!isPlainObject(arg) || Object.keys(arg).some((k) => !['input', 'cond', 'as'].includes(k)))
      return null;
    const as = arg.as ?? 'this';
    if (typeof as !== 'string' || !plainName(as)) return null;
    const input = compile(arg.input, scope);
    const cond = compile(arg.cond, new Set([...scope, as]));
    if (!input || !cond) return null;
    return (root, vars) => {
      const arr = array(input(root, vars));
      if (arr === null) return null;
      const inner = { ...vars };
      return arr.filter((e) => {
        inner[as] = e;
        return truthy(cond(root, inner));
      });
    };
  },
  $cond(arg, scope) {
    const parts = isPlainObject(arg) ? [arg.if, arg.then, arg.else] : arg;
    if (isPlainObject(arg) && Object.keys(arg).length !== 3) return null;
    const ops = operands(parts, 3, scope);
    if (!ops) return null;
    return (root, vars) => (truthy(ops[0](root, vars)) ? ops[1](root, vars) : ops[2](root, vars));
  },
  $add(arg, scope) {
    if (!Array.isArray(arg)) return null;
    const ops = operands(arg, arg.length, scope);
    if (!ops) return null;
    return (root, vars) => {
      let sum = 0;
      for (const op of ops) {
        const v = op(root, vars);
        if (v === null || v === undefined) return null;
        // dates (a date plus milliseconds), numeric BSON classes, strings: mingo decides or fails
        if (typeof v !== 'number') return decline();
        sum += v;
      }
      return sum;
    };
  },
  $let(arg, scope) {
    if (!isPlainObject(arg) || Object.keys(arg).length !== 2 || !isPlainObject(arg.vars)) return null;
    const names = Object.keys(arg.vars);
    if (!names.every((n) => plainName(n) && /^[a-z]/.test(n))) return null;
    const values = names.map((n) => compile(arg.vars[n], scope));
    const body = compile(arg.in, new Set([...scope, ...names]));
    if (!body || !values.every(Boolean)) return null;
    return (root, vars) => {
      const inner = { ...vars };
      // every variable is computed in the outer scope, as mongod and mingo do
      names.forEach((n, i) => (inner[n] = values[i]!(root, vars)));
      return body(root, inner);
    };
  },
  $indexOfArray(arg, scope) {
    const ops = operands(arg, 2, scope);
    if (!ops) return null;
    return (root, vars) => {
      const arr = array(ops[0](root, vars));
      if (arr === null) return null;
      const x = ops[1](root, vars);
      return arr.findIndex((e) => compare(e, x) === 0);
    };
  },
  $ifNull(arg, scope) {
    const n = Array.isArray(arg) ? arg.length : 0;
    const ops = n >= 2 ? operands(arg, n, scope) : null;
    if (!ops) return null;
    return (root, vars) => {
      for (let i = 0; i < ops.length - 1; i++) {
        const v = ops[i](root, vars);
        if (v !== null && v !== undefined) return v;
      }
      return ops[ops.length - 1](root, vars);
    };
  },
};
for (const [op, test] of Object.entries(COMPARISONS)) {
  OPERATORS[op] = (arg, scope) => {
    const ops = operands(arg, 2, scope);
    return (
      ops &&
      ((root, vars) => {
        const c = compare(ops[0](root, vars), ops[1](root, vars));
        if (Number.isNaN(c)) return op === '$ne' ? true : op === '$eq' ? false : decline();
        return test(c);
      })
    );
  };
}

/** A compiled expression, or null when any part of it is not one this file evaluates. */
export function compile(expr: unknown, scope: Set<string>): Expr | null {
  if (typeof expr === 'string') {
    return expr.startsWith('$') ? pathExpr(expr, scope) : () => expr;
  }
  if (expr === null || typeof expr === 'boolean' || (typeof expr === 'number' && Number.isFinite(expr)))
    return () => expr;
  // A date or an ObjectId in an expression is a constant (immutable here: shared, never changed).
  if (expr instanceof Date || (expr as { _bsontype?: string })?._bsontype === 'ObjectId') return () => expr;
  if (!isPlainObject(expr)) return null; // arrays of expressions, other BSON values...: mingo
  const keys = Object.keys(expr);
  if (keys.length !== 1 || !Object.hasOwn(OPERATORS, keys[0])) return null;
  return OPERATORS[keys[0]](expr[keys[0]], scope);
}
