/**
 * The signed-in user every request carries (req.user, src/features/auth/passport.ts): the fields
 * requests use, read fresh on every request in the same command as the session
 * (src/features/auth/session-store.ts), or by passport itself when called without one, so that a change made through one app takes
 * effect at the next request served by another app on the same database (as two processes would).
 */
import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import supertest from 'supertest';
import type { Express } from 'express';
import type { Document } from 'mongodb';
import { createApp } from '../../src/app.js';
import { createPassport } from '../../src/features/auth/passport.js';
import { createSessionStore } from '../../src/features/auth/session-store.js';
import { User } from '../../src/features/users/user.model.js';
import { createLogger } from '../../src/lib/logger.js';
import { commandsDuring } from '../helpers/command-counter.js';
import { describePlan, executionStats, indexScan } from '../helpers/explain-plan.js';
import { loginAs, makeUser, ownRateLimitScope, postForm, useTestApp } from '../helpers/app.js';

type Stored = { id: string; epoch: number };

/** The store's collection, in the app's database beside the users (session-store.ts). */
const sessions = () => mongoose.connection.db!.collection('sessions');

function deserialize(stored: Stored): Promise<unknown> {
  const passport = createPassport();
  return new Promise((resolve, reject) =>
    passport.deserializeUser(stored, (err: unknown, user?: unknown) => (err ? reject(err) : resolve(user))),
  );
}

/** The session cookie a signed-in agent's sign-in set, to send to another app. */
function sessionCookie(setCookie: string[] | string | undefined): string {
  const found = ([] as string[])
    .concat(setCookie ?? [])
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('cit.sid='));
  assert.ok(found, 'the sign-in set a session cookie');
  return found;
}

