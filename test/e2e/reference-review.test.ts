/**
 * Reviewing the reference questionnaire before the first request, in a real browser: sending is
 * refused until a manager opens the questionnaire and marks it reviewed; then the request goes out
 * and its mail arrives at the test's SMTP server. Every page passes axe.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { uniqueEmail } from '../helpers/app.js';
import { addReference, mailWithLink, referenceReady, referencesUrl } from '../helpers/reference-factories.js';
import { describeE2E } from './helpers/browser.js';
import { signIn, useE2E } from './helpers/e2e-app.js';
import { audit } from './helpers/look.js';

async function go(page: Page, click: () => Promise<unknown>) {
  await Promise.all([page.waitForEvent('load'), click()]);
}

describeE2E('Browser: the reference questionnaire is reviewed before the first request', function () {
  this.timeout(240_000);
  const e = useE2E();

  it('when a manager reviews the questionnaire, then the request they could not send before goes out and its mail arrives', async () => {
    // Arrange: the questionnaire generated but not reviewed; one reference added.
    const s = await referenceReady(e.t.app, { competencies: 2, candidate: 'Grace Hopper', reviewed: false });
    const email = uniqueEmail('reference');
    await addReference(s.agent, s.positionId, s.candidateId, { name: 'Alan Turing', email });
    const manager = await (await e.person()).newPage();
    await signIn(manager, s.user.email);

    // Sending before the review is refused, with the reason on the page.
    await manager.goto(referencesUrl(s.positionId, s.candidateId));
    await manager.getByText('The questionnaire needs review.').waitFor();
    await go(manager, () => manager.getByRole('button', { name: 'Send the request to Alan Turing' }).click());
    await manager.getByText('has not been reviewed since it was last changed').first().waitFor();
    assert.equal(await manager.locator('.ref-list .status', { hasText: 'Not sent' }).count(), 1);

    // The manager opens the questionnaire from the notice, reads it and marks it reviewed.
    await go(manager, () =>
      manager.getByRole('link', { name: 'reads the questionnaire and marks it reviewed' }).click(),
    );
    await manager.getByText('Needs review.').waitFor();
    await audit(manager, 'reference-review-01-needs-review');
    await go(manager, () => manager.getByRole('button', { name: 'Mark as reviewed' }).click());
    await manager.getByText(`by ${s.user.name} on`).first().waitFor();
    await audit(manager, 'reference-review-02-reviewed');

    // Back on the references page, the request is sent and the mail arrives.
    await manager.goto(referencesUrl(s.positionId, s.candidateId));
    await go(manager, () => manager.getByRole('button', { name: 'Send the request to Alan Turing' }).click());
    await manager.locator('.ref-list .status', { hasText: 'Sent' }).waitFor();
    const { mail } = await mailWithLink(e.t.smtp, email);
    assert.ok(mail.text.includes('The hiring team at'), mail.text);
  });
});
