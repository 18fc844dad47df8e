/**
 * Registers the property tests of a group of state-changing routes: the routes are read from the
 * app's router stack when the suite starts, so a new route is covered (and must be in the coverage
 * list, see property-coverage.ts) without touching the tests.
 */
import assert from 'node:assert/strict';
import Mocha from 'mocha';
import { Types } from 'mongoose';
import { ensureSomeUser, useTestApp } from './app.js';
import { checkRoute, crawlForms, type Forms } from './property-runner.js';
import { buildWorld, NO_RATE_LIMITS, type World } from './property-world.js';
import { COVERAGE, type PropertyGroup } from './property-coverage.js';
import { listRoutes, routeKey, STATE_CHANGING } from './route-table.js';

export function propertySuite(title: string, group: PropertyGroup, numRuns: number): void {
  describe(title, function () {
    const t = useTestApp({ rateLimits: NO_RATE_LIMITS });
    let world: World;
    let forms: Forms;
    let since: Types.ObjectId;
    const runs = Number(process.env.FC_RUNS ?? numRuns);
    let added = 0;

    before(async function () {
      this.timeout(180_000);
      await ensureSomeUser();
      world = await buildWorld(t.app);
      since = world.since;
      const routes = listRoutes(t.app);
      forms = await crawlForms(world, routes);
      const suite = this.test!.parent!;
      for (const route of routes.filter(
        (r) => STATE_CHANGING.has(r.method) && COVERAGE[routeKey(r)] === group,
      )) {
        const test = new Mocha.Test(
          `when ${routeKey(route)} gets arbitrary bodies, then never a 5xx, a clear message on refusal and no partial write`,
          async function (this: Mocha.Context) {
            this.timeout(300_000);
            await checkRoute({ app: t.app, world, forms, since, route, numRuns: runs });
          },
        );
        suite.addTest(test);
        added += 1;
      }
    });

    // The route tests are added by the before hook; mocha runs the hooks only for a suite with a test.
    it('when the suite starts, then the router stack holds routes of this group', () => {
      assert.ok(added > 0, `no state-changing route is in the ${group} group`);
    });
  });
}
