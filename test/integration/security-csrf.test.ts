/**
 * CSRF on every state-changing route of the router stack, posted by a user allowed to use it with
 * the page's own form: no token, a forged token, another session's token, and a JSON request with a
 * wrong X-CSRF-Token header are all refused with 403 and the message, and nothing is written. The
 * token links (/r/:token, /n/:token), which have no session, refuse a post whose Origin names
 * another site instead, and accept one from this site without a session token.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import type supertest from 'supertest';
import { ensureSomeUser, useTestApp } from '../helpers/app.js';
import { assertUnchanged, snapshotSince } from '../helpers/db-snapshot.js';
import { encodeForm } from '../helpers/property-bodies.js';
import { actorFor, crawlForms, type Forms } from '../helpers/property-runner.js';
import { buildWorld, NO_RATE_LIMITS, paramsFor, roleFor, type World } from '../helpers/property-world.js';
import { fillPath, listRoutes, routeKey, STATE_CHANGING, type AppRoute } from '../helpers/route-table.js';

const CSRF_MESSAGE = /expired or was sent from another site/;
const FOREIGN_MESSAGE = /sent from another website/;

describe('security: CSRF on every state-changing route', function () {
  this.timeout(120_000);
  const t = useTestApp({ rateLimits: NO_RATE_LIMITS });
  let world: World;
  let forms: Forms;
  let changing: AppRoute[];
  let since: Types.ObjectId;

  before(async function () {
    this.timeout(180_000);
    await ensureSomeUser();
    world = await buildWorld(t.app);
    since = world.since;
    const routes = listRoutes(t.app);
    forms = await crawlForms(world, routes);
    changing = routes.filter((r) => STATE_CHANGING.has(r.method));
  });

  const urlOf = (route: AppRoute) => fillPath(route.path, paramsFor(world, route.path));
  const formOf = (url: string) => encodeForm(forms.byAction.get(url) ?? {});
  const withToken = (form: string, token: string) =>
    [form, `_csrf=${encodeURIComponent(token)}`].filter(Boolean).join('&');

  function problemOf(res: supertest.Response, json: boolean): string | undefined {
    if (res.status !== 403) return `answered ${res.status}`;
    const message = json ? String(res.body?.error ?? '') : res.text;
    if (!CSRF_MESSAGE.test(message)) return `403 without the CSRF message: ${message.slice(0, 200)}`;
    return undefined;
  }

  it('when the router stack is read, then there are state-changing routes with and without a session', () => {
    assert.ok(changing.length > 50, `${changing.length} routes`);
    assert.ok(changing.some((r) => roleFor(r.path) === 'token'));
  });

  it('when each state-changing route is posted without a token, with a forged one, with another session’s or as JSON with a wrong header, then each is refused with 403 and the message, and nothing is written', async () => {
    const before = await snapshotSince(since);
    const problems: string[] = [];
    for (const route of changing.filter((r) => roleFor(r.path) !== 'token')) {
      const url = urlOf(route);
      const actor = actorFor(world, route.path);
      const { agent } = actor;
      const other = actor === world.actors.anonymous ? world.actors.owner : world.actors.anonymous;
      const otherSession = other.csrf;
      const attempts: [string, () => supertest.Test, boolean][] = [
        ['no token', () => agent.post(url).type('form').send(formOf(url)), false],
        [
          'forged token',
          () =>
            agent
              .post(url)
              .type('form')
              .send(withToken(formOf(url), 'forged-token')),
          false,
        ],
        [
          'another session’s token',
          () =>
            agent
              .post(url)
              .type('form')
              .send(withToken(formOf(url), otherSession)),
          false,
        ],
        [
          'JSON with a wrong header',
          () =>
            agent
              .post(url)
              .set('Accept', 'application/json')
              .set('X-CSRF-Token', 'forged-token')
              .send({ ...(forms.byAction.get(url) ?? {}) }),
          true,
        ],
      ];
      for (const [what, request, json] of attempts) {
        const res = await (json ? request() : request().set('Accept', 'text/html'));
        const problem = problemOf(res, json);
        if (problem) problems.push(`${routeKey(route)} (${what}): ${problem}`);
      }
    }
    assert.deepEqual(problems, []);
    assertUnchanged(before, await snapshotSince(since), 'the refused posts');
  });

  it('when a signed-in user posts sign-out without a token, then the session goes on', async () => {
    const { agent } = world.actors.owner;
    const res = await agent.post('/logout').type('form').send('');
    assert.equal(res.status, 403);
    assert.equal((await agent.get('/')).status, 200);
  });

  it('when a token link is posted from another site (or from a sandboxed page), then it is refused with 403 and nothing is written', async () => {
    const before = await snapshotSince(since);
    const problems: string[] = [];
    for (const route of changing.filter((r) => roleFor(r.path) === 'token')) {
      const url = urlOf(route);
      for (const origin of ['https://evil.example', 'http://localhost:3999.evil.example', 'null']) {
        const res = await world.actors.anonymous.agent
          .post(url)
          .set('Origin', origin)
          .set('Accept', 'text/html')
          .type('form')
          .send(formOf(url));
        if (res.status !== 403 || !FOREIGN_MESSAGE.test(res.text))
          problems.push(`${routeKey(route)} from ${origin}: ${res.status}`);
      }
    }
    assert.deepEqual(problems, []);
    assertUnchanged(before, await snapshotSince(since), 'the cross-site posts');
  });

  it('when a token link is posted from this site without any session token, then it is accepted', async () => {
    const url = fillPath('/r/:token', paramsFor(world, '/r/:token'));
    const res = await world.actors.anonymous.agent
      .post(url)
      .set('Origin', t.config.baseUrl)
      .type('form')
      .send(formOf(url));
    assert.ok(res.status === 303 || res.status === 200, `status ${res.status}`);
  });
});
