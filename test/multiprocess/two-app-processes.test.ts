/**
 * Two real app processes on one database (issue 18): the chair watches the board on one, a
 * panelist saves on the other, and the event arrives; a rate limit counts requests to both. The
 * processes run with APP_ROLE=web (as a cluster's workers do): this test process made the data,
 * and the users sign in on the processes themselves.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import supertest from 'supertest';
import {
  csrfToken,
  ensureSomeUser,
  login,
  makeUser,
  TEST_PASSWORD,
  testServerUri,
  useTestApp,
} from '../helpers/app.js';
import { startAppProcess, type AppProcess } from '../helpers/app-process.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  ratingUrl,
  scheduleScoredInterview,
  SCORING_RATE_LIMITS,
  type ScoredInterview,
} from '../helpers/scoring-factories.js';
import { cookieOf, openStream } from '../helpers/sse.js';

/** The test database's URI with its name, for the child processes. */
function databaseUri(): string {
  const [servers, query] = testServerUri().split('?');
  return `${servers.replace(/\/+$/, '')}/${mongoose.connection.name}${query ? `?${query}` : ''}`;
}

describe('two app processes on one database', function () {
  this.timeout(30_000);
  const t = useTestApp({ rateLimits: SCORING_RATE_LIMITS });
  let one: AppProcess;
  let two: AppProcess;
  let s: ScoredInterview;
  let dataDir: string;

  before(async function () {
    this.timeout(240_000); // two cold starts through tsx: seconds in CI, minutes on a saturated machine
    await ensureSomeUser();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-procs-'));
    const env = (name: string) => ({
      NODE_ENV: 'test',
      APP_ROLE: 'web',
      LOG_LEVEL: 'info',
      MONGODB_URI: databaseUri(),
      DATA_DIR: path.join(dataDir, name),
      // The sessions made through this process's app are valid in both.
      SESSION_SECRET: t.config.sessionSecret,
      BASE_URL: t.config.baseUrl,
    });
    // The processes start while the data is made.
    const starting = Promise.all([
      startAppProcess(env('one'), 200_000),
      startAppProcess(env('two'), 200_000),
    ]);
    starting.catch(() => undefined);
    await csrTemplate();
    s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
    [one, two] = await starting;
  });
  after(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A user signed in on one of the processes (its session works on the other: one database). */
  const signedInOn = async (proc: AppProcess, email: string) => {
    const agent = supertest.agent(proc.base);
    const res = await login(agent, email, TEST_PASSWORD);
    assert.equal(res.status, 303, `sign-in on ${proc.base}: ${res.status}`);
    return agent;
  };

  /** A panelist's autosave, sent to a given process with the agent's session. */
  const saveOn = async (proc: AppProcess, agent: supertest.Agent, sectionId: string, body: object) => {
    const token = await csrfToken(agent, '/');
    return supertest(proc.base)
      .post(ratingUrl(s.interviewId, sectionId))
      .set('Cookie', cookieOf(agent))
      .set('X-CSRF-Token', token)
      .set('Accept', 'application/json')
      .send(body);
  };

  it('when the chair watches on one process and a panelist saves on the other, then the chair gets the event once, and can resume on either', async () => {
    const chair = await signedInOn(one, s.panel[0].user.email);
    const member = await signedInOn(two, s.panel[1].user.email);
    const memberId = String(s.panel[1].user._id);
    const events = `/interviews/${s.interviewId}/events`;
    const stream = await openStream(one.base, events, cookieOf(chair));
    try {
      assert.equal(stream.status, 200);
      const saved = await saveOn(two, member, s.sections[0].id, { value: 4, note: 'Clear example' });
      assert.equal(saved.status, 200, saved.text);
      const progress = await stream.waitFor(
        (e) => e.event === 'progress' && e.json.section === s.sections[0].id,
        10_000,
      );
      assert.equal(progress.json.panelist, memberId);
      assert.equal(progress.json.rated, true);
      assert.ok(!stream.events.some((e) => e.event === 'saved'), 'the panelist’s own save stays theirs');
      // A while longer: the event is not delivered again.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(stream.events.filter((e) => e.id === progress.id).length, 1);

      // A save while the chair is away, then the chair reconnects to the other process.
      stream.close();
      const away = await saveOn(one, member, s.sections[1].id, { value: 2 });
      assert.equal(away.status, 200, away.text);
      const resumed = await openStream(two.base, events, cookieOf(chair), { 'Last-Event-ID': progress.id! });
      try {
        const missed = await resumed.waitFor((e) => e.event === 'progress', 10_000);
        assert.equal(missed.json.section, s.sections[1].id);
        assert.ok(!resumed.events.some((e) => e.event === 'reset'));
      } finally {
        resumed.close();
      }
      // The engine has change streams: the processes learnt of each other's events through them
      // (a standalone MongoDB under TEST_MONGODB_URI has none, and they poll).
      if (!process.env.TEST_MONGODB_URI) {
        for (const proc of [one, two])
          assert.match(proc.output(), /live events: other processes’ events arrive through a change stream/);
      }
    } finally {
      stream.close();
    }
  });

  it('when one address asks for reset links on both processes, then the limit (20 per 15 minutes) counts both', async () => {
    const agents = [supertest.agent(one.base), supertest.agent(two.base)];
    const tokens = await Promise.all(agents.map((a) => csrfToken(a, '/password/forgot')));
    const ask = (i: number) =>
      agents[i % 2]
        .post('/password/forgot')
        .type('form')
        .send({ email: 'nobody-here@example.org', _csrf: tokens[i % 2] });
    for (let i = 0; i < 20; i++) assert.equal((await ask(i)).status, 303, `request ${i + 1}`);
    // 10 on each: a count per process would allow 10 more on each.
    assert.equal((await ask(20)).status, 429);
    assert.equal((await ask(21)).status, 429);
  });

  it('when an admin deactivates a panelist on one process, then the panelist’s stream on the other ends before the next event', async () => {
    const [chairSeat, memberSeat] = s.panel;
    const admin = await makeUser({ roles: ['admin'] });
    const adminOnTwo = await signedInOn(two, admin.email);
    const member = await signedInOn(one, memberSeat.user.email);
    const chair = await signedInOn(two, chairSeat.user.email);
    const stream = await openStream(one.base, `/interviews/${s.interviewId}/events`, cookieOf(member));
    try {
      assert.equal(stream.status, 200);
      const before = await saveOn(two, chair, s.sections[0].id, { value: 3 });
      assert.equal(before.status, 200, before.text);
      await stream.waitFor(
        (e) => e.event === 'progress' && e.json.panelist === String(chairSeat.user._id),
        10_000,
      );
      const seen = stream.events.length;

      const token = await csrfToken(adminOnTwo, `/admin/users/${memberSeat.user._id}`);
      const off = await adminOnTwo
        .post(`/admin/users/${memberSeat.user._id}/deactivate`)
        .type('form')
        .send({ _csrf: token });
      assert.equal(off.status, 303, off.text.slice(0, 300));
      const after = await saveOn(two, chair, s.sections[1].id, { value: 2 });
      assert.equal(after.status, 200, after.text);
      // Ended by the access marker, not by the heartbeat 15 s later.
      await Promise.race([
        stream.ended,
        new Promise((_, fail) => setTimeout(() => fail(new Error('the stream stayed open')), 10_000)),
      ]);
      assert.equal(stream.events.length, seen, 'nothing delivered after the deactivation');
    } finally {
      stream.close();
    }
  });
});
