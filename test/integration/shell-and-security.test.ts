import assert from 'node:assert/strict';
import supertest from 'supertest';
import { User } from '../../src/features/users/user.model.js';
import { ensureSomeUser, loginAs, makeUser, useTestApp } from '../helpers/app.js';

describe('application shell and security baseline', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  it('when /healthz is asked, then it answers JSON with the database up', async () => {
    const res = await supertest(t.app).get('/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.database, { status: 'up', kind: 'embedded' });
  });

  it('when a page is served, then it carries a CSP without inline scripts, frame-ancestors none and nosniff', async () => {
    const res = await supertest(t.app).get('/login');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-powered-by'], undefined);
    assert.doesNotMatch(res.text, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline <script> blocks');
    assert.doesNotMatch(res.text, /\sstyle="/, 'no inline style attributes');
  });

  it('when a page is served, then a <meta> tag carries the CSRF token for scripts', async () => {
    const res = await supertest(t.app).get('/login');
    assert.match(res.text, /<meta name="csrf-token" content="[A-Za-z0-9_-]{20,}">/);
  });

  it('when a page does not exist, then HTML clients get a 404 page and JSON clients a JSON error', async () => {
    const { agent } = await loginAs(t.app, ['panelist']);
    const html = await agent.get('/no/such/page');
    assert.equal(html.status, 404);
    assert.match(html.text, /Page not found/);
    const json = await agent.get('/no/such/page').set('Accept', 'application/json');
    assert.equal(json.status, 404);
    assert.equal(typeof json.body.error, 'string');
  });

  it('when a form is posted with a wrong CSRF token, then it is refused with 403 and nothing is written', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    const target = await makeUser({ roles: ['panelist'] });
    const res = await agent
      .post(`/admin/users/${target.id}/roles`)
      .type('form')
      .send({ roles: 'manager', _csrf: 'forged-token-value' });
    assert.equal(res.status, 403);
    assert.match(res.text, /expired or was sent from another site/);
    assert.deepEqual((await User.findById(target._id).lean())?.roles, ['panelist']);
  });

  it('when a JSON body is malformed or too large, then the answer is 400 or 413, never 500', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    const bad = await agent.post('/login').set('Content-Type', 'application/json').send('{"email": ');
    assert.equal(bad.status, 400);
    const big = await agent
      .post('/login')
      .type('form')
      .send({ email: 'x'.repeat(200_000) });
    assert.equal(big.status, 413);
  });

  it('when a field carries a query operator instead of a string, then it is refused without a 500', async () => {
    const agent = supertest.agent(t.app);
    const page = await agent.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const res = await agent
      .post('/login')
      .set('Content-Type', 'application/json')
      .send({ email: { $gt: '' }, password: { $gt: '' }, _csrf: token });
    assert.ok(res.status === 422 || res.status === 401, `status ${res.status}`);
  });

  it('when the home page is shown, then navigation depends on the roles', async () => {
    const { agent: admin } = await loginAs(t.app, ['admin']);
    const { agent: panelist } = await loginAs(t.app, ['panelist']);
    assert.match((await admin.get('/')).text, /href="\/admin\/users"/);
    assert.doesNotMatch((await panelist.get('/')).text, /href="\/admin\/users"/);
  });

  it('when a user name holds markup, then pages show it escaped', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    await makeUser({ name: '<script>alert("x")</script>' });
    const res = await agent.get('/admin/users');
    assert.ok(!res.text.includes('<script>alert("x")</script>'));
    assert.ok(res.text.includes('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;'));
  });
});
