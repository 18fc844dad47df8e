/**
 * Secondary indexes kept in memory: a map from the canonical key of the indexed values to the
 * ids of the documents holding them. They serve two purposes: enforcing unique constraints
 * (unique, compound, sparse, partial) and answering equality lookups without a scan, on all the
 * fields of an index or on a leading prefix of them (`{position: 1, updatedAt: 1}` answers
 * `{position: p}`). Ranges and sorts are not served: the maps are hashed, not ordered.
 */
import { MongoCommandError, badValue, notSupported } from './errors.js';
import { impliesPartial } from './planner.js';
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
  /** For a compound index: prefixes[p - 1] maps the key of the first p fields to ids (p < fields). */
  private readonly prefixes: Map<string, Set<string>>[];
  /** The _id index: keyed by the documents' canonical ids (fast paths in add, remove, conflict). */
  private readonly isId: boolean;

  constructor(spec: IndexSpec) {
    this.spec = normalizeSpec(spec);
    this.fields = Object.keys(this.spec.key);
    this.prefixes = this.fields.slice(1).map(() => new Map());
    if (this.spec.partialFilterExpression) this.partial = compileFilter(this.spec.partialFilterExpression);
    this.isId = this.name === '_id_' && this.fields.length === 1 && this.fields[0] === '_id' && !this.partial;
  }

  get name(): string {
    return this.spec.name;
  }
  get unique(): boolean {
    return this.spec.unique === true || this.name === '_id_';
  }
  /** Sparse and partial indexes do not hold every document, so they cannot answer every lookup. */
  get complete(): boolean {
    return !this.spec.sparse && !this.partial;
  }

  /**
   * Whether every document matching `filter` is in this index, given that the filter pins the
   * first `prefix` fields to non-null values: always for a complete index; for a sparse one, since
   * a document holding a pinned value has the field; for a partial one, when the filter implies
   * the partial filter (see impliesPartial).
   */
  holdsMatchesOf(filter: Doc, prefix: number): boolean {
    if (this.complete) return true;
    if (this.partial) return impliesPartial(filter, this.spec.partialFilterExpression!, this.partial);
    return prefix > 0;
  }

  /** Keys of a document in this index; null when the document is not in the index. */
  keysOf(doc: Doc): IndexKey[] | null {
    if (this.partial && !this.partial.test(doc)) return null;
    if (this.fields.length === 1) {
      // The common single-field index: no combinations to walk (arrays still give one key each).
      const vals = valuesAtPath(doc, this.fields[0]);
      if (vals.length === 1) {
        if (this.spec.sparse && vals[0] === undefined) return null;
        return [{ key: encodeKey(vals[0]), values: vals }];
      }
    }
    const perField = this.fields.map((f) => valuesAtPath(doc, f));
    if (this.spec.sparse && perField.every((vals) => vals.length === 1 && vals[0] === undefined)) return null;
    if (perField.every((vals) => vals.length === 1)) {
      // No arrays on the way: one key, no combinations to walk.
      const values = perField.map((vals) => vals[0]);
      return [{ key: values.map(encodeKey).join(SEP), values }];
    }
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
    // The _id index's key of a document is its canonical id (an _id is never an array).
    if (this.isId) return addId(this.entries, id, id);
    this.addKeys(this.keysOf(doc), id);
  }

  remove(doc: Doc, id: string): void {
    if (this.isId) return removeId(this.entries, id, id);
    this.removeKeys(this.keysOf(doc), id);
  }

  /**
   * `doc` replaces `old` (same id). Most updates leave an index's fields alone: then its entries
   * stay as they are, and only the keys are computed.
   */
  replace(old: Doc, doc: Doc, id: string): void {
    if (this.isId) return; // same id, same key
    const before = this.keysOf(old);
    const after = this.keysOf(doc);
    if (sameKeys(before, after)) return;
    this.removeKeys(before, id);
    this.addKeys(after, id);
  }

  private addKeys(keys: IndexKey[] | null, id: string): void {
    for (const { key, values } of keys ?? []) {
      addId(this.entries, key, id);
      this.prefixes.forEach((map, p) => addId(map, prefixKey(values, p + 1), id));
    }
  }

  private removeKeys(keys: IndexKey[] | null, id: string): void {
    for (const { key, values } of keys ?? []) {
      removeId(this.entries, key, id);
      this.prefixes.forEach((map, p) => removeId(map, prefixKey(values, p + 1), id));
    }
  }

  /** The duplicate-key error `doc` would cause (ignoring the document `id` itself), or null. */
  conflict(doc: Doc, id: string, ns: string): MongoCommandError | null {
    if (!this.unique) return null;
    // The _id index holds `id` under its own key only: the document never conflicts with itself.
    if (this.isId) return null;
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

  /**
   * Ids of documents whose indexed fields equal `values`: one value per field, or one per
   * leading field for a prefix lookup.
   */
  lookup(values: unknown[]): Set<string> | undefined {
    if (values.length < this.fields.length)
      return this.prefixes[values.length - 1]?.get(prefixKey(values, values.length));
    return this.entries.get(values.map(encodeKey).join(SEP));
  }

  clear(): void {
    this.entries.clear();
    for (const map of this.prefixes) map.clear();
  }
}

/** One entry of a document in an index: the canonical key and the indexed values it encodes. */
interface IndexKey {
  key: string;
  values: unknown[];
}

/** Same entries (a prefix key is made from the values its full key encodes, so keys decide). */
function sameKeys(a: IndexKey[] | null, b: IndexKey[] | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].key !== b[i].key) return false;
  return true;
}

const prefixKey = (values: unknown[], length: number) => values.slice(0, length).map(encodeKey).join(SEP);

function addId(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(id);
}

function removeId(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
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
