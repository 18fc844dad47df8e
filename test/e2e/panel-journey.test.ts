/**
 * A panel in real browsers: two panelists (separate contexts) rate at the same time with autosave;
 * the chair's board follows their progress live (SSE + live.js, no reload) and shows the ratings
 * only once both have submitted; the chair records the consensus and the recommendation; both sign
 * off and the interview is complete. Every page passes axe and is saved as a screenshot.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { scheduleScoredInterview } from '../helpers/scoring-factories.js';
import { describeE2E } from './helpers/browser.js';
import { signIn, useE2E } from './helpers/e2e-app.js';
import { audit } from './helpers/look.js';
import {
  assertSameDocument,
  markDocument,
  progressRow,
  rateSection,
  sectionsOf,
  shownRatings,
  waitForLive,
} from './helpers/scoring.js';

async function go(page: Page, click: () => Promise<unknown>) {
  await Promise.all([page.waitForEvent('load'), click()]);
}

describeE2E('Browser: a panel scores, agrees and signs off', function () {
  this.timeout(300_000);
  const e = useE2E();

  it('when two panelists rate at once, then the chair’s board follows live, reveals the ratings after both submit, and the consensus and sign-offs complete the interview', async () => {
    // Arrange: an interview on a published 4-competency guide, Panelist 1 chairs.
    const s = await scheduleScoredInterview(e.t.app, { panelists: 2, competencies: 4 });
    const [chair, member] = s.panel.map((p) => p.user);
    const id = s.interviewId;
    const chairContext = await e.person();
    const memberContext = await e.person();
    const board = await chairContext.newPage();
    const chairScore = await chairContext.newPage();
    const memberScore = await memberContext.newPage();
    await Promise.all([signIn(board, chair.email), signIn(memberScore, member.email)]);

    // The chair's board, listening before anyone rates.
    await board.goto(`/interviews/${id}/board`);
    await waitForLive(board);
    await audit(board, 'panel-01-board-waiting');
    const boardDoc = await markDocument(board);
    assert.match((await progressRow(board, member.name).textContent())!, /0 of 4/);

    await Promise.all([
      chairScore.goto(`/interviews/${id}/score`),
      memberScore.goto(`/interviews/${id}/score`),
    ]);
    assert.equal(await sectionsOf(memberScore).count(), 4);
    await audit(memberScore, 'panel-02-scoring-page');

    // Act: both rate every competency at the same time; each section says "Saved".
    const chairValues = [4, 3, 4, 2];
    const memberValues = [2, 3, 4, 4];
    const note = (who: string, i: number) =>
      `${who}: in competency ${i + 1} the candidate described the situation, what they did and the result.`;
    await Promise.all([
      (async () => {
        for (let i = 0; i < 4; i++) await rateSection(chairScore, i, chairValues[i], note('Chair', i));
      })(),
      (async () => {
        for (let i = 0; i < 4; i++) await rateSection(memberScore, i, memberValues[i], note('Member', i));
      })(),
    ]);

    // The board followed both, live, with flags only.
    for (const name of [chair.name, member.name]) {
      await progressRow(board, name)
        .filter({ hasText: /4 of 4\s*4 of 4\s*Not yet/ })
        .waitFor();
    }
    await assertSameDocument(board, boardDoc);
    assert.ok(
      !(await board.locator('#board').textContent())!.includes('Member: in competency'),
      'no note before the reveal',
    );

    // A reload keeps what was saved.
    await memberScore.reload();
    assert.deepEqual(
      await shownRatings(memberScore),
      memberValues.map((v, i) => ({ value: String(v), note: note('Member', i) })),
    );
    await audit(memberScore, 'panel-03-scoring-saved');

    // The chair submits: still nothing revealed on the board.
    await go(chairScore, () => chairScore.getByRole('button', { name: 'Submit my ratings' }).click());
    await audit(chairScore, 'panel-04a-confirm-submit');
    await go(chairScore, () =>
      chairScore.getByRole('button', { name: 'Yes, submit and lock my ratings' }).click(),
    );
    await chairScore.locator('#scoring-done').waitFor();
    await audit(chairScore, 'panel-04-scoring-submitted');
    await board.locator('.board-progress .phase', { hasText: '1 of 2 submitted' }).waitFor();
    assert.equal(await board.getByRole('heading', { name: 'Ratings by competency' }).count(), 0);
    assert.ok(!(await board.locator('#board').textContent())!.includes('Member: in competency'));

    // The member submits: the board reveals every rating and note, still without a reload.
    await go(memberScore, () => memberScore.getByRole('button', { name: 'Submit my ratings' }).click());
    await go(memberScore, () =>
      memberScore.getByRole('button', { name: 'Yes, submit and lock my ratings' }).click(),
    );
    await board.getByRole('heading', { name: 'Ratings by competency' }).waitFor();
    await board.getByText(note('Member', 0)).waitFor();
    await assertSameDocument(board, boardDoc);
    assert.equal(
      await board.locator('.board-section.disagreement').count(),
      2,
      'sections 1 and 4 span 2 points',
    );
    await audit(board, 'panel-05-board-revealed');

    // The chair records a consensus per competency and the recommendation.
    const consensus = [3, 3, 4, 3];
    for (let i = 0; i < 4; i++) {
      const form = board.locator('form[id^="consensus-"]').nth(i);
      await form.getByLabel(/^Consensus rating for/).selectOption(String(consensus[i]));
      await form
        .getByLabel('Rationale')
        .fill(`Agreed after discussing the evidence for competency ${i + 1}.`);
      await go(board, () => form.getByRole('button', { name: 'Record the consensus' }).click());
    }
    const recommendation = board.locator('form#recommendation');
    await recommendation.getByLabel('Recommended', { exact: true }).check();
    await recommendation.getByLabel('Reasons').fill('Solid on every competency; strong on the third.');
    await go(board, () => recommendation.getByRole('button', { name: 'Record the recommendation' }).click());
    await board.getByRole('button', { name: 'I sign off this consensus' }).waitFor();
    await audit(board, 'panel-06-board-consensus');

    // Both sign off; the member's board offers the sign-off live, and the last one completes.
    const memberBoard = memberScore;
    await memberBoard.goto(`/interviews/${id}/board`);
    await waitForLive(memberBoard);
    await go(board, () => board.getByRole('button', { name: 'I sign off this consensus' }).click());
    await board.getByText('You have signed off.').waitFor();
    await waitForLive(board);
    const boardDoc2 = await markDocument(board);
    await memberBoard.locator('.board-signoff', { hasText: `${chair.name}: signed off` }).waitFor();
    await go(memberBoard, () =>
      memberBoard.getByRole('button', { name: 'I sign off this consensus' }).click(),
    );

    // Assert: complete, on both boards (the chair's live) and on the interview's page.
    const done = 'Every panelist has signed off: the interview is complete';
    await memberBoard.locator('.board-signoff', { hasText: done }).waitFor();
    await board.locator('.board-signoff', { hasText: done }).waitFor();
    await assertSameDocument(board, boardDoc2);
    await audit(board, 'panel-07-board-complete');
    await audit(memberBoard, 'panel-07-member-board-complete', { shot: false });
    await board.goto(`/interviews/${id}`);
    assert.equal((await board.locator('.interview-summary .status').textContent())!.trim(), 'Complete');
    await audit(board, 'panel-08-interview-complete', { shot: false });
  });
});
