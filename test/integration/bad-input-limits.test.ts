/**
 * Oversized bodies on every state-changing route of the router stack: over the app's 100 kB limit,
 * forms and JSON get 413 with a clear message (an HTML page, or JSON `{ error }`) and nothing is
 * written; the routes with a larger limit of their own (framework import, candidate CSV import, the
 * token-link forms) accept a body over 100 kB and refuse one over theirs the same way.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { ensureSomeUser, useTestApp } from '../helpers/app.js';
import { assertUnchanged, snapshotSince } from '../helpers/db-snapshot.js';
import { actorFor, refusalMessage } from '../helpers/property-runner.js';
import { buildWorld, NO_RATE_LIMITS, paramsFor, type World } from '../helpers/property-world.js';
import { fillPath, listRoutes, routeKey, STATE_CHANGING, type AppRoute } from '../helpers/route-table.js';

const KB = 1024;
const DEFAULT_LIMIT = 100 * KB;

/** Routes that parse their own bodies with a larger limit, and the one content type they parse. */
const OWN_LIMITS: Record<string, { limit: number; type: 'form' | 'json' }> = {
  'POST /competencies/import': { limit: 2048 * KB, type: 'form' },
  'POST /api/frameworks/import': { limit: 2048 * KB, type: 'json' },
  'POST /positions/:positionId/candidates/import': { limit: 2048 * KB, type: 'form' },
  'POST /r/:token': { limit: 2048 * KB, type: 'form' },
  'POST /r/:token/decline': { limit: 2048 * KB, type: 'form' },
  'POST /n/:token': { limit: 2048 * KB, type: 'form' },
  'POST /framework-import': { limit: 2048 * KB, type: 'form' },
  'POST /api/frameworks/parse': { limit: 20 * 1024 * KB, type: 'json' },
};

describe('bad input: oversized bodies', function () {
  this.timeout(120_000);
  const t = useTestApp({ rateLimits: NO_RATE_LIMITS });
  let world: World;
  let changing: AppRoute[];
  let since: Types.ObjectId;

  before(async function () {
    this.timeout(180_000);
    await ensureSomeUser();
    world = await buildWorld(t.app);
    since = world.since;
    changing = listRoutes(t.app).filter((r) => STATE_CHANGING.has(r.method));
  });

  /** A body of `bytes` bytes (a little over): one long field, with the CSRF token when there is a session. */
  function post(route: AppRoute, type: 'form' | 'json', bytes: number, accept: 'html' | 'json') {
    const actor = actorFor(world, route.path);
    const url = fillPath(route.path, paramsFor(world, route.path));
    const text = 'x'.repeat(bytes);
    const req = actor.agent
      .post(url)
      .set('Accept', accept === 'json' ? 'application/json' : 'text/html')
      .set('X-CSRF-Token', actor.csrf);
    return type === 'json'
      ? req.set('Content-Type', 'application/json').send(JSON.stringify({ text, _csrf: actor.csrf }))
      : req.type('form').send(`_csrf=${encodeURIComponent(actor.csrf)}&text=${text}`);
  }

  it('when every state-changing route gets a form and a JSON body over 100 kB, then each answers 413 with a clear message and nothing is written', async () => {
    const before = await snapshotSince(since);
    const problems: string[] = [];
    for (const route of changing.filter((r) => !(routeKey(r) in OWN_LIMITS))) {
      for (const [type, accept] of [
        ['form', 'html'],
        ['form', 'json'],
        ['json', 'json'],
        ['json', 'html'],
      ] as const) {
        const res = await post(route, type, DEFAULT_LIMIT + KB, accept);
        const message = refusalMessage(res);
        if (res.status !== 413 || !/too large/i.test(message))
          problems.push(`${routeKey(route)} ${type} (${accept}): ${res.status} “${message}”`);
        if (accept === 'json' && !/json/.test(String(res.headers['content-type'])))
          problems.push(
            `${routeKey(route)} ${type}: a JSON client got ${String(res.headers['content-type'])}`,
          );
      }
    }
    assert.deepEqual(problems, []);
    assertUnchanged(before, await snapshotSince(since), 'the oversized requests');
  });

  it('when a route with its own larger limit gets a body over 100 kB, then it is read (not 413); over its own limit, then 413 with a clear message and nothing is written', async () => {
    const problems: string[] = [];
    const own = changing.filter((r) => routeKey(r) in OWN_LIMITS);
    assert.deepEqual(own.map(routeKey).sort(), Object.keys(OWN_LIMITS).sort(), 'these routes exist');
    for (const route of own) {
      const { limit, type } = OWN_LIMITS[routeKey(route)];
      const under = await post(route, type, DEFAULT_LIMIT + KB, 'html');
      if (under.status === 413 || under.status >= 500)
        problems.push(`${routeKey(route)}: ${under.status} for a body over 100 kB, under its own limit`);
      for (const accept of ['html', 'json'] as const) {
        const before = await snapshotSince(since);
        const over = await post(route, type, limit + KB, accept);
        assertUnchanged(before, await snapshotSince(since), `${routeKey(route)} over its limit`);
        const message = refusalMessage(over);
        if (over.status !== 413 || !/too large/i.test(message))
          problems.push(`${routeKey(route)} over ${limit / KB} kB (${accept}): ${over.status} “${message}”`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
