import assert from 'node:assert/strict';
import supertest from 'supertest';
import { User } from '../../src/features/users/user.model.js';
import {
  TEST_PASSWORD,
  ensureSomeUser,
  login,
  loginAs,
  makeUser,
  postForm,
  useTestApp,
} from '../helpers/app.js';

describe('user administration', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  it('when an admin opens Users, then every user is listed with roles and status', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    const other = await makeUser({ name: 'Listed Person', roles: ['manager'] });
    const res = await agent.get('/admin/users');
    assert.equal(res.status, 200);
    assert.match(res.text, /Listed Person/);
    assert.ok(res.text.includes(other.email));
  });

  it('when an admin asks for JSON, then users come without password hashes', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    const res = await agent.get('/admin/users').set('Accept', 'application/json');
    assert.equal(res.status, 200);
    assert.ok(Array.isArray(res.body.users) && res.body.users.length > 0);
    assert.ok(res.body.users.every((u: Record<string, unknown>) => !('passwordHash' in u)));
  });

  it('when an admin changes roles, then they are saved; an unknown role is refused with 422 and nothing changes', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    const user = await makeUser({ roles: ['panelist'] });
    const ok = await postForm(
      agent,
      `/admin/users/${user.id}/roles`,
      { roles: ['manager', 'panelist'] },
      `/admin/users/${user.id}`,
    );
    assert.equal(ok.status, 303);
    assert.deepEqual((await User.findById(user._id).lean())?.roles, ['manager', 'panelist']);
    const bad = await postForm(
      agent,
      `/admin/users/${user.id}/roles`,
      { roles: 'superuser' },
      `/admin/users/${user.id}`,
    );
    assert.equal(bad.status, 422);
    const none = await postForm(agent, `/admin/users/${user.id}/roles`, {}, `/admin/users/${user.id}`);
    assert.equal(none.status, 422);
    assert.deepEqual((await User.findById(user._id).lean())?.roles, ['manager', 'panelist']);
  });

  it('when an admin deactivates a user, then that user is signed out at once and cannot sign in; reactivation restores access', async () => {
    const { agent: admin } = await loginAs(t.app, ['admin']);
    const { agent: victim, user } = await loginAs(t.app, ['panelist']);
    assert.equal((await victim.get('/')).status, 200);
    const res = await postForm(admin, `/admin/users/${user.id}/deactivate`, {}, `/admin/users/${user.id}`);
    assert.equal(res.status, 303);
    assert.equal((await victim.get('/')).status, 303, 'the open session ended');
    assert.equal((await login(supertest.agent(t.app), user.email, TEST_PASSWORD)).status, 401);
    await postForm(admin, `/admin/users/${user.id}/reactivate`, {}, `/admin/users/${user.id}`);
    assert.equal((await login(supertest.agent(t.app), user.email, TEST_PASSWORD)).status, 303);
  });

  it('when an admin tries to deactivate themselves, then it is refused with 403', async () => {
    const { agent, user } = await loginAs(t.app, ['admin']);
    const res = await postForm(agent, `/admin/users/${user.id}/deactivate`, {}, `/admin/users/${user.id}`);
    assert.equal(res.status, 403);
    assert.equal((await User.findById(user._id).lean())?.status, 'active');
  });

  it('when the user id is malformed or unknown, then the page answers 404', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    assert.equal((await agent.get('/admin/users/not-an-id')).status, 404);
    assert.equal((await agent.get('/admin/users/0123456789abcdef01234567')).status, 404);
    const post = await postForm(
      agent,
      '/admin/users/0123456789abcdef01234567/roles',
      { roles: 'manager' },
      '/admin/users',
    );
    assert.equal(post.status, 404);
  });

  it('when an invited user has not accepted, then an admin can send a new link', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    const invited = await makeUser({ status: 'invited', name: 'Slow Reader' });
    const res = await postForm(
      agent,
      `/admin/users/${invited.id}/resend-invite`,
      {},
      `/admin/users/${invited.id}`,
    );
    assert.equal(res.status, 303);
    const mail = await t.smtp.waitFor((m) => m.to.includes(invited.email));
    assert.match(mail.text, /\/invite\//);
  });
});

describe('who may open what', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  const adminPages = ['/admin/users', '/admin/users/new', '/admin/outbox'];

  it('when a manager or a panelist opens an admin page, then it answers 403', async () => {
    for (const roles of [['manager'], ['panelist'], ['manager', 'panelist']] as const) {
      const { agent } = await loginAs(t.app, [...roles]);
      for (const page of adminPages)
        assert.equal((await agent.get(page)).status, 403, `${roles.join('+')} on ${page}`);
    }
  });

  it('when a manager posts to an admin action, then it answers 403 and nothing changes', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const target = await makeUser({ roles: ['panelist'] });
    const res = await postForm(agent, `/admin/users/${target.id}/roles`, { roles: 'admin' });
    assert.equal(res.status, 403);
    assert.deepEqual((await User.findById(target._id).lean())?.roles, ['panelist']);
  });

  it('when an anonymous visitor opens any protected page, then it is redirected to sign in; JSON clients get 401', async () => {
    for (const page of ['/', ...adminPages]) {
      const res = await supertest(t.app).get(page);
      assert.equal(res.status, 303, page);
      assert.match(res.headers.location, /^\/login/);
    }
    const json = await supertest(t.app).get('/admin/users').set('Accept', 'application/json');
    assert.equal(json.status, 401);
    assert.ok(json.body.error);
  });

  it('when an anonymous visitor posts to an admin action, then nothing happens', async () => {
    const target = await makeUser({ roles: ['panelist'] });
    const res = await supertest(t.app).post(`/admin/users/${target.id}/deactivate`).type('form').send({});
    assert.ok(res.status === 403 || res.status === 303);
    assert.equal((await User.findById(target._id).lean())?.status, 'active');
  });
});
