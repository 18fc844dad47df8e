/**
 * A reference check in real browsers: the manager adds and sends a reference; the link comes in
 * the mail the test SMTP server received; the reference (no account, another browser) opens it,
 * saves, comes back through the same link, and submits. Every page passes axe.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { uniqueEmail } from '../helpers/app.js';
import { mailWithLink, referenceReady, referencesUrl } from '../helpers/reference-factories.js';
import { describeE2E } from './helpers/browser.js';
import { signIn, useE2E } from './helpers/e2e-app.js';
import { audit } from './helpers/look.js';

async function go(page: Page, click: () => Promise<unknown>) {
  await Promise.all([page.waitForEvent('load'), click()]);
}

describeE2E('Browser: a reference check by email', function () {
  this.timeout(240_000);
  const e = useE2E();

  it('when the manager sends a request, then the reference opens the mailed link, saves, comes back and submits, and sees the thanks', async () => {
    // Arrange: a position with 2 competencies, a candidate, the questionnaire generated.
    const s = await referenceReady(e.t.app, { competencies: 2, candidate: 'Grace Hopper' });
    const manager = await (await e.person()).newPage();
    await signIn(manager, s.user.email);

    // The manager adds the reference and sends the request.
    await manager.goto(`/positions/${s.positionId}/candidates/${s.candidateId}`);
    await audit(manager, 'reference-00-candidate', { shot: false });
    await go(manager, () => manager.getByRole('link', { name: 'Reference checks' }).click());
    assert.equal(new URL(manager.url()).pathname, referencesUrl(s.positionId, s.candidateId));
    await audit(manager, 'reference-01-references');
    const email = uniqueEmail('reference');
    const add = manager.locator('section#add');
    await add.getByLabel('Name').fill('Alan Turing');
    await add.getByLabel('Email address').fill(email);
    await add.getByLabel('Relationship to the candidate').selectOption({ label: 'Supervisor' });
    await add.getByLabel('Organization (optional)').fill('Bletchley Utilities');
    await go(manager, () => add.getByRole('button', { name: 'Add the reference' }).click());
    await go(manager, () => manager.getByRole('button', { name: 'Send the request to Alan Turing' }).click());
    await manager.locator('.ref-list .status', { hasText: 'Sent' }).waitFor();
    await audit(manager, 'reference-02-request-sent');

    // The link, from the mail as received (its origin is BASE_URL: open it on the listening app).
    const { path } = await mailWithLink(e.t.smtp, email);
    const reference = await (await e.person()).newPage();
    await reference.goto(path);
    await reference.getByRole('heading', { level: 1, name: 'Reference for Grace Hopper' }).waitFor();
    await audit(reference, 'reference-03-form');

    // Part of the answers, then "Save and finish later".
    const rated = reference.locator('fieldset.rf-choices[id$="-rating"]');
    const ratedCount = await rated.count();
    assert.ok(ratedCount >= 2, 'a rated question per competency');
    await reference.getByLabel('I confirm these details are correct.').check();
    const opening = reference.locator('section.rf-part', {
      has: reference.getByRole('heading', { name: 'Your work together' }),
    });
    const firstOpening = opening.locator('textarea').first();
    await firstOpening.fill('I managed Grace for three years in the customer contact centre.');
    await rated.nth(0).getByLabel('Above', { exact: true }).check();
    await go(reference, () => reference.getByRole('button', { name: 'Save and finish later' }).click());
    await reference.getByText('Your answers are saved.').waitFor();
    await audit(reference, 'reference-04-saved', { shot: false });

    // Coming back through the same link, in a fresh browser: the saved answers are there.
    const back = await (await e.person()).newPage();
    await back.goto(path);
    assert.equal(await back.getByLabel('I confirm these details are correct.').isChecked(), true);
    assert.equal(
      await back
        .locator('section.rf-part', { has: back.getByRole('heading', { name: 'Your work together' }) })
        .locator('textarea')
        .first()
        .inputValue(),
      'I managed Grace for three years in the customer contact centre.',
    );
    const backRated = back.locator('fieldset.rf-choices[id$="-rating"]');
    assert.equal(await backRated.nth(0).getByLabel('Above', { exact: true }).isChecked(), true);

    // The rest, and submit.
    for (let i = 1; i < ratedCount; i++)
      await backRated.nth(i).getByLabel('Comparable', { exact: true }).check();
    await go(back, () => back.getByRole('button', { name: 'Submit', exact: true }).click());

    // Assert: the thank-you page; the link now shows it again, never the answers; the manager sees it.
    await back.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
    await audit(back, 'reference-05-thanks');
    await reference.goto(path);
    await reference.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
    assert.equal(await reference.locator('form#reference-form').count(), 0);
    await manager.reload();
    await manager.locator('.ref-list .status', { hasText: 'Submitted' }).waitFor();
    await audit(manager, 'reference-06-answers');
  });
});
