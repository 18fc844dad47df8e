import assert from 'node:assert/strict';
import { schemaCache } from '../../src/lib/schema-cache.js';
import { ratingBody } from '../../src/features/scoring/scoring.schemas.js';

describe('schema cache', () => {
  it('builds once per key and keeps at most `max`, dropping the oldest', () => {
    let built = 0;
    const cached = schemaCache<{ n: number }>(2);
    const make = () => ({ n: ++built });
    const a = cached('a', make);
    assert.equal(cached('a', make), a);
    cached('b', make);
    cached('c', make); // evicts a
    assert.equal(built, 3);
    assert.notEqual(cached('a', make), a);
    assert.equal(built, 4);
  });

  it("reuses the autosave schema of a scale, and still checks each scale's own points", () => {
    assert.equal(ratingBody([1, 2, 3, 4, 5]), ratingBody([1, 2, 3, 4, 5]));
    assert.notEqual(ratingBody([1, 2, 3]), ratingBody([1, 2, 3, 4, 5]));
    assert.equal(ratingBody([1, 2, 3]).safeParse({ value: 5 }).success, false);
    assert.equal(ratingBody([1, 2, 3, 4, 5]).safeParse({ value: 5 }).success, true);
  });
});
