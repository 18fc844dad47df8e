import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { runScorecardReminders } from '../../src/features/scorecard-reminders/scorecard-reminders.service.js';
import { ScorecardReminder } from '../../src/features/scorecard-reminders/scorecard-reminder.model.js';
import { loadConfig } from '../../src/config/env.js';
import { useTestApp } from '../helpers/app.js';
import {
  rateAndSubmit,
  scheduleScoredInterview,
  SCORING_RATE_LIMITS,
  tokenOf,
  type ScoredInterview,
} from '../helpers/scoring-factories.js';

const HOUR = 3_600_000;

describe('scorecard reminders: overdue ratings are chased by mail until submitted, and the chair can nudge', function () {
  this.timeout(60_000);
  const t = useTestApp({ rateLimits: SCORING_RATE_LIMITS });
  let s: ScoredInterview;
  let start: number;
  const deps = () => ({ mailer: t.mailer, config: t.config });
  // Other test files' interviews share the database, so count this interview's reminders only.
  const sentHere = async () =>
    (await ScorecardReminder.find({ interview: s.interviewId }).lean()).reduce((n, r) => n + r.sent, 0);
  const pass = async (at: number) => {
    const before = await sentHere();
    await runScorecardReminders(deps(), new Date(at));
    return (await sentHere()) - before;
  };
  const mailsTo = (email: string, subject = 'are awaited') =>
    t.smtp.received.filter((m) => m.to.includes(email) && m.subject.includes(subject));
  const waitForMails = async (email: string, n: number) => {
    const deadline = Date.now() + 10_000;
    while (mailsTo(email).length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return mailsTo(email);
  };

  before(async () => {
    s = await scheduleScoredInterview(t.app, { panelists: 3, competencies: 2 });
    start = Date.now() - HOUR;
    await Interview.updateOne({ _id: s.interviewId }, { $set: { scheduledAt: new Date(start) } });
  });

  it('when SCORECARD_REMINDER_HOURS is set, then the configuration reads it as ascending hours, defaulting to 24 and 72, and refuses other text', () => {
    assert.deepEqual(
      loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(32) }).scorecards.reminderHours,
      [24, 72],
    );
    const c = loadConfig({
      NODE_ENV: 'test',
      SESSION_SECRET: 'x'.repeat(32),
      SCORECARD_REMINDER_HOURS: '48, 6',
    });
    assert.deepEqual(c.scorecards.reminderHours, [6, 48]);
    assert.throws(
      () =>
        loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(32), SCORECARD_REMINDER_HOURS: 'daily' }),
      /SCORECARD_REMINDER_HOURS: must be hours after the interview/,
    );
  });

  it('when fewer than 24 hours have passed, then nobody is reminded', async () => {
    assert.equal(await pass(start + 23 * HOUR), 0);
  });

  it('when 24 hours have passed, then each panelist who has not submitted gets one reminder through SMTP with the scoring link, once', async () => {
    assert.equal(await pass(start + 25 * HOUR), 3);
    assert.equal(await pass(start + 26 * HOUR), 0, 'not sent twice');
    for (const seat of s.panel) {
      const [mail] = await waitForMails(seat.user.email, 1);
      assert.ok(mail, `a reminder reached ${seat.user.email}`);
      assert.ok(mail.text.includes(`/interviews/${s.interviewId}/score`));
      assert.ok(mail.text.includes('your ratings have not been submitted'));
    }
  });

  it('when a panelist submits, then the later reminder at 72 hours skips them and reaches the others', async () => {
    await rateAndSubmit(s, [s.panel[0]]);
    // The second reminder: `sent` goes from 1 to 2 for each of the two still to submit.
    assert.equal(await pass(start + 73 * HOUR), 2);
    assert.equal((await waitForMails(s.panel[1].user.email, 2)).length, 2);
    assert.equal((await waitForMails(s.panel[2].user.email, 2)).length, 2);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(mailsTo(s.panel[0].user.email).length, 1, 'the submitted panelist got no second reminder');
  });

  it('when a member or an anonymous visitor nudges, or the chair sends fields, then it is refused and nobody is mailed', async () => {
    const url = `/interviews/${s.interviewId}/nudge`;
    const member = s.panel[1].agent;
    const byMember = await member
      .post(url)
      .type('form')
      .send({ _csrf: await tokenOf(member) });
    assert.equal(byMember.status, 403);
    assert.match(byMember.text, /Only the chair/);
    const anonymous = await supertest(t.app).post(url).type('form').send({});
    assert.ok([303, 401, 403].includes(anonymous.status), `anonymous answered ${anonymous.status}`);
    const chair = s.panel[0].agent;
    const withField = await chair
      .post(url)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: await tokenOf(chair), to: 'everyone' });
    assert.equal(withField.status, 422);
    assert.match(withField.body.error ?? withField.text, /unknown: to/);
    const withoutToken = await chair.post(url).type('form').send({});
    assert.equal(withoutToken.status, 403);
    assert.equal(
      await ScorecardReminder.countDocuments({ interview: s.interviewId, 'nudges.0': { $exists: true } }),
      0,
    );
  });

  it('when the chair nudges, then the panelists who have not submitted are mailed at once, and a second nudge within the hour is refused', async () => {
    const chair = s.panel[0].agent;
    const url = `/interviews/${s.interviewId}/nudge`;
    const board = await chair.get(`/interviews/${s.interviewId}/board`);
    assert.ok(board.text.includes(`action="${url}"`), 'the board shows the chair the nudge button');
    const res = await chair
      .post(url)
      .type('form')
      .send({ _csrf: await tokenOf(chair) });
    assert.equal(res.status, 303);
    for (const i of [1, 2]) {
      const nudges = await (async () => {
        const deadline = Date.now() + 10_000;
        let got = mailsTo(s.panel[i].user.email, 'are awaited').filter((m) =>
          m.text.includes('chairs the panel'),
        );
        while (!got.length && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 50));
          got = mailsTo(s.panel[i].user.email, 'are awaited').filter((m) =>
            m.text.includes('chairs the panel'),
          );
        }
        return got;
      })();
      assert.equal(nudges.length, 1);
    }
    const again = await chair
      .post(url)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: await tokenOf(chair) });
    assert.equal(again.status, 429);
    assert.match(again.body.error ?? again.text, /nudge again an hour after/);
  });

  it('when everyone has submitted, then no reminder goes out and a nudge is refused as having nobody to nudge', async () => {
    await rateAndSubmit(s, [s.panel[1], s.panel[2]]);
    assert.equal(await pass(start + 200 * HOUR), 0);
    const chair = s.panel[0].agent;
    const res = await chair
      .post(`/interviews/${s.interviewId}/nudge`)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: await tokenOf(chair) });
    assert.equal(res.status, 409);
  });
});
