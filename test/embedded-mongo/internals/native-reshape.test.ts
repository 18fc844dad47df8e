import assert from 'node:assert/strict';
import { Decimal128, Int32, ObjectId } from 'bson';
import { Aggregator } from 'mingo';
import {
  aggregate,
  aggregateSliced,
  type CollectionResolver,
} from '../../../src/embedded-mongo/aggregation.js';
import { nativeStage } from '../../../src/embedded-mongo/native-stages.js';
import type { Doc } from '../../../src/embedded-mongo/values.js';

/**
 * The stages native-reshape.ts and native-match.ts run without mingo ($unwind, $replaceRoot,
 * $replaceWith, $limit, an exclusion $project, a plain $match) against mingo's own: every stage
 * below over every document below gives what mingo gives, errors included, in one go and in
 * slices, and the (frozen) input is left as it was.
 */
describe('engine internals: $unwind, $replaceRoot, $limit, exclusions and $match without mingo give what mingo gives', function () {
  const when = new Date('2024-05-01T10:00:00Z');
  const oid = new ObjectId('650000000000000000000001');
  const DOCS: Doc[] = [
    { _id: 1, a: [1, [2, 3], null, { b: 1, c: 2 }], s: 'submitted', n: 1 },
    { _id: 2, a: 5, s: 'draft', n: 2.5 },
    { _id: 3, a: null, s: null },
    { _id: 4, n: 0 },
    { _id: 5, a: [], s: ['submitted', 'x'] },
    { _id: 6, a: { b: 1, c: { d: 2 } }, s: 'submitted', q: { rated: true, competency: 'c1' } },
    { _id: 7, a: [{ b: 2 }, { c: 3 }, 4, [{ b: 5 }]], q: { rated: true, competency: null } },
    { _id: 8, a: { b: null }, q: [{ rated: false }, { rated: true, competency: 'c2' }] },
    { _id: oid, a: { b: when, c: oid }, s: 'x', n: -3, q: { rated: 'true' } },
    { a: [{ b: [1, 2] }, { b: null }], n: [1, 2], replacedBy: null },
    { _id: 11, a: [[1]], replacedBy: 'r', s: true, q: [] },
  ];
  const STAGES: Doc[] = [
    { $unwind: '$a' },
    { $unwind: { path: '$a' } },
    { $unwind: '$s' },
    { $unwind: '$q' },
    { $unwind: '$missing' },
    { $limit: 1 },
    { $limit: 4 },
    { $limit: 100 },
    { $project: { a: 0 } },
    { $project: { 'a.b': 0 } },
    // (mingo itself fails with a TypeError on 'a.c.d' where a.c is missing: not a case to compare)
    { $project: { 'a.b': 0, s: 0, 'q.competency': 0 } },
    { $project: { _id: 0 } },
    { $project: { _id: false, 'q.rated': 0 } },
    { $project: { missing: 0 } },
    { $unset: 'a' },
    { $unset: ['a.b', '_id', 'q.rated'] },
    { $match: { s: 'submitted' } },
    { $match: { s: null } },
    { $match: { s: { $ne: null } } },
    { $match: { s: { $eq: 'x' } } },
    { $match: { s: { $in: ['draft', 'x', null] } } },
    { $match: { n: 1 } },
    { $match: { n: 2.5 } },
    { $match: { n: { $in: [0, -3, 2] } } },
    { $match: { 'a.b': 1 } },
    { $match: { 'a.b': null } },
    { $match: { 'a.b': { $ne: null } } },
    { $match: { 'a.b': { $exists: false } } },
    { $match: { 'a.b': { $exists: true } } },
    { $match: { a: { $exists: true }, s: { $ne: 'x' } } },
    { $match: { 'q.rated': true, 'q.competency': { $ne: null } } },
    { $match: { replacedBy: { $exists: false } } },
    { $match: { s: true } },
    { $match: { 'a.c.d': 2 } },
    { $match: { a: 5 } },
  ];
  const deepFreeze = (v: unknown): void => {
    if (v && typeof v === 'object' && !Object.isFrozen(v)) {
      Object.freeze(v);
      Object.values(v).forEach(deepFreeze);
    }
  };
  const noJoin: CollectionResolver = () => [];
  const mingo = (pipeline: Doc[], docs: Doc[]) => new Aggregator(pipeline).run(structuredClone(docs));
  const now = () => Promise.resolve();

  for (const stage of STAGES) {
    it(`runs ${JSON.stringify(stage)} as mingo does, without changing its input`, async function () {
      assert.ok(nativeStage(stage, noJoin), 'taken by the native path');
      const input = structuredClone(DOCS);
      deepFreeze(input);
      const expected = mingo([stage], DOCS);
      assert.deepStrictEqual(aggregate(input, [stage], noJoin), expected);
      assert.deepStrictEqual(await aggregateSliced(input, [stage], noJoin, undefined, now, 0), expected);
    });
  }

  it('replaces the root by an object field as mingo does, and fails as mingo does on anything else', async function () {
    const docs = [
      { _id: 1, r: { x: 1, y: [2] } },
      { _id: 2, r: { _id: 9 } },
    ];
    deepFreeze(docs);
    for (const stage of [{ $replaceRoot: { newRoot: '$r' } }, { $replaceWith: '$r' }]) {
      assert.ok(nativeStage(stage, noJoin));
      assert.deepStrictEqual(aggregate(docs, [stage], noJoin), mingo([stage], docs));
      const bad = [...docs, { _id: 3, r: 5 }];
      const mingoError = (() => {
        try {
          mingo([stage], bad);
        } catch (e) {
          return (e as Error).message;
        }
        return 'no error';
      })();
      assert.throws(() => aggregate(bad, [stage], noJoin), { message: mingoError });
      await assert.rejects(aggregateSliced(bad, [stage], noJoin, undefined, now, 0), {
        message: mingoError,
      });
    }
  });

  it('unwinds the references of a position and matches them, as the candidate pages do', async function () {
    const docs = [
      {
        _id: 1,
        _refs: [
          { _id: 'r1', status: 'submitted', answers: [{ q: 1 }] },
          { _id: 'r2', status: 'sent' },
          { _id: 'r3', status: 'submitted', replacedBy: 'r4' },
        ],
      },
    ];
    deepFreeze(docs);
    const pipeline = [
      { $unwind: '$_refs' },
      { $replaceRoot: { newRoot: '$_refs' } },
      { $match: { status: 'submitted', replacedBy: { $exists: false } } },
      { $unwind: '$answers' },
      { $set: { seen: true } },
    ];
    const expected = mingo(pipeline, docs);
    assert.deepStrictEqual(aggregate(docs, pipeline, noJoin), expected);
    assert.deepStrictEqual(await aggregateSliced(docs, pipeline, noJoin, undefined, now, 0), expected);
    assert.deepEqual(expected, [{ _id: 'r1', status: 'submitted', answers: { q: 1 }, seen: true }]);
  });

  it('keeps the documents an $unwind makes independent when a later mingo stage changes one of them', async function () {
    // The group runs first (a mingo-owned copy), then the native $unwind shares `meta` between
    // the unwound documents; the mingo $set after it must not change the siblings' `meta` (mingo
    // alone gets this wrong: its $unwind shares `meta` and its $set changes it in place, giving
    // n = 2 twice; mongod gives 1 and 2).
    const docs = [{ _id: 1, k: 'x', meta: { n: 1 } }];
    const pipeline = [
      { $group: { _id: '$k', meta: { $first: '$meta' }, xs: { $push: '$_id' } } },
      { $set: { xs: [1, 2] } },
      { $unwind: '$xs' },
      { $set: { 'meta.n': '$xs' } },
    ];
    const mongod = [
      { _id: 'x', meta: { n: 1 }, xs: 1 },
      { _id: 'x', meta: { n: 2 }, xs: 2 },
    ];
    assert.deepStrictEqual(aggregate(docs, pipeline, noJoin), mongod);
    assert.deepStrictEqual(await aggregateSliced(docs, pipeline, noJoin, undefined, now, 0), mongod);
  });

  it('limits the whole input, not each slice of it', async function () {
    const docs = Array.from({ length: 1000 }, (_, i) => ({ _id: i }));
    const out = await aggregateSliced(docs, [{ $limit: 3 }], noJoin, undefined, now, 0);
    assert.deepEqual(out, [{ _id: 0 }, { _id: 1 }, { _id: 2 }]);
  });

  it('leaves numeric BSON classes to mingo, with mingo’s result', function () {
    const docs = [
      { _id: 1, n: new Int32(1) },
      { _id: 2, n: Decimal128.fromString('1') },
      { _id: 3, n: 1 },
    ];
    const stage = { $match: { n: 1 } };
    assert.deepStrictEqual(aggregate(docs, [stage], noJoin), new Aggregator([stage]).run(docs));
  });

  it('leaves to mingo the forms it does not take', function () {
    for (const stage of [
      { $unwind: '$a.b' },
      { $unwind: { path: '$a', preserveNullAndEmptyArrays: true } },
      { $unwind: { path: '$a', includeArrayIndex: 'i' } },
      { $unwind: 'a' },
      { $unwind: '$$ROOT' },
      { $replaceRoot: { newRoot: '$a.b' } },
      { $replaceRoot: { newRoot: { x: '$a' } } },
      { $replaceWith: { $mergeObjects: ['$a', '$b'] } },
      { $limit: 0 },
      { $limit: 1.5 },
      { $limit: -1 },
      { $limit: '1' },
      { $unset: [] },
      { $unset: ['a', 'a.b'] },
      { $unset: 5 },
      { $unset: '$a' },
      { $match: {} },
      { $match: { $or: [{ a: 1 }] } },
      { $match: { a: { $gt: 1 } } },
      { $match: { a: { $ne: 1, $exists: true } } },
      { $match: { 'a.0': 1 } },
      { $match: { a: { b: 1 } } },
      { $match: { a: [1] } },
      { $match: { a: /x/ } },
      { $match: { a: when } },
      { $match: { a: oid } },
      { $match: { a: { $in: [[1]] } } },
      { $match: { a: { $exists: 1 } } },
      { $match: { a: Infinity } },
      { $match: { $expr: { $eq: ['$a', 1] } } },
    ])
      assert.equal(nativeStage(stage, noJoin), null, JSON.stringify(stage));
  });
});
