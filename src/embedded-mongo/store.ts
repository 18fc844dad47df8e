/**
 * The in-memory catalog (databases, collections, documents, indexes) and the one place that
 * changes it: applyRecord. Live writes encode a journal record, apply it, and hand the encoded
 * record with its undo to the journal (which undoes it when the record cannot be made durable);
 * start-up replays the same records through the same function.
 */
import { BSON, UUID } from 'bson';
import { Index, normalizeSpec, type IndexSpec } from './indexes.js';
import { chooseIndexScan, type IndexScan, type OrScan } from './planner.js';
import { DESERIALIZE_OPTIONS, encodePutRecord, encodeRecord } from './records.js';
import { badValue, MongoCommandError } from './errors.js';
import { encodeKey, isPlainObject, type Doc } from './values.js';

export const MAX_BSON_SIZE = 16 * 1024 * 1024;

export class Collection {
  readonly docs = new Map<string, Doc>();
  readonly indexes: Index[] = [new Index({ key: { _id: 1 }, name: '_id_' })];
  /** Insertion sequence of each document (natural order for index lookups). */
  private readonly order = new Map<string, number>();
  private nextSeq = 0;

  constructor(
    public db: string,
    public name: string,
    readonly options: Doc,
    readonly uuid: UUID,
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  index(name: string): Index | undefined {
    return this.indexes.find((i) => i.name === name);
  }

  /** Refuses a hint that names no index of this collection, as mongod does. */
  checkHint(hint: unknown): void {
    if (hint === undefined || hint === null) return;
    if (typeof hint === 'string') {
      if (this.index(hint)) return;
    } else if (isPlainObject(hint)) {
      if (Object.keys(hint).length === 0 || '$natural' in hint) return;
      const key = encodeKey(hint);
      if (this.indexes.some((i) => encodeKey(i.spec.key) === key)) return;
    }
    throw badValue('hint provided does not correspond to an existing index');
  }

  /** The first unique-index violation `doc` would cause, or null. */
  conflict(doc: Doc, id: string): MongoCommandError | null {
    for (const idx of this.indexes) {
      const err = idx.conflict(doc, id, this.ns);
      if (err) return err;
    }
    return null;
  }

  put(doc: Doc): void {
    const id = encodeKey(doc._id);
    const old = this.docs.get(id);
    this.docs.set(id, doc);
    if (old) {
      for (const idx of this.indexes) idx.replace(old, doc, id);
      return;
    }
    this.order.set(id, this.nextSeq++);
    for (const idx of this.indexes) idx.add(doc, id);
  }

  /** Insertion sequence of a document (to put it back exactly where it was). */
  seqOf(id: string): number | undefined {
    return this.order.get(id);
  }

  /** Puts back a removed document at its old place in natural order (undo of a removal). */
  restore(doc: Doc, seq: number | undefined): void {
    this.put(doc);
    if (seq === undefined) return;
    this.order.set(encodeKey(doc._id), seq);
    // Scans follow the Map's order: rebuild it (only ever on the failure path, so O(n) is fine).
    const entries = [...this.docs].sort((a, b) => this.order.get(a[0])! - this.order.get(b[0])!);
    this.docs.clear();
    for (const [id, d] of entries) this.docs.set(id, d);
  }

  remove(id: string): void {
    const old = this.docs.get(id);
    if (!old) return;
    for (const idx of this.indexes) idx.remove(old, id);
    this.docs.delete(id);
    this.order.delete(id);
  }

  addIndex(index: Index): void {
    for (const [id, doc] of this.docs) index.add(doc, id);
    this.indexes.push(index);
  }

  /**
   * Documents that may match `filter`: through the index scan(s) chooseIndexScan picks (equality
   * on all or the leading fields of an index, the _id index included), otherwise all documents.
   * Callers still apply the full filter.
   */
  candidates(filter: Doc): Iterable<Doc> {
    return this.plan(filter).docs;
  }

  /** The index scan (null: a collection scan) and the documents it reads; explain reports it. */
  plan(filter: Doc): { scan: IndexScan | OrScan | null; docs: Iterable<Doc> } {
    const scan = chooseIndexScan(this.indexes, filter);
    if (!scan) return { scan, docs: this.docs.values() };
    const found: [number, Doc][] = [];
    for (const id of scan.ids) {
      const d = this.docs.get(id);
      if (d) found.push([this.order.get(id)!, d]);
    }
    // Keep natural (insertion) order, as a scan would give.
    if (found.length > 1) found.sort((a, b) => a[0] - b[0]);
    return { scan, docs: found.map((f) => f[1]) };
  }
}

export class Store {
  readonly dbs = new Map<string, Map<string, Collection>>();

