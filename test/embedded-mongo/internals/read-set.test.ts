/**
 * The read set of a command (read-set.ts) and the bookkeeping of pending writes (read-barrier.ts):
 * conservative, so a command the barrier cannot reason about waits for every write, as before.
 */
import assert from 'node:assert/strict';
import {
  EVERYTHING,
  PendingWrites,
  namespacesWritten,
  type Namespaces,
} from '../../../src/embedded-mongo/read-barrier.js';
import { commandReads } from '../../../src/embedded-mongo/read-set.js';
import type { Doc } from '../../../src/embedded-mongo/values.js';

const sorted = (n: Namespaces) => (n === EVERYTHING ? n : [...n].sort());
const aggregate = (pipeline: unknown[]): Doc => ({ aggregate: 'b', pipeline, cursor: {}, $db: 'd' });

describe('embedded engine: what a command reads, for the read barrier', () => {
  it('when a command reads or writes the collection it names, then it reads that collection alone', () => {
    const cases: Doc[] = [
      { find: 'a', filter: {}, $db: 'd' },
      { count: 'a', query: {}, $db: 'd' },
      { distinct: 'a', key: 'k', $db: 'd' },
      { insert: 'a', documents: [], $db: 'd' },
      { update: 'a', updates: [], $db: 'd' },
      { delete: 'a', deletes: [], $db: 'd' },
      { findAndModify: 'a', query: {}, $db: 'd' },
      { getMore: 7, collection: 'a', $db: 'd' },
      { explain: { find: 'a' }, $db: 'd' },
    ];
    for (const cmd of cases) assert.deepEqual(commandReads(cmd), ['d.a'], JSON.stringify(cmd));
  });

  it('when an aggregate joins other collections, then each of them is read, in sub-pipelines and facets too', () => {
    const pipeline = [
      { $match: { k: 1 } },
      { $lookup: { from: 'a', localField: 'k', foreignField: 'k', as: 'x' } },
      { $graphLookup: { from: 'g', startWith: '$k', connectFromField: 'k', connectToField: 'k', as: 'y' } },
      { $unionWith: 'u1' },
      { $unionWith: { coll: 'u2', pipeline: [{ $lookup: { from: 'u3', pipeline: [], as: 'z' } }] } },
      {
        $facet: {
          one: [{ $lookup: { pipeline: [{ $documents: [{}] }, { $unionWith: 'f1' }], as: 'w' } }],
          two: [{ $group: { _id: null } }],
        },
      },
    ];
    assert.deepEqual(sorted(commandReads(aggregate(pipeline))), [
      'd.a',
      'd.b',
      'd.f1',
      'd.g',
      'd.u1',
      'd.u2',
      'd.u3',
    ]);
    assert.deepEqual(commandReads(aggregate([{ $sort: { k: 1 } }, { $limit: 3 }])), ['d.b']);
  });

  it('when a command or a stage may read anything, then it reads everything', () => {
    const cases: Doc[] = [
      aggregate([{ $out: 'o' }]),
      aggregate([{ $merge: { into: 'o' } }]),
      aggregate([{ $someFutureStage: {} }]),
      aggregate([{ $lookup: { from: { db: 'other', coll: 'a' }, pipeline: [], as: 'x' } }]),
      aggregate([{ $facet: { one: [{ $out: 'o' }] } }]),
      aggregate([{ $match: {}, $sort: { k: 1 } }]),
      aggregate([{ $changeStream: {} }]),
      { aggregate: 1, pipeline: [{ $changeStream: {} }], cursor: {}, $db: 'd' },
      { aggregate: 'b', pipeline: 'nonsense', $db: 'd' },
      { find: 'a' }, // no $db: the command fails anyway
      { find: 7, $db: 'd' },
      { listCollections: 1, $db: 'd' },
      { listIndexes: 'a', $db: 'd' },
      { dbStats: 1, $db: 'd' },
      { collStats: 'a', $db: 'd' },
      { drop: 'a', $db: 'd' },
      { renameCollection: 'd.a', to: 'd.b', $db: 'admin' },
      { createIndexes: 'a', indexes: [], $db: 'd' },
      { somethingNew: 'a', $db: 'd' },
      { explain: { aggregate: 'a', pipeline: [{ $out: 'o' }] }, $db: 'd' },
    ];
    for (const cmd of cases) assert.equal(commandReads(cmd), EVERYTHING, JSON.stringify(cmd));
    assert.equal(commandReads(undefined), EVERYTHING);
  });

  it('when a batch changes documents only, then it touches their collections; with a catalog change, everything', () => {
    const change = (db: string, coll: string) => ({ db, coll });
    assert.deepEqual(namespacesWritten({ records: [1], changes: [change('d', 'a')] }), ['d.a']);
    assert.deepEqual(
      sorted(
        namespacesWritten({
          records: [1, 2, 3],
          changes: [change('d', 'a'), change('d', 'b'), change('d', 'a')],
        }),
      ),
      ['d.a', 'd.b'],
    );
    // A collection created before its first document: two records, one document change.
    assert.equal(namespacesWritten({ records: [1, 2], changes: [change('d', 'a')] }), EVERYTHING);
    assert.equal(namespacesWritten({ records: [1], changes: [] }), EVERYTHING);
  });

  it('when appends touch some namespaces, then a reader waits for the last append to what it reads, and for every wide one', () => {
    const p = new PendingWrites();
    p.note(1, ['d.a']);
    p.note(2, ['d.b']);
    p.note(3, ['d.a', 'd.c']);
    assert.equal(p.lastVisible(['d.a'], 3), 3);
    assert.equal(p.lastVisible(['d.b'], 3), 2);
    assert.equal(p.lastVisible(['d.x'], 3), 0, 'a collection nobody writes waits for nothing');
    assert.equal(p.lastVisible(EVERYTHING, 3), 3);
    p.note(4, EVERYTHING);
    p.note(5, ['d.b']);
    assert.equal(p.lastVisible(['d.x'], 5), 4, 'a catalog change is seen by every read');
    assert.equal(p.lastVisible(['d.b'], 5), 5);
    p.settled(5, 5);
    p.note(6, ['d.c']);
    assert.equal(p.lastVisible(['d.c'], 6), 6);
    assert.ok(p.lastVisible(['d.b'], 6) <= 5, 'a later append elsewhere is not waited for');
  });
});
