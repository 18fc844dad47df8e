/**
 * `Cache-Control: no-store` on every answer that is not a static file (issue 16): each GET route of
 * the router stack, called by someone allowed to use it, as a page and as a JSON client; the live
 * stream; posts answered with JSON; errors; and the token-link pages. Static files keep caching.
 */
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { ensureSomeUser, useTestApp } from '../helpers/app.js';
import { actorFor } from '../helpers/property-runner.js';
import { buildWorld, NO_RATE_LIMITS, paramsFor, type World } from '../helpers/property-world.js';
import { fillPath, listRoutes, routeKey } from '../helpers/route-table.js';
import { saveRating } from '../helpers/scoring-factories.js';
import { cookieOf, listen, openStream } from '../helpers/sse.js';

const noStore = (res: { headers: Record<string, unknown> }) =>
  /(^|,)\s*no-store\s*(,|$)/.test(String(res.headers['cache-control'] ?? ''));

describe('security: no-store on every dynamic answer', function () {
  this.timeout(120_000);
  const t = useTestApp({ rateLimits: NO_RATE_LIMITS });
  let world: World;

  before(async function () {
    this.timeout(180_000);
    await ensureSomeUser();
    world = await buildWorld(t.app);
  });

  it('when every GET route is called by a user allowed to use it, as a page and as JSON, then each answer says no-store', async () => {
    const problems: string[] = [];
    const routes = listRoutes(t.app).filter((r) => r.method === 'GET' && !r.path.endsWith('/events'));
    assert.ok(routes.length > 60, `${routes.length} GET routes`);
    let ok = 0;
    for (const route of routes) {
      const url = fillPath(route.path, paramsFor(world, route.path));
      const actor = actorFor(world, route.path);
      for (const accept of ['text/html', 'application/json']) {
        const res: supertest.Response = await actor.agent.get(url).set('Accept', accept).timeout(10_000);
        if (res.status < 400) ok++;
        if (!noStore(res))
          problems.push(`${routeKey(route)} (${accept}, ${res.status}): ${res.headers['cache-control']}`);
      }
    }
    assert.deepEqual(problems, []);
    // Most calls must succeed, or the check would only be about error pages.
    assert.ok(ok > routes.length, `${ok} successful answers`);
  });

  it('when a rating is autosaved (JSON), a form is refused, a page is missing or a static file is fetched, then only the static file may be cached', async () => {
    const seat = world.seats.scoring[1];
    const section = world.ids.interviewSection;
    const saved = await saveRating(seat.agent, world.ids.scoringInterview, section, { note: 'cache check' });
    assert.equal(saved.status, 200);
    assert.ok(noStore(saved), 'autosave JSON');
    const refused = await world.actors.owner.agent
      .post(`/positions/${world.ids.position}`)
      .type('form')
      .send('x=1');
    assert.equal(refused.status, 403);
    assert.ok(noStore(refused), 'CSRF refusal');
    const missing = await world.actors.owner.agent.get('/no/such/page');
    assert.equal(missing.status, 404);
    assert.ok(noStore(missing), '404 page');
    const css = await world.actors.anonymous.agent.get('/css/app.css');
    assert.equal(css.status, 200);
    assert.ok(!noStore(css), 'a static file keeps its caching');
  });

  it('when the live stream of an interview is opened, then it says no-store', async () => {
    const server = await listen(t.app);
    try {
      const chair = world.seats.consensus[0];
      const stream = await openStream(
        server.base,
        `/interviews/${world.ids.consensusInterview}/events`,
        cookieOf(chair.agent),
      );
      stream.close();
      assert.equal(stream.status, 200);
      assert.ok(noStore(stream), String(stream.headers['cache-control']));
    } finally {
      await server.close();
    }
  });
});
