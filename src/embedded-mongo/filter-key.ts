/**
 * The exact text of a filter, the key under which filters.ts caches its compiled form: every value
 * with its type, and nothing that would make a cached filter answer differently from a fresh one.
 */
import { isPlainObject, type Doc } from './values.js';

/** Longer filters (a $in of thousands of ids) are compiled each time: their key costs as much. */
const MAX_KEY_LENGTH = 4096;

/** Operators a cached filter may hold: none reads the clock, runs code or keeps state ($expr's $$NOW does). */
const CACHEABLE_OPERATORS = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$and',
  '$or',
  '$nor',
  '$not',
  '$regex',
  '$options',
  '$elemMatch',
  '$size',
  '$all',
  '$type',
  '$mod',
]);

/**
 * The exact text of a filter, every value with its type (a string "1" and a number 1, an ObjectId
 * and its hex string, a Date and its milliseconds all differ), so that two filters share a key
 * only when they are the same filter. Null when the filter must not be cached: an operator outside
 * CACHEABLE_OPERATORS, a value of another BSON type (Long, Decimal128, Binary...), a stateful
 * regular expression (flags g or y, as a RegExp or in $options), or a key longer than MAX_KEY_LENGTH.
 */
export function filterKey(filter: Doc): string | null {
  const parts: string[] = [];
  let length = 0;
  const add = (s: string) => {
    parts.push(s);
    length += s.length;
    return length <= MAX_KEY_LENGTH;
  };
  const walk = (v: unknown): boolean => {
    if (v === null) return add('N');
    switch (typeof v) {
      case 'string':
        return add('s' + JSON.stringify(v));
      case 'number':
        return add(Object.is(v, -0) ? 'n-0' : 'n' + v);
      case 'boolean':
        return add(v ? 'b1' : 'b0');
      case 'object':
        break;
      default:
        return false;
    }
    if (Array.isArray(v)) {
      if (!add('[')) return false;
      for (const x of v) if (!walk(x) || !add(',')) return false;
      return add(']');
    }
    if (v instanceof Date) return add('d' + v.getTime());
    if (v instanceof RegExp) return !/[gy]/.test(v.flags) && add('r' + JSON.stringify([v.source, v.flags]));
    if ((v as { _bsontype?: string })._bsontype === 'ObjectId')
      return add('o' + (v as { toHexString(): string }).toHexString());
    if (!isPlainObject(v)) return false;
    if (!add('{')) return false;
    for (const k of Object.keys(v)) {
      if (k.startsWith('$') && !CACHEABLE_OPERATORS.has(k)) return false;
      if (k === '$options' && (typeof v[k] !== 'string' || /[gy]/.test(v[k]))) return false;
      if (!add(JSON.stringify(k)) || !add(':') || !walk(v[k]) || !add(',')) return false;
    }
    return add('}');
  };
  return walk(filter) ? parts.join('') : null;
}
