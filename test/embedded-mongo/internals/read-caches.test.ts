/**
 * What the engine reuses between read commands must never carry one command's values into another:
 * compiled filters are cached by their exact typed text (filterKey), simple projections skip mingo,
 * and cursor batches remember the sizes of stored documents. Checked in process against mingo's own
 * Query built afresh, and through the driver against the running engine.
 */
import assert from 'node:assert/strict';
import { Long, ObjectId } from 'bson';
import { Query } from 'mingo/query';
import { computeOptions } from '../../../src/embedded-mongo/mingo-context.js';
import { Index } from '../../../src/embedded-mongo/indexes.js';
import type { IndexScan } from '../../../src/embedded-mongo/planner.js';
import { compileFilter, filterKey, findDocs, planExactly } from '../../../src/embedded-mongo/query.js';
import type { Doc } from '../../../src/embedded-mongo/values.js';
import { TestEngine } from './engine-helpers.js';

const OIDS = [0, 1, 2, 3].map((i) => new ObjectId(`64c00000000000000000000${i}`));
const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2026, 0, 1);

const DOCS: Doc[] = Array.from({ length: 24 }, (_, i) => ({
  _id: i,
  owner: OIDS[i % 4],
  status: ['draft', 'open', 'closed'][i % 3],
  n: i % 5,
  s: String(i % 5),
  at: new Date(T0 + (i % 6) * DAY),
  name: `Candidate ${String.fromCharCode(65 + (i % 7))}${i}`,
  items: [
    { k: i % 4, v: i % 3 },
    { k: (i + 1) % 4, v: (i + 2) % 3 },
  ],
  tags: i % 2 ? ['a', 'b'] : ['c'],
}));

/** Mingo's answer with a Query built for this filter alone (no cache). */
const fresh = (filter: Doc) =>
  DOCS.filter((d) => new Query(filter, computeOptions()).test(d)).map((d) => d._id);
const engine = (filter: Doc) => findDocs(DOCS, filter, {}).map((d) => d._id);

/** Filters of one shape each, with values that differ in value and in type. */
const SHAPES: ((i: number) => Doc)[] = [
  (i) => ({ owner: OIDS[i % 4] }),
  (i) => ({ owner: OIDS[i % 4].toHexString() }), // a hex string is not its ObjectId
  (i) => ({ n: i % 5 }),
  (i) => ({ n: String(i % 5) }), // "1" is not 1
  (i) => ({ s: String(i % 5) }),
  (i) => ({ at: new Date(T0 + (i % 6) * DAY) }),
  (i) => ({ at: { $gte: new Date(T0 + (i % 6) * DAY) } }),
  (i) => ({ at: T0 + (i % 6) * DAY }), // milliseconds are not a Date
  (i) => ({ status: { $in: [['draft', 'open', 'closed'][i % 3], 'none'] } }),
  (i) => ({ owner: { $in: OIDS.slice(0, 1 + (i % 4)) } }),
  (i) => ({ name: { $regex: `^Candidate ${String.fromCharCode(65 + (i % 7))}` } }),
  (i) => ({
    name: { $regex: `^candidate ${String.fromCharCode(65 + (i % 7))}`, $options: i % 2 ? 'i' : '' },
  }),
  (i) => ({ name: new RegExp(`${String.fromCharCode(65 + (i % 7))}1`, i % 2 ? 'i' : '') }),
  (i) => ({ items: { $elemMatch: { k: i % 4, v: (i + 1) % 3 } } }),
  (i) => ({ tags: { $all: i % 2 ? ['a', 'b'] : ['c'] } }),
  (i) => ({ $or: [{ n: i % 5 }, { status: ['draft', 'open', 'closed'][i % 3] }] }),
  (i) => ({ n: { $gt: i % 5 }, status: { $ne: ['draft', 'open', 'closed'][i % 3] } }),
];

