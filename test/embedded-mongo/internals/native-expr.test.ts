import assert from 'node:assert/strict';
import { BSON, ObjectId } from 'bson';
import { Aggregator } from 'mingo';
import {
  aggregate,
  aggregateSliced,
  type CollectionResolver,
} from '../../../src/embedded-mongo/aggregation.js';
import { computedProjectStage } from '../../../src/embedded-mongo/native-compute.js';
import { nativeStage } from '../../../src/embedded-mongo/native-stages.js';
import type { Doc } from '../../../src/embedded-mongo/values.js';

/**
 * `$set`/`$addFields` of the expressions native-expr.ts evaluates, against mingo's: every stage
 * below over every document below gives what mingo gives (errors included), in one go and in
 * slices, without changing the (frozen) input. Where mingo and mongod differ (a comparison with a
 * missing value, a path through nested arrays) the native path declines and mingo's result stands.
 */
describe('engine internals: $set of plain expressions without mingo gives what mingo gives', function () {
  const when = new Date('2024-05-01T10:00:00Z');
  const o1 = new ObjectId('650000000000000000000001');
  const o2 = new ObjectId('650000000000000000000002');
  const questions = [
    { id: 'q1', competency: 'c1', rated: true },
    { id: 'q2', competency: null, rated: false },
    { id: o1, competency: 'c3', rated: true },
  ];
  const DOCS: Doc[] = [
    { _id: 1, answers: { question: 'q1', rating: 3 }, questions, x: 1, name: [{ name: 'Ann' }] },
    { _id: 2, answers: { question: 'q9' }, questions, x: 2.5, y: null },
    { _id: 3, answers: { question: o1 }, questions, x: 'a', name: [] },
    { _id: 4, answers: { question: 'q2', rating: null }, questions: [], x: when },
    { _id: 5, answers: { question: 'q1' }, questions: null, x: 0, name: [{ name: 'B' }, { other: 1 }] },
    { _id: 6, answers: { question: o2 }, x: false, name: [{ name: 'C' }, 7] },
    { _id: 7, answers: [{ question: 'q1' }], questions: [[{ id: 'q1' }]], x: [1, 2], y: { z: 1 } },
    { _id: 8, questions: 'text', x: -1 },
    { _id: 9 },
  ];
  const question = (input: string) => ({
    $arrayElemAt: [{ $filter: { input, cond: { $eq: ['$$this.id', '$answers.question'] } } }, 0],
  });
  const STAGES: Doc[] = [
    { $set: { q: question('$questions') } },
    { $addFields: { q: question('$questions'), x: '$answers.question' } },
    { $set: { last: { $arrayElemAt: ['$questions', -1] }, out: { $arrayElemAt: ['$questions', 5] } } },
    { $set: { n: { $first: '$name.name' } } },
    { $set: { names: '$name.name', lit: { $literal: '$x' }, k: 'text', one: 1, t: true, z: null } },
    { $set: { y: '$missing', x: '$$ROOT.x', c: '$$CURRENT.answers' } },
    { $set: { rated: { $filter: { input: '$questions', as: 'q', cond: '$$q.rated' } } } },
    { $set: { gt: { $gt: ['$x', 1] }, lte: { $lte: ['$x', 2.5] }, ne: { $ne: ['$x', 'a'] } } },
    { $set: { c: { $cond: [{ $gte: ['$x', 1] }, 'big', 'small'] } } },
    { $set: { c: { $cond: { if: '$y', then: '$y', else: '$$ROOT._id' } } } },
    { $set: { v: { $ifNull: ['$y', '$answers.rating', 'none'] } } },
    { $set: { e: { $eq: ['$answers.question', { $literal: 'q1' }] } } },
    { $set: { s: { $add: ['$x', 1, '$answers.rating'] }, s2: { $add: [] }, s3: { $add: ['$x', '$y'] } } },
    // a reference's answer scored by its position among the rating options
    {
      $project: {
        _id: 0,
        competency: '$questions.competency',
        reference: '$_id',
        notObserved: { $cond: [{ $eq: ['$answers.rating', 3] }, 1, 0] },
        score: {
          $let: {
            vars: { i: { $indexOfArray: [{ $literal: [1, 2, 3] }, '$answers.rating'] } },
            in: { $cond: [{ $gte: ['$$i', 0] }, { $add: ['$$i', 1] }, null] },
          },
        },
      },
    },
    { $project: { x: '$x', id: { $ifNull: ['$answers.question', '$x'] } } },
    { $project: { x: { $let: { vars: { a: '$x', b: '$y' }, in: { $ifNull: ['$$b', '$$a'] } } } } },
    { $project: { i: { $indexOfArray: ['$name.name', 'C'] }, j: { $indexOfArray: ['$questions', null] } } },
    // the rate limiter's pipeline update: a date constant compared, a counter added to
    {
      $set: {
        hits: { $cond: [{ $gt: ['$x', when] }, { $add: ['$_id', 1] }, 1] },
        at: { $cond: [{ $gt: ['$x', when] }, '$x', when] },
        same: { $eq: ['$answers.question', o1] },
      },
    },
  ];
  const deepFreeze = (v: unknown): void => {
    if (v && typeof v === 'object' && !Object.isFrozen(v)) {
      Object.freeze(v);
      Object.values(v).forEach(deepFreeze);
    }
  };
  const noJoin: CollectionResolver = () => [];
  const now = () => Promise.resolve();
  /**
   * Documents as a client gets them (BSON bytes: types and field order count; undefined is left
   * out). mingo orders a $project's output fields its own way (by name); the engine gives mongod's
   * order (_id, then the spec's order: see the test below), so for $project the top-level order is
   * left aside.
   */
  let byName = false;
  const wire = (r: Doc[] | string) =>
    typeof r === 'string'
      ? r
      : r.map((d) => {
          const doc = byName ? Object.fromEntries(Object.entries(d).sort(([a], [b]) => (a < b ? -1 : 1))) : d;
          return Buffer.from(BSON.serialize(doc)).toString('hex');
        });
  /** mingo's result for each document alone (or its error), so one failing document does not hide the others. */
  const mingo = (stage: Doc, doc: Doc) => {
    try {
      return new Aggregator([stage]).run([structuredClone(doc)]);
    } catch (e) {
      return (e as Error).message;
    }
  };
  const ours = (stage: Doc, doc: Doc) => {
    try {
      return aggregate([doc], [stage], noJoin);
    } catch (e) {
      return (e as Error).message;
    }
  };

  for (const stage of STAGES) {
    it(`runs ${JSON.stringify(stage).slice(0, 120)} as mingo does`, async function () {
      assert.ok(nativeStage(stage, noJoin), 'taken by the native path');
      byName = '$project' in stage;
      const input = structuredClone(DOCS);
      deepFreeze(input);
      for (const doc of input)
        assert.deepStrictEqual(wire(ours(stage, doc)), wire(mingo(stage, doc)), JSON.stringify(doc));
      const whole = DOCS.filter((d) => typeof mingo(stage, d) !== 'string');
      assert.deepStrictEqual(
        wire(
          await aggregateSliced(
            input.filter((d) => whole.some((w) => w._id === d._id)),
            [stage],
            noJoin,
            undefined,
            now,
            0,
          ),
        ),
        wire(whole.flatMap((d) => mingo(stage, d) as Doc[])),
      );
    });
  }

  it('finds each answer’s question as the references page does, natively, without mingo’s copies', function () {
    const stage = { $set: { q: question('$questions') } };
    const [out] = nativeStage(stage, noJoin)!([DOCS[0]]);
    assert.equal(out.q, questions[0], 'the question is shared with the input, not copied');
  });

  it('gives a computed $project’s fields in mongod’s order: _id first, then as the spec names them', function () {
    const stage = { $project: { z: '$x', a: { $literal: 1 }, m: '$y' } };
    const [out] = aggregate([{ y: 2, x: 1, _id: 7 }], [stage], noJoin);
    assert.deepEqual(Object.keys(out), ['_id', 'z', 'a', 'm']);
  });

  it('leaves to mingo the $project forms it does not take', function () {
    for (const spec of [
      { a: 1, b: '$x' },
      { a: 'text' },
      { a: 5 },
      { 'a.b': '$x' },
      { _id: 0 },
      { a: '$$NOW' },
    ])
      assert.equal(computedProjectStage(spec), null, JSON.stringify(spec));
  });

  it('leaves to mingo what it does not evaluate', function () {
    for (const spec of [
      { 'a.b': 1 },
      { _id: 1 },
      { a: { $add: 1 } },
      { a: { $toLower: '$x' } },
      { a: { b: '$x' } },
      { a: ['$x'] },
      { a: '$$NOW' },
      { a: '$$unknown.x' },
      { a: '$x.0' },
      { a: { $filter: { input: '$q', cond: true, limit: 1 } } },
      { a: { $cond: { if: true, then: 1 } } },
      { a: { $ifNull: ['$x'] } },
      { a: { $eq: ['$x'] } },
      { a: Infinity },
      { $x: 1 },
      { a: { $let: { vars: { NOW: 1 }, in: '$$NOW' } } },
      { a: { $indexOfArray: ['$x', 1, 0] } },
    ])
      assert.equal(nativeStage({ $set: spec }, noJoin), null, JSON.stringify(spec));
  });
});
