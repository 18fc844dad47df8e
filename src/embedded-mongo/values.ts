/**
 * Value helpers shared by the store, indexes and commands. Stored documents are treated as
 * immutable: every change builds a new document (see cloneDoc), so cursors and snapshots can
 * hold references safely.
 */
import { badValue } from './errors.js';

export type Doc = Record<string, any>;

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const bsonType = (v: unknown): string | undefined =>
  v !== null && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;

/**
 * Deep copy of plain objects, arrays and dates. BSON value classes (ObjectId, Binary, ...) are
 * immutable and shared. structuredClone is not usable: it turns an ObjectId into a plain object.
 */
export function cloneDoc<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneDoc) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const k of Object.keys(v)) out[k] = cloneDoc((v as Doc)[k]);
    return out as T;
  }
  return v;
}

/**
 * Canonical string for a value such that two values MongoDB considers equal (1, 1.0, Long(1);
 * same ObjectId; same instant) map to the same string. Used as the key of documents by _id
 * and of index entries. Field order of embedded documents matters, as in MongoDB.
 */
export function encodeKey(v: unknown): string {
  if (v === undefined || v === null) return 'N';
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? 'n0' : 'n' + v;
    case 'string':
      return 's' + JSON.stringify(v);
    case 'boolean':
      return v ? 'b1' : 'b0';
    case 'bigint':
      return 'n' + v.toString();
  }
  if (Array.isArray(v)) return '[' + v.map(encodeKey).join(',') + ']';
  if (v instanceof Date) return 'd' + v.getTime();
  if (v instanceof RegExp) return 'r' + JSON.stringify([v.source, v.flags]);
  const t = bsonType(v);
  if (t === 'ObjectId') return 'o' + (v as { toHexString(): string }).toHexString();
  if (t === 'Long' || t === 'Int32' || t === 'Double')
    return 'n' + Number((v as { valueOf(): number }).valueOf());
  if (t === 'Binary') {
    const b = v as { sub_type: number; buffer: Uint8Array };
    return 'B' + b.sub_type + ':' + Buffer.from(b.buffer).toString('base64');
  }
  if (t) return 'x' + t + ':' + String(v);
  const o = v as Doc;
  return (
    '{' +
    Object.keys(o)
      .map((k) => JSON.stringify(k) + ':' + encodeKey(o[k]))
      .join(',') +
    '}'
  );
}

/**
 * encodeKey(a) === encodeKey(b), without building the two strings: parts both share (an update
 * built copy-on-write shares everything it did not change) compare by reference, and only
 * differing leaves are encoded.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] !== kb[i] || !sameValue(a[ka[i]], b[kb[i]])) return false;
    }
    return true;
  }
  return encodeKey(a) === encodeKey(b);
}

/**
 * All values at a dotted path, descending into arrays as MongoDB's multikey indexes do.
 * A missing path yields [undefined]; an array at the end yields its elements (an empty
 * array yields [undefined]).
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out.length ? out : [undefined];
}

function collect(v: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(undefined);
      else for (const e of v) out.push(e);
    } else out.push(v);
    return;
  }
  if (Array.isArray(v)) {
    const idx = /^\d+$/.test(parts[i]) ? Number(parts[i]) : -1;
    if (idx >= 0 && idx < v.length) collect(v[idx], parts, i + 1, out);
    else for (const e of v) if (e !== null && typeof e === 'object') collect(e, parts, i, out);
    return;
  }
  if (v !== null && typeof v === 'object' && !bsonType(v) && !(v instanceof Date)) {
    const next = (v as Doc)[parts[i]];
    if (next === undefined) out.push(undefined);
    else collect(next, parts, i + 1, out);
    return;
  }
  out.push(undefined);
}

/** First value at a dotted path without array expansion (for TTL and sort keys). */
export function valueAtPath(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const p of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Doc)[p];
  }
  return v;
}

const MAX_SAFE = 2 ** 53;

/**
 * mingo compares and sums plain JS numbers only: Decimal128 and Longs beyond 2^53 (which the
 * BSON parser leaves as Long objects) would give silently wrong answers, so they are refused.
 */
export function assertSupportedValues(v: unknown, depth = 0): void {
  if (v === null || typeof v !== 'object' || v instanceof Date) return;
  if (depth > 180) throw badValue('document is nested too deeply (more than 180 levels)');
  const t = bsonType(v);
  if (t === 'Decimal128') {
    throw badValue(
      'Decimal128 values are not supported by the embedded engine (it cannot compare or sum them exactly); ' +
        'store them as strings or numbers, or use MongoDB through MONGODB_URI',
    );
  }
  if (t === 'Long') {
    const n = Number((v as { toString(): string }).toString());
    if (Math.abs(n) >= MAX_SAFE) {
      throw badValue(
        `64-bit integer ${String(v)} is beyond 2^53, which the embedded engine cannot compare or sum exactly; ` +
          'use MongoDB through MONGODB_URI',
      );
    }
    return;
  }
  if (t) return;
  if (Array.isArray(v)) {
    for (const e of v) assertSupportedValues(e, depth + 1);
    return;
  }
  for (const k of Object.keys(v)) assertSupportedValues((v as Doc)[k], depth + 1);
}

/** mongod's rendering of a duplicate key for E11000 messages: `{ email: "a@b.c" }`. */
export function formatKeyValue(kv: Doc): string {
  const parts = Object.keys(kv).map((k) => `${k}: ${formatValue(kv[k])}`);
  return parts.length ? `{ ${parts.join(', ')} }` : '{}';
}

function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (Array.isArray(v)) return '[ ' + v.map(formatValue).join(', ') + ' ]';
  const t = bsonType(v);
  if (t === 'ObjectId') return `ObjectId('${(v as { toHexString(): string }).toHexString()}')`;
  if (t) return `${t}(${String(v)})`;
  return formatKeyValue(v as Doc);
}
