/**
 * Guessing is rate-limited per address, with the app's default limits: wrong reference and
 * nomination links, invitation and reset links (60 requests per 15 minutes for token links), and
 * sign-in (30). Past the limit every request is refused with 429 and a clear message, a correct
 * token included, so guessing cannot go on by mixing in a valid one.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { Express } from 'express';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { ensureSomeUser, makeUser, TEST_PASSWORD, useTestApp, ownRateLimitScope } from '../helpers/app.js';
import { makeNomination, makeReference } from '../helpers/reference-form-factories.js';
import { refusalMessage } from '../helpers/property-runner.js';

const TOKEN_LINK_LIMIT = 60;
const LOGIN_LIMIT = 30;

const guess = () => crypto.randomBytes(32).toString('base64url');

describe('security: rate limits on guessing', function () {
  this.timeout(60_000);
  const t = useTestApp();
  before(ensureSomeUser);

  /** A new app with the default limits (each app counts on its own). */
  const freshApp = (): Express =>
    createApp({
      config: t.config,
      logger: createLogger('silent'),
      mailer: t.mailer,
      databaseKind: 'embedded',
      rateLimitScope: ownRateLimitScope(),
    });

  function assertLimited(res: supertest.Response, what: string) {
    assert.equal(res.status, 429, `${what}: ${res.status}`);
    assert.match(refusalMessage(res), /too many/i, what);
  }

  for (const kind of ['r', 'n'] as const) {
    it(`when someone tries ${TOKEN_LINK_LIMIT} wrong /${kind}/ links, then every further request is refused with 429, the real link included`, async () => {
      const app = freshApp();
      const real = kind === 'r' ? await makeReference() : await makeNomination();
      for (let i = 0; i < TOKEN_LINK_LIMIT; i++) {
        const res = await supertest(app).get(`/${kind}/${guess()}`);
        assert.equal(res.status, 404, `guess ${i + 1}`);
      }
      assertLimited(await supertest(app).get(`/${kind}/${guess()}`), 'the next guess');
      assertLimited(await supertest(app).get(real.url), 'the real link');
      assertLimited(
        await supertest(app).get(`/${kind}/${guess()}`).set('Accept', 'application/json'),
        'a JSON client',
      );
      const post = await supertest(app).post(`/${kind}/${guess()}`).type('form').send({ action: 'save' });
      assertLimited(post, 'a post');
    });
  }

  it(`when someone guesses invitation and reset links, then after ${TOKEN_LINK_LIMIT} requests they are refused with 429`, async () => {
    const app = freshApp();
    for (let i = 0; i < TOKEN_LINK_LIMIT; i++) {
      const url = i % 2 ? `/invite/${guess()}` : `/password/reset/${guess()}`;
      const res = await supertest(app).get(url);
      assert.ok(res.status < 429, `guess ${i + 1}: ${res.status}`);
    }
    assertLimited(await supertest(app).get(`/invite/${guess()}`), 'an invitation link');
    assertLimited(await supertest(app).get(`/password/reset/${guess()}`), 'a reset link');
  });

  it(`when someone tries ${LOGIN_LIMIT} sign-ins from one address, then the next is refused with 429, right password included`, async () => {
    const app = freshApp();
    const user = await makeUser({ roles: ['panelist'] });
    const agent = supertest.agent(app);
    const page = await agent.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    for (let i = 0; i < LOGIN_LIMIT; i++) {
      const res = await agent
        .post('/login')
        .type('form')
        .send({ email: `nobody-${i}@example.org`, password: 'wrong password!', _csrf: token });
      assert.ok(res.status === 401 || res.status === 422, `attempt ${i + 1}: ${res.status}`);
    }
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD, _csrf: token });
    assertLimited(res, 'the right password');
    assert.equal((await agent.get('/')).status, 303, 'still signed out');
  });
});
