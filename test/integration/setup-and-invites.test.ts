import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Token } from '../../src/features/users/token.model.js';
import { User } from '../../src/features/users/user.model.js';
import {
  TEST_PASSWORD,
  csrfToken,
  login,
  loginAs,
  makeUser,
  postForm,
  removeAllUsers,
  uniqueEmail,
  useTestApp,
} from '../helpers/app.js';

const linkIn = (text: string, path: string) => {
  const m = new RegExp(`http://localhost:3999(${path}/[A-Za-z0-9_-]+)`).exec(text);
  if (!m) throw new Error(`no ${path} link in mail: ${text}`);
  return m[1];
};

describe('first-run setup page', () => {
  const t = useTestApp();

  it('when there are no users, then every page leads to /setup and it creates the first admin, then disappears', async () => {
    await removeAllUsers();
    const agent = supertest.agent(t.app);
    const home = await agent.get('/');
    assert.equal(home.status, 303);
    assert.equal(home.headers.location, '/setup');
    const login = await agent.get('/login');
    assert.equal(login.headers.location, '/setup');

    const token = await csrfToken(agent, '/setup');
    const email = uniqueEmail('first-admin');
    const res = await agent
      .post('/setup')
      .type('form')
      .send({ _csrf: token, name: 'Ada Admin', email, password: TEST_PASSWORD, confirm: TEST_PASSWORD });
    assert.equal(res.status, 303);
    const admin = await User.findOne({ email }).lean();
    assert.deepEqual(admin?.roles, ['admin', 'manager']);
    assert.match((await agent.get('/')).text, /Ada Admin/);

    assert.equal((await supertest(t.app).get('/setup')).status, 404);
    const stranger = supertest.agent(t.app);
    const strangerToken = await csrfToken(stranger, '/login');
    const again = await stranger.post('/setup').type('form').send({
      _csrf: strangerToken,
      name: 'Eve',
      email: uniqueEmail(),
      password: TEST_PASSWORD,
      confirm: TEST_PASSWORD,
    });
    assert.equal(again.status, 404);
    assert.equal(await User.countDocuments({ name: 'Eve' }), 0);
  });

  it('when the setup form is invalid, then it answers 422 with field messages and creates nobody', async () => {
    await removeAllUsers();
    const agent = supertest.agent(t.app);
    const token = await csrfToken(agent, '/setup');
    const res = await agent
      .post('/setup')
      .type('form')
      .send({ _csrf: token, name: '', email: 'not-an-email', password: 'short', confirm: 'other' });
    assert.equal(res.status, 422);
    assert.match(res.text, /Enter a valid email address/);
    assert.match(res.text, /Use at least 12 characters/);
    assert.equal(await User.countDocuments({}), 0);
    await makeUser({ roles: ['admin'] }); // leave the app set up for other files
  });
});