  collection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  /** Applies one journal record to memory. Tolerant, because replay must never fail. */
  applyRecord(r: Doc): void {
    switch (r.op) {
      case 'createColl': {
        if (this.collection(r.db, r.coll)) return;
        let colls = this.dbs.get(r.db);
        if (!colls) this.dbs.set(r.db, (colls = new Map()));
        colls.set(r.coll, new Collection(r.db, r.coll, r.options ?? {}, r.uuid ?? new UUID()));
        return;
      }
      case 'dropColl': {
        const colls = this.dbs.get(r.db);
        colls?.delete(r.coll);
        if (colls && colls.size === 0) this.dbs.delete(r.db);
        return;
      }
      case 'dropDb':
        this.dbs.delete(r.db);
        return;
      case 'createIndex': {
        const c = this.ensure(r.db, r.coll);
        if (!c.index(r.spec.name)) c.addIndex(new Index(r.spec as IndexSpec));
        return;
      }
      case 'dropIndex': {
        const c = this.collection(r.db, r.coll);
        if (!c) return;
        const i = c.indexes.findIndex((x) => x.name === r.name);
        if (i > 0) c.indexes.splice(i, 1);
        return;
      }
      case 'rename': {
        const c = this.collection(r.db, r.coll);
        if (!c) return;
        this.applyRecord({ op: 'dropColl', db: r.db, coll: r.coll });
        this.applyRecord({ op: 'dropColl', db: r.toDb, coll: r.toColl });
        c.db = r.toDb;
        c.name = r.toColl;
        let colls = this.dbs.get(r.toDb);
        if (!colls) this.dbs.set(r.toDb, (colls = new Map()));
        colls.set(r.toColl, c);
        return;
      }
      case 'put': {
        const doc = r.doc ?? BSON.deserialize(r.raw.buffer ?? r.raw, DESERIALIZE_OPTIONS);
        this.ensure(r.db, r.coll).put(doc);
        return;
      }
      case 'del':
        this.collection(r.db, r.coll)?.remove(encodeKey(r.id));
        return;
    }
  }

  private ensure(db: string, coll: string): Collection {
    let c = this.collection(db, coll);
    if (!c) {
      this.applyRecord({ op: 'createColl', db, coll, options: {} });
      c = this.collection(db, coll)!;
    }
    return c;
  }

  /**
   * Records that rebuild the whole store (for a snapshot), as of this call: each collection's
   * documents are captured at once (an array of references; documents are immutable, so sharing
   * is safe), and the records are made one by one as the snapshot writer asks for them.
   */
  snapshotRecords(): Iterable<Doc> {
    const captured = [...this.dbs.values()].flatMap((colls) =>
      [...colls.values()].map((c) => ({
        head: { op: 'createColl', db: c.db, coll: c.name, options: c.options, uuid: c.uuid },
        db: c.db,
        coll: c.name,
        docs: [...c.docs.values()],
        indexes: c.indexes
          .slice(1)
          .map((idx) => ({ op: 'createIndex', db: c.db, coll: c.name, spec: idx.spec })),
      })),
    );
    return (function* () {
      for (const c of captured) {
        yield c.head;
        for (const doc of c.docs) yield { op: 'put', db: c.db, coll: c.coll, doc };
        yield* c.indexes;
      }
    })();
  }
}

/**
 * Collects the journal records of one command. Each change is encoded, applied to memory at once
 * (so later statements of the same command see it) and written to the journal on commit; `undo`
 * holds, in order, what reverts each change, for the journal to run (newest first) when the
 * records cannot be made durable. Other commands wait for the journal before they read
 * (Engine.handle), so they never see a change that is not durable yet.
 */
export class WriteBatch {
  readonly records: Buffer[] = [];
  readonly undo: (() => void)[] = [];
  /** The document changes, for change streams once the batch is durable (change-stream.ts). */
  readonly changes: DocumentChange[] = [];
  constructor(private readonly store: Store) {}

  private write(record: Doc): void {
    const buf = encodeRecord(record);
    this.undo.push(record.op === 'del' ? this.undoRemove(record) : this.undoCatalog());
    this.store.applyRecord(record);
    this.records.push(buf);
  }

