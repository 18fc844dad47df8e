/**
 * Requests that send mail are limited per network address (issue 16: removing the limiter went
 * unnoticed): asking for a reset link, inviting a user and resending an invitation. Past the limit
 * each is refused with 429 and a clear message, and neither a message nor a user nor a link is made.
 * Each route is counted on its own app, so removing the limiter from any one of them fails its test.
 */
import assert from 'node:assert/strict';
import type { Express } from 'express';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import { OutboxMessage } from '../../src/features/outbox/outbox.model.js';
import { Token } from '../../src/features/users/token.model.js';
import { User } from '../../src/features/users/user.model.js';
import { createLogger } from '../../src/lib/logger.js';
import {
  csrfToken,
  ensureSomeUser,
  loginAs,
  makeUser,
  uniqueEmail,
  useTestApp,
  ownRateLimitScope,
} from '../helpers/app.js';
import { refusalMessage } from '../helpers/property-runner.js';

const LIMIT = 3;

describe('security: rate limits on requests that send mail', function () {
  this.timeout(60_000);
  const t = useTestApp();
  before(ensureSomeUser);

  /** A new app whose mail-sending routes allow LIMIT requests per address. */
  const limitedApp = (): Express =>
    createApp({
      config: t.config,
      logger: createLogger('silent'),
      mailer: t.mailer,
      databaseKind: 'embedded',
      rateLimits: { mailRequests: LIMIT, login: 1000, tokenLinks: 1000 },
      rateLimitScope: ownRateLimitScope(),
    });

  /** Messages queued for `to` (the outbox every message goes through before SMTP). */
  const mailTo = (to: string) => OutboxMessage.countDocuments({ to });

  function assertLimited(res: supertest.Response, what: string) {
    assert.equal(res.status, 429, `${what}: ${res.status}`);
    assert.match(refusalMessage(res), /too many/i, what);
  }

  it(`when one address asks for reset links ${LIMIT + 1} times, then the last is refused with 429 and sends nothing`, async () => {
    const app = limitedApp();
    const user = await makeUser();
    const agent = supertest.agent(app);
    const token = await csrfToken(agent, '/password/forgot');
    const ask = () => agent.post('/password/forgot').type('form').send({ email: user.email, _csrf: token });
    for (let i = 0; i < LIMIT; i++) assert.equal((await ask()).status, 303, `request ${i + 1}`);
    assert.equal(await Token.countDocuments({ user: user._id, purpose: 'reset' }), LIMIT);
    assertLimited(await ask(), 'the next request');
    assert.equal(await Token.countDocuments({ user: user._id, purpose: 'reset' }), LIMIT);
    assert.equal(await mailTo(user.email), LIMIT);
  });

  it(`when an admin invites ${LIMIT + 1} users from one address, then the last is refused with 429: no user, no mail`, async () => {
    const app = limitedApp();
    const { agent } = await loginAs(app, ['admin']);
    const token = await csrfToken(agent, '/admin/users/new');
    const emails = Array.from({ length: LIMIT + 1 }, () => uniqueEmail('limited'));
    const invite = (email: string) =>
      agent
        .post('/admin/users')
        .type('form')
        .send({ name: 'Limited', email, roles: 'panelist', _csrf: token });
    for (let i = 0; i < LIMIT; i++)
      assert.equal((await invite(emails[i])).status, 303, `invitation ${i + 1}`);
    assertLimited(await invite(emails[LIMIT]), 'the next invitation');
    assert.equal(await User.countDocuments({ email: emails[LIMIT] }), 0);
    assert.equal(await mailTo(emails[LIMIT]), 0);
    assert.equal(await mailTo(emails[0]), 1);
  });

  it(`when an admin resends an invitation ${LIMIT + 1} times from one address, then the last is refused with 429: no new link, no mail`, async () => {
    const app = limitedApp();
    const { agent } = await loginAs(app, ['admin']);
    const invited = await makeUser({ status: 'invited' });
    const token = await csrfToken(agent, `/admin/users/${invited._id}`);
    const resend = () =>
      agent.post(`/admin/users/${invited._id}/resend-invite`).type('form').send({ _csrf: token });
    for (let i = 0; i < LIMIT; i++) assert.equal((await resend()).status, 303, `resend ${i + 1}`);
    assertLimited(await resend(), 'the next resend');
    assert.equal(await Token.countDocuments({ user: invited._id, purpose: 'invite' }), LIMIT);
    assert.equal(await mailTo(invited.email), LIMIT);
  });
});
