/**
 * Access to what belongs to someone else, on every route of the router stack: each position's and
 * interview's routes (pages, forms, JSON, downloads, the live stream) refused to a manager of another
 * position, a panelist of another interview (of another position, and of the same position) and an
 * anonymous visitor; editor and admin routes refused to those without the role. Nothing is written.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import type supertest from 'supertest';
import { csrfToken, ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { assertUnchanged, snapshotSince, type Snapshot } from '../helpers/db-snapshot.js';
import { createPosition } from '../helpers/position-factories.js';
import { encodeForm } from '../helpers/property-bodies.js';
import { actorFor, crawlForms, refusalMessage, type Forms } from '../helpers/property-runner.js';
import { buildWorld, NO_RATE_LIMITS, paramsFor, type Actor, type World } from '../helpers/property-world.js';
import { accessOf } from '../helpers/route-access.js';
import { fillPath, listRoutes, paramNames, routeKey, type AppRoute } from '../helpers/route-table.js';
import { addReference, templateUrl } from '../helpers/reference-factories.js';
import { guideDoc } from '../helpers/guide-factories.js';
import { ReferenceTemplate } from '../../src/features/references/reference-template.model.js';
import { scheduleScoredInterview } from '../helpers/scoring-factories.js';

describe('security: access to what belongs to someone else', function () {
  this.timeout(120_000);
  const t = useTestApp({ rateLimits: NO_RATE_LIMITS });
  let world: World;
  let forms: Forms;
  let routes: AppRoute[];
  let since: Types.ObjectId;
  let initial: Snapshot;
  const intruders: Record<string, Actor> = {};
  /** Ids of a second position of the same owner: mixed into the first one's URLs. */
  let foreignIds: Record<string, string>;

  async function otherPositionOfTheOwner(w: World): Promise<Record<string, string>> {
    const x = await scheduleScoredInterview(t.app, { manager: w.owner, panelists: 2, competencies: 2 });
    const tpl = await w.owner.agent.get(templateUrl(x.positionId));
    if (tpl.status !== 200) throw new Error(`template page ${tpl.status}`);
    const template = (await ReferenceTemplate.findOne({ position: x.positionId }).lean())!;
    const reference = await addReference(w.owner.agent, x.positionId, x.candidateId);
    const guide = await guideDoc(x.guideId);
    return {
      positionId: x.positionId,
      candidateId: x.candidateId,
      interviewId: x.interviewId,
      referenceId: reference.referenceId,
      itemId: template.opening[0].id,
      sid: String(guide.sections[0]._id),
      qid: String(guide.sections[0].questions[0]._id),
      sectionId: x.sections[0].id,
    };
  }

  before(async function () {
    this.timeout(180_000);
    await ensureSomeUser();
    world = await buildWorld(t.app);
    since = world.since;
    routes = listRoutes(t.app);
    forms = await crawlForms(world, routes);
    // A manager with a position of their own, and a panelist seated on that position's interview.
    const other = await loginAs(t.app, ['manager']);
    await createPosition(other.agent);
    const otherInterview = await scheduleScoredInterview(t.app, { manager: other, panelists: 2 });
    const panelist = otherInterview.panel[1];
    const samePosition = world.seats.scoring[1];
    const anonymous = world.actors.anonymous.agent;
    intruders['a manager of another position'] = {
      agent: other.agent,
      user: other.user,
      csrf: await csrfToken(other.agent, '/'),
    };
    intruders['a panelist of another interview'] = {
      agent: panelist.agent,
      user: panelist.user,
      csrf: await csrfToken(panelist.agent, '/'),
    };
    intruders['a panelist of another interview of the same position'] = {
      agent: samePosition.agent,
      user: samePosition.user,
      csrf: await csrfToken(samePosition.agent, '/'),
    };
    intruders['an anonymous visitor'] = { agent: anonymous, csrf: await csrfToken(anonymous, '/login') };
    foreignIds = await otherPositionOfTheOwner(world);
    initial = await snapshotSince(since);
  });

  /** The owner's form for the route (so only permissions can refuse it), with the intruder's token. */
  function call(
    actor: Actor,
    route: AppRoute,
    url: string,
    accept = 'text/html',
    empty = false,
  ): supertest.Test {
    if (route.method === 'GET') return actor.agent.get(url).set('Accept', accept).timeout(10_000);
    const body = empty ? {} : (forms.byAction.get(url) ?? {});
    return actor.agent
      .post(url)
      .set('Accept', accept)
      .timeout(10_000)
      .type('form')
      .send([encodeForm(body), `_csrf=${encodeURIComponent(actor.csrf)}`].filter(Boolean).join('&'));
  }

  function refused(res: supertest.Response, anonymous: boolean): string | undefined {
    if (anonymous) {
      if (res.status === 401) return undefined;
      if (res.status === 303 && /^\/login/.test(res.headers.location ?? '')) return undefined;
      return `${res.status} (expected the sign-in page or 401)`;
    }
    if (res.status !== 403 && res.status !== 404) return `${res.status} (expected 403 or 404)`;
    if (!refusalMessage(res)) return `${res.status} without a message`;
    return undefined;
  }

  it('when the routes are read from the router stack, then each one has an access class', () => {
    const unclassified = routes.filter((r) => !accessOf(r.method, r.path)).map(routeKey);
    assert.deepEqual(unclassified, [], 'classify these routes in test/helpers/route-access.ts');
    const owned = routes.filter((r) => accessOf(r.method, r.path) === 'owned');
    assert.ok(owned.length >= 60, `only ${owned.length} position and interview routes`);
  });

  for (const who of [
    'a manager of another position',
    'a panelist of another interview',
    'an anonymous visitor',
  ]) {
    it(`when ${who} calls every route of a position and its guides, candidates, references, results and interviews, then each is refused and nothing is written`, async () => {
      const actor = intruders[who];
      const problems: string[] = [];
      for (const route of routes.filter((r) => accessOf(r.method, r.path) === 'owned')) {
        const url = fillPath(route.path, paramsFor(world, route.path));
        // The owner's own form as HTML and as JSON client; posts also empty (validation must not
        // answer before permissions do).
        const variants: [string, boolean][] = [
          ['text/html', false],
          ['application/json', false],
          ...(route.method === 'POST' ? [['text/html', true] as [string, boolean]] : []),
        ];
        for (const [accept, empty] of variants) {
          const res = await call(actor, route, url, accept, empty);
          const problem = refused(res, who === 'an anonymous visitor');
          if (problem)
            problems.push(`${route.method} ${url} (${accept}${empty ? ', empty' : ''}): ${problem}`);
        }
      }
      assert.deepEqual(problems, []);
      assertUnchanged(initial, await snapshotSince(since), `${who}'s requests`);
    });
  }

  it("when a panelist of one interview calls the other interview's routes and the position's, then each is refused", async () => {
    const actor = intruders['a panelist of another interview of the same position'];
    const problems: string[] = [];
    for (const route of routes.filter((r) => accessOf(r.method, r.path) === 'owned')) {
      // The published guide is theirs to read: they sit on an interview that uses it.
      if (/^\/(api\/)?guides\/:id(\/versions|$)/.test(route.path) && route.method === 'GET') continue;
      const params = { ...paramsFor(world, route.path) };
      if (/^\/(api\/)?interviews\//.test(route.path)) params.id = world.ids.consensusInterview;
      const url = fillPath(route.path, params);
      for (const empty of route.method === 'POST' ? [false, true] : [false]) {
        const problem = refused(await call(actor, route, url, 'text/html', empty), false);
        if (problem) problems.push(`${route.method} ${url}${empty ? ' (empty)' : ''}: ${problem}`);
      }
    }
    assert.deepEqual(problems, []);
    assertUnchanged(initial, await snapshotSince(since), "the panelist's requests");
  });

  it("when an owner reaches a candidate, interview, reference, template item, guide section or question under another of their positions' URL (mismatched ids), then each answers 404 or 403 and nothing is written", async () => {
    const problems: string[] = [];
    let cases = 0;
    for (const route of routes.filter((r) => accessOf(r.method, r.path) === 'owned')) {
      const names = paramNames(route.path);
      if (names.length < 2) continue;
      const actor = actorFor(world, route.path);
      // Swap one id at a time for the other position's: every pair of ids must belong together.
      for (const name of names.filter((n) => n in foreignIds)) {
        if (name === 'itemId' && !route.path.startsWith('/positions/')) continue;
        const own = fillPath(route.path, paramsFor(world, route.path));
        const params = { ...paramsFor(world, route.path), [name]: foreignIds[name] };
        const url = fillPath(route.path, params);
        cases++;
        // Posts carry the form of the matching URL, valid but for the mismatch.
        const res =
          route.method === 'GET'
            ? await actor.agent.get(url).timeout(10_000)
            : await actor.agent
                .post(url)
                .timeout(10_000)
                .type('form')
                .send(
                  [encodeForm(forms.byAction.get(own) ?? {}), `_csrf=${encodeURIComponent(actor.csrf)}`]
                    .filter(Boolean)
                    .join('&'),
                );
        if (res.status !== 403 && res.status !== 404)
          problems.push(`${route.method} ${route.path} with another position's :${name}: ${res.status}`);
      }
    }
    assert.ok(cases >= 40, `only ${cases} mismatched cases`);
    assert.deepEqual(problems, []);
    assertUnchanged(initial, await snapshotSince(since), 'the mismatched requests');
  });

  it('when a manager of another position asks calibration for this position, then it is refused', async () => {
    const res = await intruders['a manager of another position'].agent.get(
      `/calibration?position=${world.ids.position}`,
    );
    assert.ok(res.status === 403 || res.status === 404, `status ${res.status}`);
  });

  it('when a panelist or an anonymous visitor calls the editor and admin routes, and a manager the admin routes, then each is refused', async () => {
    const panelist = intruders['a panelist of another interview'];
    const manager = intruders['a manager of another position'];
    const anonymous = intruders['an anonymous visitor'];
    const problems: string[] = [];
    for (const route of routes) {
      const access = accessOf(route.method, route.path);
      if (access !== 'editor' && access !== 'admin') continue;
      const url = fillPath(route.path, paramsFor(world, route.path));
      const cases: [string, Actor, boolean][] = [
        ['panelist', panelist, false],
        ['anonymous', anonymous, true],
        ...(access === 'admin' ? [['manager', manager, false] as [string, Actor, boolean]] : []),
      ];
      for (const [name, actor, anon] of cases) {
        const res = await call(actor, route, url);
        const problem = refused(res, anon);
        if (problem) problems.push(`${name}: ${route.method} ${url}: ${problem}`);
      }
    }
    assert.deepEqual(problems, []);
    assertUnchanged(initial, await snapshotSince(since), 'the refused requests');
  });
});
