/**
 * Secondary indexes kept in memory: a map from the canonical key of the indexed values to the
 * ids of the documents holding them. They serve two purposes: enforcing unique constraints
 * (unique, compound, sparse, partial) and answering equality lookups without a scan.
 */
import { MongoCommandError, badValue, notSupported } from './errors.js';
import { compileFilter, type Matcher } from './query.js';
import { encodeKey, formatKeyValue, isPlainObject, valuesAtPath, type Doc } from './values.js';

export interface IndexSpec {
  v?: number;
  key: Doc;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
  hidden?: boolean;
  [option: string]: unknown;
}

/** Options mongod stores for an index and that we understand. */
const KNOWN_OPTIONS = new Set([
  'v',
  'key',
  'name',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'hidden',
  'background',
  'ns',
]);

const SEP = '\u0000';

export class Index {
  readonly fields: string[];
  readonly spec: IndexSpec;
  private readonly partial?: Matcher;
  /** canonical key -> ids (canonical _id keys) of documents with that key */
  private readonly entries = new Map<string, Set<string>>();

  constructor(spec: IndexSpec) {
    this.spec = normalizeSpec(spec);
    this.fields = Object.keys(this.spec.key);
    if (this.spec.partialFilterExpression) this.partial = compileFilter(this.spec.partialFilterExpression);
  }

  get name(): string {
    return this.spec.name;
  }
  get unique(): boolean {
    return this.spec.unique === true || this.name === '_id_';
  }
  /** Sparse and partial indexes do not hold every document, so they cannot answer lookups. */
  get complete(): boolean {
    return !this.spec.sparse && !this.partial;
  }

  /** Keys of a document in this index; null when the document is not in the index. */
  keysOf(doc: Doc): { key: string; values: unknown[] }[] | null {
    if (this.partial && !this.partial.test(doc)) return null;
    const perField = this.fields.map((f) => valuesAtPath(doc, f));
    if (this.spec.sparse && perField.every((vals) => vals.length === 1 && vals[0] === undefined)) return null;
    const out: { key: string; values: unknown[] }[] = [];
    const seen = new Set<string>();
    const walk = (i: number, acc: unknown[]) => {
      if (i === perField.length) {
        const key = acc.map(encodeKey).join(SEP);
        if (!seen.has(key)) {
          seen.add(key);
          out.push({ key, values: acc.slice() });
        }
        return;
      }
      for (const v of perField[i]) {
        acc.push(v);
        walk(i + 1, acc);
        acc.pop();
      }
    };
    walk(0, []);
    return out;
  }

  add(doc: Doc, id: string): void {
    for (const { key } of this.keysOf(doc) ?? []) {
      let set = this.entries.get(key);
      if (!set) this.entries.set(key, (set = new Set()));
      set.add(id);
    }
  }

  remove(doc: Doc, id: string): void {
    for (const { key } of this.keysOf(doc) ?? []) {
      const set = this.entries.get(key);
      if (!set) continue;
      set.delete(id);
      if (set.size === 0) this.entries.delete(key);
    }
  }

  /** The duplicate-key error `doc` would cause (ignoring the document `id` itself), or null. */
  conflict(doc: Doc, id: string, ns: string): MongoCommandError | null {
    if (!this.unique) return null;
    for (const { key, values } of this.keysOf(doc) ?? []) {
      const set = this.entries.get(key);
      if (!set) continue;
      for (const other of set) {
        if (other !== id) return this.duplicateError(values, ns);
      }
    }
    return null;
  }

  duplicateError(values: unknown[], ns: string): MongoCommandError {
    const keyValue: Doc = {};
    this.fields.forEach((f, i) => (keyValue[f] = values[i] === undefined ? null : values[i]));
    return new MongoCommandError(
      11000,
      'DuplicateKey',
      `E11000 duplicate key error collection: ${ns} index: ${this.name} dup key: ${formatKeyValue(keyValue)}`,
      { keyPattern: { ...this.spec.key }, keyValue },
    );
  }

  /** Ids of documents whose indexed fields equal `values` (one value per field). */
  lookup(values: unknown[]): Set<string> | undefined {
    return this.entries.get(values.map(encodeKey).join(SEP));
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Validates an index spec from createIndexes; refuses kinds the engine cannot honour. */
export function normalizeSpec(spec: IndexSpec): IndexSpec {
  if (!isPlainObject(spec) || !isPlainObject(spec.key) || Object.keys(spec.key).length === 0) {
    throw badValue('index specification must have a non-empty "key" document');
  }
  if (typeof spec.name !== 'string' || spec.name === '') {
    throw badValue('index specification must have a non-empty "name" string');
  }
  for (const [field, dir] of Object.entries(spec.key)) {
    if (typeof dir === 'string') throw notSupported(`a "${dir}" index (on field "${field}")`);
    if (typeof dir !== 'number' || dir === 0 || Number.isNaN(dir)) {
      throw badValue(`Values in the index key pattern can only be numbers or strings: ${field}`);
    }
  }
  for (const option of Object.keys(spec)) {
    if (!KNOWN_OPTIONS.has(option)) throw notSupported(`the index option "${option}"`);
  }
  if (spec.expireAfterSeconds !== undefined) {
    const s = spec.expireAfterSeconds;
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) {
      throw badValue('TTL index "expireAfterSeconds" must be a non-negative number');
    }
  }
  if (spec.partialFilterExpression !== undefined) {
    if (!isPlainObject(spec.partialFilterExpression)) {
      throw badValue('"partialFilterExpression" for an index must be a document');
    }
    compileFilter(spec.partialFilterExpression);
  }
  const out: IndexSpec = { v: 2, key: spec.key, name: spec.name };
  if (spec.unique) out.unique = true;
  if (spec.sparse) out.sparse = true;
  if (spec.partialFilterExpression) out.partialFilterExpression = spec.partialFilterExpression;
  if (spec.expireAfterSeconds !== undefined) out.expireAfterSeconds = spec.expireAfterSeconds;
  if (spec.hidden) out.hidden = true;
  return out;
}

/** True when two specs describe the same index (same key and same behavioural options). */
export function sameIndex(a: IndexSpec, b: IndexSpec): boolean {
  return (
    encodeKey(a.key) === encodeKey(b.key) &&
    !!a.unique === !!b.unique &&
    !!a.sparse === !!b.sparse &&
    encodeKey(a.partialFilterExpression ?? null) === encodeKey(b.partialFilterExpression ?? null) &&
    (a.expireAfterSeconds ?? null) === (b.expireAfterSeconds ?? null)
  );
}
