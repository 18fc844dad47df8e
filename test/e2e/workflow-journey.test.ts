/**
 * The hiring workflow as people use it (issue 17), in Chromium on one interview: a panelist finds
 * it in progress from My interviews after its start time and rates it; the overdue-ratings reminder
 * arrives through the test's SMTP server, leads back to the scoring page, and stops once the
 * panelist submits (after the confirmation page); the candidate's profile once the interview
 * completes. My interviews, the confirmation page and the candidate profile pass axe. The forms of
 * the same issue are in workflow-forms.test.ts.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import supertest from 'supertest';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { runScorecardReminders } from '../../src/features/scorecard-reminders/scorecard-reminders.service.js';
import { ScorecardReminder } from '../../src/features/scorecard-reminders/scorecard-reminder.model.js';
import type { ReceivedMail } from '../helpers/smtp.js';
import {
  rateAndSubmit,
  scheduleScoredInterview,
  tokenOf,
  type ScoredInterview,
} from '../helpers/scoring-factories.js';
import { describeE2E } from './helpers/browser.js';
import { signIn, useE2E } from './helpers/e2e-app.js';
import { audit } from './helpers/look.js';
import { rateSection, sectionsOf, shownRatings } from './helpers/scoring.js';

const HOUR = 3_600_000;

async function go(page: Page, click: () => Promise<unknown>) {
  await Promise.all([page.waitForEvent('load'), click()]);
}

async function postJson(agent: supertest.Agent, url: string, body: object) {
  return agent
    .post(url)
    .set('Accept', 'application/json')
    .set('X-CSRF-Token', await tokenOf(agent))
    .send(body);
}

describeE2E('Browser: My interviews, scorecard reminders and the candidate profile', function () {
  this.timeout(300_000);
  const e = useE2E();
  let s: ScoredInterview;
  let start: number;
  let member: Page;
  const candidateName = `Grace Workflow ${process.pid}`;
  const reminders = () => ({ mailer: e.t.mailer, config: e.t.config });
  const isReminderTo = (email: string) => (m: ReceivedMail) =>
    m.to.includes(email) && m.subject.includes('are awaited');
  const remindersTo = (email: string) => e.t.smtp.received.filter(isReminderTo(email));

  before(async function () {
    this.timeout(120_000);
    s = await scheduleScoredInterview(e.t.app, {
      panelists: 2,
      competencies: 2,
      candidate: candidateName,
    });
    // The interview began an hour ago: it is in progress, no longer "upcoming".
    start = Date.now() - HOUR;
    await Interview.updateOne({ _id: s.interviewId }, { $set: { scheduledAt: new Date(start) } });
    member = await (await e.person()).newPage();
    await signIn(member, s.panel[1].user.email);
  });

  it('when a panelist opens My interviews from the navigation after the start time, then the interview is under "To score" and its link opens the scoring page, where they rate', async () => {
    await go(member, () =>
      member.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My interviews' }).click(),
    );
    assert.equal(new URL(member.url()).pathname, '/my-interviews');
    const toScore = member.locator('section', {
      has: member.getByRole('heading', { name: /^To score/ }),
    });
    const row = toScore.getByRole('row', { name: new RegExp(candidateName) });
    await row.waitFor();
    assert.match((await row.textContent())!, /Panel member/);
    await audit(member, 'workflow-01-my-interviews');

    await go(member, () => row.getByRole('link', { name: `Score (${candidateName})` }).click());
    assert.equal(new URL(member.url()).pathname, `/interviews/${s.interviewId}/score`);
    assert.equal(await sectionsOf(member).count(), 2);
    await rateSection(member, 0, 3, 'Described the backlog, the triage she set up and the result.');
    await rateSection(
      member,
      1,
      4,
      'Explained a policy change to an upset caller and checked it was understood.',
    );
  });

  it('when the ratings are overdue, then the reminder arrives by SMTP with the scoring link, and after the panelist submits (confirming first) no further reminder reaches them', async () => {
    const memberEmail = s.panel[1].user.email;
    const chairEmail = s.panel[0].user.email;

    // A pass 25 hours after the start (the first of 24 and 72): both panelists are overdue.
    await runScorecardReminders(reminders(), new Date(start + 25 * HOUR));
    const mail = await e.t.smtp.waitFor(isReminderTo(memberEmail));
    assert.equal(
      mail.subject,
      `Reminder: your ratings for ${candidateName} (Customer Service Representative) are awaited`,
    );
    const link = /Rate and submit here: (\S+)/.exec(mail.text)?.[1];
    assert.ok(link, mail.text);
    assert.equal(new URL(link).pathname, `/interviews/${s.interviewId}/score`);

    // The link leads back to the ratings saved earlier; submitting asks for confirmation first.
    await member.goto(new URL(link).pathname);
    assert.deepEqual(
      (await shownRatings(member)).map((r) => r.value),
      ['3', '4'],
    );
    await go(member, () => member.getByRole('button', { name: 'Submit my ratings' }).click());
    await member.getByRole('button', { name: 'Yes, submit and lock my ratings' }).waitFor();
    await audit(member, 'workflow-02-confirm-submit');
    await go(member, () => member.getByRole('button', { name: 'Yes, submit and lock my ratings' }).click());
    await member.locator('#scoring-done').waitFor();

    // The 72-hour pass reminds the chair, who has not submitted, and not the member, who has.
    await runScorecardReminders(reminders(), new Date(start + 73 * HOUR));
    await e.t.smtp.waitFor(() => remindersTo(chairEmail).length === 2);
    await e.t.mailer.deliverDue();
    assert.equal(remindersTo(memberEmail).length, 1, 'one reminder, none after submitting');
    const memberRecord = await ScorecardReminder.findOne({
      interview: s.interviewId,
      user: s.panel[1].user._id,
    }).lean();
    assert.equal(memberRecord?.sent, 1);
  });

  it('when the interview completes, then the candidate profile shows it complete with its consensus, the recommendation, the weighted total and the stage "Interviewed"', async () => {
    // The chair submits, records the consensus and the recommendation; both sign off.
    await rateAndSubmit(s, [s.panel[0]], 4);
    const board = `/interviews/${s.interviewId}/board`;
    const chair = s.panel[0].agent;
    for (const [i, sec] of s.sections.entries()) {
      const res = await postJson(chair, `${board}/consensus/${sec.id}`, {
        value: 3 + i,
        rationale: 'Agreed after discussing the evidence.',
      });
      assert.equal(res.status, 200, res.text);
    }
    const rec = await postJson(chair, `${board}/recommendation`, {
      value: 'recommended',
      rationale: 'Solid on both competencies.',
    });
    assert.equal(rec.status, 200, rec.text);
    const rev = (await Interview.findById(s.interviewId).lean())!.consensusRev;
    for (const seat of s.panel) {
      const res = await postJson(seat.agent, `${board}/sign-off`, { consensusRev: rev });
      assert.equal(res.status, 200, res.text);
    }

    // The hiring manager opens the candidate from the position's candidates.
    const manager = await (await e.person()).newPage();
    await signIn(manager, s.manager.user.email);
    await manager.goto(`/positions/${s.positionId}/candidates`);
    await go(manager, () => manager.getByRole('link', { name: candidateName, exact: true }).first().click());
    assert.equal(new URL(manager.url()).pathname, `/positions/${s.positionId}/candidates/${s.candidateId}`);

    const interview = manager.locator('article.profile-interview');
    assert.match((await interview.getByRole('heading').textContent())!, /: Complete$/);
    assert.match((await interview.textContent())!, /2 of 2 panelists submitted/);
    assert.match((await interview.textContent())!, /Recommendation:\s*Recommended/);
    for (const [i, sec] of s.sections.entries())
      await interview.getByText(`${sec.competencyName}: ${3 + i} (`).waitFor();
    // Equal weights: (3 + 4) / 2 on a 5-point scale.
    assert.match(
      (await manager.locator('.standing').textContent())!,
      /Weighted total 3\.5 of 5 \(70%\), ranked 1 of 1/,
    );
    await manager.getByRole('cell', { name: 'Interviewed', exact: true }).first().waitFor();
    assert.equal((await Candidate.findById(s.candidateId).lean())!.stage, 'interviewed');
    await audit(manager, 'workflow-03-candidate-profile');
  });
});
