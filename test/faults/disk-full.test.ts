/**
 * Fault drill: the disk fills up under the app (ENOSPC simulated through the journal writer's
 * test hook, src/embedded-mongo/fault-hooks.ts, on the embedded engine the test app runs on).
 * A write answers 503 "the database cannot write (disk full?)", the refused write is never
 * visible, /healthz says writable: false; once space returns the same app and engine write again
 * without a restart and /healthz says writable: true.
 */
import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { enospc, setJournalWriteFault } from '../../src/embedded-mongo/fault-hooks.js';
import { DATABASE_CANNOT_WRITE_MESSAGE } from '../../src/middleware/error-handler.js';
import { csrfToken, loginAs, uniqueEmail, useTestApp } from '../helpers/app.js';

const diskFull = () => {
  throw enospc();
};

describe('fault drill: the disk is full', function () {
  this.timeout(60_000);
  const t = useTestApp();
  before(function () {
    if (process.env.TEST_MONGODB_URI) this.skip(); // the hook is the embedded engine's
  });
  afterEach(() => setJournalWriteFault(null));

  const health = async () =>
    (await supertest(t.app).get('/healthz')).body as { writable: boolean; status: string };

  it('when a write hits a full disk, then it is a 503 saying so, nothing of it is visible, and after space returns the same write succeeds once', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    const token = await csrfToken(agent, '/admin/users');
    const email = uniqueEmail('disk-full');
    const invite = (accept: string) =>
      agent
        .post('/admin/users')
        .set('Accept', accept)
        .type('form')
        .send({ email, name: 'Disk Full', roles: 'panelist', _csrf: token });
    assert.equal((await health()).writable, true);

    setJournalWriteFault(diskFull);
    const page = await invite('text/html');
    assert.equal(page.status, 503);
    assert.ok(page.text.includes('The database cannot write right now (disk full?)'), 'the page says why');
    assert.equal(page.headers['retry-after'], '5');
    assert.ok(!/\n\s+at /.test(page.text), 'no stack trace');
    const json = await invite('application/json');
    assert.equal(json.status, 503);
    assert.deepEqual(json.body, { error: DATABASE_CANNOT_WRITE_MESSAGE });

    // Reads keep working, and the refused invitation is nowhere.
    assert.equal(await mongoose.model('User').countDocuments({ email }), 0);
    const h = await supertest(t.app).get('/healthz');
    assert.equal(h.status, 503);
    assert.equal(h.body.writable, false);

    setJournalWriteFault(null);
    const until = Date.now() + 10_000;
    while (!(await health()).writable) {
      assert.ok(Date.now() < until, '/healthz turns writable again by itself');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal((await supertest(t.app).get('/healthz')).status, 200);
    const again = await invite('text/html');
    assert.equal(again.status, 303, 'the same invitation now succeeds (no ghost, no duplicate error)');
    assert.equal(await mongoose.model('User').countDocuments({ email }), 1);
  });
});
