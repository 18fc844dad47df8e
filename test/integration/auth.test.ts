import assert from 'node:assert/strict';
import supertest from 'supertest';
import { User } from '../../src/features/users/user.model.js';
import { LoginAttempt } from '../../src/features/users/login-attempt.model.js';
import { MAX_FAILED_LOGINS } from '../../src/features/users/users.service.js';
import { LOGIN_FAILED } from '../../src/features/auth/auth.controller.js';
import {
  TEST_PASSWORD,
  csrfToken,
  ensureSomeUser,
  login,
  loginAs,
  makeUser,
  postForm,
  useTestApp,
} from '../helpers/app.js';
import { commandsDuring } from '../helpers/command-counter.js';

/** The page's error message (what the visitor reads), without the rest of the page. */
function messageOf(html: string): string {
  const m = /class="error-summary"[\s\S]*?<p>([\s\S]*?)<\/p>/.exec(html);
  assert.ok(m, 'the page shows an error message');
  return m[1].trim();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

describe('sign in and sign out', () => {
  const t = useTestApp({ rateLimits: { login: 10_000 }, env: { TRUST_PROXY: '1' } });
  before(ensureSomeUser);

  it('when a user signs in with the right password, then they reach the home page and see their name', async () => {
    const user = await makeUser({ roles: ['manager'], name: 'Maria Manager' });
    const agent = supertest.agent(t.app);
    const res = await login(agent, user.email, TEST_PASSWORD);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/');
    const home = await agent.get('/');
    assert.equal(home.status, 200);
    assert.match(home.text, /Maria Manager/);
  });

  it('when the email is typed in upper case with spaces, then it still signs in', async () => {
    const user = await makeUser();
    const res = await login(supertest.agent(t.app), `  ${user.email.toUpperCase()} `, TEST_PASSWORD);
    assert.equal(res.status, 303);
  });

  it('when the password is wrong or the email unknown, then the same generic message is shown with 401', async () => {
    const user = await makeUser();
    const wrong = await login(supertest.agent(t.app), user.email, 'not the password at all');
    const unknown = await login(supertest.agent(t.app), 'nobody-here@example.org', 'not the password at all');
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.ok(wrong.text.includes(LOGIN_FAILED) && unknown.text.includes(LOGIN_FAILED));
  });

  it('when fields are missing, then the form comes back with 422 and the email kept', async () => {
    const agent = supertest.agent(t.app);
    const token = await csrfToken(agent);
    const res = await agent.post('/login').type('form').send({ _csrf: token, email: 'kept@example.org' });
    assert.equal(res.status, 422);
    assert.match(res.text, /value="kept@example.org"/);
  });

  it(`when the password is wrong ${MAX_FAILED_LOGINS} times from one address, then that address gets the same 401 as any failure, right password included, and another address still signs in`, async () => {
    const user = await makeUser();
    const stranger = supertest.agent(t.app);
    const from = (agent: supertest.Agent, ip: string) => ({
      post: async (email: string, password: string) => {
        const token = await csrfToken(agent);
        return agent
          .post('/login')
          .set('X-Forwarded-For', ip)
          .type('form')
          .send({ email, password, _csrf: token });
      },
    });
    const attacker = from(stranger, '203.0.113.9');
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      const res = await attacker.post(user.email, 'wrong password number ' + i);
      assert.equal(res.status, 401);
    }
    const lockedRight = await attacker.post(user.email, TEST_PASSWORD);
    const unknown = await attacker.post('nobody-at-all@example.org', 'wrong password');
    assert.equal(lockedRight.status, 401, 'the locked pair answers like any failure');
    assert.equal(unknown.status, 401);
    assert.equal(messageOf(lockedRight.text), messageOf(unknown.text));
    assert.ok(lockedRight.text.includes(LOGIN_FAILED));

    const owner = await from(supertest.agent(t.app), '198.51.100.7').post(user.email, TEST_PASSWORD);
    assert.equal(owner.status, 303, 'the owner, from another address, signs in');
  });

  it(`when an unknown address fails ${MAX_FAILED_LOGINS} times, then it is counted and answered exactly like a known one`, async () => {
    const agent = supertest.agent(t.app);
    const statuses: number[] = [];
    const texts = new Set<string>();
    for (let i = 0; i <= MAX_FAILED_LOGINS; i++) {
      const res = await login(agent, 'never-registered@example.org', 'wrong password ' + i);
      statuses.push(res.status);
      texts.add(messageOf(res.text));
    }
    assert.deepEqual(new Set(statuses), new Set([401]));
    assert.equal(texts.size, 1);
  });

  it('when the lock has expired, then the right password works again and the failure count is forgotten', async () => {
    const user = await makeUser();
    const agent = supertest.agent(t.app);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login(agent, user.email, 'wrong password number ' + i);
    assert.equal((await login(agent, user.email, TEST_PASSWORD)).status, 401);
    await LoginAttempt.updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await login(agent, user.email, TEST_PASSWORD);
    assert.equal(res.status, 303);
    assert.equal(
      await LoginAttempt.countDocuments({ failures: { $gt: 0 }, expiresAt: { $gt: new Date() } }),
      0,
    );
  });

  // Counted, not timed (wall-clock medians drift on a shared machine): an unknown address must do
  // the same work as a known one with a wrong password, the same commands and one scrypt each.
  it('when sign-ins with a known and with an unknown email fail, then both send the same commands and cost the same CPU (one scrypt each)', async function () {
    this.timeout(120_000);
    const user = await makeUser();
    const agent = supertest.agent(t.app);
    const token = await csrfToken(agent);
    const attempt = async (email: string) => {
      const before = process.cpuUsage();
      let status = 0;
      const trace = await commandsDuring(async () => {
        const res = await agent
          .post('/login')
          .type('form')
          .send({ email, password: 'wrong password', _csrf: token });
        status = res.status;
      });
      const cpu = process.cpuUsage(before);
      assert.equal(status, 401);
      return { cpuUs: cpu.user + cpu.system, commands: trace.commands };
    };
    // Warm-up, so neither side pays for first-use compilation or caches.
    await attempt(user.email);
    await attempt('warm-up-unknown@example.org');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 16; i++) {
      const k = await attempt(user.email);
      const u = await attempt(`unknown-${i}@example.org`);
      assert.deepEqual(u.commands, k.commands, 'the same commands for an unknown address');
      known.push(k.cpuUs);
      unknown.push(u.cpuUs);
    }
    // One scrypt is most of a failed sign-in's CPU: without it the unknown side would cost a
    // small fraction of the known one.
    const ratio = median(unknown) / median(known);
    assert.ok(
      ratio > 0.6 && ratio < 1.6,
      `median CPU known ${median(known).toFixed(0)} µs, unknown ${median(unknown).toFixed(0)} µs (ratio ${ratio.toFixed(2)})`,
    );
  });

  it('when a signed-in user signs in again, then the session id changes (no session fixation)', async () => {
    const user = await makeUser();
    const agent = supertest.agent(t.app);
    const sid = (res: supertest.Response) =>
      /cit\.sid=([^;]+)/.exec(String(res.headers['set-cookie'] ?? ''))?.[1];
    const first = sid(await login(agent, user.email, TEST_PASSWORD));
    await postForm(agent, '/logout', {});
    const second = sid(await login(agent, user.email, TEST_PASSWORD));
    assert.ok(first && second);
    assert.notEqual(first, second);
  });

  it('when the session cookie is set at sign-in, then it is HttpOnly and SameSite=Lax', async () => {
    const user = await makeUser();
    const res = await login(supertest.agent(t.app), user.email, TEST_PASSWORD);
    const cookie = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('cit.sid='));
    assert.ok(cookie);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
  });

  it('when an anonymous visitor opens a protected page, then they are sent to sign in and come back after', async () => {
    const user = await makeUser({ roles: ['admin'] });
    const agent = supertest.agent(t.app);
    const res = await agent.get('/admin/users?sort=name');
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/login?returnTo=%2Fadmin%2Fusers%3Fsort%3Dname');
    const token = await csrfToken(agent, res.headers.location);
    const signed = await agent
      .post('/login')
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD, returnTo: '/admin/users?sort=name', _csrf: token });
    assert.equal(signed.headers.location, '/admin/users?sort=name');
  });

  it('when returnTo points to another site, then sign-in goes home instead', async () => {
    const user = await makeUser();
    for (const evil of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const agent = supertest.agent(t.app);
      const token = await csrfToken(agent);
      const res = await agent
        .post('/login')
        .type('form')
        .send({ email: user.email, password: TEST_PASSWORD, returnTo: evil, _csrf: token });
      assert.equal(res.headers.location, '/', `returnTo ${evil}`);
    }
  });

  it('when a user signs out, then the session no longer opens protected pages', async () => {
    const { agent } = await loginAs(t.app, ['panelist']);
    assert.equal((await agent.get('/')).status, 200);
    const out = await postForm(agent, '/logout', {});
    assert.equal(out.status, 303);
    assert.equal(out.headers.location, '/login');
    assert.equal((await agent.get('/')).status, 303);
  });

  it('when sign-out is posted without the CSRF token, then it is refused with 403 and the user stays signed in', async () => {
    const { agent } = await loginAs(t.app, ['panelist']);
    const res = await agent.post('/logout').type('form').send({});
    assert.equal(res.status, 403);
    assert.equal((await agent.get('/')).status, 200);
  });

  it('when a deactivated user tries to sign in, then the generic failure is shown', async () => {
    const user = await makeUser();
    await User.updateOne({ _id: user._id }, { $set: { status: 'deactivated' } });
    const res = await login(supertest.agent(t.app), user.email, TEST_PASSWORD);
    assert.equal(res.status, 401);
  });
});

describe('sign-in rate limit', () => {
  const t = useTestApp({ rateLimits: { login: 3 } });
  before(ensureSomeUser);

  it('when one address posts the login form more often than allowed, then it gets 429 with a clear message', async () => {
    const agent = supertest.agent(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await login(agent, 'someone@example.org', 'whatever password')).status);
    assert.deepEqual(statuses, [401, 401, 401, 429]);
    const res = await login(agent, 'someone@example.org', 'whatever password');
    assert.match(res.text, /Too many attempts/);
  });
});
