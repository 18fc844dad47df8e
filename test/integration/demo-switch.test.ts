/**
 * Demo mode's persona switch (issue 17): the header offers "Switch to:" the other demo accounts; a
 * POST with the CSRF token signs in as the chosen one without a password; outside demo mode the
 * routes are 404; only the demo's accounts can switch, and only to one another. The tour stays at
 * hand after sign-in (/demo).
 */
import assert from 'node:assert/strict';
import type { Express } from 'express';
import supertest from 'supertest';
import { DemoMarker } from '../../src/demo/demo-marker.model.js';
import { DEMO_USERS } from '../../src/demo/demo-people.js';
import { User } from '../../src/features/users/user.model.js';
import { forgetUserCache } from '../../src/features/users/users.service.js';
import { csrfToken, login, makeUser, TEST_PASSWORD, useTestApp } from '../helpers/app.js';

const persona = (key: string) => DEMO_USERS.find((u) => u.key === key)!;

/** The demo's accounts, in the shared test database (created once, reused by a rerun). */
async function demoAccounts() {
  for (const u of DEMO_USERS)
    if (!(await User.exists({ email: u.email })))
      await makeUser({ email: u.email, name: u.name, roles: u.roles });
}

async function signedIn(app: Express, email: string) {
  const agent = supertest.agent(app);
  const res = await login(agent, email, TEST_PASSWORD);
  assert.equal(res.status, 303, `sign-in of ${email}`);
  return agent;
}

const switchTo = async (agent: supertest.Agent, fields: Record<string, string>) =>
  agent
    .post('/demo/switch')
    .type('form')
    .send({ _csrf: await csrfToken(agent, '/'), ...fields });

const welcomeOf = async (agent: supertest.Agent) =>
  /<h1>Welcome, ([^<]+)<\/h1>/.exec((await agent.get('/')).text)?.[1];

