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

/** The store's document of a session (in the app's database, beside the users: session-store.ts). */
const storedSession = (id: string) =>
  mongoose.connection.db!.collection<{ _id: string }>('sessions').findOne({ _id: id });

const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

describe('security: session fixation and sign-out', () => {
  const t = useTestApp({ rateLimits: { login: 1000 } });
  before(ensureSomeUser);

  /** GET /login with `cookies` (or none): the cookies in force and the form's token. */
  async function loginPage(cookies: string[] = []) {
    const res = await supertest(t.app).get('/login').set('Cookie', cookies.join('; '));
    const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const names = new Set(set.map((c) => c.split('=')[0]));
    return {
      cookies: [...cookies.filter((c) => !names.has(c.split('=')[0])), ...set],
      token: tokenIn(res.text),
    };
  }

  async function signIn(cookies: string[], token: string, email: string) {
    return supertest(t.app)
      .post('/login')
      .set('Cookie', cookies.join('; '))
      .type('form')
      .send({ email, password: TEST_PASSWORD, _csrf: token });
  }

  const home = (cookie: string) => supertest(t.app).get('/').set('Cookie', cookie);

  it('when someone plants their own session id in a browser and the user signs in with it, then the user gets a new id and the planted one is signed out', async () => {
    const attackerUser = await makeUser({ roles: ['panelist'] });
    const user = await makeUser({ roles: ['manager'] });
    // Anonymous visitors have no stored session, so the attacker plants a real one: their own.
    const attackerPage = await loginPage();
    const planted = sessionCookie(await signIn(attackerPage.cookies, attackerPage.token, attackerUser.email));
    assert.ok(planted, 'signing in sets a session cookie');
    assert.ok(await storedSession(sessionId(planted)), 'the planted session is stored');
    // The victim's browser carries that id and signs in (with the token of the page it is on).
    const victimPage = await home(planted);
    const victimToken = /name="csrf-token" content="([^"]+)"/.exec(victimPage.text)![1];
    const res = await signIn([planted], victimToken, user.email);
    assert.equal(res.status, 303);
    const after = sessionCookie(res);
    assert.ok(after, 'signing in sets a session cookie');
    assert.ok(await storedSession(sessionId(after)), 'the new session is stored');
    assert.notEqual(sessionId(after), sessionId(planted));

    assert.match((await home(after)).text, new RegExp(user.name), 'the new session is the user');
    const attacker = await home(planted);
    assert.equal(attacker.status, 303);
    assert.match(attacker.headers.location ?? '', /^\/login/);
    assert.equal(await storedSession(sessionId(planted)), null, 'the old session is gone from the store');
  });

  it('when a user signs out, then the session is destroyed in the store and its cookie no longer signs in', async () => {
    const user = await makeUser({ roles: ['panelist'] });
    const page = await loginPage();
    const signedIn = sessionCookie(await signIn(page.cookies, page.token, user.email))!;
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

  it('when the session cookie is set at sign-in, then it is HttpOnly and SameSite=Lax', async () => {
    const user = await makeUser({ roles: ['panelist'] });
    const page = await loginPage();
    const res = await signIn(page.cookies, page.token, user.email);
    const raw = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith(`${COOKIE}=`));
    assert.ok(raw);
    assert.match(raw, /;\s*HttpOnly/i);
    assert.match(raw, /;\s*SameSite=Lax/i);
  });
});
