/**
 * Forms that respect people's time (issue 17), in Chromium on one position: five competencies
 * ticked and added in one save on the position form; a candidates' .csv file uploaded through the
 * browser's file field (with the multipart form's CSRF token), and a bad one refused with its line;
 * the schedule form showing two chairs, a duplicate panelist and a past date together. The
 * candidates page passes axe after the import and after the refusal.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { Position } from '../../src/features/positions/position.model.js';
import type { UserDoc } from '../../src/features/users/user.model.js';
import { loginAs, makeUser } from '../helpers/app.js';
import { interviewCount, positionReady } from '../helpers/interview-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';
import { describeE2E } from './helpers/browser.js';
import { signIn, useE2E } from './helpers/e2e-app.js';
import { audit } from './helpers/look.js';

async function go(page: Page, click: () => Promise<unknown>) {
  await Promise.all([page.waitForEvent('load'), click()]);
}

describeE2E(
  'Browser: several competencies in one save, a CSV file upload, every schedule problem at once',
  function () {
    this.timeout(300_000);
    const e = useE2E();
    let manager: UserDoc;
    let positionId: string;

    before(async function () {
      this.timeout(120_000);
      const m = await loginAs(e.t.app, ['manager']);
      manager = m.user;
      ({ positionId } = await positionReady(m.agent, { candidate: `Schedule Candidate ${process.pid}` }));
    });

    it('when a manager ticks five competencies on the position form, then one save adds all five with their chosen levels', async () => {
      const tpl = await csrTemplate();
      const five = tpl.competencies.slice(0, 5);
      const page = await (await e.person()).newPage();
      await signIn(page, manager.email);
      await page.goto('/positions/new');
      const title = `Five in one save ${process.pid}`;
      await page.getByLabel('Title').fill(title);
      const add = page.locator('#f-add');
      for (const [j, c] of five.entries()) {
        // By value: the shared test database may hold other competencies whose names start alike.
        const box = add.locator(`input[type=checkbox][value="${String(c._id)}"]`);
        await box.check();
        // Levels are named choices: pick the (j % 3 + 1)-th level by its value (the row's select).
        const levelId = `${await box.getAttribute('id')}-level`;
        const label = await add.locator(`label[for="${levelId}"]`).textContent();
        assert.equal(label?.trim(), `Required level of ${c.name}`);
        await add.locator(`#${levelId}`).selectOption(String((j % 3) + 1));
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
      await signIn(page, manager.email);
      await page.goto(`/positions/${positionId}/candidates`);
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

      const before = await Candidate.countDocuments({ position: positionId });
      await page
        .getByLabel('CSV file')
        .setInputFiles(csv([`Mary Upload,mj-${tag}@example.org,`, `Bad Address,not-an-email,`]));
      await go(page, () => page.getByRole('button', { name: 'Import candidates' }).click());
      const summary = page.getByRole('alert');
      await summary.getByText('Nothing was imported: one problem to fix first.').waitFor();
      assert.match((await summary.locator('li').first().textContent())!, /^line 3: email: /);
      assert.equal(await Candidate.countDocuments({ position: positionId }), before);
      await audit(page, 'workflow-05-candidates-import-error');
    });

    it('when the schedule form has two chairs, a panelist twice and a date in the past, then one submit shows all three problems and schedules nothing', async () => {
      const [a, b] = await Promise.all([
        makeUser({ roles: ['panelist'], name: 'Duplicate Dana' }),
        makeUser({ roles: ['panelist'], name: 'Second Sam' }),
      ]);
      const page = await (await e.person()).newPage();
      await signIn(page, manager.email);
      await page.goto(`/positions/${positionId}/interviews`);
      const before = await interviewCount(positionId);

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
      await page
        .getByText(/^Choose a date and time in the future \(it is now /)
        .first()
        .waitFor();
      // The user's choices are kept for the correction.
      assert.equal(await page.getByLabel('Panelist 3', { exact: true }).inputValue(), String(b._id));
      assert.equal(await interviewCount(positionId), before, 'nothing scheduled');
    });
  },
);