describe('engine internals: what reads reuse between commands', () => {
  it('when one filter shape runs with different values, in any order and again, then each answer is the answer to its own values', () => {
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 12; i++) {
        for (const shape of SHAPES) {
          const filter = shape(round % 2 ? 11 - i : i);
          assert.deepEqual(engine(filter), fresh(filter), JSON.stringify(filter));
        }
      }
    }
  });

  it('when filters differ only in a type, a field order or a flag, then their keys differ', () => {
    const pairs: [Doc, Doc][] = [
      [{ a: 1 }, { a: '1' }],
      [{ a: OIDS[0] }, { a: OIDS[0].toHexString() }],
      [{ a: new Date(T0) }, { a: T0 }],
      [{ a: /x/i }, { a: /x/ }],
      [{ a: { $regex: 'x', $options: 'i' } }, { a: { $regex: 'x', $options: '' } }],
      [{ a: { b: 1, c: 2 } }, { a: { c: 2, b: 1 } }],
      [{ a: [1, 2] }, { a: [2, 1] }],
      [{ a: null }, { a: 'null' }],
      [{ a: 0 }, { a: -0 }],
      [{ a: true }, { a: 1 }],
    ];
    for (const [x, y] of pairs) {
      const kx = filterKey(x);
      assert.notEqual(kx, null);
      assert.notEqual(kx, filterKey(y), `${String(kx)} for both`);
    }
    assert.equal(
      filterKey({ a: 1, b: [OIDS[1]] }),
      filterKey({ a: 1, b: [new ObjectId(OIDS[1].toHexString())] }),
    );
  });

  it('when a filter reads the clock, runs code, holds a Long or a stateful regex, then it is never cached', () => {
    for (const filter of [
      { $expr: { $lt: ['$at', '$$NOW'] } },
      { $where: 'true' },
      { a: Long.fromNumber(5) },
      { a: /x/g },
      { a: { $regex: 'x', $options: 'g' } },
      { a: { $in: Array.from({ length: 2000 }, (_, i) => `value number ${i}`) } },
    ]) {
      assert.equal(filterKey(filter), null, JSON.stringify(filter));
    }
  });

  it('when the same filter is compiled twice, then the second is the cached one and answers the same', () => {
    const filter = { status: 'open', n: { $lt: 3 } };
    const first = compileFilter(filter);
    assert.equal(compileFilter({ status: 'open', n: { $lt: 3 } }), first);
    assert.deepEqual(
      DOCS.filter((d) => first.test(d)).map((d) => d._id),
      fresh(filter),
    );
  });

  it('when a find projects top-level fields in or out, then each document holds exactly those fields, in stored order', () => {
    const doc = DOCS[5];
    const cases: [Doc, string[]][] = [
      [{ name: 1, n: 1 }, ['_id', 'n', 'name']],
      [{ n: true, _id: 0 }, ['n']],
      [{ items: 0, tags: 0 }, ['_id', 'owner', 'status', 'n', 's', 'at', 'name']],
      [{ _id: 0 }, ['owner', 'status', 'n', 's', 'at', 'name', 'items', 'tags']],
      [{ _id: 1 }, ['_id']],
      [{ missing: 1 }, ['_id']],
    ];
    for (const [projection, keys] of cases) {
      const [out] = findDocs([doc], { _id: 5 }, { projection });
      assert.deepEqual(Object.keys(out), keys, JSON.stringify(projection));
      for (const k of keys) assert.deepEqual(out[k], doc[k]);
    }
  });

  it('when a projection mixes inclusion and exclusion, then it is refused as before', () => {
    assert.throws(() => findDocs([DOCS[0]], {}, { projection: { name: 1, n: 0 } }));
  });

  it('when a filter is _id alone, equal to ObjectIds or strings read through the _id index, then the plan is exact, and for anything else it is not', () => {
    const idScan = { index: new Index({ key: { _id: 1 }, name: '_id_' }) } as IndexScan;
    const other = { index: new Index({ key: { owner: 1 }, name: 'owner_1' }) } as IndexScan;
    for (const f of [
      { _id: OIDS[0] },
      { _id: 'a' },
      { _id: { $eq: OIDS[1] } },
      { _id: { $in: [OIDS[2], 'b'] } },
    ])
      assert.equal(planExactly(f, idScan), true, JSON.stringify(f));
    for (const f of [
      { _id: 5 },
      { _id: new Date(T0) },
      { _id: { $in: [1, 'a'] } },
      { _id: { $gt: 'a' } },
      { _id: { $in: ['a'], $nin: ['b'] } },
      { _id: { a: 1 } },
      { _id: 'a', n: 1 },
    ])
      assert.equal(planExactly(f, idScan), false, JSON.stringify(f));
    assert.equal(planExactly({ _id: 'a' }, null), false);
    assert.equal(planExactly({ _id: 'a' }, other), false);
  });

  describe('through the driver', () => {
    let t: TestEngine;
    before(async () => {
      t = await TestEngine.start();
      await t.client
        .db('caches')
        .collection('docs')
        .insertMany(DOCS.map((d) => ({ ...d })));
    });
    after(async () => {
      await t.destroy();
    });

    it('when one filter shape is sent with different values, then every reply answers its own values', async () => {
      const coll = t.client.db('caches').collection<{ _id: number } & Doc>('docs');
      for (let i = 0; i < 8; i++) {
        for (const shape of SHAPES) {
          const filter = shape(i);
          const ids = (await coll.find(filter).toArray()).map((d) => d._id);
          assert.deepEqual(ids, fresh(filter), JSON.stringify(filter));
          assert.equal(await coll.countDocuments(filter), ids.length);
        }
      }
    });

    it('when a client changes the documents it was given, then the stored documents stay as they were', async () => {
      const coll = t.client.db('caches').collection<{ _id: number } & Doc>('docs');
      for (const projection of [undefined, { items: 1, name: 1 }, { tags: 0 }]) {
        const got = await coll.findOne({ _id: 7 }, projection ? { projection } : {});
        got!.items[0].k = 'changed';
        got!.name = 'changed';
        got!.tags?.push('changed');
      }
      const again = await coll.findOne({ _id: 7 });
      assert.deepEqual(again, DOCS[7]);
    });

    it('when documents are read by _id (exact plans), then find, count, distinct and $match answer as for any filter', async () => {
      const mixed = t.client.db('caches').collection<{ _id: ObjectId | string | number } & Doc>('mixed');
      await mixed.insertMany([
        { _id: OIDS[0], v: 1 },
        { _id: 'x', v: 2 },
        { _id: OIDS[1], v: 3 },
        { _id: 7, v: 4 },
        { _id: '7', v: 5 },
      ]);
      const ids = async (filter: Doc) => (await mixed.find(filter).toArray()).map((d) => d.v);
      assert.deepEqual(await ids({ _id: { $in: [OIDS[1], 'x', OIDS[3], OIDS[0].toHexString()] } }), [2, 3]);
      assert.deepEqual(await ids({ _id: '7' }), [5]);
      assert.deepEqual(await ids({ _id: 7 }), [4]);
      assert.deepEqual(await ids({ _id: { $eq: OIDS[0] } }), [1]);
      assert.deepEqual(await ids({ _id: 'nothing' }), []);
      assert.equal(await mixed.countDocuments({ _id: { $in: ['x', '7', 'y'] } }), 2);
      assert.deepEqual(await mixed.distinct('v', { _id: { $in: [OIDS[0], OIDS[1]] } }), [1, 3]);
      const agg = await mixed.aggregate([{ $match: { _id: 'x' } }, { $project: { _id: 0, v: 1 } }]).toArray();
      assert.deepEqual(agg, [{ v: 2 }]);
      const projected = await mixed.findOne({ _id: OIDS[1] }, { projection: { _id: 0 } });
      assert.deepEqual(projected, { v: 3 });
    });

    it('when change streams filter with $match, then each stream gets only its own events, however many are open', async () => {
      const db = t.client.db('caches');
      const inserts = db.collection('events').watch([{ $match: { operationType: 'insert' } }]);
      const deletes = db
        .collection('events')
        .watch([{ $match: { operationType: 'delete', 'documentKey._id': 2 } }]);
      await Promise.all([inserts.tryNext(), deletes.tryNext()]); // opened
      await db.collection('events').insertMany([{ _id: 1 }, { _id: 2 }] as Doc[]);
      await db.collection('events').deleteMany({});
      const got: Doc[] = [];
      for (let i = 0; i < 2; i++) got.push((await inserts.next()) as Doc);
      const deleted = (await deletes.next()) as Doc;
      assert.deepEqual(
        got.map((e) => [e.operationType, e.documentKey._id]),
        [
          ['insert', 1],
          ['insert', 2],
        ],
      );
      assert.deepEqual([deleted.operationType, deleted.documentKey._id], ['delete', 2]);
      assert.equal(await deletes.tryNext(), null);
      await inserts.close();
      await deletes.close();
    });

    it('when results span several batches, then every document comes once, whole, in order', async () => {
      const coll = t.client.db('caches').collection<{ _id: number } & Doc>('docs');
      const all = await coll.find({}, { batchSize: 5 }).sort({ _id: 1 }).toArray();
      assert.deepEqual(all, DOCS);
      const again = await coll.find({ n: { $gte: 0 } }, { batchSize: 1 }).toArray();
      assert.deepEqual(again, DOCS);
    });
  });
});
