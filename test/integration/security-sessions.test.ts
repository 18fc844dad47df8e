/**
 * Session fixation and sign-out: the session id a browser holds before signing in is not the one it
 * holds after (so an id planted by someone else is worth nothing), and signing out destroys the
 * session in the store.
 */
import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { ensureSomeUser, makeUser, TEST_PASSWORD, useTestApp } from '../helpers/app.js';

const COOKIE = 'cit.sid';

/** The `cit.sid=...` pair of a response's Set-Cookie, if any. */
function sessionCookie(res: supertest.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith(`${COOKIE}=`));
}

/** The session id inside a signed cookie value `s:<id>.<signature>`. */
function sessionId(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(COOKIE.length + 1));
  const m = /^s:([^.]+)\./.exec(value);
  if (!m) throw new Error(`not a signed session cookie: ${cookie}`);
  return m[1];
}

/** The store's document of a session (connect-mongo writes to the client's default database). */
const storedSession = (id: string) =>
  mongoose.connection.getClient().db().collection<{ _id: string }>('sessions').findOne({ _id: id });

const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

describe('security: session fixation and sign-out', () => {
  const t = useTestApp({ rateLimits: { login: 1000 } });
  before(ensureSomeUser);

  /** GET /login with `cookie` (or none): the session cookie in force and the form's token. */
  async function loginPage(cookie?: string) {
    const req = supertest(t.app).get('/login');
    const res = await (cookie ? req.set('Cookie', cookie) : req);
    return { cookie: sessionCookie(res) ?? cookie!, token: tokenIn(res.text) };
  }

  async function signIn(cookie: string, token: string, email: string) {
    return supertest(t.app)
      .post('/login')
      .set('Cookie', cookie)
      .type('form')
      .send({ email, password: TEST_PASSWORD, _csrf: token });
  }

  const home = (cookie: string) => supertest(t.app).get('/').set('Cookie', cookie);

  it('when someone plants their session id in a browser and the user signs in with it, then the user gets a new id and the planted one stays signed out', async () => {
    const user = await makeUser({ roles: ['manager'] });
    // The attacker opens the sign-in page and keeps the session id it sets.
    const planted = await loginPage();
    assert.ok(planted.cookie, 'the sign-in page sets a session cookie');
    assert.ok(await storedSession(sessionId(planted.cookie)), 'the planted session is stored');
    // The victim's browser carries that id and signs in.
    const victimPage = await loginPage(planted.cookie);
    const res = await signIn(planted.cookie, victimPage.token, user.email);
    assert.equal(res.status, 303);
    const after = sessionCookie(res);
    assert.ok(after, 'signing in sets a session cookie');
    assert.ok(await storedSession(sessionId(after)), 'the new session is stored');
    assert.notEqual(sessionId(after), sessionId(planted.cookie));

    assert.equal((await home(after)).status, 200, 'the new session is signed in');
    const attacker = await home(planted.cookie);
    assert.equal(attacker.status, 303);
    assert.match(attacker.headers.location ?? '', /^\/login/);
    assert.equal(
      await storedSession(sessionId(planted.cookie)),
      null,
      'the old session is gone from the store',
    );
  });

  it('when a user signs out, then the session is destroyed in the store and its cookie no longer signs in', async () => {
    const user = await makeUser({ roles: ['panelist'] });
    const page = await loginPage();
    const signedIn = sessionCookie(await signIn(page.cookie, page.token, user.email))!;
    assert.ok(await storedSession(sessionId(signedIn)), 'the session is stored');
    const homePage = await home(signedIn);
    assert.equal(homePage.status, 200);
    const token = /name="csrf-token" content="([^"]+)"/.exec(homePage.text)![1];

    const out = await supertest(t.app)
      .post('/logout')
      .set('Cookie', signedIn)
      .type('form')
      .send({ _csrf: token });
    assert.equal(out.status, 303);
    assert.equal(await storedSession(sessionId(signedIn)), null);
    const again = await home(signedIn);
    assert.equal(again.status, 303);
    assert.match(again.headers.location ?? '', /^\/login/);
  });

  it('when a session cookie is forged or unsigned, then it is ignored rather than trusted or failing', async () => {
    for (const cookie of [`${COOKIE}=s%3Aforged.badsignature`, `${COOKIE}=plain-id`, `${COOKIE}=%E0%A4%A`]) {
      const res = await home(cookie);
      assert.equal(res.status, 303, cookie);
      assert.match(res.headers.location ?? '', /^\/login/);
    }
  });

  it('when the session cookie is set, then it is HttpOnly and SameSite=Lax', async () => {
    const res = await supertest(t.app).get('/login');
    const raw = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith(`${COOKIE}=`));
    assert.ok(raw);
    assert.match(raw, /;\s*HttpOnly/i);
    assert.match(raw, /;\s*SameSite=Lax/i);
  });
});
