/**
 * The session store (src/features/auth/session-store.ts) reads a session and its signed-in user in
 * one command. What it reads must still be what it was: only the signed-in fields, nobody for a
 * deleted user or an expired session, and a stored session it cannot use (malformed, or stored as
 * a JSON string by an earlier version) must sign the browser out or still work, never answer 500.
 */
import assert from 'node:assert/strict';
import type { Request } from 'express';
import type { SessionData } from 'express-session';
import mongoose from 'mongoose';
import type { Document } from 'mongodb';
import { createPassport } from '../../src/features/auth/passport.js';
import { createSessionStore, takeUserReadWithSession } from '../../src/features/auth/session-store.js';
import { SIGNED_IN_FIELDS, User } from '../../src/features/users/user.model.js';
import { loginAs, uniqueEmail, useTestApp } from '../helpers/app.js';
import { commandsDuring } from '../helpers/command-counter.js';

const sessions = () => mongoose.connection.db!.collection<Document>('sessions');

/** The stored session of a user who just signed in (the store keeps the id as an ObjectId). */
async function storedSessionOf(userId: unknown): Promise<Document> {
  const doc = await sessions().findOne({ 'session.passport.user.id': userId });
  assert.ok(doc, "the user's session is stored");
  return doc;
}

describe('the session store: the session and its user in one read', function () {
  this.timeout(30_000);
  const t = useTestApp();
  const store = () => createSessionStore({ connection: mongoose.connection, ttlSeconds: 60 });

  /** What express-session does with a stored session: get it, then inflate it onto the request. */
  async function inflate(sid: string): Promise<{ req: Request; session: SessionData | null }> {
    const s = store();
    const session = await new Promise<SessionData | null>((resolve, reject) =>
      s.get(sid, (err, found) => (err ? reject(err as Error) : resolve(found ?? null))),
    );
    const req = {} as Request;
    if (session) s.createSession(req, session);
    return { req, session };
  }

  async function expectSignedOut(agent: {
    get(url: string): PromiseLike<{ status: number; headers: Document }>;
  }) {
    const res = await agent.get('/account');
    assert.equal(res.status, 303, `answered ${res.status}`);
    assert.match(String(res.headers.location), /^\/login/);
  }

  it('when a session is read, then its user comes with it, with exactly the signed-in fields, taken once', async () => {
    const { user } = await loginAs(t.app, ['manager']);
    await User.updateOne({ _id: user._id }, { $set: { timeZone: 'Europe/Paris' } });
    const stored = await storedSessionOf(user._id);

    const { req, session } = await inflate(String(stored._id));

    assert.ok(session?.cookie, 'the session is inflated with its cookie');
    const read = takeUserReadWithSession(req);
    assert.ok(read?.user, 'the user was read with the session');
    assert.deepEqual(Object.keys(read.user).sort(), SIGNED_IN_FIELDS.split(' ').sort());
    assert.equal(String(read.user._id), String(user._id));
    assert.equal(read.user.timeZone, 'Europe/Paris');
    assert.equal(takeUserReadWithSession(req), undefined, 'passport takes it once');
  });

  it('when the user of a session was stored without sessionEpoch or roles, then passport signs them in from the read, with no command of its own', async () => {
    const { insertedId } = await User.collection.insertOne({
      email: uniqueEmail('raw'),
      name: 'Stored Raw',
      status: 'active',
    });
    try {
      const { user } = await loginAs(t.app, ['panelist']);
      const stored = await storedSessionOf(user._id);
      const passportUser = { id: insertedId, epoch: 0 };
      await sessions().updateOne({ _id: stored._id }, { $set: { 'session.passport.user': passportUser } });
      const { req } = await inflate(String(stored._id));

      let signedIn: Document | false = false;
      const trace = await commandsDuring(async () => {
        signedIn = await new Promise<Document | false>((resolve, reject) =>
          createPassport().deserializeUser(passportUser, req, (err: unknown, u?: unknown) =>
            err ? reject(err as Error) : resolve(u as Document | false),
          ),
        );
      });
      assert.deepEqual(trace.commands, []);
      assert.ok(signedIn, 'signed in');
      assert.equal((signedIn as Document).sessionEpoch, 0);
      assert.deepEqual((signedIn as Document).roles, []);
    } finally {
      // A record the schema would never write: other test files list every user of the shared database.
      await User.collection.deleteOne({ _id: insertedId });
    }
  });

  it('when the user of a session was deleted, then the next request signs nobody in, with no read of its own', async () => {
    const { agent, user } = await loginAs(t.app, ['panelist']);
    assert.equal((await agent.get('/account')).status, 200); // shows (and so removes) the welcome flash
    await User.deleteOne({ _id: user._id });

    const trace = await commandsDuring(() => expectSignedOut(agent));

    // The read, then passport's removal of the user from the session (written back).
    assert.deepEqual(trace.commands, ['aggregate sessions', 'update sessions']);
  });

  it('when a session has expired, then the next request signs nobody in', async () => {
    const { agent, user } = await loginAs(t.app, ['panelist']);
    const stored = await storedSessionOf(user._id);
    await sessions().updateOne({ _id: stored._id }, { $set: { expires: new Date(Date.now() - 1000) } });

    await expectSignedOut(agent);
  });

  it('when a stored session is malformed, then its browser is signed out, never answered 500', async () => {
    const { agent, user } = await loginAs(t.app, ['panelist']);
    const original = await storedSessionOf(user._id);
    const withPassport = (passport: unknown) => ({ ...original.session, passport });
    const malformed: [string, unknown][] = [
      ['a string that is not JSON', '{"cookie": '],
      ['a number', 42],
      ['null', null],
      ['an array', [original.session]],
      ['no cookie', { passport: original.session.passport }],
      ['a cookie that is not an object', { ...original.session, cookie: 'yes' }],
      ['a user id that is not an id', withPassport({ user: { id: 'nope', epoch: 0 } })],
      ['a user id of the wrong type', withPassport({ user: { id: 42, epoch: 0 } })],
      ['a user that is a string', withPassport({ user: String(user._id) })],
    ];
    for (const [what, session] of malformed) {
      await sessions().replaceOne({ _id: original._id }, { ...original, session });
      await expectSignedOut(agent).catch((e: Error) => assert.fail(`${what}: ${e.message}`));
    }
  });

  // As connect-mongo stored sessions with `stringify` on: the whole session as JSON, the id a string;
  // and such a session written back as an object before its id was rewritten.
  const earlierForms: [string, (session: Document) => unknown][] = [
    ['a JSON string', (session) => JSON.stringify(session)],
    ['an object holding the id as a string', (session) => JSON.parse(JSON.stringify(session)) as unknown],
  ];
  for (const [form, earlier] of earlierForms)
    it(`when a session was stored by an earlier version as ${form}, then it still signs its user in, is rewritten once to be read in one command, and ends when the account is deactivated`, async () => {
      const { agent, user } = await loginAs(t.app, ['panelist']);
      assert.equal((await agent.get('/account')).status, 200); // shows (and so removes) the welcome flash
      const original = await storedSessionOf(user._id);
      const legacy = earlier(original.session);
      const text = typeof legacy === 'string' ? legacy : JSON.stringify(legacy);
      assert.match(text, new RegExp(`"id":"${String(user._id)}"`));
      await sessions().replaceOne({ _id: original._id }, { ...original, session: legacy });

      const first = await commandsDuring(async () => assert.equal((await agent.get('/account')).status, 200));
      // The store could not join the user through a string: passport reads it, and the session is
      // written back with the id as an ObjectId, once (then touched: connect-mongo's set forgets
      // when it was last written, so the rolling expiry is written too).
      assert.deepEqual(first.commands, [
        'aggregate sessions',
        'find users',
        'update sessions',
        'update sessions',
      ]);
      const second = await commandsDuring(async () =>
        assert.equal((await agent.get('/account')).status, 200),
      );
      assert.deepEqual(second.commands, ['aggregate sessions']);

      await User.updateOne({ _id: user._id }, { $set: { status: 'deactivated' }, $inc: { sessionEpoch: 1 } });
      await expectSignedOut(agent);
    });
});
