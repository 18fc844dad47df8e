/**
 * Anonymous visitors get no stored session (issue 16): the sign-in, setup, forgotten-password,
 * reset and invitation pages take their CSRF token from a signed double-submit cookie, and their
 * one-shot messages travel in a signed cookie, so thousands of anonymous page views cost the
 * sessions collection nothing. The CSRF check on those forms still refuses a missing, forged or
 * mismatched token.
 */
import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { invite } from '../../src/features/users/users.service.js';
import {
  ensureSomeUser,
  makeUser,
  useTestApp,
  csrfToken,
  postForm,
  uniqueEmail,
  ownRateLimitScope,
} from '../helpers/app.js';

const sessions = () => mongoose.connection.db!.collection('sessions');
const CSRF_MESSAGE = /expired or was sent from another site/;

const cookiesOf = (res: supertest.Response): string[] =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []);

const linkIn = (text: string, path: string) => {
  const m = new RegExp(`http://localhost:3999(${path}/[A-Za-z0-9_-]+)`).exec(text);
  if (!m) throw new Error(`no ${path} link in mail: ${text}`);
  return m[1];
};

describe('security: no stored session for anonymous visitors', function () {
  this.timeout(120_000);
  const t = useTestApp({ rateLimits: { login: 100_000, tokenLinks: 100_000, mailRequests: 100_000 } });
  let resetLink: string;
  let inviteLink: string;

  before(async () => {
    await ensureSomeUser();
    const user = await makeUser();
    await postForm(supertest.agent(t.app), '/password/forgot', { email: user.email }, '/password/forgot');
    resetLink = linkIn((await t.smtp.waitFor((m) => m.to.includes(user.email))).text, '/password/reset');
    const invitee = uniqueEmail('invitee');
    const admin = await makeUser({ roles: ['admin'] });
    await invite({ email: invitee, name: 'Invitee', roles: ['panelist'] }, admin, {
      mailer: t.mailer,
      baseUrl: t.config.baseUrl,
      appName: 'Toolkit',
    });
    await t.mailer.deliverDue();
    inviteLink = linkIn((await t.smtp.waitFor((m) => m.to.includes(invitee))).text, '/invite');
  });

  it('when 2,000 anonymous visitors open the sign-in, forgotten-password, reset and invitation pages, then the sessions collection gains no document and no session cookie is set', async () => {
    const before = await sessions().countDocuments();
    const pages = [
      '/login',
      '/login?returnTo=%2Fpositions',
      '/password/forgot',
      resetLink,
      inviteLink,
      '/setup',
    ];
    const statuses = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const page = pages[i % pages.length];
      const res = await supertest(t.app).get(page);
      statuses.set(page, res.status);
      assert.ok(!cookiesOf(res).some((c) => c.startsWith('cit.sid=')), `${page} set a session cookie`);
    }
    assert.equal(statuses.get('/login'), 200);
    assert.equal(statuses.get(resetLink), 200);
    assert.equal(statuses.get(inviteLink), 200);
    assert.equal(await sessions().countDocuments(), before);
  });

  it('when an anonymous visitor asks for a reset link and fails to sign in, then the message is shown and still no session is stored', async () => {
    const before = await sessions().countDocuments();
    const agent = supertest.agent(t.app);
    const asked = await postForm(
      agent,
      '/password/forgot',
      { email: 'nobody@example.org' },
      '/password/forgot',
    );
    assert.equal(asked.status, 303);
    const next = await agent.get('/login');
    assert.match(next.text, /If an account exists for that address/);
    assert.doesNotMatch((await agent.get('/login')).text, /If an account exists/, 'shown once');
    const token = await csrfToken(agent);
    const failed = await agent
      .post('/login')
      .type('form')
      .send({ email: 'nobody@example.org', password: 'wrong password', _csrf: token });
    assert.equal(failed.status, 401);
    assert.equal(await sessions().countDocuments(), before);
  });

  it('when the anonymous forms are posted with no token, a forged one, or another visitor’s token, then each is refused with 403 and no session is stored', async () => {
    const before = await sessions().countDocuments();
    const visitor = supertest.agent(t.app);
    await visitor.get('/login');
    const otherToken = await csrfToken(supertest.agent(t.app));
    const forms: [string, Record<string, string>][] = [
      ['/login', { email: 'someone@example.org', password: 'some password' }],
      ['/password/forgot', { email: 'someone@example.org' }],
      [resetLink, { password: 'a new long password', confirm: 'a new long password' }],
      [inviteLink, { name: 'Someone', password: 'a new long password', confirm: 'a new long password' }],
    ];
    for (const [url, body] of forms) {
      for (const [what, extra] of [
        ['no token', {}],
        ['forged token', { _csrf: 'forged-token' }],
        ['another visitor’s token', { _csrf: otherToken }],
      ] as const) {
        const res = await visitor
          .post(url)
          .type('form')
          .send({ ...body, ...extra });
        assert.equal(res.status, 403, `${url} with ${what}`);
        assert.match(res.text, CSRF_MESSAGE, `${url} with ${what}`);
      }
    }
    // A forged cookie and a token computed for it without the secret are refused as well.
    const forged = await supertest(t.app)
      .post('/login')
      .set('Cookie', `cit.csrf=${'A'.repeat(32)}`)
      .type('form')
      .send({ email: 'x@example.org', password: 'p', _csrf: 'A'.repeat(43) });
    assert.equal(forged.status, 403);
    assert.equal(await sessions().countDocuments(), before);
  });

  it('when the CSRF cookie is set, then it is HttpOnly and SameSite=Lax, and Secure when cookies are secure', async () => {
    const plain = cookiesOf(await supertest(t.app).get('/login')).find((c) => c.startsWith('cit.csrf='));
    assert.ok(plain);
    assert.match(plain, /;\s*HttpOnly/i);
    assert.match(plain, /;\s*SameSite=Lax/i);
    assert.doesNotMatch(plain, /;\s*Secure/i);
    const secureApp = createApp({
      config: { ...t.config, cookieSecure: true },
      logger: createLogger('silent'),
      mailer: t.mailer,
      databaseKind: 'embedded',
      rateLimitScope: ownRateLimitScope(),
    });
    const secure = cookiesOf(await supertest(secureApp).get('/login')).find((c) => c.startsWith('cit.csrf='));
    assert.ok(secure);
    assert.match(secure, /;\s*Secure/i);
  });
});
