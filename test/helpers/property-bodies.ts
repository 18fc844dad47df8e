/**
 * fast-check arbitraries for request bodies: a page's own form with some fields replaced by
 * arbitrary values (so validation is reached past the first field), or arbitrary objects; every
 * value may be a string (unicode, huge, empty), a number, null, a boolean, an array, a nested object
 * or a query-operator shape (`{ "$gt": "" }`, in a form `field[$gt]=`).
 */
import fc from 'fast-check';

export type Body = Record<string, unknown>;

/** `a[b][0]` → ['a', 'b', '0']. */
export function bracketPath(name: string): string[] {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
  if (!m) return [name];
  return [m[1], ...[...m[2].matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1])];
}

function arraysFromIndexes(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  const fixed = Object.fromEntries(keys.map((k) => [k, arraysFromIndexes(obj[k])]));
  if (keys.length && keys.every((k, i) => k === String(i))) return keys.map((k) => fixed[k]);
  return fixed;
}

/** A form's fields (bracket names) as the nested object the app's extended parser makes of them. */
export function nestFields(fields: [string, string][]): Body {
  const root: Record<string, unknown> = {};
  for (const [name, value] of fields) {
    const path = bracketPath(name);
    let node = root;
    path.forEach((key, i) => {
      const k = key === '' ? String(Object.keys(node).length) : key;
      if (i === path.length - 1) {
        if (k in node) node[k] = ([] as unknown[]).concat(node[k], value);
        else node[k] = value;
      } else {
        if (!node[k] || typeof node[k] !== 'object') node[k] = {};
        node = node[k] as Record<string, unknown>;
      }
    });
  }
  return arraysFromIndexes(root) as Body;
}

/** Form-encodes a nested body the way browsers name fields (`a[b][0]=`); null is an empty value. */
export function encodeForm(body: unknown, flat = false): string {
  const out = new URLSearchParams();
  const walk = (value: unknown, name: string) => {
    if (Array.isArray(value)) {
      if (!value.length && name) out.append(name, '');
      value.forEach((v, i) => walk(v, flat && name ? name : `${name}[${i}]`));
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      if (!entries.length && name) out.append(`${name}[]`, '');
      for (const [k, v] of entries) walk(v, name ? `${name}[${k}]` : k);
    } else if (name) {
      out.append(name, value === null || value === undefined ? '' : String(value));
    }
  };
  walk(body, '');
  return out.toString();
}

const INJECTIONS: unknown[] = [
  { $gt: '' },
  { $ne: null },
  { $ne: 'x' },
  { $regex: '.*' },
  { $where: 'sleep(100) || true' },
  { $in: [] },
  { $exists: true },
  { $expr: { $eq: [1, 1] } },
  { $set: { roles: ['admin'] } },
  { _bsontype: 'ObjectId', id: 'x' },
];

const SPECIAL_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\r\n',
  '0',
  '-1',
  '1.5',
  '1e309',
  '99999999999999999999999',
  'NaN',
  'Infinity',
  'true',
  'null',
  'undefined',
  '[object Object]',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../etc/passwd',
  '=cmd|" /C calc"!A0',
  '000000000000000000000000',
  'ffffffffffffffffffffffff',
  '2026-02-30T25:61',
  '1970-01-01T00:00',
  'ａｂｃ ﷽ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀👩‍👩‍👧',
  '\u202Eevil',
  'a'.repeat(300),
  'x@example.org',
  'not an email',
  'on',
  'yes',
  'save',
  'submit',
  'up',
  'down',
];

export interface ValueOptions {
  /** Ids of the fixtures, so some values point at real documents. */
  ids: string[];
  /** The largest string generated (keep bodies under the limit unless a test wants 413). */
  hugeLength: number;
}

export function leafValue(o: ValueOptions): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
    { weight: 2, arbitrary: fc.constantFrom(...o.ids) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: Math.min(5_000, o.hugeLength), max: o.hugeLength })
        .map((n) => 'ä'.repeat(n / 2)),
    },
    { weight: 2, arbitrary: fc.integer({ min: -10, max: 10 }) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
  );
}

export function anyValue(o: ValueOptions): fc.Arbitrary<unknown> {
  const leaf = leafValue(o);
  return fc.oneof(
    { weight: 8, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), leaf, { maxKeys: 3 }) },
    {
      weight: 1,
      arbitrary: fc.array(fc.dictionary(fc.constantFrom('a', 'value', '0', '$gt'), leaf), { maxLength: 3 }),
    },
  );
}

const ODD_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '$where',
  '$gt',
  'a.b',
  '',
];

/** Leaf paths of a nested body. */
function leaves(body: unknown, path: string[] = []): string[][] {
  if (body && typeof body === 'object')
    return Object.entries(body).flatMap(([k, v]) => leaves(v, [...path, k]));
  return path.length ? [path] : [];
}

function setPath(body: Body, path: string[], value: unknown): Body {
  const copy = structuredClone(body) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  path.slice(0, -1).forEach((k) => {
    if (!node[k] || typeof node[k] !== 'object') node[k] = {};
    node = node[k] as Record<string, unknown>;
  });
  const last = path[path.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

export function bodyArbitrary(baseline: Body, knownNames: string[], o: ValueOptions): fc.Arbitrary<Body> {
  const value = anyValue(o);
  const paths = leaves(baseline);
  const key = fc.oneof(
    {
      weight: 3,
      arbitrary: knownNames.length ? fc.constantFrom(...knownNames) : fc.string({ maxLength: 8 }),
    },
    { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_KEYS) },
  );
  const extra = fc.dictionary(key, value, { maxKeys: 3 });
  const mutated = paths.length
    ? fc
        .tuple(
          fc.array(fc.tuple(fc.constantFrom(...paths), fc.option(value, { nil: undefined })), {
            minLength: 1,
            maxLength: 3,
          }),
          extra,
        )
        .map(([changes, added]) => {
          let body = baseline;
          for (const [path, v] of changes) body = setPath(body, path, v);
          return { ...body, ...added };
        })
    : extra;
  const random = fc.dictionary(key, value, { maxKeys: 6 });
  return fc.oneof(
    { weight: 5, arbitrary: mutated },
    { weight: 3, arbitrary: random },
    { weight: 1, arbitrary: fc.constant(baseline) },
  );
}

export type Encoding = 'form' | 'json' | 'json-top' | 'empty' | 'text';

/** How a body is sent: a form, JSON, a JSON value that is not an object, no body, or text/plain. */
export const encodingArbitrary: fc.Arbitrary<Encoding> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('form' as const) },
  { weight: 5, arbitrary: fc.constant('json' as const) },
  { weight: 1, arbitrary: fc.constantFrom('json-top' as const, 'empty' as const, 'text' as const) },
);

/** Top-level JSON values that are not objects: arrays, strings, numbers, null. */
export const topLevelJson = fc.constantFrom<unknown>([], [1, 2], [{ $gt: '' }], 'text', 42, null, true, [[]]);