describe('demo mode: switching persona from the header', function () {
  this.timeout(60_000);
  const demo = useTestApp({ env: { DEMO: 'true' } });
  const plain = useTestApp();
  const marcus = persona('owner');
  const sam = persona('sam');

  before(async () => {
    await demoAccounts();
    await DemoMarker.deleteOne({ _id: 'demo' });
    await DemoMarker.create({
      _id: 'demo',
      loadedAt: new Date(),
      tour: [
        { label: 'Scoring under way', href: '/my-interviews', as: sam.name },
        { label: 'The position', href: '/positions', as: marcus.name },
      ],
    });
  });
  after(async () => {
    await DemoMarker.deleteOne({ _id: 'demo' });
    await User.updateOne({ email: persona('hannah').email }, { $set: { status: 'active' } });
    forgetUserCache();
  });

  it('when a demo user opens a page in demo mode, then the header offers "Switch to:" every other demo account in a form with the CSRF token, and a link to the tour', async () => {
    const agent = await signedIn(demo.app, marcus.email);
    const page = await agent.get('/');
    assert.equal(page.status, 200);
    const form = /<form method="post" action="\/demo\/switch"[\s\S]*?<\/form>/.exec(page.text)?.[0] ?? '';
    assert.match(form, /name="_csrf" value="[^"]+"/);
    assert.match(form, /<label for="demo-switch-to">Switch to:<\/label>/);
    const offered = [...form.matchAll(/<option value="(\w+)">/g)].map((m) => m[1]);
    assert.deepEqual(
      offered,
      DEMO_USERS.filter((u) => u.key !== 'owner').map((u) => u.key),
    );
    assert.match(form, new RegExp(`<option value="sam">${sam.name} \\(Panelist\\)</option>`));
    assert.match(page.text, /<a href="\/demo">Tour<\/a>/);
  });

  it('when a demo user switches to another demo account, then they are signed in as it without a password, with a new session, and land where the form says (on this site only)', async () => {
    const agent = await signedIn(demo.app, marcus.email);
    const res = await switchTo(agent, { to: 'sam' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/');
    assert.match(String(res.headers['set-cookie']), /cit\.sid=/, 'a new session cookie');
    const home = await agent.get('/');
    assert.ok(home.text.includes(`You are now ${sam.name}.`), 'the flash says who they are now');
    assert.ok(home.text.includes(`<h1>Welcome, ${sam.name}</h1>`));
    assert.ok((await agent.get('/my-interviews')).status === 200, 'Sam is a panelist now');
    assert.equal((await agent.get('/admin/users')).status, 403, 'and no longer anything else');

    const back = await switchTo(agent, { to: 'owner', next: '/positions' });
    assert.equal(back.status, 303);
    assert.equal(back.headers.location, '/positions');
    const away = await switchTo(agent, { to: 'sam', next: '//evil.example/x' });
    assert.equal(away.headers.location, '/', 'an address off this site is ignored');
    assert.equal(await welcomeOf(agent), sam.name);
  });

  it('when the switch has no CSRF token, names something that is not a demo account, or carries an unknown field, then it is refused with a message and the user stays who they were', async () => {
    const agent = await signedIn(demo.app, marcus.email);
    const noToken = await agent.post('/demo/switch').type('form').send({ to: 'sam' });
    assert.equal(noToken.status, 403);
    const other = await makeUser({ roles: ['admin'], name: 'Real Admin' });
    for (const to of [String(other._id), other.email, 'nobody', '']) {
      const res = await switchTo(agent, { to });
      assert.equal(res.status, 422, `to=${to}`);
      assert.ok(res.text.includes('Choose one of the demo’s accounts to switch to.'), `to=${to}`);
    }
    const extra = await switchTo(agent, { to: 'sam', password: 'x' });
    assert.equal(extra.status, 422);
    assert.ok(extra.text.includes('The switch form does not take “password”.'));
    assert.equal(await welcomeOf(agent), marcus.name);
  });

  it('when someone signed in with an account that is not the demo’s tries to switch, then it is refused (403) and the header offers no switch', async () => {
    const real = await makeUser({ roles: ['admin'], name: 'Visitor Admin' });
    const agent = await signedIn(demo.app, real.email);
    const page = await agent.get('/');
    assert.ok(!page.text.includes('action="/demo/switch"'));
    const res = await switchTo(agent, { to: 'admin' });
    assert.equal(res.status, 403);
    assert.ok(res.text.includes('Only the demo’s accounts can switch persona'));
    assert.equal(await welcomeOf(agent), 'Visitor Admin');
  });

  it('when the chosen demo account has been deactivated, then the switch answers 404 with its name', async () => {
    await User.updateOne({ email: persona('hannah').email }, { $set: { status: 'deactivated' } });
    forgetUserCache();
    const agent = await signedIn(demo.app, marcus.email);
    const res = await switchTo(agent, { to: 'hannah' });
    assert.equal(res.status, 404);
    assert.ok(res.text.includes(`${persona('hannah').name}’s demo account is not active`));
    assert.equal(await welcomeOf(agent), marcus.name);
  });

  it('when the app is not in demo mode, then the switch and the tour answer 404, the header offers no switch, and signed-out visitors are sent to sign in', async () => {
    const agent = await signedIn(plain.app, marcus.email);
    assert.ok(!(await agent.get('/')).text.includes('/demo/switch'));
    const res = await switchTo(agent, { to: 'sam' });
    assert.equal(res.status, 404);
    assert.equal((await agent.get('/demo')).status, 404);
    assert.equal(await welcomeOf(agent), marcus.name);
    const anonymous = await supertest(demo.app).get('/demo');
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.location ?? '', /^\/login/);
  });

  it('when a demo user opens the tour after sign-in, then each stop opens as the person it names through the switch, or as a link when that is them', async () => {
    const agent = await signedIn(demo.app, marcus.email);
    const tour = await agent.get('/demo');
    assert.equal(tour.status, 200);
    assert.match(tour.text, /<h1>Demo tour<\/h1>/);
    assert.match(
      tour.text,
      /<input type="hidden" name="to" value="sam">\s*<input type="hidden" name="next" value="\/my-interviews">/,
    );
    assert.match(tour.text, new RegExp(`Open as ${sam.name}</button>`));
    assert.match(tour.text, /<a href="\/positions">The position<\/a> \(as Marcus Bell\)/);
    const res = await switchTo(agent, { to: 'sam', next: '/my-interviews' });
    assert.equal(res.headers.location, '/my-interviews');
    assert.equal((await agent.get('/my-interviews')).status, 200);
  });
});