  private undoRemove(record: Doc): () => void {
    const c = this.store.collection(record.db, record.coll);
    const id = encodeKey(record.id);
    const old = c?.docs.get(id);
    if (!c || !old) return () => undefined;
    const seq = c.seqOf(id);
    return () => c.restore(old, seq);
  }

  /** Reverts a catalog change (collections, databases, indexes): copies of the maps and index lists. */
  private undoCatalog(): () => void {
    const dbs = this.store.dbs;
    const saved = [...dbs].map(([name, colls]) => [name, new Map(colls)] as const);
    const colls = saved
      .flatMap(([, m]) => [...m.values()])
      .map((c) => ({ c, db: c.db, name: c.name, indexes: [...c.indexes] }));
    return () => {
      dbs.clear();
      for (const [name, m] of saved) dbs.set(name, m);
      for (const s of colls) {
        s.c.db = s.db;
        s.c.name = s.name;
        s.c.indexes.splice(0, s.c.indexes.length, ...s.indexes);
      }
    };
  }

  /** Creates the collection when missing; returns it. */
  ensureCollection(db: string, coll: string, options: Doc = {}): Collection {
    const c = this.store.collection(db, coll);
    if (c) return c;
    validateNames(db, coll);
    this.write({ op: 'createColl', db, coll, options, uuid: new UUID() });
    return this.store.collection(db, coll)!;
  }

  dropCollection(db: string, coll: string): void {
    this.write({ op: 'dropColl', db, coll });
  }

  dropDatabase(db: string): void {
    this.write({ op: 'dropDb', db });
  }

  createIndex(c: Collection, spec: IndexSpec): void {
    this.write({ op: 'createIndex', db: c.db, coll: c.name, spec: normalizeSpec(spec) });
  }

  dropIndex(c: Collection, name: string): void {
    this.write({ op: 'dropIndex', db: c.db, coll: c.name, name });
  }

  rename(c: Collection, toDb: string, toColl: string): void {
    validateNames(toDb, toColl);
    this.write({ op: 'rename', db: c.db, coll: c.name, toDb, toColl });
  }

  /**
   * Stores a full document (insert or the new version of an update). `tooLarge` builds the error
   * for documents over 16 MB, whose wording differs between inserts and updates. `bytes`, when
   * given, is the document's exact BSON as it arrived on the wire (deserializing it gave `doc`):
   * it is journalled as is, so replay rebuilds the very same document without serializing it again.
   */
  put(
    c: Collection,
    doc: Doc,
    tooLarge: (size: number) => MongoCommandError,
    replace = false,
    bytes?: Uint8Array,
  ): void {
    if (!bytes) {
      try {
        bytes = BSON.serialize(doc);
      } catch (e) {
        if (e instanceof RangeError || /size|large|range/i.test(String((e as Error).message))) {
          throw tooLarge(BSON.calculateObjectSize(doc));
        }
        throw badValue(`document cannot be stored: ${(e as Error).message}`);
      }
    }
    if (bytes.length > MAX_BSON_SIZE) throw tooLarge(bytes.length);
    // The document travels as raw bytes so it is serialized at most once, and its exact size is known.
    const buf = encodePutRecord(c.db, c.name, bytes);
    const id = encodeKey(doc._id);
    const old = c.docs.get(id);
    this.undo.push(old ? () => c.put(old) : () => c.remove(id));
    c.put(doc);
    this.records.push(buf);
    this.changes.push({ db: c.db, coll: c.name, id: doc._id, before: old, after: doc, replace });
  }

  remove(c: Collection, doc: Doc): void {
    this.write({ op: 'del', db: c.db, coll: c.name, id: doc._id });
    this.changes.push({ db: c.db, coll: c.name, id: doc._id, before: doc, after: null, replace: false });
  }
}

/** One document written by a batch: inserted (no before), updated or replaced, or deleted (no after). */
export interface DocumentChange {
  db: string;
  coll: string;
  id: unknown;
  before: Doc | undefined;
  after: Doc | null;
  /** A replacement-style update (operationType 'replace' rather than 'update'). */
  replace: boolean;
}

export function validateNames(db: string, coll: string): void {
  if (!db || /[/\\. "$\0]/.test(db) || db.length > 63) {
    throw new MongoCommandError(73, 'InvalidNamespace', `Invalid database name: '${db}'`);
  }
  if (
    !coll ||
    coll.includes('$') ||
    coll.includes('\0') ||
    coll.startsWith('.') ||
    coll.startsWith('system.')
  ) {
    throw new MongoCommandError(73, 'InvalidNamespace', `Invalid collection name: ${db}.${coll}`);
  }
}
