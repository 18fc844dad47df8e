import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import {
  mergeEntries,
  ranksOf,
  sortEntries,
  type OrderEntry,
} from '../../src/features/results/results-order.js';

const entry = (hex: string, name: string, weightedTotal: number | null, disagreements = 0): OrderEntry => ({
  candidate: new Types.ObjectId(hex.padStart(24, '0')),
  name,
  weightedTotal,
  disagreements,
});

describe('results ranking order', () => {
  const ann = entry('a1', 'Ann', 3.5);
  const bob = entry('b2', 'Bob', 4.25, 1);
  const cat = entry('c3', 'Cat', 3.5);
  const dan = entry('d4', 'Dan', null);
  const abe = entry('e5', 'Abe', null);
  const twin = entry('a0', 'Ann', 3.5);

  it('when entries are sorted, then totals come highest first, ties and unranked by name then id, unranked last', () => {
    const sorted = sortEntries([dan, cat, ann, abe, bob, twin]);
    assert.deepEqual(
      sorted.map((e) => e.candidate),
      [bob, twin, ann, cat, abe, dan].map((e) => e.candidate),
    );
  });

  it('when totals tie, then they share a rank and the next rank skips as many; unranked have none', () => {
    assert.deepEqual(ranksOf(sortEntries([dan, cat, ann, abe, bob, twin])), [1, 2, 2, 2, null, null]);
    assert.deepEqual(ranksOf([]), []);
    assert.deepEqual(ranksOf([dan]), [null]);
  });

  it('when changed entries are merged, then they replace their candidate’s entry and new candidates are added', () => {
    const moved = { ...ann, weightedTotal: 5 };
    const fresh = entry('f6', 'Fay', 1);
    const merged = mergeEntries([ann, bob, dan], [fresh, moved]);
    assert.deepEqual(merged, [moved, bob, dan, fresh]);
    assert.deepEqual(
      sortEntries(merged).map((e) => e.name),
      ['Ann', 'Bob', 'Fay', 'Dan'],
    );
  });
});
