/**
 * The hiring manager in a real browser: a position from the CSR class 1230 template, questions
 * generated and approved in the bank, the guide built and published, a candidate, an interview.
 * Every page on the way passes axe (WCAG 2.1 A/AA) and is saved as a screenshot.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { makeUser } from '../helpers/app.js';
import { csrTemplate } from '../helpers/position-factories.js';
import { describeE2E } from './helpers/browser.js';
import { signIn, useE2E } from './helpers/e2e-app.js';
import { audit } from './helpers/look.js';

/** Clicks and waits for the page it leads to (a link or a plain form's post/redirect/get). */
async function go(page: Page, click: () => Promise<void>) {
  await Promise.all([page.waitForEvent('load'), click()]);
}

describeE2E('Browser: the hiring manager’s journey', function () {
  this.timeout(240_000);
  const e = useE2E();

  it('when a manager builds a position, its questions, guide, candidate and interview in the browser, then every step shows and every page is accessible', async () => {
    // Arrange: the accounts and the seeded library (no pages create those).
    await csrTemplate();
    const manager = await makeUser({ roles: ['manager'], name: 'Maya Manager' });
    const chair = await makeUser({ roles: ['panelist'], name: 'Chris Chair' });
    const member = await makeUser({ roles: ['panelist'], name: 'Pat Member' });
    const page = await (await e.person()).newPage();

    await page.goto('/login');
    await audit(page, 'manager-00-sign-in');
    await signIn(page, manager.email);
    await audit(page, 'manager-01-home');

    // A position from the template.
    await go(page, () =>
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Positions' }).click(),
    );
    await audit(page, 'manager-02-positions');
    await go(page, () =>
      page.getByRole('link', { name: /Customer Service Representative \(class 1230\)/ }).click(),
    );
    assert.equal(await page.getByLabel('Title').inputValue(), 'Customer Service Representative');
    await audit(page, 'manager-03-position-form');
    await go(page, () => page.getByRole('button', { name: 'Create position' }).click());
    await page.getByRole('heading', { level: 1, name: /Customer Service Representative/ }).waitFor();
    const positionUrl = page.url();
    const rows = page.locator('table.position-competencies tbody tr');
    assert.equal(await rows.count(), 9);
    await audit(page, 'manager-04-position');

    // Generate questions for the first competency and approve two behavioral ones.
    const firstCompetency = (await rows.first().locator('a').first().textContent())!.trim();
    await go(page, () => rows.first().locator('a').first().click());
    await audit(page, 'manager-05-competency');
    await go(page, () => page.getByRole('link', { name: 'Questions and generator' }).click());
    await audit(page, 'manager-06-question-bank');
    await go(page, () => page.getByRole('button', { name: 'Generate', exact: true }).click());
    await audit(page, 'manager-07-generated');
    const behavioral = page.locator('section.qb-column', {
      has: page.getByRole('heading', { name: /^Behavioral/ }),
    });
    const cards = behavioral.locator('li.qb-card');
    assert.ok((await cards.count()) >= 2, 'at least two behavioral questions generated');
    const chosen: string[] = [];
    for (let i = 0; i < 2; i++) {
      await cards.nth(i).getByLabel('Save this').check();
      chosen.push((await cards.nth(i).getByLabel('Text').inputValue()).trim());
    }
    await go(page, () => page.getByRole('button', { name: 'Save selected as drafts' }).click());
    const drafts = page.locator('li.qb-item', { has: page.getByRole('button', { name: 'Approve' }) });
    assert.equal(await drafts.count(), 2);
    for (let i = 0; i < 2; i++)
      await go(page, () => drafts.first().getByRole('button', { name: 'Approve' }).click());
    assert.equal(await page.locator('li.qb-item.qb-status-approved').count(), 2);
    await audit(page, 'manager-08-bank-approved');

    // The guide: starter questions come from the approved items; publish it.
    await go(page, () => page.goto(positionUrl).then(() => undefined));
    await go(page, () => page.getByRole('button', { name: 'Build the interview guide' }).click());
    const firstSection = page.locator('li.guide-section').first();
    assert.ok((await firstSection.locator('h3').textContent())!.includes(firstCompetency));
    const firstSectionText = await firstSection.textContent();
    for (const text of chosen)
      assert.ok(
        firstSectionText!.includes(text.slice(0, 60)),
        `the approved question “${text.slice(0, 60)}…” starts the section`,
      );
    await audit(page, 'manager-09-guide-builder');
    await go(page, () => page.getByRole('button', { name: /^Publish version 1$/ }).click());
    await page.getByText('Version 1 is published').waitFor();
    await audit(page, 'manager-10-guide-published', { shot: false });

    // A candidate.
    await go(page, () => page.goto(positionUrl).then(() => undefined));
    await go(page, () => page.getByRole('link', { name: 'Candidates (0)' }).click());
    await audit(page, 'manager-11-candidates');
    await page.getByLabel('Name').fill('Katherine Johnson');
    await page.getByLabel('Email address').fill('katherine.johnson@example.org');
    await go(page, () => page.getByRole('button', { name: 'Add candidate' }).click());
    await page.getByRole('cell', { name: 'Katherine Johnson' }).waitFor();
    await audit(page, 'manager-12-candidate-added', { shot: false });

    // An interview with a chair and a member.
    await go(page, () => page.goto(positionUrl).then(() => undefined));
    await go(page, () => page.getByRole('link', { name: 'Interviews', exact: true }).click());
    await audit(page, 'manager-13-interviews');
    await page.getByLabel('Candidate').selectOption({ label: 'Katherine Johnson (Applied)' });
    await page
      .getByLabel('Panelist 1', { exact: true })
      .selectOption({ label: `${chair.name} (${chair.email})` });
    await page.getByLabel('Role of panelist 1').selectOption({ label: 'Chair' });
    await page
      .getByLabel('Panelist 2', { exact: true })
      .selectOption({ label: `${member.name} (${member.email})` });
    await page.getByLabel('Role of panelist 2').selectOption({ label: 'Panel member' });
    const when = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 11) + '14:30';
    await page.getByLabel('Date and time, UTC time').fill(when);
    await page.getByLabel('Place or video link').fill('Room 4.12, City Hall');
    await go(page, () => page.getByRole('button', { name: 'Schedule and email the panel' }).click());
    await page.getByRole('heading', { level: 1, name: 'Interview: Katherine Johnson' }).waitFor();
    await audit(page, 'manager-14-interview');
    await go(page, () => page.locator('.breadcrumbs').getByRole('link', { name: 'Interviews' }).click());
    const row = page.locator('table.interviews tbody tr');
    assert.equal(await row.count(), 1);
    const rowText = (await row.textContent())!;
    assert.ok(rowText.includes('Katherine Johnson') && rowText.includes('Chris Chair (chair)'), rowText);
    await audit(page, 'manager-15-interview-scheduled', { shot: false });

    // Assert: the panel got their invitations through SMTP.
    for (const u of [chair, member]) await e.t.smtp.waitFor((m) => m.to.includes(u.email));
  });
});
