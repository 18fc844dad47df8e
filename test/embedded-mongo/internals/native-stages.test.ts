import assert from 'node:assert/strict';
import { ObjectId } from 'bson';
import { Aggregator } from 'mingo';
import { aggregate, type CollectionResolver } from '../../../src/embedded-mongo/aggregation.js';
import { nativeStage } from '../../../src/embedded-mongo/native-stages.js';
import type { Doc } from '../../../src/embedded-mongo/values.js';

/**
 * The stages the engine runs without mingo (native-stages.ts) against mingo's own: every document
 * below through every projection below must give what mingo gives (field order apart: the engine
 * keeps the document's order, as mongod does), and the input must be left as it was (frozen).
 */
describe('engine internals: $project and $lookup without mingo give what mingo gives', function () {
  const when = new Date('2024-05-01T10:00:00Z');
  const DOCS: Doc[] = [
    { _id: 1, a: { b: 1, c: 2 }, z: 3 },
    { _id: 2, a: { c: 2 } },
    { _id: 3, a: [{ b: 1, c: 2 }, { c: 3 }, 5, [{ b: 7, c: 8 }, 9], null] },
    { _id: 4, a: 5 },
    { _id: 5 },
    { _id: 6, a: null },
    { _id: 7, a: { b: { x: 1, y: 2 } } },
    { _id: 8, a: [] },
    { _id: 9, z: 1, a: { b: undefined, c: 1 } },
    {
      _id: new ObjectId('650000000000000000000001'),
      a: { b: when },
      s: 'str',
      user: [{ _id: 1, name: 'x' }],
    },
    { a: { b: 2 }, z: [1, 2] },
  ];
  const PROJECTIONS: Doc[] = [
    { 'a.b': 1 },
    { 'a.b': 1, _id: 0 },
    { a: 1, z: 1 },
    { 'a.b.x': 1 },
    { 'a.b': 1, 'a.c': 1 },
    { z: true, s: 1 },
    { _id: 1 },
    { 'user.name': 1, 'user._id': 1, s: 1 },
    { missing: 1 },
  ];
  const deepFreeze = (v: unknown): void => {
    if (v && typeof v === 'object' && !Object.isFrozen(v)) {
      Object.freeze(v);
      Object.values(v).forEach(deepFreeze);
    }
  };
  const noJoin: CollectionResolver = () => [];

  for (const spec of PROJECTIONS) {
    it(`projects ${JSON.stringify(spec)} as mingo does, without changing its input`, function () {
      const stage = nativeStage({ $project: spec }, noJoin);
      assert.ok(stage, 'taken by the native path');
      const input = structuredClone(DOCS);
      deepFreeze(input);
      const ours = stage(input);
      const mingo = new Aggregator([{ $project: spec }]).run(structuredClone(DOCS));
      assert.deepStrictEqual(ours, mingo);
    });
  }

  it('keeps the document order of fields, _id where the document has it', function () {
    const [out] = nativeStage({ $project: { z: 1, a: 1 } }, noJoin)!([{ _id: 1, a: 1, m: 2, z: 3 }]);
    assert.deepEqual(Object.keys(out), ['_id', 'a', 'z']);
  });

  // Exclusions ({a: 0}, {_id: 0}) are run natively too since native-reshape.ts: see native-reshape.test.ts.
  it('leaves to mingo what it does not do exactly: expressions, collisions, $ paths, mixed, empty', function () {
    for (const spec of [
      { a: '$b', c: 1 },
      { a: 0, b: 1 },
      { a: 1, 'a.b': 1 },
      { 'a.b': 1, a: 1 },
      { 'a.$': 1 },
      { a: { $slice: 1 } },
      { a: 2 },
      {},
      { '_id.x': 1 },
      { '_id.x': 0 },
      { a: 0, 'a.b': 0 },
      { 'a..b': 1 },
    ])
      assert.equal(nativeStage({ $project: spec }, noJoin), null, JSON.stringify(spec));
    const join: CollectionResolver = Object.assign(() => [], { joinOn: () => () => [] });
    for (const spec of [
      { from: 'u', localField: 'a', foreignField: 'b', as: 'x.y' },
      { from: 'u', localField: 'a', foreignField: 'b', as: '_id' },
      { from: 'u', let: {}, pipeline: [], as: 'x' },
      { from: 'u', localField: 'a', foreignField: 'b', as: 'x', pipeline: [] },
    ])
      assert.equal(nativeStage({ $lookup: spec }, join), null, JSON.stringify(spec));
    assert.equal(
      nativeStage({ $lookup: { from: 'u', localField: 'a', foreignField: 'b', as: 'x' } }, noJoin),
      null,
    );
  });

  it('joins by equality through the engine and projects the joined fields, as mingo would with the same data', function () {
    const users: Doc[] = [
      { _id: 'u1', name: 'Ann', hash: 'secret', roles: ['panelist'] },
      { _id: 'u2', name: 'Bob', hash: 'secret2' },
    ];
    const sessions: Doc[] = [
      { _id: 's1', uid: 'u1', data: { csrf: 't' } },
      { _id: 's2', uid: 'nobody' },
      { _id: 's3', uid: ['u1', 'u2'] },
      { _id: 's4' },
    ];
    deepFreeze(users);
    deepFreeze(sessions);
    const joinOn = (_name: string, field: string) => (values: unknown[]) =>
      users.filter((u) => values.some((v) => u[field] === v || (v === null && u[field] === undefined)));
    const resolver: CollectionResolver = Object.assign(() => users, { joinOn });
    const pipeline = [
      { $lookup: { from: 'users', localField: 'uid', foreignField: '_id', as: 'user' } },
      { $project: { data: 1, 'user.name': 1, 'user.roles': 1 } },
    ];
    const ours = aggregate(sessions, pipeline, resolver);
    const mingo = new Aggregator(pipeline, {
      collectionResolver: () => structuredClone(users),
    }).run(structuredClone(sessions));
    assert.deepStrictEqual(ours, mingo);
    assert.equal((ours[0].user as Doc[])[0].hash, undefined);
    // A later mingo stage still gets copies: the stored documents stay as they were.
    const added = aggregate(sessions, [...pipeline, { $set: { 'data.extra': 1 } }], resolver);
    assert.equal((added[0].data as Doc).extra, 1);
    assert.equal((sessions[0].data as Doc).extra, undefined);
  });
});
