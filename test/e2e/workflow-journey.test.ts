/**
 * The hiring workflow as people use it (issue 17), in Chromium on one data set: a panelist finds an
 * interview in progress from My interviews after its start time and rates it; the overdue-ratings
 * reminder arrives through the test's SMTP server, leads back to the scoring page, and stops once
 * the panelist submits (after the confirmation page); the candidate's profile after the interview
 * completes; five competencies added in one save on the position form; a candidates' .csv file
 * uploaded through the browser's file field; and the schedule form showing every problem of an
 * invalid submission at once. My interviews, the confirmation page, the candidate profile and the
 * candidates page (imported, and refused) pass axe.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import supertest from 'supertest';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { Position } from '../../src/features/positions/position.model.js';
import { runScorecardReminders } from '../../src/features/scorecard-reminders/scorecard-reminders.service.js';
import { ScorecardReminder } from '../../src/features/scorecard-reminders/scorecard-reminder.model.js';
import { makeUser } from '../helpers/app.js';
import { interviewCount } from '../helpers/interview-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';
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

describeE2E(
  'Browser: My interviews, scorecard reminders, the candidate profile and forms that show every problem',
  function () {
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
      await go(manager, () =>
        manager.getByRole('link', { name: candidateName, exact: true }).first().click(),
      );
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

    it('when a manager ticks five competencies on the position form, then one save adds all five with their chosen levels', async () => {
      const tpl = await csrTemplate();
      const five = tpl.competencies.slice(0, 5);
      const page = await (await e.person()).newPage();
      await signIn(page, s.manager.user.email);
      await page.goto('/positions/new');
      const title = `Five in one save ${process.pid}`;
      await page.getByLabel('Title').fill(title);
      const add = page.locator('#f-add');
      for (const [j, c] of five.entries()) {
        await add.getByRole('checkbox', { name: c.name }).check();
        // Levels are named choices: pick the (j % 3 + 1)-th level by its value.
        await add.getByLabel(`Required level of ${c.name}`).selectOption(String((j % 3) + 1));
      }
      await go(page, () => page.getByRole('button', { name: 'Create position' }).click());

      const saved = (await Position.findOne({ title }).lean())!;
      assert.ok(saved, 'the position was created');
      assert.equal(new URL(page.url()).pathname, `/positions/${String(saved._id)}`);
      // The checklist's order (by name) decides the interview's order: compare as sets.
      const byId = (rows: [string, number, number][]) => rows.sort((x, y) => x[0].localeCompare(y[0]));
      assert.deepEqual(
        byId(saved.competencies.map((c) => [String(c.competency), c.requiredLevel, c.weight])),
        byId(five.map((c, j) => [String(c._id), (j % 3) + 1, 1])),
      );
      for (const c of five) await page.getByText(c.name).first().waitFor();
    });

    it('when a manager chooses a .csv file on the candidates page, then the browser uploads it with the form’s CSRF token and every candidate is imported; a file with a bad row lists the problem and imports nothing', async () => {
      const page = await (await e.person()).newPage();
      await signIn(page, s.manager.user.email);
      await page.goto(`/positions/${s.positionId}/candidates`);
      const file = page.getByLabel('CSV file');
      const csv = (rows: string[]) => ({
        name: 'candidates.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(['name,email,notes', ...rows].join('\r\n'), 'utf8'),
      });
      const tag = process.pid;
      await file.setInputFiles(
        csv([`Katherine Upload,kj-${tag}@example.org,`, `Dorothy Upload,dv-${tag}@example.org,Night shift`]),
      );
      await go(page, () => page.getByRole('button', { name: 'Import candidates' }).click());
      await page.getByText('Imported 2 candidates.').waitFor();
      await page.getByRole('cell', { name: 'Dorothy Upload' }).waitFor();
      await audit(page, 'workflow-04-candidates-imported');

      const before = await Candidate.countDocuments({ position: s.positionId });
      await page
        .getByLabel('CSV file')
        .setInputFiles(csv([`Mary Upload,mj-${tag}@example.org,`, `Bad Address,not-an-email,`]));
      await go(page, () => page.getByRole('button', { name: 'Import candidates' }).click());
      const summary = page.getByRole('alert');
      await summary.getByText('Nothing was imported: one problem to fix first.').waitFor();
      assert.match((await summary.locator('li').first().textContent())!, /^line 3: email: /);
      assert.equal(await Candidate.countDocuments({ position: s.positionId }), before);
      await audit(page, 'workflow-05-candidates-import-error');
    });

    it('when the schedule form has two chairs, a panelist twice and a date in the past, then one submit shows all three problems and schedules nothing', async () => {
      const [a, b] = await Promise.all([
        makeUser({ roles: ['panelist'], name: 'Duplicate Dana' }),
        makeUser({ roles: ['panelist'], name: 'Second Sam' }),
      ]);
      const page = await (await e.person()).newPage();
      await signIn(page, s.manager.user.email);
      await page.goto(`/positions/${s.positionId}/interviews`);
      const before = await interviewCount(s.positionId);

      await page.getByLabel('Candidate').selectOption({ index: 1 });
      await page.getByLabel('Panelist 1', { exact: true }).selectOption(String(a._id));
      await page.getByLabel('Role of panelist 1', { exact: true }).selectOption('chair');
      await page.getByLabel('Panelist 2', { exact: true }).selectOption(String(a._id));
      await page.getByLabel('Role of panelist 2', { exact: true }).selectOption('member');
      await page.getByLabel('Panelist 3', { exact: true }).selectOption(String(b._id));
      await page.getByLabel('Role of panelist 3', { exact: true }).selectOption('chair');
      await page.getByLabel(/^Date and time/).fill('2020-01-06T09:30');
      await page.getByLabel('Place or video link').fill('Room 2');
      await go(page, () => page.getByRole('button', { name: /^Schedule/ }).click());

      const panelError = (await page.locator('#f-panel .error-message').textContent())!;
      assert.match(panelError, /Choose exactly one chair \(you chose 2\)/);
      assert.match(panelError, /Each panelist may sit on the panel once/);
      await page.getByText('Choose a date and time in the future.').first().waitFor();
      // The user's choices are kept for the correction.
      assert.equal(await page.getByLabel('Panelist 3', { exact: true }).inputValue(), String(b._id));
      assert.equal(await interviewCount(s.positionId), before, 'nothing scheduled');
    });
  },
);
