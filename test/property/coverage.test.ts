import assert from 'node:assert/strict';
import { useTestApp } from '../helpers/app.js';
import { COVERAGE } from '../helpers/property-coverage.js';
import { listRoutes, routeKey, STATE_CHANGING } from '../helpers/route-table.js';

describe('bad input: every state-changing route is covered', () => {
  const t = useTestApp();

  it('when the router stack is read, then every POST, PUT, PATCH and DELETE route is in the property coverage list', () => {
    const changing = listRoutes(t.app)
      .filter((r) => STATE_CHANGING.has(r.method))
      .map(routeKey);
    assert.ok(changing.length > 50, `only ${changing.length} state-changing routes found`);
    const missing = changing.filter((k) => !(k in COVERAGE));
    assert.deepEqual(missing, [], 'add these routes to test/helpers/property-coverage.ts');
    const stale = Object.keys(COVERAGE).filter((k) => !changing.includes(k));
    assert.deepEqual(stale, [], 'these covered routes no longer exist');
  });
});