describe('the signed-in user of a request', function () {
  this.timeout(30_000);
  const t = useTestApp();
  let other: Express;

  before(() => {
    // A second app on the same database and session secret: another process of one deployment.
    other = createApp({
      config: t.config,
      logger: createLogger('silent'),
      mailer: t.mailer,
      databaseKind: 'embedded',
      rateLimitScope: ownRateLimitScope(),
    });
  });

  it('when a session is read, then the user is a plain object with the fields requests use and no password hash', async () => {
    const user = await makeUser({ roles: ['manager'] });
    const read = (await deserialize({ id: String(user._id), epoch: 0 })) as Record<string, unknown>;
    assert.ok(!(read instanceof mongoose.Document), 'not a mongoose document');
    assert.ok(!('passwordHash' in read), 'no password hash');
    assert.equal(String(read._id), String(user._id));
    assert.equal(read.email, user.email);
    assert.equal(read.name, user.name);
    assert.deepEqual(read.roles, ['manager']);
    assert.equal(read.status, 'active');
    assert.equal(read.sessionEpoch, 0);
  });

  it('when the epoch is older, the account deactivated or unknown, then the session signs nobody in', async () => {
    const user = await makeUser();
    assert.equal(await deserialize({ id: String(user._id), epoch: 1 }), false);
    await User.updateOne({ _id: user._id }, { $set: { status: 'deactivated' } });
    assert.equal(await deserialize({ id: String(user._id), epoch: 0 }), false);
    assert.equal(await deserialize({ id: String(new mongoose.Types.ObjectId()), epoch: 0 }), false);
  });

  it('when a user was stored without sessionEpoch or roles, then they read as a document would (0, none)', async () => {
    const { insertedId } = await User.collection.insertOne({
      email: `raw-${process.pid}-${Date.now()}@example.org`,
      name: 'Stored Raw',
      status: 'active',
    });
    try {
      const read = (await deserialize({ id: String(insertedId), epoch: 0 })) as Record<string, unknown>;
      assert.equal(read.sessionEpoch, 0);
      assert.deepEqual(read.roles, []);
    } finally {
      // A record the schema would never write: other test files list every user of the shared database.
      await User.collection.deleteOne({ _id: insertedId });
    }
  });

  it("when an admin takes a manager's role away in one app, then the manager's next request to the other app is refused", async () => {
    const { agent: admin } = await loginAs(t.app, ['admin']);
    const manager = await makeUser({ roles: ['manager', 'panelist'] });
    const signIn = await postForm(
      supertest.agent(t.app),
      '/login',
      {
        email: manager.email,
        password: 'correct horse battery staple',
      },
      '/login',
    );
    assert.equal(signIn.status, 303);
    const cookie = sessionCookie(signIn.headers['set-cookie']);
    assert.equal((await supertest(other).get('/positions').set('Cookie', cookie)).status, 200);

    const url = `/admin/users/${String(manager._id)}`;
    assert.equal((await postForm(admin, `${url}/roles`, { roles: ['panelist'] }, url)).status, 303);
    assert.equal((await supertest(other).get('/positions').set('Cookie', cookie)).status, 403);
    assert.equal((await supertest(other).get('/my-interviews').set('Cookie', cookie)).status, 200);
  });

  it("when an admin deactivates a user in one app, then the user's session ends at its next request to the other app", async () => {
    const { agent: admin } = await loginAs(t.app, ['admin']);
    const user = await makeUser({ roles: ['panelist'] });
    const signIn = await postForm(
      supertest.agent(t.app),
      '/login',
      {
        email: user.email,
        password: 'correct horse battery staple',
      },
      '/login',
    );
    const cookie = sessionCookie(signIn.headers['set-cookie']);
    assert.equal((await supertest(other).get('/my-interviews').set('Cookie', cookie)).status, 200);

    const url = `/admin/users/${String(user._id)}`;
    assert.equal((await postForm(admin, `${url}/deactivate`, {}, url)).status, 303);
    const after = await supertest(other).get('/my-interviews').set('Cookie', cookie);
    assert.equal(after.status, 303);
    assert.match(String(after.headers.location), /^\/login/);
  });

  it('when a user resets their password through the other app, then the session signed in before ends at its next request to the first', async () => {
    const user = await makeUser({ roles: ['panelist'] });
    const signIn = await postForm(
      supertest.agent(t.app),
      '/login',
      { email: user.email, password: 'correct horse battery staple' },
      '/login',
    );
    const cookie = sessionCookie(signIn.headers['set-cookie']);
    assert.equal((await supertest(t.app).get('/my-interviews').set('Cookie', cookie)).status, 200);

    const guest = supertest.agent(other);
    assert.equal(
      (await postForm(guest, '/password/forgot', { email: user.email }, '/password/forgot')).status,
      303,
    );
    const mail = await t.smtp.waitFor((m) => m.to.includes(user.email) && /Reset/.test(m.subject));
    const link = /https?:\/\/[^\s/]+(\/password\/reset\/[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    assert.ok(link, mail.text);
    const reset = await postForm(
      guest,
      link,
      { password: 'a brand new password', confirm: 'a brand new password' },
      link,
    );
    assert.equal(reset.status, 303);

    const after = await supertest(t.app).get('/my-interviews').set('Cookie', cookie);
    assert.equal(after.status, 303);
    assert.match(String(after.headers.location), /^\/login/);
  });

  it('when a signed-in page is read twice, then one command reads the session and its user, both by _id (one document each), and nothing is written', async () => {
    const { agent, user } = await loginAs(t.app, ['panelist']);
    assert.equal((await agent.get('/account')).status, 200);
    const trace = await commandsDuring(async () => assert.equal((await agent.get('/account')).status, 200));
    assert.deepEqual(trace.commands, ['aggregate sessions']);

    const session = await sessions().findOne({ 'session.passport.user.id': user._id });
    assert.ok(session, "the user's session is stored, the user's id as an ObjectId");
    // The aggregate the store's get sends: the session by its _id, the user through the users' _id index.
    const store = createSessionStore({ connection: mongoose.connection, ttlSeconds: 60 });
    const plan = await sessions()
      .aggregate(store.pipelineFor(String(session._id)))
      .explain('executionStats');
    assert.equal(executionStats(plan).totalDocsExamined, 1, describePlan(plan));
    assert.equal(indexScan(plan)?.indexName, '_id_', describePlan(plan));
    const lookup = (plan.stages as Document[]).find((stage) => '$lookup' in stage);
    assert.ok(lookup, JSON.stringify(plan.stages));
    assert.deepEqual(lookup.indexesUsed, ['_id_']);
    assert.equal(Number(lookup.totalDocsExamined), 1);
    assert.equal(Number(lookup.collectionScans), 0);
  });
});
