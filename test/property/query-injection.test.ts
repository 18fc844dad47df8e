/**
 * Query strings on every GET route of the router stack (the live event stream aside): arbitrary
 * parameters, repeated ones, operator shapes (`?q[$gt]=`, `?position[$ne]=`), unicode and long
 * values, sent by the user allowed to see the page, never answer 5xx; a refusal carries a clear
 * message; and no GET writes anything a test can see.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Types } from 'mongoose';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { assertUnchanged, snapshotSince } from '../helpers/db-snapshot.js';
import { anyValue, encodeForm } from '../helpers/property-bodies.js';
import { actorFor, refusalMessage } from '../helpers/property-runner.js';
import { buildWorld, NO_RATE_LIMITS, paramsFor, type World } from '../helpers/property-world.js';
import { fillPath, listRoutes, routeKey, type AppRoute } from '../helpers/route-table.js';

/** Query parameters the app reads somewhere, so values reach the code that parses them. */
const KNOWN = [
  'q',
  'position',
  'candidate',
  'level',
  'scale',
  'kind',
  'framework',
  'status',
  'template',
  'returnTo',
  'asCopy',
  'page',
  'kinds',
  'jobTitle',
  'candidateName',
  'scaleKey',
  'competency',
];

describe('bad input: operator injection and arbitrary query strings on every GET route', function () {
  const t = useTestApp({ rateLimits: NO_RATE_LIMITS });
  let world: World;
  let gets: AppRoute[];
  let since: Types.ObjectId;
  const runs = Number(process.env.FC_RUNS ?? 8);

  before(async function () {
    this.timeout(180_000);
    await ensureSomeUser();
    world = await buildWorld(t.app);
    since = world.since;
    gets = listRoutes(t.app).filter((r) => r.method === 'GET' && !r.path.endsWith('/events'));
  });

  it('when every GET route gets arbitrary query strings, then never a 5xx and a refusal has a message', async function () {
    this.timeout(600_000);
    assert.ok(gets.length > 50, `${gets.length} GET routes`);
    const ids = Object.values(world.ids).filter((v) => /^[0-9a-f]{24}$/.test(v));
    const value = anyValue({ ids, hugeLength: 2_000 });
    const query = fc.dictionary(fc.oneof(fc.constantFrom(...KNOWN), fc.string({ maxLength: 8 })), value, {
      minKeys: 1,
      maxKeys: 4,
    });
    const before = await snapshotSince(since);
    for (const route of gets) {
      const url = fillPath(route.path, paramsFor(world, route.path));
      const { agent } = actorFor(world, route.path);
      await fc.assert(
        fc.asyncProperty(query, fc.constantFrom('text/html', 'application/json'), async (q, accept) => {
          const res = await agent.get(`${url}?${encodeForm(q)}`).set('Accept', accept);
          // Node itself refuses a request head over 16 kB (431) before the app sees it.
          if (res.status === 431) return;
          assert.ok(
            res.status < 500,
            `${routeKey(route)} ?${encodeForm(q).slice(0, 300)}: ${res.status} ${res.text?.slice(0, 300)}`,
          );
          if (res.status >= 400)
            assert.ok(refusalMessage(res), `${res.status} without a message: ${res.text?.slice(0, 300)}`);
        }),
        { numRuns: runs, seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined },
      );
    }
    // Reading a reference's or a nomination's link records that it was opened: those two only.
    const after = await snapshotSince(since);
    for (const name of ['references', 'nominations']) after.set(name, before.get(name) ?? []);
    assertUnchanged(before, after, 'GET requests');
  });

  it('when another manager puts operators in the query of the pages that list positions, then they still see only their own', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const position = world.ids.position;
    // Were an operator obeyed, `$ne` would select every position, the owner's included.
    for (const url of [
      '/calibration?position[$ne]=x',
      '/calibration?position=x&position[$ne]=x',
      '/positions?owner[$ne]=x',
      '/positions?status[$ne]=archived&sharedWith[$exists]=true',
      `/api/positions/${position}?owner[$ne]=x`,
      `/positions/${position}/dashboard?position[$ne]=x`,
    ]) {
      const res = await agent.get(url).set('Accept', 'text/html');
      assert.ok(res.status < 500, `${url}: ${res.status}`);
      if (res.status >= 400) assert.ok(refusalMessage(res), url);
      assert.ok(!res.text.includes(position), `${url} shows the other manager's position`);
    }
  });
});
