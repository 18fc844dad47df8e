/**
 * The one mingo context of the engine, built once at start-up: mingo's operators with the
 * expression operators it lacks or gets wrong for BSON, $lookup through indexes (lookup.ts), and
 * the options every query and pipeline shares. mingo copies its whole operator table (six tables,
 * hundreds of entries) whenever it is given plain options; given a ComputeOptions it shares them,
 * so every Query and Aggregator here gets one (computeOptions below).
 */
import { Context } from 'mingo';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { evalExpr } from 'mingo/core';
import { $toString as mingoToString } from 'mingo/operators/expression/type';
import { ObjectId } from 'bson';
import { badValue, notSupported } from './errors.js';
import { $lookup } from './lookup.js';
import { isPlainObject, type Doc } from './values.js';

/** Server-side JavaScript is never run inside the engine; mingo would run it. */
const SCRIPT_OPERATORS = new Set(['$where', '$function', '$accumulator']);

export function assertNoScripts(v: unknown, depth = 0): void {
  if (v === null || typeof v !== 'object' || depth > 200) return;
  if (Array.isArray(v)) {
    for (const e of v) assertNoScripts(e, depth + 1);
    return;
  }
  if (!isPlainObject(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if (SCRIPT_OPERATORS.has(k)) throw notSupported(`server-side JavaScript (${k})`);
    assertNoScripts(x, depth + 1);
  }
}

/**
 * mongod's `$round` on a double: the value taken to 15 significant digits (as mongod's conversion
 * to Decimal128 does), then rounded half to even at `place` (mingo gets 3.3351 to 2 places wrong).
 */
export function roundHalfEven(value: number, place: number): number {
  if (!Number.isFinite(value)) return value;
  const scale = 10 ** Math.abs(place);
  const scaled = Number((place >= 0 ? value * scale : value / scale).toPrecision(15));
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const rounded = diff === 0.5 ? (floor % 2 === 0 ? floor : floor + 1) : Math.round(scaled);
  const out = place >= 0 ? rounded / scale : rounded * scale;
  return place > 0 && place <= 100 ? Number(out.toFixed(Math.min(place, 100))) : out;
}

/**
 * mingo's operators, with the expression operators it lacks or gets wrong because it knows
 * nothing of BSON types. (A context passed in options cannot override mingo's defaults, so the
 * engine builds the whole context and uses mingo's base Query and Aggregator.)
 */
export const BSON_CONTEXT = Context.init({
  accumulator: accumulatorOperators,
  pipeline: { ...pipelineOperators, $lookup },
  projection: projectionOperators,
  query: queryOperators,
  window: windowOperators,
  expression: {
    ...expressionOperators,
    $toString: (obj: unknown, expr: unknown, options: any) => {
      const v = evalExpr(obj, expr, options);
      if ((v as { _bsontype?: string } | null)?._bsontype === 'ObjectId')
        return (v as ObjectId).toHexString();
      return mingoToString(obj as Doc, expr, options);
    },
    $round: (obj: unknown, expr: unknown, options: any) => {
      const args = evalExpr(obj, expr, options);
      const [value, place = 0] = (Array.isArray(args) ? args : [args]) as unknown[];
      if (value === null || value === undefined) return null;
      if (typeof value !== 'number') throw badValue('$round only supports numeric types');
      if (typeof place !== 'number' || !Number.isInteger(place) || place < -20 || place > 100)
        throw badValue('$round requires "place" to be an integer between -20 and 100');
      return roundHalfEven(value, place);
    },
    $toObjectId: (obj: unknown, expr: unknown, options: any) => {
      const v = evalExpr(obj, expr, options);
      if (v === null || v === undefined) return null;
      if ((v as { _bsontype?: string })._bsontype === 'ObjectId') return v;
      if (typeof v !== 'string' || !ObjectId.isValid(v) || v.length !== 24) {
        throw badValue(`Failed to parse objectId '${String(v)}' in $convert with no onError value`);
      }
      return new ObjectId(v);
    },
  },
});

/**
 * mingo's ComputeOptions class, which mingo does not export: taken from the options mingo hands
 * an operator. Its constructor shares the options (and so the context) it is given.
 */
type ComputeOptions = { readonly options: Doc };
const ComputeOptionsClass: new (options: Doc) => ComputeOptions = (() => {
  let found: (new (options: Doc) => ComputeOptions) | undefined;
  const probe = Context.init({
    expression: {
      $probe: (_obj: unknown, _expr: unknown, options: any) => {
        found = options.constructor;
        return null;
      },
    },
  });
  evalExpr({}, { $probe: 1 }, { context: probe } as Parameters<typeof evalExpr>[2]);
  if (!found) throw new Error('mingo did not pass its ComputeOptions to an operator');
  return found;
})();

const BASE = new ComputeOptionsClass({
  idKey: '_id',
  // mingo's own $setWindowFields runs $function internally; user scripts are refused by assertNoScripts.
  scriptEnabled: true,
  useStrictMode: true,
  failOnError: true,
  processingMode: 0,
  context: BSON_CONTEXT,
});

/** Options for a Query or Aggregator, sharing the engine's context (never copying it). */
export function computeOptions(extra?: Doc): any {
  return extra ? new ComputeOptionsClass({ ...BASE.options, ...extra }) : BASE;
}

/** A fresh ComputeOptions over the same options (mingo's ComputeOptions.init, for an operator run here). */
export function newComputeOptions(options: any): any {
  return new ComputeOptionsClass(options instanceof ComputeOptionsClass ? options.options : options);
}
