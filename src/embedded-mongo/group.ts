/**
 * `$group` in time slices, with mingo's result. mingo's $group evaluates the group key of every
 * document, then each accumulator over each group's documents, all at once: 30,000 documents are
 * one long stall for every other connection. This does the same work in the same order, stopping
 * between documents when a slice is used up:
 *
 * 1. the group key of each document (mingo's expression and mingo's HashMap, so the same groups
 *    in the same order);
 * 2. for the accumulators that evaluate their operand on every document and then combine the
 *    values ($sum, $avg, $min, $max, $push, $addToSet, $stdDevPop, $stdDevSamp: mingo builds them
 *    all on its $push), the operand of each document, then mingo's own accumulator over those
 *    values (it gets them as already evaluated: mingo's $push returns its input when given no
 *    expression). Every other accumulator ($first, $last, $count, a constant $sum, $top...) goes to
 *    mingo with the group's documents, exactly as mingo's $group calls it.
 */
import { evalExpr, OpType } from 'mingo/core';
import { HashMap, isNumber } from 'mingo/util';
import { badValue } from './errors.js';
import { BSON_CONTEXT, newComputeOptions } from './mingo-context.js';
import type { Slicer } from './slices.js';
import { cloneDoc, isPlainObject, type Doc } from './values.js';

/** Accumulators that are a function of their operand's value on each document (see above). */
const PER_DOCUMENT = new Set([
  '$sum',
  '$avg',
  '$min',
  '$max',
  '$push',
  '$addToSet',
  '$stdDevPop',
  '$stdDevSamp',
]);

type Accumulator = (coll: unknown[], expr: unknown, options: any) => unknown;

/** The accumulator of a field when its value on each document can be taken one at a time. */
function perDocument(expr: unknown): { fn: Accumulator; operand: unknown } | undefined {
  if (!isPlainObject(expr)) return undefined;
  const keys = Object.keys(expr);
  if (keys.length !== 1 || !PER_DOCUMENT.has(keys[0])) return undefined;
  const operand = expr[keys[0]];
  // mingo counts a constant $sum (coll.length * n) instead of adding n for each document.
  if (keys[0] === '$sum' && isNumber(operand)) return undefined;
  const fn = BSON_CONTEXT.getOperator(OpType.ACCUMULATOR, keys[0]) as Accumulator | null;
  return fn && operand !== null && operand !== undefined ? { fn, operand } : undefined;
}

/**
 * Groups `docs` by `spec` as mingo's $group stage does with `options`. `stored`: the documents are
 * the stored ones, so nothing of them may reach the output uncopied (later stages may change it).
 */
export async function groupSliced(
  docs: Doc[],
  spec: unknown,
  options: any,
  stored: boolean,
  slicer: Slicer,
): Promise<Doc[]> {
  if (!isPlainObject(spec)) throw badValue('a group specification must be an object');
  if (!('_id' in spec)) throw badValue("$group specification must include an '_id'");
  const idExpr = spec._id;
  const partitions = HashMap.init() as Map<unknown, Doc[]>;
  for (const doc of docs) {
    const key = evalExpr(doc, idExpr, options) ?? null;
    const members = partitions.get(key);
    if (members) members.push(doc);
    else partitions.set(key, [doc]);
    if (slicer.due()) await slicer.yield();
  }
  const fields = Object.keys(spec).filter((k) => k !== '_id');
  const out: Doc[] = [];
  for (const [groupId, members] of partitions) {
    const group: Doc = { _id: stored ? cloneDoc(groupId) : groupId };
    for (const field of fields) {
      const opts = newComputeOptions(options).update({ root: null, groupId });
      const acc = perDocument(spec[field]);
      let value: unknown;
      if (acc) {
        const values = new Array<unknown>(members.length);
        for (let i = 0; i < members.length; i++) {
          const root = members[i];
          values[i] = evalExpr(root, acc.operand, opts.update({ root })) ?? null;
          if (slicer.due()) await slicer.yield();
        }
        value = acc.fn(values, null, opts);
      } else value = evalExpr(members, spec[field], opts);
      group[field] = stored ? cloneDoc(value) : value;
      if (slicer.dueNow()) await slicer.yield();
    }
    out.push(group);
  }
  return out;
}
