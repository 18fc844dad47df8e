/**
 * The schedule form in a real browser for a manager in New York (issue 17, item 5): the form names
 * the zone beside its one datetime-local picker, the time picked is read in that zone, and the
 * saved interview shows the same local time with the zone named; a panelist in Paris sees it in
 * theirs. The browser itself runs in UTC, so nothing here depends on the machine's zone.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import supertest from 'supertest';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { User } from '../../src/features/users/user.model.js';
import { login, makeUser, TEST_PASSWORD } from '../helpers/app.js';
import { positionReady } from '../helpers/interview-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';
import { describeE2E } from './helpers/browser.js';
import { signIn, useE2E } from './helpers/e2e-app.js';
import { audit } from './helpers/look.js';

async function go(page: Page, click: () => Promise<void>) {
  await Promise.all([page.waitForEvent('load'), click()]);
}

describeE2E('Browser: scheduling an interview in the manager’s time zone', function () {
  this.timeout(180_000);
  const e = useE2E();

  it('when a manager in New York picks a time, then the form names the zone and the saved interview shows that local time with the zone', async () => {
    await csrTemplate();
    const manager = await makeUser({ roles: ['manager'], name: 'Nora York' });
    const chair = await makeUser({ roles: ['panelist'], name: 'Paul Paris' });
    const member = await makeUser({ roles: ['panelist'], name: 'Uma Utc' });
    await User.updateOne({ _id: manager._id }, { $set: { timeZone: 'America/New_York' } });
    await User.updateOne({ _id: chair._id }, { $set: { timeZone: 'Europe/Paris' } });
    // The position and its published guide through the app's own routes (the manager's journey covers the pages).
    const agent = supertest.agent(e.t.app);
    await login(agent, manager.email, TEST_PASSWORD);
    const { positionId } = await positionReady(agent, { candidate: 'Gladys West' });

    const page = await (await e.person()).newPage();
    await signIn(page, manager.email);
    await page.goto(`/positions/${positionId}/interviews`);
    const picker = page.getByLabel('Date and time, America/New_York time');
    assert.equal(await picker.getAttribute('type'), 'datetime-local');
    const hint = (await page.locator('#f-scheduledAt-hint').textContent())!;
    assert.ok(hint.includes('America/New_York') && !hint.includes('YYYY'), hint);
    await audit(page, 'schedule-zone-01-form');

    const y = new Date().getUTCFullYear() + 1;
    await page.getByLabel('Candidate').selectOption({ label: 'Gladys West (Applied)' });
    await page
      .getByLabel('Panelist 1', { exact: true })
      .selectOption({ label: `${chair.name} (${chair.email})` });
    await page
      .getByLabel('Panelist 2', { exact: true })
      .selectOption({ label: `${member.name} (${member.email})` });
    await picker.fill(`${y}-07-01T09:15`);
    await page.getByLabel('Place or video link').fill('https://meet.example.org/gladys');
    await go(page, () => page.getByRole('button', { name: 'Schedule and email the panel' }).click());
    await page.getByRole('heading', { level: 1, name: 'Interview: Gladys West' }).waitFor();

    // 09:15 in New York in July (EDT, UTC-4) is 13:15 UTC.
    const stored = (await Interview.findOne({ position: positionId }).lean())!;
    assert.equal(stored.scheduledAt.toISOString(), `${y}-07-01T13:15:00.000Z`);
    const when = (await page.locator('.interview-summary dd').nth(2).textContent())!;
    assert.match(when, new RegExp(`1 Jul ${y}, 09:15 \\(America/New_York\\)`));
    const link = page.getByRole('link', { name: 'https://meet.example.org/gladys' });
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    // The move form is filled with the same local time, in the same zone.
    assert.equal(
      await page.getByLabel('Date and time, America/New_York time').inputValue(),
      `${y}-07-01T09:15`,
    );
    await audit(page, 'schedule-zone-02-interview');

    // The chair, in Paris, reads 15:15 on their own pages.
    const chairPage = await (await e.person()).newPage();
    await signIn(chairPage, chair.email);
    await chairPage.goto('/my-interviews');
    assert.ok((await chairPage.locator('main').textContent())!.includes(`1 Jul ${y}, 15:15 (Europe/Paris)`));
    await audit(chairPage, 'schedule-zone-03-chair-my-interviews');
  });
});
