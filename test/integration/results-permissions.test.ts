import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Types } from 'mongoose';
import { login, loginAs, makeUser, TEST_PASSWORD, useTestApp } from '../helpers/app.js';
import { makeResultsFixture, type ResultsFixture } from '../helpers/results-factories.js';

const routes = (id: string) => [
  `/positions/${id}/dashboard`,
  `/positions/${id}/compare`,
  `/positions/${id}/ratings.csv`,
  `/api/positions/${id}/ranking`,
];

describe('results: permissions and input', () => {
  const t = useTestApp();
  let f: ResultsFixture;
  let owner: Awaited<ReturnType<typeof loginAs>>;
  let sharer: Awaited<ReturnType<typeof loginAs>>;
  let id: string;

  before(async function () {
    this.timeout(30_000);
    owner = await loginAs(t.app, ['manager']);
    sharer = await loginAs(t.app, ['manager']);
    f = await makeResultsFixture(owner.user, { sharedWith: [sharer.user] });
    id = String(f.position._id);
  });

  it('when the owner, a manager it is shared with or an admin asks, then every results route answers 200', async () => {
    const admin = await loginAs(t.app, ['admin']);
    for (const who of [owner, sharer, admin])
      for (const url of [...routes(id), '/calibration', `/calibration?position=${id}`]) {
        const res = await who.agent.get(url);
        assert.equal(res.status, 200, `${url} for ${who.user.roles.join(',')}`);
      }
  });

  it('when another manager or a panelist of these very interviews asks, then 403 (JSON for the API) and no figure leaks', async () => {
    const other = await loginAs(t.app, ['manager']);
    const panelist = supertest.agent(t.app);
    await login(panelist, f.panelists.pat.email, TEST_PASSWORD);
    for (const agent of [other.agent, panelist])
      for (const url of routes(id)) {
        const res = await agent.get(url);
        assert.equal(res.status, 403, url);
        assert.ok(!res.text.includes('3.33'), url);
        if (url.startsWith('/api/')) assert.match(res.headers['content-type'], /json/);
      }
    // Calibration is for managers and admins; a panelist gets 403, another manager 403 for a position not theirs.
    assert.equal((await panelist.get('/calibration')).status, 403);
    assert.equal((await other.agent.get(`/calibration?position=${id}`)).status, 403);
    const theirs = await other.agent.get('/calibration');
    assert.equal(theirs.status, 200);
    assert.ok(
      !theirs.text.includes(f.panelists.lee.name),
      'another manager sees no panelist of this position',
    );
    assert.ok(!theirs.text.includes('Permit Technician'));
  });

  it('when nobody is signed in, then pages lead to the sign-in page and the JSON route answers 401', async () => {
    const anonymous = supertest(t.app);
    for (const url of [...routes(id), '/calibration']) {
      const res = await anonymous.get(url);
      if (url.startsWith('/api/')) {
        assert.equal(res.status, 401, url);
        assert.match(res.headers['content-type'], /json/);
      } else {
        assert.equal(res.status, 303, url);
        assert.equal(res.headers.location, `/login?returnTo=${encodeURIComponent(url)}`);
      }
    }
  });

  it('when the position does not exist or its id is malformed, then 404 (JSON for the API)', async () => {
    const missing = new Types.ObjectId().toHexString();
    for (const bad of [missing, 'not-an-id', '123', `${id}x`])
      for (const url of routes(bad)) {
        const res = await owner.agent.get(url);
        assert.equal(res.status, 404, url);
      }
    const api = await owner.agent.get(`/api/positions/${missing}/ranking`);
    assert.deepEqual(api.body, { error: 'There is no such position.' });
  });

  it('when a query string is not what a page takes, then 400 with a plain message', async () => {
    const cases: [string, RegExp][] = [
      [`/positions/${id}/dashboard?sort=name`, /does not take the parameter "sort"/],
      [`/positions/${id}/ratings.csv?x=1`, /does not take the parameter "x"/],
      [`/api/positions/${id}/ranking?limit=5`, /does not take the parameter "limit"/],
      [`/positions/${id}/compare?candidate=nope`, /candidate: Each candidate must be given by its id/],
      [
        `/positions/${id}/compare?candidate[]=${f.candidates.ada.id}`,
        /does not take the parameter "candidate\[\]"/,
      ],
      [
        `/positions/${id}/compare?candidate=${f.candidates.ada.id}&candidate=bad`,
        /Each candidate must be given by its id/,
      ],
      [`/calibration?position=nope`, /position: Choose a position from the list/],
      [`/calibration?position=${id}&position=${id}`, /position: Choose a position from the list/],
      [`/calibration?page=2`, /does not take the parameter "page"/],
    ];
    for (const [url, message] of cases) {
      const page = await owner.agent.get(url);
      assert.equal(page.status, 400, url);
      assert.match(page.headers['content-type'], url.includes('/api/') ? /json/ : /html/, url);
      const json = await owner.agent.get(url).set('Accept', 'application/json');
      assert.equal(json.status, 400, url);
      assert.match(json.body.error, message, url);
    }
  });

  it('when the comparison names a candidate of another position or too many, then 400 naming the problem', async () => {
    const elsewhere = await makeResultsFixture(await makeUser({ roles: ['manager'] }));
    const foreign = elsewhere.candidates.ada.id;
    const res = await owner.agent.get(`/positions/${id}/compare?candidate=${foreign}`);
    assert.equal(res.status, 400);
    assert.match(res.text, new RegExp(`${foreign} is not a candidate of this position`));
    const many = Array.from({ length: 13 }, () => `candidate=${new Types.ObjectId().toHexString()}`).join(
      '&',
    );
    const tooMany = await owner.agent
      .get(`/positions/${id}/compare?${many}`)
      .set('Accept', 'application/json');
    assert.equal(tooMany.status, 400);
    assert.deepEqual(tooMany.body, { error: 'candidate: Compare at most 12 candidates at a time.' });
  });
});
