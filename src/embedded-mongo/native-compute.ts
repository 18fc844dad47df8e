/**
 * `$set`/`$addFields` and a `$project` of computed fields without mingo, when every expression is
 * one native-expr.ts evaluates (otherwise null: mingo runs the stage). The app's hot ones: each
 * answer of a reference finding its question, and the answer's score (the references page).
 */
import { compile, plainName, type Expr } from './native-expr.js';
import type { NativeStage } from './native-reshape.js';
import { isPlainObject, type Doc } from './values.js';

/** A computed top-level field (not `_id`, no dot) and its compiled expression, or null for mingo. */
function computedField(field: string, expr: unknown): [string, Expr] | null {
  if (!plainName(field) || field.includes('.') || field === '_id') return null;
  const compiled = compile(expr, new Set());
  return compiled ? [field, compiled] : null;
}

/** `$set`/`$addFields` of top-level fields: each keeps its place, a new one is appended. */
export function setStage(spec: unknown): NativeStage | null {
  if (!isPlainObject(spec)) return null;
  const fields: [string, Expr][] = [];
  for (const [field, expr] of Object.entries(spec)) {
    const compiled = computedField(field, expr);
    if (!compiled) return null;
    fields.push(compiled);
  }
  if (fields.length === 0) return null;
  return (docs) =>
    docs.map((d) => {
      const out: Doc = { ...d };
      for (const [field, expr] of fields) {
        const v = expr(d, {});
        // A missing value removes the field (mongod's and mingo's)
        if (v === undefined) delete out[field];
        else out[field] = v;
      }
      return out;
    });
}

/**
 * A `$project` of computed fields only (`_id` apart: kept first unless `{_id: 0}`), in the spec's
 * order, as mongod and mingo both give it. A field whose value is missing is left out. Inclusions
 * (`name: 1`) mixed with computed fields go to mingo (their order rules differ).
 */
export function computedProjectStage(spec: unknown): NativeStage | null {
  if (!isPlainObject(spec)) return null;
  let keepId = true;
  const fields: [string, Expr][] = [];
  for (const [field, expr] of Object.entries(spec)) {
    if (field === '_id' && (expr === 0 || expr === false)) {
      keepId = false;
      continue;
    }
    // only `$path` strings and operator objects: numbers and booleans are inclusions or exclusions
    if (!(typeof expr === 'string' && expr.startsWith('$')) && !isPlainObject(expr)) return null;
    const compiled = computedField(field, expr);
    if (!compiled) return null;
    fields.push(compiled);
  }
  if (fields.length === 0) return null;
  return (docs) =>
    docs.map((d) => {
      const out: Doc = {};
      if (keepId && d._id !== undefined) out._id = d._id;
      for (const [field, expr] of fields) {
        const v = expr(d, {});
        if (v !== undefined) out[field] = v;
      }
      return out;
    });
}