describe('invitations', () => {
  const t = useTestApp();

  it('when an admin invites a panelist, then the mailed link sets a password and the panelist can sign in', async () => {
    const { agent: admin } = await loginAs(t.app, ['admin']);
    const email = uniqueEmail('invitee');
    const res = await postForm(
      admin,
      '/admin/users',
      { name: 'Pat Panelist', email, roles: 'panelist' },
      '/admin/users/new',
    );
    assert.equal(res.status, 303);

    const mail = await t.smtp.waitFor((m) => m.to.includes(email));
    assert.match(mail.subject, /invited/);
    const link = linkIn(mail.text, '/invite');
    const guest = supertest.agent(t.app);
    const form = await guest.get(link);
    assert.equal(form.status, 200);
    assert.match(form.text, new RegExp(email.replace(/[.]/g, '\\.')));
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const accepted = await guest.post(link).type('form').send({
      _csrf: token,
      name: 'Pat P.',
      password: 'a brand new password',
      confirm: 'a brand new password',
    });
    assert.equal(accepted.status, 303);
    assert.equal(accepted.headers.location, '/login');

    const signedIn = await login(supertest.agent(t.app), email, 'a brand new password');
    assert.equal(signedIn.status, 303);
    const stored = await User.findOne({ email }).lean();
    assert.equal(stored?.status, 'active');
    assert.equal(stored?.name, 'Pat P.');

    // The link works once.
    assert.equal((await supertest(t.app).get(link)).status, 404);
  });

  it('when an invitation is stored, then only the hash of its token is in the database', async () => {
    const { agent: admin } = await loginAs(t.app, ['admin']);
    const email = uniqueEmail('hash');
    await postForm(
      admin,
      '/admin/users',
      { name: 'Hash Check', email, roles: ['manager', 'panelist'] },
      '/admin/users/new',
    );
    const mail = await t.smtp.waitFor((m) => m.to.includes(email));
    const token = linkIn(mail.text, '/invite').split('/').pop()!;
    const user = await User.findOne({ email }).lean();
    const stored = await Token.findOne({ user: user!._id }).lean();
    assert.ok(stored);
    assert.notEqual(stored.hash, token);
    assert.equal(await Token.countDocuments({ hash: token }), 0);
    const hours = (stored.expiresAt.getTime() - Date.now()) / 3_600_000;
    assert.ok(hours > 71 && hours <= 72, `expires in ${hours} h`);
  });

  it('when an invitation link has expired, then it is refused', async () => {
    const { agent: admin } = await loginAs(t.app, ['admin']);
    const email = uniqueEmail('expired');
    await postForm(admin, '/admin/users', { name: 'Late', email, roles: 'panelist' }, '/admin/users/new');
    const mail = await t.smtp.waitFor((m) => m.to.includes(email));
    const link = linkIn(mail.text, '/invite');
    const user = await User.findOne({ email }).lean();
    await Token.updateMany({ user: user!._id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await supertest(t.app).get(link);
    assert.equal(res.status, 404);
    assert.match(res.text, /invalid, has expired or was already used/);
  });

  it('when the invitation form is invalid, then it answers 422 and invites nobody', async () => {
    const { agent: admin } = await loginAs(t.app, ['admin']);
    const before = await User.countDocuments({});
    const res = await postForm(
      admin,
      '/admin/users',
      { name: '', email: 'nope', roles: 'emperor' },
      '/admin/users/new',
    );
    assert.equal(res.status, 422);
    assert.match(res.text, /Enter a valid email address/);
    assert.equal(await User.countDocuments({}), before);
  });

  it('when the email already has an account, then the invitation answers 409 and changes nothing', async () => {
    const { agent: admin } = await loginAs(t.app, ['admin']);
    const existing = await makeUser({ name: 'Already Here' });
    const res = await postForm(
      admin,
      '/admin/users',
      { name: 'Duplicate', email: existing.email, roles: 'manager' },
      '/admin/users/new',
    );
    assert.equal(res.status, 409);
    assert.match(res.text, /already exists/);
    assert.equal((await User.findById(existing._id).lean())?.name, 'Already Here');
  });
});

describe('password reset', () => {
  const t = useTestApp();

  it('when a user asks for a reset, then the mailed link changes the password once and other sessions end', async () => {
    const { agent: oldSession, user } = await loginAs(t.app, ['panelist']);
    const guest = supertest.agent(t.app);
    const asked = await postForm(guest, '/password/forgot', { email: user.email }, '/password/forgot');
    assert.equal(asked.status, 303);
    const mail = await t.smtp.waitFor((m) => m.to.includes(user.email) && /Reset/.test(m.subject));
    const link = linkIn(mail.text, '/password/reset');

    const token = await csrfToken(guest, link);
    const done = await guest
      .post(link)
      .type('form')
      .send({ _csrf: token, password: 'my new long password', confirm: 'my new long password' });
    assert.equal(done.status, 303);
    assert.equal((await login(supertest.agent(t.app), user.email, TEST_PASSWORD)).status, 401);
    assert.equal((await login(supertest.agent(t.app), user.email, 'my new long password')).status, 303);
    assert.equal((await oldSession.get('/')).status, 303, 'the session from before the reset ended');
    assert.equal((await supertest(t.app).get(link)).status, 404, 'the link works once');
  });

  it('when the address is unknown, then the answer is the same and no mail is sent', async () => {
    const before = t.smtp.received.length;
    const res = await postForm(
      supertest.agent(t.app),
      '/password/forgot',
      { email: 'nobody-known@example.org' },
      '/password/forgot',
    );
    assert.equal(res.status, 303);
    await t.mailer.deliverDue();
    assert.equal(t.smtp.received.length, before);
  });

  it('when the new passwords do not match, then it answers 422 and the password is unchanged', async () => {
    const user = await makeUser();
    await postForm(supertest.agent(t.app), '/password/forgot', { email: user.email }, '/password/forgot');
    const mail = await t.smtp.waitFor((m) => m.to.includes(user.email));
    const link = linkIn(mail.text, '/password/reset');
    const guest = supertest.agent(t.app);
    const token = await csrfToken(guest, link);
    const res = await guest
      .post(link)
      .type('form')
      .send({ _csrf: token, password: 'first long password', confirm: 'second long password' });
    assert.equal(res.status, 422);
    assert.match(res.text, /do not match/);
    assert.equal((await login(supertest.agent(t.app), user.email, TEST_PASSWORD)).status, 303);
  });

  it('when a user asked for two reset links and uses one, then the other no longer opens nor changes the password', async () => {
    const user = await makeUser();
    const links: string[] = [];
    for (let i = 0; i < 2; i++) {
      const seen = t.smtp.received.length;
      await postForm(supertest.agent(t.app), '/password/forgot', { email: user.email }, '/password/forgot');
      const mail = await t.smtp.waitFor(
        (m) => m.to.includes(user.email) && t.smtp.received.indexOf(m) >= seen,
      );
      links.push(linkIn(mail.text, '/password/reset'));
    }
    const [first, second] = links;
    assert.notEqual(first, second);
    const guest = supertest.agent(t.app);
    const token = await csrfToken(guest, first);
    const used = await guest
      .post(first)
      .type('form')
      .send({ _csrf: token, password: 'the first new password', confirm: 'the first new password' });
    assert.equal(used.status, 303);

    assert.equal((await supertest(t.app).get(second)).status, 404, 'the other link no longer opens');
    const other = supertest.agent(t.app);
    const otherToken = await csrfToken(other, '/login');
    const late = await other
      .post(second)
      .type('form')
      .send({ _csrf: otherToken, password: 'an intruder password', confirm: 'an intruder password' });
    assert.equal(late.status, 404);
    assert.equal((await login(supertest.agent(t.app), user.email, 'the first new password')).status, 303);
    assert.equal(await Token.countDocuments({ user: user._id, purpose: 'reset', usedAt: null }), 0);
  });

  it('when a reset link is malformed or made up, then it answers 404', async () => {
    assert.equal((await supertest(t.app).get('/password/reset/short')).status, 404);
    assert.equal((await supertest(t.app).get('/password/reset/' + 'A'.repeat(43))).status, 404);
  });
});
