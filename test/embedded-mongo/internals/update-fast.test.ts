import assert from 'node:assert/strict';
import { ObjectId } from 'bson';
import { MongoCommandError } from '../../../src/embedded-mongo/errors.js';
import { applyUpdate, classifyUpdate } from '../../../src/embedded-mongo/query.js';
import { applyOperatorsFast } from '../../../src/embedded-mongo/update-fast.js';
import {
  cloneDoc,
  encodeKey,
  isPlainObject,
  sameValue,
  type Doc,
} from '../../../src/embedded-mongo/values.js';

/**
 * The update fast path (update-fast.ts) against the mingo path it stands in for: every document
 * below meets every update below, inserting or not, through both paths; the results (field order
 * included) or the errors must be the same. The stored document is frozen, so a path that changed
 * it instead of copying would throw.
 */
describe('engine internals: update operators without mingo give what mingo gives', function () {
  const when = new Date('2024-05-01T10:00:00Z');
  const DOCS: Doc[] = [
    {},
    { _id: 1 },
    { _id: 2, a: 1, b: 'x' },
    { _id: 3, a: { b: 1, c: 'x' }, z: true },
    { _id: 4, a: null, n: null },
    { _id: 5, a: [1, 2, { b: 3 }], tags: ['t'] },
    { _id: 6, a: { b: [1, { c: 2 }] } },
    { _id: 7, n: 5, f: 1.5, neg: -0, nan: NaN, big: 2 ** 40, s: 'str', d: when },
    { _id: 8, nested: { deep: { x: 1, y: { z: 'q' } } }, o: { 0: 'zero', k: 1 } },
    { _id: new ObjectId('650000000000000000000001'), arr: [], tags: ['a', 'b'], a: { d: when } },
    { k: 'seed', a: { b: 2 } },
  ];
  const UPDATES: Doc[] = [
    { $set: { a: 2 } },
    { $set: { fresh: 'v', a: { new: [1, { x: 1 }] } } },
    { $set: { 'a.b': 9, 'x.y.z': 1 } },
    { $set: { 'a.b.c': 1 } },
    { $set: { 'a.0': 'first', 'o.1': 'one' } },
    { $set: { 'nested.deep.y.w': 2, 'nested.deep.x': null } },
    { $set: { _id: 1, a: 5 } },
    { $set: { 'n.m': 1 } },
    { $unset: { a: '' } },
    { $unset: { 'a.b': 1, missing: 1, 'deep.missing.path': 1 } },
    { $unset: { 'a.1': 1 } },
    { $unset: { 's.x': 1 } },
    { $inc: { n: 2, f: -0.5, fresh: 3 } },
    { $inc: { 'a.b': 1, 'x.y': 1 } },
    { $inc: { neg: 0, nan: 1, big: 1 } },
    { $inc: { n: 1 }, $set: { later: 1 }, $unset: { z: 1 } },
    { $inc: { a: 1 } },
    { $inc: { s: 1 } },
    { $mul: { n: 3, fresh: 2, f: 2 } },
    { $min: { n: 3, f: 9, fresh: 1, d: new Date('2020-01-01') } },
    { $max: { n: 30, f: 0, fresh: -1, d: new Date('2030-01-01'), 'a.d': when } },
    { $min: { s: 'a', n: 'text' } },
    { $max: { a: null, missing: null } },
    { $currentDate: { touched: true, 'meta.at': { $type: 'date' } } },
    { $currentDate: { ts: { $type: 'timestamp' } } },
    { $push: { tags: 'new', arr: { x: 1 }, fresh: [1] } },
    { $push: { tags: { $each: ['p', 'q'], $slice: 2 } } },
    { $push: { n: 1 } },
    { $push: { 'a.list': 1 } },
    { $setOnInsert: { created: when, 'meta.by': 'me' }, $set: { a: 'set' } },
    { $setOnInsert: { _id: 99 }, $inc: { count: 1 } },
    { $set: { b: 1, a: 1 }, $inc: { c: 1 }, $push: { d: 0 }, $currentDate: { e: true } },
    { $rename: { a: 'renamed' } },
    { $addToSet: { tags: 't' } },
    { $set: { 'a.$': 1 } },
    { $set: { '__proto__.polluted': 1 } },
    { $set: {} },
  ];

  const deepFreeze = <T>(v: T): T => {
    if (v !== null && typeof v === 'object' && (Array.isArray(v) || isPlainObject(v))) {
      for (const x of Object.values(v)) deepFreeze(x);
      Object.freeze(v);
    }
    return v;
  };

  /**
   * The result as comparable text, or the error. The instants $currentDate takes (a Date, or
   * mingo's milliseconds for a timestamp) become NOW: the two paths run a moment apart.
   */
  function outcome(doc: Doc, u: Doc, inserting: boolean, viaMingo: boolean, since: number): string {
    try {
      classifyUpdate(u);
      const out = applyUpdate(deepFreeze(cloneDoc(doc)), u, {
        kind: 'operators',
        filter: {},
        inserting,
        viaMingo,
      });
      const recent = (ms: number) => ms >= since && ms <= Date.now();
      const now = (v: unknown): unknown =>
        (v instanceof Date && recent(v.getTime())) || (typeof v === 'number' && recent(v))
          ? 'NOW'
          : Array.isArray(v)
            ? v.map(now)
            : isPlainObject(v)
              ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, now(x)]))
              : v;
      return encodeKey(now(out));
    } catch (e) {
      if (!(e instanceof MongoCommandError)) throw e;
      return `error ${e.codeName}: ${e.message}`;
    }
  }

  for (const inserting of [false, true]) {
    it(`when every update meets every document ${inserting ? 'as an upsert inserts it' : 'stored'}, then both paths agree`, function () {
      let compared = 0;
      for (const doc of DOCS) {
        if (!inserting && doc._id === undefined) continue;
        for (const u of UPDATES) {
          const since = Date.now();
          const fast = outcome(doc, u, inserting, false, since);
          const slow = outcome(doc, u, inserting, true, since);
          assert.equal(fast, slow, `${JSON.stringify(doc)} with ${JSON.stringify(u)}`);
          compared++;
        }
      }
      assert.ok(compared >= 300, `only ${compared} cases compared`);
    });
  }

  it('when the update uses the common operators on plain paths, then the fast path applies it (not mingo)', function () {
    const doc = deepFreeze({ _id: 1, n: 1, a: { b: 1 }, tags: ['x'], d: when });
    const handled: Doc[] = [
      { $set: { 'a.c': 1, 'x.y': 2 } },
      { $inc: { n: 1, m: 2 }, $unset: { 'a.b': 1 } },
      { $min: { n: 0 }, $max: { d: new Date() }, $currentDate: { at: true } },
      { $push: { tags: 'y', fresh: 1 } },
      { $mul: { n: 2 } },
    ];
    for (const u of handled) assert.ok(applyOperatorsFast(doc, u), JSON.stringify(u));
    const declined: Doc[] = [
      { $set: { 'tags.0': 'z' } },
      { $set: { 'a.$': 1 } },
      { $push: { tags: { $each: [1] } } },
      { $inc: { d: 1 } },
      { $addToSet: { tags: 'x' } },
    ];
    for (const u of declined) assert.equal(applyOperatorsFast(doc, u), null, JSON.stringify(u));
  });

  it('when the fast path updates a field, then what did not change is shared and what changed is a copy', function () {
    const doc = deepFreeze({ _id: 1, keep: { big: [1, 2, 3] }, a: { b: 1, c: { d: 1 } } });

    const next = applyUpdate(
      doc,
      { $set: { 'a.b': 2 } },
      { kind: 'operators', filter: {}, inserting: false },
    );

    assert.deepEqual(next, { _id: 1, keep: { big: [1, 2, 3] }, a: { b: 2, c: { d: 1 } } });
    assert.equal(next.keep, doc.keep);
    assert.equal(next.a.c, doc.a.c);
    assert.notEqual(next.a, doc.a);
    assert.equal(doc.a.b, 1);
  });

  it('when two versions of a document are compared for a change, then sameValue agrees with their canonical keys', function () {
    const values: unknown[] = [
      ...DOCS,
      null,
      undefined,
      0,
      -0,
      1,
      NaN,
      '1',
      true,
      when,
      new Date(when.getTime()),
      [1, 2],
      [2, 1],
      [],
      {},
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      { a: undefined },
      { a: null },
      { a: [1, { b: 2 }] },
      { a: [1, { b: 3 }] },
      new ObjectId('650000000000000000000001'),
      new ObjectId('650000000000000000000002'),
    ];
    let equal = 0;
    for (const a of values) {
      for (const b of values) {
        const expected = encodeKey(a) === encodeKey(b);
        assert.equal(sameValue(a, b), expected, `${encodeKey(a)} vs ${encodeKey(b)}`);
        if (expected && a !== b) equal++;
      }
    }
    assert.ok(equal >= 4, 'some distinct objects are equal');
  });
});
