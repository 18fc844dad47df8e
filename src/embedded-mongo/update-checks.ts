/**
 * The checks mongod makes on an update and mingo does not: the update document's shape and
 * operators before any document is touched, and the operands' types on each document.
 */
import { assertNoScripts } from './mingo-context.js';
import { MongoCommandError, badValue, failedToParse, typeMismatch } from './errors.js';
import { isPlainObject, type Doc } from './values.js';

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$rename',
  '$min',
  '$max',
  '$currentDate',
  '$addToSet',
  '$pop',
  '$pull',
  '$push',
  '$pullAll',
  '$bit',
  '$setOnInsert',
]);

export type UpdateKind = 'operators' | 'replacement' | 'pipeline';

/** Classifies and validates an update document as mongod does before touching any document. */
export function classifyUpdate(u: unknown): UpdateKind {
  if (Array.isArray(u)) {
    for (const stage of u) {
      const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
      if (
        !name ||
        !['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith'].includes(name)
      ) {
        throw new MongoCommandError(
          72,
          'InvalidOptions',
          `${name ?? 'this stage'} is not allowed to be used within an update`,
        );
      }
    }
    return 'pipeline';
  }
  if (!isPlainObject(u)) throw failedToParse('Update argument must be either an object or an array');
  assertNoScripts(u);
  const keys = Object.keys(u);
  if (keys.length === 0 || !keys[0].startsWith('$')) {
    for (const k of keys) {
      if (k.startsWith('$')) {
        throw new MongoCommandError(
          52,
          'DollarPrefixedFieldName',
          `The dollar ($) prefixed field '${k}' in '${k}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
        );
      }
    }
    return 'replacement';
  }
  const paths: string[] = [];
  for (const k of keys) {
    if (!UPDATE_OPERATORS.has(k)) {
      throw failedToParse(
        `Unknown modifier: ${k}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    const arg = u[k];
    if (!isPlainObject(arg)) {
      throw failedToParse(
        `Modifiers operate on fields but we found type ${typeof arg} instead. For example: {$mod: {<field>: ...}} not {${k}: ${typeof arg}}`,
      );
    }
    for (const p of Object.keys(arg)) {
      if (p === '') throw failedToParse('An empty update path is not valid.');
      paths.push(p);
      if (k === '$rename') {
        if (typeof arg[p] !== 'string')
          throw badValue(`The 'to' field for $rename must be a string: ${p}: ${String(arg[p])}`);
        paths.push(arg[p]);
      }
      if ((k === '$inc' || k === '$mul') && typeof arg[p] !== 'number') {
        throw typeMismatch(
          `Cannot ${k === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${p}: ${JSON.stringify(arg[p])}}`,
        );
      }
    }
  }
  const norm = paths.map((p) => p.replace(/\.\$(\[[^\]]*\])?/g, '.$'));
  for (let i = 0; i < norm.length; i++) {
    for (let j = 0; j < norm.length; j++) {
      if (i !== j && (norm[i] === norm[j] ? i < j : norm[j].startsWith(norm[i] + '.'))) {
        throw new MongoCommandError(
          40,
          'ConflictingUpdateOperators',
          `Updating the path '${paths[j]}' would create a conflict at '${paths[i]}'`,
        );
      }
    }
  }
  return 'operators';
}

/**
 * mingo ignores operators applied to values of the wrong type ($inc on a string, $push on a
 * number, a path through a scalar); mongod refuses them. Checked on plain paths (no positional
 * operators), which is where such mistakes happen.
 */
export function checkOperandTypes(doc: Doc, modifier: Doc): void {
  for (const [op, arg] of Object.entries(modifier)) {
    for (const path of Object.keys(arg as Doc)) {
      if (path.includes('$')) continue;
      const parts = path.split('.');
      let v: unknown = doc;
      for (let i = 0; i < parts.length; i++) {
        if (v === undefined) break;
        if (Array.isArray(v) && /^\d+$/.test(parts[i])) {
          v = v[Number(parts[i])];
          continue;
        }
        if (v === null || typeof v !== 'object' || Array.isArray(v) || !isPlainObject(v)) {
          if (op === '$unset' || op === '$pull' || op === '$pullAll' || op === '$pop' || op === '$rename')
            return;
          throw new MongoCommandError(
            28,
            'PathNotViable',
            `Cannot create field '${parts[i]}' in element {${parts[i - 1]}: ${JSON.stringify(v)}}`,
          );
        }
        v = (v as Doc)[parts[i]];
      }
      if (v === undefined || v === null) continue;
      if ((op === '$inc' || op === '$mul') && typeof v !== 'number') {
        throw typeMismatch(
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(doc._id)}} has the field '${path}' of non-numeric type ${typeof v}`,
        );
      }
      if ((op === '$push' || op === '$addToSet' || op === '$pullAll' || op === '$pop') && !Array.isArray(v)) {
        throw badValue(
          `The field '${path}' must be an array but is of type ${typeof v} in document {_id: ${JSON.stringify(doc._id)}}`,
        );
      }
      if (op === '$pull' && !Array.isArray(v)) throw badValue('Cannot apply $pull to a non-array value');
    }
  }
}
